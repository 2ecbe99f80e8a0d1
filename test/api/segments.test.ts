// Segments (issue #15): every predicate, AND/OR/NOT nesting and the health-data consent rule against a fixture
// population whose answers are counted by hand (the expected patients are listed by name below, not computed);
// rule validation; roles; saved segments; the audience stream for campaigns.
import { SegmentsService } from '@yiban/server';
import { addPatients, makeSlot, recordHisVisit, removeOtherPatients, runJobs, setSegmentFacts, withClockAt, type SegmentFacts } from '@yiban/server/testing';
import {
  CURRENT_CONSENT_VERSIONS,
  DEFAULT_TIER_POLICY,
  type RecomputeView,
  type SegmentCountResponse,
  type SegmentFieldView,
  type SegmentRule,
  type SegmentView,
} from '@yiban/shared';
import { consentedPatient, departmentId, familyMember, patientLogin, seed, staffLogin } from '../support/actors.js';
import { book } from '../support/booking.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let marketing: string;
let admin: string;
let doctor: string;
let CARD: string;
let ENDO: string;
let ORTH: string;
const ids = new Map<string, string>();

/** Today in the hospital's time zone (YYYY-MM-DD). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: stack.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const yearsBefore = (date: string, years: number) => `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;
/** Aged `n`: born n years and 100 days ago. */
const aged = (n: number) => daysBefore(yearsBefore(today(), n), 100);

const MARKETING = [{ kind: 'marketing' as const, granted: true }];
const WITHDRAW_HEALTH = [{ kind: 'health_data' as const, granted: false }];

/** The population (40 profiles; 37 reachable). Every profile starts with the privacy and health-data consents. */
function population(): Record<string, SegmentFacts> {
  const he = stack.config.templates.health_education.id;
  const reminder = stack.config.templates.appointment_reminder.id;
  const plain: Record<string, SegmentFacts> = {};
  for (let i = 0; i < 10; i++) plain[`plain${i}`] = { gender: 'male', birthDate: aged(25), language: 'zh-CN' };
  return {
    // Demographics and consents.
    f50: { gender: 'female', birthDate: yearsBefore(today(), 50), language: 'zh-CN', consents: MARKETING, tags: ['diabetes'] },
    f49: { gender: 'female', birthDate: daysBefore(yearsBefore(today(), 50), -1), language: 'zh-CN', consents: MARKETING },
    f70: { gender: 'female', birthDate: daysBefore(yearsBefore(today(), 71), -1), language: 'en', consents: MARKETING },
    f71: { gender: 'female', birthDate: yearsBefore(today(), 71), language: 'zh-CN', consents: MARKETING },
    f60w: { gender: 'female', birthDate: aged(60), language: 'zh-CN', consents: [...MARKETING, { kind: 'marketing', granted: false }] },
    f60o: { gender: 'female', birthDate: aged(60), language: 'zh-CN', consents: [{ kind: 'marketing', granted: true, version: '2020-01-01' }] },
    f60n: { gender: 'female', birthDate: aged(60), language: 'zh-CN', tags: ['hypertension'] },
    m55: { gender: 'male', birthDate: aged(55), language: 'en', consents: MARKETING, tags: ['diabetes', 'hypertension'] },
    m30: { gender: 'male', birthDate: aged(30), language: 'en' },
    u40: { gender: 'unknown', birthDate: null, language: 'zh-CN', consents: MARKETING },
    fdel: { gender: 'female', birthDate: aged(60), language: 'zh-CN', consents: MARKETING, deleted: true },
    fnoacct: { gender: 'female', birthDate: aged(60), language: 'zh-CN', consents: MARKETING, noAccount: true },
    f65en: { gender: 'female', birthDate: aged(65), language: 'en', consents: MARKETING, tags: ['diabetes'] },
    // Visits (health data).
    c1: {
      gender: 'male',
      birthDate: aged(45),
      visits: [
        { departmentCode: 'CARD', daysAgo: 10, diagnoses: ['I10'] },
        { departmentCode: 'CARD', daysAgo: 100, diagnoses: ['I25.1'] },
      ],
    },
    c2: { gender: 'female', birthDate: aged(52), visits: [{ departmentCode: 'CARD', daysAgo: 200, diagnoses: ['I10'] }] },
    c3: {
      gender: 'female',
      birthDate: aged(35),
      visits: [
        { departmentCode: 'ENDO', daysAgo: 30, diagnoses: ['E11.9'] },
        { departmentCode: 'CARD', daysAgo: 400 },
      ],
    },
    c4: {
      gender: 'male',
      birthDate: aged(68),
      tags: ['diabetes'],
      visits: [
        { departmentCode: 'CARD', daysAgo: 5 },
        { departmentCode: 'CARD', daysAgo: 50 },
        { departmentCode: 'CARD', daysAgo: 150, diagnoses: ['E11'] },
      ],
    },
    c5: {
      gender: 'male',
      birthDate: aged(60),
      consents: WITHDRAW_HEALTH,
      visits: [
        { departmentCode: 'CARD', daysAgo: 10, diagnoses: ['I10'] },
        { departmentCode: 'CARD', daysAgo: 20 },
      ],
    },
    c6: { gender: 'female', birthDate: aged(40), consents: WITHDRAW_HEALTH, visits: [{ departmentCode: 'ENDO', daysAgo: 100, diagnoses: ['E11'] }] },
    // The latest decision is a grant of an outdated version: not a current consent.
    c7: {
      gender: 'male',
      birthDate: aged(50),
      language: 'en',
      consents: [{ kind: 'health_data', granted: true, version: '2020-01-01' }],
      visits: [{ departmentCode: 'CARD', daysAgo: 3, diagnoses: ['I10'] }],
    },
    c8: { gender: 'female', birthDate: aged(28), language: 'en', visits: [{ departmentCode: 'ORTH', daysAgo: 500, diagnoses: ['S72.0'] }] },
    c9: {
      gender: 'male',
      birthDate: aged(75),
      tags: ['diabetes'],
      visits: [
        { departmentCode: 'ENDO', daysAgo: 364 },
        { departmentCode: 'ENDO', daysAgo: 366 },
      ],
    },
    c10: { gender: 'male', birthDate: aged(33), visits: [{ departmentCode: 'ENDO', daysAgo: 365, diagnoses: ['E11.9'] }] },
    c11: { gender: 'female', birthDate: aged(45), tags: ['diabetes'] },
    c12: { gender: 'female', birthDate: aged(45), tags: ['diabetes'], consents: WITHDRAW_HEALTH },
    c13: { gender: 'male', birthDate: aged(45), deleted: true, visits: [{ departmentCode: 'CARD', daysAgo: 10, diagnoses: ['I10'] }] },
    // Subscriptions (health_education's template).
    s1: { gender: 'female', birthDate: aged(30), grants: [{ templateId: he, remaining: 1 }] },
    s2: { gender: 'female', birthDate: aged(30), grants: [{ templateId: he, remaining: 0 }] },
    s3: { gender: 'male', birthDate: aged(30), grants: [{ templateId: he, remaining: 0, longTerm: true }] },
    s4: { gender: 'male', birthDate: aged(30), grants: [{ templateId: reminder, remaining: 2 }] },
    ...plain,
  };
}

