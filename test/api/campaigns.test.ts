import type { CampaignCalendarEntry, CampaignMessageKindView, CampaignRecipientView, CampaignStats, CampaignView, Page } from '@yiban/shared';
import { DEVELOPMENT_TEMPLATES } from '@yiban/server';
import {
  addPatients,
  campaignRuns,
  deliveryRows,
  makeSlot,
  materialiseCampaignRun,
  notificationRows,
  rewindCampaignRun,
  runJobs,
  setBookedAt,
  setSegmentFacts,
  tickCampaigns,
  withClockAdvanced,
  withClockAt,
  type AddedPatient,
  type SegmentFacts,
} from '@yiban/server/testing';
import { departmentId, seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let marketing: string;
let admin: string;
let otherAdmin: string;
let segmentId: string;
let audience: AddedPatient[];

const HEALTH = DEVELOPMENT_TEMPLATES.health_education.id;
const CARE = DEVELOPMENT_TEMPLATES.care_greeting.id;

beforeAll(async () => {
  stack = await startStack({ QUIET_HOURS: '00:00-00:00' });
  await seed(stack);
  marketing = await staffLogin(stack, 'marketing.liu');
  admin = await staffLogin(stack, 'admin');
  // A second admin (the first writes some campaigns itself).
  const created = await stack.api.post(
    '/staff',
    { username: 'admin.two', password: 'Admin-pass-2026', displayName: '第二管理员', roles: ['admin'] },
    { token: admin },
  );
  expect(created.status).toBe(201);
  otherAdmin = await staffLogin(stack, 'admin.two', 'Admin-pass-2026');
  audience = await simPatients(3, { marketingConsent: true, grants: [HEALTH, CARE] });
  const segment = await stack.api.post('/segments', { name: '接受营销的患者', rule: { field: 'marketingOptIn', op: 'eq', value: true } }, { token: marketing });
  expect(segment.status).toBe(201);
  segmentId = segment.body.id;
});
afterAll(() => stack.close());

/** Patients who are simulator users, with the templates granted both at WeChat (the simulator) and at the server. */
async function simPatients(n: number, options: { marketingConsent?: boolean; grants?: string[] } = {}): Promise<AddedPatient[]> {
  const openids: string[] = [];
  for (let i = 0; i < n; i++) openids.push((await simControl<{ openid: string }>(stack.simUrl, 'POST', '/__sim/users', {})).openid);
  for (const openid of openids)
    for (const templateId of options.grants ?? [])
      await simControl(stack.simUrl, 'POST', '/__sim/subscriptions', { openid, templateIds: [templateId], kind: 'one_time' });
  return addPatients(stack, openids, options);
}

const draft = async (token = marketing, extra: Record<string, unknown> = {}) => {
  const res = await stack.api.post<CampaignView>(
    '/campaigns',
    { name: '秋季养生', segmentId, messageKind: 'health_education', content: { title: '秋季养生小贴士', body: '天气转凉，注意保暖。' }, ...extra },
    { token },
  );
  expect(res.status).toBe(201);
  expect(res.body.status).toBe('draft');
  return res.body;
};
const act = (id: string, action: string, token: string, body?: unknown) =>
  stack.api.post<CampaignView & { code?: string; details?: unknown }>(`/campaigns/${id}/${action}`, body, { token });
const sentTo = async (openid: string) =>
  (
    await simControl<{ messages: { templateId?: string; template_id?: string; data: Record<string, { value: string }> }[] }>(
      stack.simUrl,
      'GET',
      `/__sim/messages?openid=${openid}`,
    )
  ).messages;
const source = (id: string) => `campaign:${id}`;

// Before the tests below move the clock (to 中秋, when the demo greeting itself would start sending).
describe('demo data', () => {
  it('has a scheduled 中秋 greeting (approved by the admin) and a health-education draft on the demo segments', async () => {
    const list = (await stack.api.get<Page<CampaignView>>('/campaigns?limit=100', { token: marketing })).body.items;
    const greeting = list.find((c) => c.name === '中秋节关怀问候')!;
    expect(greeting).toMatchObject({
      status: 'scheduled',
      messageKind: 'care_greeting',
      segment: { name: '接受营销消息的患者' },
      author: { name: '刘市场' },
      schedule: { type: 'trigger', trigger: 'festival', festival: 'mid_autumn' },
    });
    expect(greeting.reviews.map((r) => [r.action, r.by.name]).sort()).toEqual([
      ['approved', '系统管理员'],
      ['submitted', '刘市场'],
    ]);
    expect(greeting.nextRunAt).toMatch(/T01:00:00\.000Z$/); // 09:00 Beijing time on 中秋
    const draftOne = list.find((c) => c.name === '冬季血压管理科普')!;
    expect(draftOne).toMatchObject({ status: 'draft', messageKind: 'health_education', segment: { name: '心内科就诊患者' }, landing: { type: 'article' } });
    const segments = (await stack.api.get<{ items: { id: string; name: string; rule: unknown }[] }>('/segments?limit=100', { token: marketing })).body.items;
    expect(segments.map((s) => s.name)).toEqual(expect.arrayContaining(['接受营销消息的患者', '心内科就诊患者']));
    // The draft's landing article is a published demo article a patient can open.
    const article = await stack.api.get<{ id: string }>(`/articles/${draftOne.landing!.id}`);
    expect(article.status).toBe(200);
  });
});

describe('campaign review', () => {
  it('refuses a kind that is not for marketing', async () => {
    const res = await stack.api.post(
      '/campaigns',
      { name: 'x', segmentId, messageKind: 'appointment_reminder', content: { title: 't', body: 'b' } },
      { token: marketing },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('CAMPAIGN_KIND_NOT_MARKETING');
  });

  it('refuses landing pages that do not exist yet, and a title too long for WeChat', async () => {
    const event = await stack.api.post(
      '/campaigns',
      {
        name: 'x',
        segmentId,
        messageKind: 'event_invitation',
        content: { title: 't', body: 'b' },
        landing: { type: 'event', id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
      },
      { token: marketing },
    );
    // Club events are landings now: an event that does not exist (or is not published) is refused as such.
    expect(event.status).toBe(404);
    expect(event.body.code).toBe('EVENT_NOT_FOUND');
    const long = await stack.api.post(
      '/campaigns',
      { name: 'x', segmentId, messageKind: 'care_greeting', content: { title: '一'.repeat(21), body: 'b' } },
      { token: marketing },
    );
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('VALIDATION_FAILED');
  });

  it('the author cannot approve; marketing cannot approve; nothing unapproved is sent', async () => {
    const own = await draft(admin);
    expect((await act(own.id, 'submit', admin)).body.status).toBe('in_review');
    const self = await act(own.id, 'approve', admin);
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('CAMPAIGN_SELF_REVIEW');

    const c = await draft();
    const early = await act(c.id, 'schedule', marketing);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'CAMPAIGN_STATE', details: { status: 'draft' } });
    await act(c.id, 'submit', marketing);
    const byMarketing = await act(c.id, 'approve', marketing);
    expect(byMarketing.status).toBe(403);
    expect(byMarketing.body.code).toBe('FORBIDDEN_ROLE');
    expect((await act(c.id, 'schedule', marketing)).status).toBe(409);
    await withClockAdvanced(stack, 2 * 86_400_000, () => runJobs(stack));
    expect(await deliveryRows.count(stack, { source: source(c.id) })).toBe(0);
    expect(await deliveryRows.count(stack, { source: source(own.id) })).toBe(0);
  });

  it('a rejection with a comment goes back to draft; an edit after approval needs review again', async () => {
    const c = await draft();
    await act(c.id, 'submit', marketing);
    const rejected = await act(c.id, 'reject', admin, { comment: '请补充科室信息' });
    expect(rejected.body.status).toBe('draft');
    expect(rejected.body.reviews.map((r) => [r.action, r.comment])).toEqual([
      ['submitted', null],
      ['rejected', '请补充科室信息'],
    ]);
    await act(c.id, 'submit', marketing);
    expect((await act(c.id, 'approve', admin)).body.status).toBe('approved');
    const edited = await stack.api.patch<CampaignView>(`/campaigns/${c.id}`, { content: { title: '新标题', body: '新内容' } }, { token: marketing });
    expect(edited.status).toBe(200);
    expect(edited.body.status).toBe('draft');
    expect((await act(c.id, 'schedule', marketing)).status).toBe(409);
  });
});

describe('sending', () => {
  it('a once campaign in the future is sent when the clock passes it; stats, recipients and CSV tell who got it', async () => {
    const at = new Date(Date.now() + 3 * 3_600_000).toISOString();
    // In the segment (marketing opt-in) but never allowed the template: the 消息 entry only, no WeChat message.
    const [noGrant] = await simPatients(1, { marketingConsent: true });
    const c = await draft(marketing, { schedule: { type: 'once', at } });
    await act(c.id, 'submit', marketing);
    await act(c.id, 'approve', otherAdmin);
    const scheduled = await act(c.id, 'schedule', marketing);
    expect(scheduled.body.status).toBe('scheduled');
    expect(scheduled.body.nextRunAt).toBe(at);

    await runJobs(stack);
    expect(await deliveryRows.count(stack, { source: source(c.id) })).toBe(0);

    await withClockAdvanced(stack, 3 * 3_600_000 + 60_000, async () => {
      await runJobs(stack);
      await runJobs(stack);
    });
    for (const p of audience) {
      const got = (await sentTo(p.openid)).filter((m) => (m.templateId ?? m.template_id) === HEALTH);
      expect(got).toHaveLength(1);
      expect(got[0]!.data.thing1!.value).toBe('秋季养生小贴士');
    }
    const stats = (await stack.api.get<CampaignStats>(`/campaigns/${c.id}/stats`, { token: marketing })).body;
    expect(stats.sent).toBeGreaterThanOrEqual(audience.length);
    expect(stats.pending).toBe(0);
    expect(stats.targeted).toBe(stats.sent + Object.values(stats.skipped).reduce((a, b) => a + b, 0) + Object.values(stats.failed).reduce((a, b) => a + b, 0));

    await withClockAdvanced(stack, 3 * 3_600_000 + 120_000, () => runJobs(stack));
    expect((await stack.api.get<CampaignView>(`/campaigns/${c.id}`, { token: marketing })).body.status).toBe('done');

    const page = (await stack.api.get<Page<CampaignRecipientView>>(`/campaigns/${c.id}/recipients?status=sent`, { token: marketing })).body;
    const mine = page.items.filter((r) => audience.some((p) => p.patientId === r.patientId));
    expect(mine).toHaveLength(audience.length);
    expect(mine[0]!.patientName).toMatch(/^测\*+/);

    const csv = await fetch(`${stack.api.baseUrl}/api/v1/campaigns/${c.id}/recipients.csv`, { headers: { authorization: `Bearer ${marketing}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('patientId,patientName,status,reason,errcode,sentAt,openedAt');
    for (const p of audience) expect(lines.some((l) => l.startsWith(`${p.patientId},`) && l.includes(',sent,'))).toBe(true);

    // A recipient opens the landing page; someone who did not receive it cannot.
    const open = await stack.api.post(`/me/campaign-opens`, { campaignId: c.id }, { token: audience[0]!.token });
    expect(open.status).toBe(200);
    expect((await stack.api.post(`/me/campaign-opens`, { campaignId: c.id }, { token: audience[0]!.token })).status).toBe(200);
    const [stranger] = await addPatients(stack, 1);
    const refused = await stack.api.post(`/me/campaign-opens`, { campaignId: c.id }, { token: stranger!.token });
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('CAMPAIGN_NOT_RECIPIENT');
    expect((await stack.api.get<CampaignStats>(`/campaigns/${c.id}/stats`, { token: marketing })).body.opened).toBe(1);
    // Without a grant the patient still had the 消息 entry: opening it counts too.
    expect(await sentTo(noGrant!.openid)).toEqual([]);
    expect((await deliveryRows.one(stack, { source: source(c.id), patientId: noGrant!.patientId })).reason).toBe('no_grant');
    expect((await stack.api.post(`/me/campaign-opens`, { campaignId: c.id }, { token: noGrant!.token })).status).toBe(200);
    expect((await stack.api.get<CampaignStats>(`/campaigns/${c.id}/stats`, { token: marketing })).body.opened).toBe(2);
  });

  it('pause, resume and cancel check the state', async () => {
    const c = await draft(marketing, { schedule: { type: 'once', at: new Date(Date.now() + 86_400_000).toISOString() } });
    expect((await act(c.id, 'pause', marketing)).status).toBe(409);
    await act(c.id, 'submit', marketing);
    await act(c.id, 'approve', admin);
    await act(c.id, 'schedule', marketing);
    const paused = await act(c.id, 'pause', marketing);
    expect(paused.body).toMatchObject({ status: 'paused', pausedReason: 'staff' });
    expect((await act(c.id, 'pause', marketing)).body.code).toBe('CAMPAIGN_STATE');
    expect((await act(c.id, 'resume', marketing)).body.status).toBe('scheduled');
    expect((await act(c.id, 'cancel', marketing)).body.status).toBe('cancelled');
    const again = await act(c.id, 'resume', marketing);
    expect(again.status).toBe(409);
    expect(again.body.details).toEqual({ status: 'cancelled' });
    await withClockAdvanced(stack, 2 * 86_400_000, () => runJobs(stack));
    expect(await deliveryRows.count(stack, { source: source(c.id) })).toBe(0);
  });

  it('a birthday trigger runs once a day, for the patients born that day', async () => {
    const c = await draft(marketing, {
      messageKind: 'care_greeting',
      content: { title: '生日快乐', body: '祝您生日快乐，身体健康！' },
      schedule: { type: 'trigger', trigger: 'birthday', sendAt: '00:00' },
    });
    await act(c.id, 'submit', marketing);
    await act(c.id, 'approve', admin);
    await act(c.id, 'schedule', marketing);
    await runJobs(stack);
    await runJobs(stack);
    const first = await deliveryRows.count(stack, { source: source(c.id) });
    await withClockAdvanced(stack, 5 * 60_000, () => runJobs(stack));
    // Same day again: no second run.
    expect(await deliveryRows.count(stack, { source: source(c.id) })).toBe(first);
    const calendar = (await stack.api.get<CampaignCalendarEntry[]>(`/campaigns/calendar?month=${new Date().toISOString().slice(0, 7)}`, { token: marketing }))
      .body;
    expect(calendar.filter((e) => e.campaignId === c.id).length).toBeGreaterThanOrEqual(1);
  });
});

describe('test send and message kinds', () => {
  it('lists the marketing kinds with their template fields', async () => {
    const kinds = (await stack.api.get<{ messageKind: string; fields: string[] }[]>('/campaigns/message-kinds', { token: marketing })).body;
    expect(kinds.map((k) => k.messageKind).sort()).toEqual(['care_greeting', 'event_invitation', 'health_education']);
    expect(kinds.find((k) => k.messageKind === 'care_greeting')!.fields).toEqual(['thing1', 'thing2', 'thing3']);
  });

  it('sends the message as patients get it to the author’s own WeChat, and says when the author has not subscribed', async () => {
    const c = await draft(marketing, { messageKind: 'care_greeting', content: { title: '中秋快乐', body: '月圆人团圆' } });
    const missing = await act(c.id, 'test-send', marketing);
    expect(missing.status).toBe(409);
    expect(missing.body.code).toBe('CAMPAIGN_TEST_RECIPIENT_MISSING');
    const [me] = await simPatients(1, { grants: [CARE] });
    const recorded = await stack.api.request('PUT', '/campaigns/test-recipient', { openid: me!.openid }, { token: marketing });
    expect(recorded.status).toBe(200);
    const sent = await act(c.id, 'test-send', marketing);
    expect(sent.status).toBe(200);
    const inbox = (await sentTo(me!.openid)).filter((m) => (m.templateId ?? m.template_id) === CARE);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.data.thing1!.value).toBe('【测试】中秋快乐');
    // The one-time grant is used: WeChat answers 43101 now.
    const again = await act(c.id, 'test-send', marketing);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CAMPAIGN_TEST_NOT_SUBSCRIBED');
  });
});

// ---------------------------------------------------------------- who receives, conversions, resuming

const DAY = 86_400_000;
/** The hospital-local (UTC+8) date of an instant, and a local date moved by whole days. */
const localDay = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
const shiftDay = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Fixture patients with a tag of their own (plus their facts), and a saved segment of exactly them. */
async function fixture(tag: string, facts: SegmentFacts[], options: { sim?: boolean; grants?: string[] } = {}) {
  const patients = options.sim
    ? await simPatients(facts.length, { marketingConsent: true, grants: options.grants ?? [] })
    : await addPatients(stack, facts.length, { marketingConsent: true });
  for (const [i, p] of patients.entries()) await setSegmentFacts(stack, p.patientId, { ...facts[i], tags: [tag] });
  const segment = await stack.api.post<{ id: string }>('/segments', { name: tag, rule: { field: 'tag', op: 'eq', value: tag } }, { token: marketing });
  expect(segment.status).toBe(201);
  return { patients, segmentId: segment.body.id };
}

/** Written, submitted, approved by an admin who is not the author, and scheduled. */
async function launch(extra: Record<string, unknown>): Promise<CampaignView> {
  const c = await draft(marketing, extra);
  expect((await act(c.id, 'submit', marketing)).body.status).toBe('in_review');
  expect((await act(c.id, 'approve', admin)).body.status).toBe('approved');
  const scheduled = await act(c.id, 'schedule', marketing);
  expect(scheduled.body.status).toBe('scheduled');
  return scheduled.body;
}

/** The patients a campaign's run(s) targeted (one delivery row each, whatever became of it), sorted. */
const targeted = async (id: string) => (await deliveryRows.find(stack, { source: source(id) })).map((d) => d.patientId).sort();
const ids = (patients: AddedPatient[]) => patients.map((p) => p.patientId).sort();

/** Materialises every run of the campaign still open (without the job worker: the clock may be months ahead). */
async function materialiseOpenRuns(id: string) {
  for (const run of await campaignRuns(stack, id)) if (run.status === 'materialising') await materialiseCampaignRun(stack, run.id, { batchSize: 1000 });
}

describe('triggers: who receives, once a day', () => {
  it('birthday: only the patients born on the day, each day once however often the tick runs', async () => {
    const day = localDay(Date.now() + 2 * DAY);
    const next = shiftDay(day, 1);
    const { patients, segmentId: seg } = await fixture('bday-fixture', [
      { birthDate: `1960-${day.slice(5)}` },
      { birthDate: `1988-${day.slice(5)}` },
      { birthDate: `1975-${shiftDay(day, -1).slice(5)}` },
      { birthDate: `1982-${next.slice(5)}` },
      { birthDate: null },
    ]);
    const [born1, born2, yesterday, tomorrow] = patients as [AddedPatient, AddedPatient, AddedPatient, AddedPatient];
    const c = await launch({
      segmentId: seg,
      messageKind: 'care_greeting',
      content: { title: '生日快乐', body: '祝您生日快乐，身体健康！' },
      schedule: { type: 'trigger', trigger: 'birthday', sendAt: '09:00' },
    });
    // The day, before 09:00 local: nothing yet.
    await withClockAt(stack, new Date(`${day}T00:30:00Z`), () => runJobs(stack));
    expect(await targeted(c.id)).toEqual([]);
    // 10:00, then the tick again and again through the day: one run, the two born that day.
    for (const hour of ['02:00', '02:01', '05:30', '15:59'])
      await withClockAt(stack, new Date(`${day}T${hour}:00Z`), async () => {
        await runJobs(stack);
        await tickCampaigns(stack);
        await runJobs(stack);
      });
    expect(await targeted(c.id)).toEqual(ids([born1, born2]));
    expect(yesterday).toBeDefined();
    // The next day: its own run, for the one born then.
    await withClockAt(stack, new Date(`${next}T02:00:00Z`), async () => {
      await runJobs(stack);
      await tickCampaigns(stack);
      await runJobs(stack);
    });
    // The file's other campaigns tick and drain in the same rounds; a run that lost a lock race is retried by the
    // worker a little later (as in production), and the same day's later ticks make no second run.
    await withClockAt(stack, new Date(`${next}T03:00:00Z`), async () => {
      await runJobs(stack);
      await tickCampaigns(stack);
      await runJobs(stack);
    });
    expect(await targeted(c.id)).toEqual(ids([born1, born2, tomorrow]));
    const runs = await campaignRuns(stack, c.id);
    expect(runs.map((r) => [r.runKey, r.status, r.recipients])).toEqual([
      [day, 'materialised', 2],
      [next, 'materialised', 1],
    ]);
    expect((await act(c.id, 'cancel', marketing)).body.status).toBe('cancelled');
  });

  it('after_visit: those who visited the department exactly N days before, not N±1 nor another department', async () => {
    const [card, endo] = [await departmentId(stack, 'CARD'), await departmentId(stack, 'ENDO')];
    const { patients, segmentId: seg } = await fixture('visit-fixture', [
      { visits: [{ departmentCode: 'CARD', daysAgo: 3 }] },
      { visits: [{ departmentCode: 'CARD', daysAgo: 2 }] },
      { visits: [{ departmentCode: 'CARD', daysAgo: 4 }] },
      { visits: [{ departmentCode: 'ENDO', daysAgo: 3 }] },
      {},
    ]);
    const [exact, dayLess, dayMore, other] = patients as [AddedPatient, AddedPatient, AddedPatient, AddedPatient];
    expect(endo).not.toBe(card);
    const c = await launch({
      segmentId: seg,
      messageKind: 'care_greeting',
      content: { title: '复诊关怀', body: '就诊三天了，恢复得怎么样？' },
      schedule: { type: 'trigger', trigger: 'after_visit', departmentId: card, days: 3, sendAt: '00:00' },
    });
    for (let i = 0; i < 3; i++) {
      await runJobs(stack);
      await tickCampaigns(stack);
    }
    await runJobs(stack);
    expect(await targeted(c.id)).toEqual(ids([exact]));
    // A day later the one who came a day after is three days out; the first is not sent again.
    await withClockAdvanced(stack, DAY, async () => {
      // A tick starts the day's run, whose materialisation writes its recipients. On a loaded database that job may
      // fail once and wait out its backoff (seconds): the clock steps on a few minutes at a time until the run is
      // materialised (two full checks saw the day's recipient missing without this).
      for (let i = 0; i < 8; i++) {
        await runJobs(stack);
        await tickCampaigns(stack);
        await runJobs(stack);
        const runs = await campaignRuns(stack, c.id);
        if (runs.length >= 2 && runs.every((r) => r.status === 'materialised')) break;
        await withClockAdvanced(stack, 2 * 60_000, () => runJobs(stack));
      }
    });
    expect(await targeted(c.id)).toEqual(ids([exact, dayLess]));
    expect(await targeted(c.id)).not.toContain(dayMore.patientId);
    expect(await targeted(c.id)).not.toContain(other.patientId);
    expect((await campaignRuns(stack, c.id)).map((r) => r.recipients)).toEqual([1, 1]);
    expect((await act(c.id, 'cancel', marketing)).body.status).toBe('cancelled');
  });

  it('festival: 中秋 one day before, at sendAt, once, to the whole segment', async () => {
    // 中秋 (lunar 8-15) by year; the first one still ahead of today.
    const MID_AUTUMN = ['2026-09-25', '2027-09-15', '2028-10-03', '2029-09-22', '2030-09-12'];
    const festival = MID_AUTUMN.find((d) => d > localDay(Date.now() + 2 * DAY))!;
    const eve = shiftDay(festival, -1);
    const { patients, segmentId: seg } = await fixture('festival-fixture', [{}, {}, {}]);
    const c = await launch({
      segmentId: seg,
      messageKind: 'care_greeting',
      content: { title: '中秋快乐', body: '月圆人团圆，祝您阖家安康。' },
      schedule: { type: 'trigger', trigger: 'festival', festival: 'mid_autumn', daysBefore: 1, sendAt: '10:00' },
    });
    expect(c.nextRunAt).toBe(`${eve}T02:00:00.000Z`);
    const tickAt = async (iso: string) => {
      await withClockAt(stack, new Date(iso), async () => {
        await tickCampaigns(stack);
        await tickCampaigns(stack);
        await materialiseOpenRuns(c.id);
      });
    };
    await tickAt(`${shiftDay(eve, -1)}T03:00:00Z`); // two days before
    await tickAt(`${eve}T01:59:00Z`); // the eve, 09:59
    expect(await campaignRuns(stack, c.id)).toEqual([]);
    await tickAt(`${eve}T02:00:00Z`); // 10:00
    await tickAt(`${eve}T02:01:00Z`);
    await tickAt(`${eve}T12:00:00Z`);
    await tickAt(`${festival}T03:00:00Z`); // the festival itself: daysBefore 1 sent the day before
    const runs = await campaignRuns(stack, c.id);
    expect(runs.map((r) => [r.runKey, r.date, r.at.toISOString(), r.recipients])).toEqual([[eve, eve, `${eve}T02:00:00.000Z`, 3]]);
    expect(await targeted(c.id)).toEqual(ids(patients));
    const calendar = (await stack.api.get<CampaignCalendarEntry[]>(`/campaigns/calendar?month=${eve.slice(0, 7)}`, { token: marketing })).body;
    expect(calendar.filter((e) => e.campaignId === c.id).map((e) => e.at)).toEqual([`${eve}T02:00:00.000Z`]);
    expect((await act(c.id, 'cancel', marketing)).body.status).toBe('cancelled');
  });
});

describe('conversions', () => {
  it('counts a recipient who booked within 7 days of the send, not one who booked on day 8 or before it', async () => {
    const { patients, segmentId: seg } = await fixture('convert-fixture', [{}, {}, {}, {}], { sim: true, grants: [HEALTH] });
    const [within, dayEight, before, none] = patients as [AddedPatient, AddedPatient, AddedPatient, AddedPatient];
    const c = await launch({ segmentId: seg, content: { title: '心血管健康讲座', body: '预约心内科门诊，了解您的血压。' } });
    // This minute's tick may have run already (the next one is a minute away): tick now, then the worker sends.
    await tickCampaigns(stack);
    await runJobs(stack);
    await runJobs(stack);
    const sent = new Map((await deliveryRows.find(stack, { source: source(c.id) })).map((d) => [d.patientId, d]));
    expect([...sent.values()].map((d) => d.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect((await stack.api.get<CampaignStats>(`/campaigns/${c.id}/stats`, { token: marketing })).body.converted).toBe(0);

    const book = async (p: AddedPatient, offsetMs: number) => {
      const slot = await makeSlot(stack, { fee: 0 });
      const res = await stack.api.post<{ appointment: { id: string } }>('/appointments', { slotId: slot.id }, { token: p.token });
      expect(res.status).toBe(201);
      await setBookedAt(stack, res.body.appointment.id, new Date(sent.get(p.patientId)!.sentAt!.getTime() + offsetMs));
    };
    await book(within, 6 * DAY + 23 * 3_600_000); // day 7
    await book(dayEight, 7 * DAY + 60_000); // day 8
    await book(before, -3_600_000); // an hour before the message came
    const stats = (await stack.api.get<CampaignStats>(`/campaigns/${c.id}/stats`, { token: marketing })).body;
    expect(stats).toMatchObject({ sent: 4, converted: 1 });
    expect(none).toBeDefined();

    // A second booking of the day-8 patient, within the window this time: now two.
    await book(dayEight, 2 * DAY);
    expect((await stack.api.get<CampaignStats>(`/campaigns/${c.id}/stats`, { token: marketing })).body.converted).toBe(2);
  });
});

describe('materialising resumes after a kill', () => {
  it('a run that dies part way carries on after the last patient written: everyone once, no duplicates', async () => {
    const { patients, segmentId: seg } = await fixture('resume-fixture', [{}, {}, {}, {}, {}, {}, {}]);
    const order = ids(patients);
    const c = await launch({ segmentId: seg, messageKind: 'care_greeting', content: { title: '冬至安康', body: '冬至到了，注意保暖。' } });
    await tickCampaigns(stack); // the run is made and its materialise job queued, not run
    const [run] = await campaignRuns(stack, c.id);
    expect(run).toMatchObject({ runKey: 'once', status: 'materialising', recipients: 0, afterPatientId: null });

    // Batches of two; the worker dies on the second batch: the first stays, with the last patient written.
    await expect(materialiseCampaignRun(stack, run!.id, { batchSize: 2, failAfterBatches: 1 })).rejects.toThrow(/died on batch 2/);
    expect((await campaignRuns(stack, c.id))[0]).toMatchObject({ status: 'materialising', recipients: 2, afterPatientId: order[1] });
    expect(await targeted(c.id)).toEqual(order.slice(0, 2));

    // Again, dying after one more batch: it started after order[1], not from the beginning.
    await expect(materialiseCampaignRun(stack, run!.id, { batchSize: 2, failAfterBatches: 1 })).rejects.toThrow(/died/);
    expect((await campaignRuns(stack, c.id))[0]).toMatchObject({ status: 'materialising', recipients: 4, afterPatientId: order[3] });
    expect(await targeted(c.id)).toEqual(order.slice(0, 4));

    // The queued job (the next worker) finishes it.
    await runJobs(stack);
    const done = (await campaignRuns(stack, c.id))[0]!;
    expect(done).toMatchObject({ status: 'materialised', recipients: order.length, afterPatientId: order[order.length - 1] });
    expect(await targeted(c.id)).toEqual(order);
    for (const p of patients) expect(await notificationRows.count(stack, { patientId: p.patientId })).toBe(1);

    // Running it once more changes nothing (materialised); batches written again (progress lost, or two workers on one
    // run) are absorbed by the recipients' dedupe keys: still one message each.
    await materialiseCampaignRun(stack, run!.id, { batchSize: 2 });
    expect(await targeted(c.id)).toEqual(order);
    await rewindCampaignRun(stack, run!.id, null);
    await materialiseCampaignRun(stack, run!.id, { batchSize: 3 });
    expect(await targeted(c.id)).toEqual(order);
    for (const p of patients) expect(await notificationRows.count(stack, { patientId: p.patientId })).toBe(1);
  });
});

describe('message kinds answer', () => {
  it('gives every field of CampaignMessageKindView', async () => {
    const kinds = (await stack.api.get<CampaignMessageKindView[]>('/campaigns/message-kinds', { token: marketing })).body;
    for (const k of kinds) {
      expect(Object.keys(k).sort()).toEqual(['bodyMaxChars', 'fields', 'messageKind', 'templateId', 'templateKind', 'titleMaxChars']);
      expect(k.templateId).toBe(DEVELOPMENT_TEMPLATES[k.messageKind as keyof typeof DEVELOPMENT_TEMPLATES].id);
    }
  });
});