const PLAIN = Array.from({ length: 10 }, (_, i) => `plain${i}`);

beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
  [marketing, admin, doctor] = await Promise.all([staffLogin(stack, 'marketing.liu'), staffLogin(stack, 'admin'), staffLogin(stack, 'doctor.zhang')]);
  [CARD, ENDO, ORTH] = await Promise.all([departmentId(stack, 'CARD'), departmentId(stack, 'ENDO'), departmentId(stack, 'ORTH')]);
  const facts = population();
  const names = Object.keys(facts);
  const added = await addPatients(stack, names.length);
  names.forEach((name, i) => ids.set(name, added[i]!.patientId));
  for (const name of names) await setSegmentFacts(stack, ids.get(name)!, facts[name]!);
  // The fixture is the whole reachable population: the demo data's patients are removed.
  await removeOtherPatients(stack, [...ids.values()]);
}, 120_000);
afterAll(() => stack.close());

async function count(rule: unknown, token = marketing): Promise<SegmentCountResponse> {
  const res = await stack.api.post<SegmentCountResponse>('/segments/count', { rule }, { token });
  if (res.status !== 200) throw new Error(`count ${JSON.stringify(rule)}: ${res.status} ${JSON.stringify(res.body)}`);
  // Every count is checked both ways the database can find the matches: walking every patient, and starting from the
  // index ranges that cover the rule (MariaDB; SQLite always walks). The answer must not depend on the plan.
  const service = stack.app.get(SegmentsService);
  for (const strategy of ['walk', 'sources'] as const)
    expect({ rule, strategy, count: (await service.measure(rule, strategy)).count }).toEqual({ rule, strategy, count: res.body.count });
  return res.body;
}

/** The names of the patients the audience stream yields for a rule. */
async function members(rule: SegmentRule): Promise<string[]> {
  const byId = new Map([...ids].map(([name, id]) => [id, name]));
  const out: string[] = [];
  for await (const batch of stack.app.get(SegmentsService).audience(rule, { batchSize: 7 }))
    out.push(...batch.map((r) => byId.get(r.patientId) ?? r.patientId));
  return out.sort();
}

/** Counts the rule and checks both the count and exactly who is in it. */
async function expectMatches(rule: SegmentRule, expected: string[]): Promise<SegmentCountResponse> {
  const answer = await count(rule);
  expect({ rule, count: answer.count }).toEqual({ rule, count: expected.length });
  expect(await members(rule)).toEqual([...expected].sort());
  return answer;
}

const F = (field: string, op: string, value: unknown) => ({ field, op, value }) as SegmentRule;

describe('segment predicates (hand-counted)', () => {
  it('gender, age (birth-date bounds on the hospital date, birthdays today included), language, tags', async () => {
    const females = ['f50', 'f49', 'f70', 'f71', 'f60w', 'f60o', 'f60n', 'f65en', 'c2', 'c3', 'c6', 'c8', 'c11', 'c12', 's1', 's2'];
    const males = ['m55', 'm30', 'c1', 'c4', 'c5', 'c7', 'c9', 'c10', 's3', 's4', ...PLAIN];
    await expectMatches(F('gender', 'eq', 'female'), females);
    await expectMatches(F('gender', 'eq', 'male'), males);
    await expectMatches(F('gender', 'neq', 'female'), [...males, 'u40']);
    await expectMatches(F('gender', 'in', ['male', 'unknown']), [...males, 'u40']);
    await expectMatches(F('age', 'between', [50, 70]), ['f50', 'f70', 'f60w', 'f60o', 'f60n', 'm55', 'f65en', 'c2', 'c4', 'c5', 'c7']);
    await expectMatches(F('age', 'gte', 71), ['f71', 'c9']);
    await expectMatches(F('age', 'eq', 50), ['f50', 'c7']);
    expect((await count(F('age', 'lte', 49))).count).toBe(23);
    await expectMatches(F('language', 'eq', 'en'), ['f70', 'm55', 'm30', 'f65en', 'c7', 'c8']);
    expect((await count(F('language', 'in', ['en', 'zh-CN']))).count).toBe(37);
    await expectMatches(F('tag', 'eq', 'diabetes'), ['f50', 'm55', 'f65en', 'c4', 'c9', 'c11', 'c12']);
    await expectMatches(F('tag', 'in', ['diabetes', 'hypertension']), ['f50', 'm55', 'f65en', 'c4', 'c9', 'c11', 'c12', 'f60n']);
    expect((await count(F('tag', 'neq', 'diabetes'))).count).toBe(30);
    await expectMatches(F('birthMonthDay', 'eq', today().slice(5)), ['f50', 'f71']);
  });

  it('consents are the latest decision at the current version; subscriptions need a usable grant', async () => {
    await expectMatches(F('marketingOptIn', 'eq', true), ['f50', 'f49', 'f70', 'f71', 'm55', 'u40', 'f65en']);
    expect((await count(F('marketingOptIn', 'eq', false))).count).toBe(30);
    expect((await count(F('healthDataConsent', 'eq', true))).count).toBe(33);
    await expectMatches(F('healthDataConsent', 'neq', true), ['c5', 'c6', 'c7', 'c12']);
    await expectMatches(F('subscribed', 'eq', 'health_education'), ['s1', 's3']);
    expect((await count(F('subscribed', 'neq', 'health_education'))).count).toBe(35);
    // Women 50–70 who opted in to marketing (the withdrawn and the outdated opt-in are out).
    const answer = await expectMatches({ all: [F('gender', 'eq', 'female'), F('age', 'between', [50, 70]), F('marketingOptIn', 'eq', true)] }, [
      'f50',
      'f70',
      'f65en',
    ]);
    expect(answer.clinicalOnlyConsented).toBe(false);
  });

  it('visits: departments, ICD-10 diagnoses (a category matches its subcategories), recency and counts — consenting patients only', async () => {
    const card = await expectMatches(F('visitedDepartmentId', 'eq', CARD), ['c1', 'c2', 'c3', 'c4']);
    expect(card.clinicalOnlyConsented).toBe(true);
    await expectMatches(F('visitedDepartmentId', 'in', [ENDO, ORTH]), ['c3', 'c8', 'c9', 'c10']);
    await expectMatches(F('diagnosis', 'eq', 'I10'), ['c1', 'c2']);
    await expectMatches(F('diagnosis', 'eq', 'E11'), ['c3', 'c4', 'c10']);
    await expectMatches(F('diagnosis', 'eq', 'E11.9'), ['c3', 'c10']);
    await expectMatches(F('diagnosis', 'eq', 'I25'), ['c1']);
    await expectMatches(F('diagnosis', 'in', ['I10', 'S72.0']), ['c1', 'c2', 'c8']);
    await expectMatches(F('lastVisitDaysAgo', 'lte', 30), ['c1', 'c3', 'c4']);
    await expectMatches(F('lastVisitDaysAgo', 'gte', 365), ['c8', 'c10']);
    await expectMatches(F('lastVisitDaysAgo', 'between', [100, 364]), ['c2', 'c9']);
    await expectMatches(F('visitCount', 'gte', 2), ['c1', 'c3', 'c4', 'c9']);
    await expectMatches(F('visitCount', 'between', [1, 1]), ['c2', 'c8', 'c10']);
    expect((await count(F('visitCount', 'eq', 0))).count).toBe(26);
    await expectMatches(F('visitedDepartmentOn', 'eq', { departmentId: CARD, date: daysBefore(today(), 10) }), ['c1']);
    // Cardiology patients seen in the last 180 days with at least two visits.
    await expectMatches({ all: [F('visitedDepartmentId', 'eq', CARD), F('lastVisitDaysAgo', 'lte', 180), F('visitCount', 'gte', 2)] }, ['c1', 'c3', 'c4']);
  });
});

describe('AND / OR / NOT and the health-data consent', () => {
  it('NOT over a clinical condition never reaches patients without the consent', async () => {
    // 33 consenting patients, 4 of whom visited cardiology: c5 and c7 (who did) and c6, c12 (who did not) are all out.
    const notCard = await count({ not: F('visitedDepartmentId', 'eq', CARD) });
    expect(notCard).toMatchObject({ count: 29, clinicalOnlyConsented: true });
    const who = await members({ not: F('visitedDepartmentId', 'eq', CARD) });
    for (const name of ['c5', 'c6', 'c7', 'c12', 'c1', 'c2', 'c3', 'c4']) expect(who).not.toContain(name);
    await expectMatches({ not: { not: F('visitedDepartmentId', 'eq', CARD) } }, ['c1', 'c2', 'c3', 'c4']);
    // Not seen within a year (never seen included): 33 consenting − 6 seen.
    expect((await count({ not: F('lastVisitDaysAgo', 'lte', 365) })).count).toBe(27);
  });

  it('a patient without the consent matches only when the answer does not depend on their health data', async () => {
    // English speakers (c7 included: the language decides) or consenting cardiology patients.
    await expectMatches({ any: [F('language', 'eq', 'en'), F('visitedDepartmentId', 'eq', CARD)] }, [
      'f70',
      'm55',
      'm30',
      'f65en',
      'c7',
      'c8',
      'c1',
      'c2',
      'c3',
      'c4',
    ]);
    // English speakers who did not visit cardiology: c7's visits are not known, so c7 is out.
    await expectMatches({ all: [F('language', 'eq', 'en'), { not: F('visitedDepartmentId', 'eq', CARD) }] }, ['f70', 'm55', 'm30', 'f65en', 'c8']);
    // NOT(male AND NOT I10): every non-male (c6 and c12 included: gender decides) and consenting men with I10.
    const nonMale = ['f50', 'f49', 'f70', 'f71', 'f60w', 'f60o', 'f60n', 'f65en', 'c2', 'c3', 'c6', 'c8', 'c11', 'c12', 's1', 's2', 'u40'];
    await expectMatches({ not: { all: [F('gender', 'eq', 'male'), { not: F('diagnosis', 'eq', 'I10') }] } }, [...nonMale, 'c1']);
  });

  it('nests groups: English speakers, or diabetics not seen within a year; and NOT(any)', async () => {
    await expectMatches({ any: [F('language', 'eq', 'en'), { all: [F('tag', 'eq', 'diabetes'), { not: F('lastVisitDaysAgo', 'lte', 365) }] }] }, [
      'f70',
      'm55',
      'm30',
      'f65en',
      'c7',
      'c8',
      'f50',
      'c11',
    ]);
    await expectMatches({ not: { any: [F('gender', 'eq', 'female'), F('language', 'eq', 'en')] } }, [
      'c1',
      'c4',
      'c5',
      'c9',
      'c10',
      's3',
      's4',
      'u40',
      ...PLAIN,
    ]);
  });

  it('counts only reachable patients (a WeChat account, not removed)', async () => {
    const everyone = await members({ any: [F('language', 'eq', 'en'), F('language', 'eq', 'zh-CN')] });
    expect(everyone).toHaveLength(37);
    for (const name of ['fdel', 'fnoacct', 'c13']) expect(everyone).not.toContain(name);
  });
});

describe('rule validation', () => {
  const invalid = async (rule: unknown, path: string, code = 'SEGMENT_RULE_INVALID') => {
    const res = await stack.api.post<{ code: string; details: { path: string } }>('/segments/count', { rule }, { token: marketing, language: 'en' });
    expect({ rule, status: res.status, code: res.body.code, path: res.body.details?.path }).toEqual({ rule, status: 400, code, path });
  };

  it('names the path of the bad node', async () => {
    await invalid({ all: [F('gender', 'eq', 'female'), F('shoeSize', 'eq', 42)] }, 'rule.all[1].field');
    await invalid({ any: [{ not: F('gender', 'gte', 'female') }] }, 'rule.any[0].not.op');
    await invalid(F('age', 'between', [70, 50]), 'rule.value');
    await invalid(F('age', 'eq', 'fifty'), 'rule.value');
    await invalid(F('language', 'in', ['en', 'fr']), 'rule.value[1]');
    await invalid(F('diagnosis', 'eq', 'diabetes'), 'rule.value');
    await invalid(F('visitedDepartmentOn', 'eq', { departmentId: CARD, date: '2026-13-01' }), 'rule.value');
    await invalid({ field: 'gender', op: 'eq', value: 'female', extra: 1 }, 'rule');
    await invalid({ all: [] }, 'rule.all');
    await invalid({ all: [F('gender', 'eq', 'male')], any: [F('gender', 'eq', 'male')] }, 'rule');
    await invalid({ all: ['gender'] }, 'rule.all[0]');
  });

  it('limits depth (5) and size (50 conditions)', async () => {
    let deep: unknown = F('gender', 'eq', 'male');
    for (let i = 0; i < 5; i++) deep = { not: deep };
    expect((await count(deep)).count).toBe(17);
    await invalid({ not: deep }, 'rule.not.not.not.not.not');
    const many = Array.from({ length: 51 }, () => F('gender', 'eq', 'male'));
    await invalid({ any: many }, 'rule.any');
    await invalid({ any: [{ any: many.slice(0, 30) }, { any: many.slice(0, 21) }] }, 'rule.any[1].any[20]');
  });

  it('offers the member tier as a choice of four (a tier not among them is refused), and every field with its kind', async () => {
    await invalid(F('tier', 'eq', 'diamond'), 'rule.value');
    await invalid(F('tier', 'in', ['gold', 'bronze']), 'rule.value[1]');
    const fields = await stack.api.get<SegmentFieldView[]>('/segments/fields', { token: marketing, language: 'en' });
    expect(fields.status).toBe(200);
    const tier = fields.body.find((f) => f.field === 'tier');
    expect(tier).toMatchObject({ value: 'enum', clinical: false, ops: ['eq', 'neq', 'in'] });
    expect(tier?.unavailableReason).toBeUndefined();
    expect(tier?.options).toEqual([
      { value: 'platinum', label: 'Platinum' },
      { value: 'gold', label: 'Gold' },
      { value: 'iron', label: 'Iron' },
      { value: 'lead', label: 'Lead' },
    ]);
    expect(fields.body.find((f) => f.field === 'visitedDepartmentId')).toMatchObject({ value: 'department', clinical: true });
    expect(fields.body.find((f) => f.field === 'gender')).toMatchObject({
      clinical: false,
      options: expect.arrayContaining([{ value: 'female', label: 'Female' }]),
    });
    expect(fields.body.map((f) => f.field)).not.toContain('birthMonthDay');
  });

  it('refuses a rule that is not an object before counting', async () => {
    const res = await stack.api.post<{ code: string }>('/segments/count', { rule: 'everyone' }, { token: marketing });
    expect(res.status).toBe(400);
    const extra = await stack.api.post<{ code: string }>('/segments/count', { rule: F('gender', 'eq', 'male'), limit: 1 }, { token: marketing });
    expect(extra.body.code).toBe('UNKNOWN_FIELD');
  });
});

describe('roles and saved segments', () => {
  it('marketing and admins count; doctors and patients may not', async () => {
    const rule = F('gender', 'eq', 'female');
    expect((await count(rule, admin)).count).toBe(16);
    const byDoctor = await stack.api.post<{ code: string }>('/segments/count', { rule }, { token: doctor });
    expect(byDoctor.status).toBe(403);
    const patient = await patientLogin(stack);
    const byPatient = await stack.api.post<{ code: string }>('/segments/count', { rule }, { token: patient.token });
    expect(byPatient.status).toBe(403);
    expect((await stack.api.get('/segments', { token: doctor })).status).toBe(403);
  });

  it('saves, lists, reads, renames, changes the rule (counted again), and deletes unless a campaign uses it', async () => {
    const created = await stack.api.post<SegmentView>(
      '/segments',
      {
        name: '  50–70 岁女性  ',
        description: '接受营销',
        rule: { all: [F('gender', 'eq', 'female'), F('age', 'between', [50, 70]), F('marketingOptIn', 'eq', true)] },
      },
      { token: marketing },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '50–70 岁女性', description: '接受营销', lastCount: 3, createdBy: { name: '刘市场' } });
    const id = created.body.id;
    expect((await stack.api.get<SegmentView>(`/segments/${id}`, { token: admin })).body.rule).toEqual(created.body.rule);
    const list = await stack.api.get<{ items: SegmentView[] }>('/segments', { token: marketing });
    expect(list.body.items.map((s) => s.id)).toContain(id);

    const renamed = await stack.api.patch<SegmentView>(`/segments/${id}`, { name: '女性' }, { token: marketing });
    expect(renamed.body).toMatchObject({ name: '女性', lastCount: 3 });
    const changed = await stack.api.patch<SegmentView>(`/segments/${id}`, { rule: F('gender', 'eq', 'female') }, { token: marketing });
    expect(changed.body.lastCount).toBe(16);
    const bad = await stack.api.patch<{ code: string }>(`/segments/${id}`, { rule: F('gender', 'eq', 'cat') }, { token: marketing });
    expect(bad.body.code).toBe('SEGMENT_RULE_INVALID');

    const service = stack.app.get(SegmentsService);
    expect(await service.get(id)).toEqual({ id, name: '女性', rule: F('gender', 'eq', 'female') });
    let inUse = true;
    service.onDeleteCheck(async (segmentId) => segmentId === id && inUse);
    const refused = await stack.api.delete<{ code: string }>(`/segments/${id}`, { token: marketing });
    expect([refused.status, refused.body.code]).toEqual([409, 'SEGMENT_IN_USE']);
    inUse = false;
    expect((await stack.api.delete(`/segments/${id}`, { token: marketing })).status).toBe(204);
    expect((await stack.api.get<{ code: string }>(`/segments/${id}`, { token: marketing })).body.code).toBe('SEGMENT_NOT_FOUND');
    expect(await service.get(id)).toBeNull();
  });
});

describe('the audience stream (for campaigns)', () => {
  it('yields batches in patient id order that add up to the count, and resumes after a given patient', async () => {
    const service = stack.app.get(SegmentsService);
    const rule = F('gender', 'eq', 'male');
    const batches: { patientId: string; accountId: string }[][] = [];
    for await (const batch of service.audience(rule, { batchSize: 6 })) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([6, 6, 6, 2]);
    const all = batches.flat();
    expect(all).toHaveLength(await service.count(rule));
    expect(all.map((r) => r.patientId)).toEqual([...all.map((r) => r.patientId)].sort());
    expect(all.every((r) => typeof r.accountId === 'string' && r.accountId.length === 26)).toBe(true);
    const resumed: string[] = [];
    for await (const batch of service.audience(rule, { batchSize: 6, afterPatientId: all[9]!.patientId })) resumed.push(...batch.map((r) => r.patientId));
    expect(resumed).toEqual(all.slice(10).map((r) => r.patientId));
  });
});

// These add facts to the population: they run last.
describe('facts recorded by staff', () => {
  it('clinical staff who care for a patient set their tags (audited); others may not', async () => {
    const c1 = ids.get('c1')!;
    const bad = await stack.api.request<{ code: string }>('PUT', `/patients/${c1}/tags`, { tags: ['Diabetes!'] }, { token: doctor });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await stack.api.request('PUT', `/patients/${c1}/tags`, { tags: ['copd'] }, { token: marketing })).status).toBe(403);
    const li = await staffLogin(stack, 'doctor.li'); // Endocrinology: c1 was seen in cardiology only.
    expect((await stack.api.request<{ code: string }>('PUT', `/patients/${c1}/tags`, { tags: ['copd'] }, { token: li })).body.code).toBe(
      'CARE_RELATIONSHIP_REQUIRED',
    );
    const set = await stack.api.request<{ tags: string[] }>('PUT', `/patients/${c1}/tags`, { tags: ['diabetes', 'copd', 'copd'] }, { token: doctor });
    expect(set.body).toEqual({ tags: ['copd', 'diabetes'] });
    await expectMatches(F('tag', 'eq', 'copd'), ['c1']);
    expect((await count(F('tag', 'eq', 'diabetes'))).count).toBe(8);
    const again = await stack.api.request<{ tags: string[] }>('PUT', `/patients/${c1}/tags`, { tags: ['copd'] }, { token: doctor });
    expect(again.body.tags).toEqual(['copd']);
    expect((await count(F('tag', 'eq', 'diabetes'))).count).toBe(7);
  });

  it('completing a visit records its ICD-10 diagnoses', async () => {
    const patient = await consentedPatient(stack);
    const slot = await makeSlot(stack, { fee: 0 });
    const a = (await book(stack, patient.token, slot.id)).appointment;
    await withClockAt(stack, new Date(slot.startsAt.getTime() - 30 * 60_000), async () => {
      const [nurse, zhang] = [await staffLogin(stack, 'nurse.wang'), await staffLogin(stack, 'doctor.zhang')];
      await stack.api.post(`/appointments/${a.id}/check-in`, {}, { token: nurse });
      const bad = await stack.api.post<{ code: string }>(`/appointments/${a.id}/complete`, { diagnosisCodes: ['diabetes'] }, { token: zhang });
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const done = await stack.api.post(`/appointments/${a.id}/complete`, { diagnosisCodes: ['E11.9', 'I10', 'E11.9'] }, { token: zhang });
      expect(done.status).toBe(200);
    });
    expect((await count(F('diagnosis', 'eq', 'E11'))).count).toBe(4);
    expect((await count(F('diagnosis', 'eq', 'I10'))).count).toBe(3);
    // The visit's per-patient aggregates (count, latest date) moved with it: one visit, within the last 30 days.
    const recent = { all: [F('visitCount', 'eq', 1), F('lastVisitDaysAgo', 'lte', 30)] } as SegmentRule;
    expect(await members(recent)).toContain(patient.patientId);
    expect(await members(F('visitCount', 'eq', 0))).not.toContain(patient.patientId);
  });

  it('a consent decision moves the current state segments read, in the same transaction', async () => {
    const me = await consentedPatient(stack);
    const optedIn = F('marketingOptIn', 'eq', true);
    const decide = async (granted: boolean) =>
      expect(
        (await stack.api.post('/me/consents', { kind: 'marketing', version: CURRENT_CONSENT_VERSIONS.marketing, granted }, { token: me.token })).status,
      ).toBe(200);
    expect(await members(optedIn)).not.toContain(me.patientId);
    await decide(true);
    expect(await members(optedIn)).toContain(me.patientId);
    await decide(false);
    expect(await members(optedIn)).not.toContain(me.patientId);
    expect(await members(F('healthDataConsent', 'eq', true))).toContain(me.patientId);
    await decide(true);
    expect(await members(optedIn)).toContain(me.patientId);
  });

  it("a patient's own edits (language, a family member added and removed) move their segment profile with them", async () => {
    const me = await consentedPatient(stack);
    const english = F('language', 'eq', 'en');
    expect(await members(english)).not.toContain(me.patientId);
    expect((await stack.api.request('PATCH', `/me/patients/${me.patientId}`, { language: 'en' }, { token: me.token })).status).toBe(200);
    expect(await members(english)).toContain(me.patientId);
    const mother = await familyMember(stack, me.token);
    const older = F('age', 'gte', 70);
    expect(await members(older)).toContain(mother);
    expect((await stack.api.request('DELETE', `/me/patients/${mother}`, undefined, { token: me.token })).status).toBe(204);
    expect(await members(older)).not.toContain(mother);
  });

  it('every segment profile agrees with the facts its owners keep (no write bypassed them); a rebuild repairs one that does not', async () => {
    const service = stack.app.get(SegmentsService);
    expect(await service.profileDrift()).toEqual([]);
    const c1 = ids.get('c1')!;
    await stack.dataSource.query('UPDATE segment_profiles SET visitCount = 99, departments = NULL WHERE patientId = ?', [c1]);
    expect((await service.profileDrift()).map((d) => [d.patientId, d.column, d.stored])).toEqual([
      [c1, 'visitCount', '99'],
      [c1, 'departments', null],
    ]);
    expect(await service.rebuildProfiles()).toBeGreaterThan(ids.size);
    expect(await service.profileDrift()).toEqual([]);
  });
});

describe('member tiers (kept by membership in the segment profile)', () => {
  const override = async (name: string, tier: string) => {
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const res = await stack.api.post(`/membership/patients/${ids.get(name)!}/override`, { tier, until, reason: '分群测试' }, { token: admin });
    expect(res.status).toBe(200);
  };
  const valued = F('tier', 'in', ['gold', 'platinum']);

  it('`tier in (gold, platinum)` counts the right patients, and follows each tier change — by hand, a visit, a recompute', async () => {
    // Everyone starts lead (no value yet).
    const everyone = (await count(F('tier', 'in', ['platinum', 'gold', 'iron', 'lead']))).count;
    expect(everyone).toBeGreaterThanOrEqual(37);
    expect((await count(F('tier', 'eq', 'lead'))).count).toBe(everyone);
    await expectMatches(valued, []);
    await override('plain0', 'gold');
    await override('plain1', 'platinum');
    await override('plain2', 'iron');
    await expectMatches(valued, ['plain0', 'plain1']);
    await expectMatches(F('tier', 'eq', 'iron'), ['plain2']);
    // A profile without a WeChat account is never in an audience, whatever its tier.
    await override('fnoacct', 'gold');
    await expectMatches(valued, ['plain0', 'plain1']);
    // A tier change moves the patient: iron → gold by hand; lead → gold from a visit with ¥10,000 kept.
    await override('plain2', 'gold');
    await recordHisVisit(stack, { patientId: ids.get('plain3')!, departmentCode: 'CARD', daysAgo: 30, amountSpent: 1_000_000 });
    await expectMatches(valued, ['plain0', 'plain1', 'plain2', 'plain3']);
    expect((await count({ not: valued })).count).toBe(everyone - 4);
    // ¥2,000 kept makes plain4 iron (a value of about ¥1,310); a policy that starts gold lower moves it up in the full recompute.
    await recordHisVisit(stack, { patientId: ids.get('plain4')!, departmentCode: 'CARD', daysAgo: 30, amountSpent: 200_000 });
    await expectMatches(F('tier', 'eq', 'iron'), ['plain4']);
    await runJobs(stack); // the visits' own re-valuations first: the upgrade below is the recompute's
    const lower = { ...DEFAULT_TIER_POLICY, thresholds: { platinum: 2_000_000, gold: 120_000, iron: 100_000 } };
    expect((await stack.api.request('PUT', '/membership/policy', { policy: lower }, { token: admin })).status).toBe(200);
    const run = (await stack.api.post<RecomputeView>('/membership/recompute', {}, { token: admin })).body;
    await runJobs(stack);
    expect((await stack.api.get<RecomputeView>(`/membership/recompute/${run.id}`, { token: admin })).body).toMatchObject({ status: 'done', changed: 1 });
    await expectMatches(valued, ['plain0', 'plain1', 'plain2', 'plain3', 'plain4']);
    expect((await stack.api.request('PUT', '/membership/policy', { policy: DEFAULT_TIER_POLICY }, { token: admin })).status).toBe(200);
  });

  it('the tier column agrees with membership for every patient (no tier change bypassed the profile)', async () => {
    const service = stack.app.get(SegmentsService);
    expect(await service.profileDrift()).toEqual([]);
    const plain0 = ids.get('plain0')!;
    await stack.dataSource.query('UPDATE segment_profiles SET tier = ? WHERE patientId = ?', ['lead', plain0]);
    expect((await service.profileDrift()).map((d) => [d.patientId, d.column, d.stored, d.computed])).toEqual([[plain0, 'tier', 'lead', 'gold']]);
    await service.rebuildProfiles();
    expect(await service.profileDrift()).toEqual([]);
  });
});
