import type { CampaignSchedule, CampaignStatus, Festival } from '@yiban/shared';
import {
  CONVERSION_WINDOW_MS,
  canTestSend,
  convertedPatients,
  dueRun,
  festivalDate,
  nextRunAt,
  nextStatus,
  plannedRuns,
  recipientKey,
  scheduleProblem,
  triggerCondition,
} from './campaign-rules.js';

const ZONE = 'Asia/Shanghai';

/**
 * Festival dates 2026–2030 (Gregorian) from the published 农历 almanac (元宵 = 春节 + 14 days as a cross-check).
 * Written out by hand, not generated from the library under test.
 */
const REFERENCE: Record<number, Record<'spring_festival' | 'lantern' | 'dragon_boat' | 'qixi' | 'mid_autumn' | 'double_ninth', string>> = {
  2026: {
    spring_festival: '2026-02-17',
    lantern: '2026-03-03',
    dragon_boat: '2026-06-19',
    qixi: '2026-08-19',
    mid_autumn: '2026-09-25',
    double_ninth: '2026-10-18',
  },
  2027: {
    spring_festival: '2027-02-06',
    lantern: '2027-02-20',
    dragon_boat: '2027-06-09',
    qixi: '2027-08-08',
    mid_autumn: '2027-09-15',
    double_ninth: '2027-10-08',
  },
  2028: {
    spring_festival: '2028-01-26',
    lantern: '2028-02-09',
    dragon_boat: '2028-05-28',
    qixi: '2028-08-26',
    mid_autumn: '2028-10-03',
    double_ninth: '2028-10-26',
  },
  2029: {
    spring_festival: '2029-02-13',
    lantern: '2029-02-27',
    dragon_boat: '2029-06-16',
    qixi: '2029-08-16',
    mid_autumn: '2029-09-22',
    double_ninth: '2029-10-16',
  },
  2030: {
    spring_festival: '2030-02-03',
    lantern: '2030-02-17',
    dragon_boat: '2030-06-05',
    qixi: '2030-08-05',
    mid_autumn: '2030-09-12',
    double_ninth: '2030-10-05',
  },
};

describe('festival dates', () => {
  for (const [year, festivals] of Object.entries(REFERENCE)) {
    for (const [festival, date] of Object.entries(festivals)) {
      it(`${festival} ${year} is ${date}`, () => {
        expect(festivalDate(festival as Festival, Number(year))).toBe(date);
      });
    }
  }

  it('solar festivals are fixed dates', () => {
    expect(festivalDate('national_day', 2027)).toBe('2027-10-01');
    expect(festivalDate('doctors_day', 2026)).toBe('2026-08-19');
    expect(festivalDate('womens_day', 2029)).toBe('2029-03-08');
  });
});

describe('campaign status machine', () => {
  const all: CampaignStatus[] = ['draft', 'in_review', 'approved', 'scheduled', 'sending', 'paused', 'done', 'cancelled'];

  it('goes draft → in_review → approved → scheduled → sending → done', () => {
    expect(nextStatus('draft', 'submit')).toBe('in_review');
    expect(nextStatus('in_review', 'approve')).toBe('approved');
    expect(nextStatus('approved', 'schedule')).toBe('scheduled');
    expect(nextStatus('scheduled', 'start')).toBe('sending');
    expect(nextStatus('sending', 'finish')).toBe('done');
  });

  it('a rejection goes back to draft', () => {
    expect(nextStatus('in_review', 'reject')).toBe('draft');
    expect(nextStatus('approved', 'reject')).toBeNull();
  });

  it('an edit of an approved or scheduled campaign needs review again; a sending or finished one cannot change', () => {
    expect(nextStatus('approved', 'edit')).toBe('draft');
    expect(nextStatus('scheduled', 'edit')).toBe('draft');
    expect(nextStatus('in_review', 'edit')).toBe('draft');
    for (const s of ['sending', 'paused', 'done', 'cancelled'] as const) expect(nextStatus(s, 'edit')).toBeNull();
  });

  it('only an approved campaign can be scheduled; nothing else reaches a sending status', () => {
    for (const s of all) expect(nextStatus(s, 'schedule')).toBe(s === 'approved' ? 'scheduled' : null);
    for (const s of all) expect(nextStatus(s, 'start')).toBe(s === 'scheduled' || s === 'sending' ? 'sending' : null);
  });

  it('pauses and resumes where it was', () => {
    expect(nextStatus('sending', 'pause')).toBe('paused');
    expect(nextStatus('scheduled', 'pause')).toBe('paused');
    expect(nextStatus('draft', 'pause')).toBeNull();
    expect(nextStatus('paused', 'resume', 'sending')).toBe('sending');
    expect(nextStatus('paused', 'resume', 'scheduled')).toBe('scheduled');
    expect(nextStatus('sending', 'resume')).toBeNull();
  });

  it('cancels anything not over', () => {
    for (const s of all) expect(nextStatus(s, 'cancel')).toBe(s === 'done' || s === 'cancelled' ? null : 'cancelled');
  });

  it('test sends until the campaign is over', () => {
    expect(canTestSend('draft')).toBe(true);
    expect(canTestSend('sending')).toBe(true);
    expect(canTestSend('done')).toBe(false);
    expect(canTestSend('cancelled')).toBe(false);
  });
});

describe('schedules', () => {
  const scheduledAt = new Date('2026-03-01T00:00:00Z'); // 08:00 in Shanghai

  it('once: at the given time, or at once when absent; only one run', () => {
    const once: CampaignSchedule = { type: 'once', at: '2026-03-02T02:00:00Z' };
    expect(dueRun(once, { scheduledAt, now: new Date('2026-03-02T01:59:00Z'), timeZone: ZONE, lastRunKey: null })).toBeNull();
    expect(dueRun(once, { scheduledAt, now: new Date('2026-03-02T02:00:00Z'), timeZone: ZONE, lastRunKey: null })?.runKey).toBe('once');
    expect(dueRun(once, { scheduledAt, now: new Date('2026-03-03T00:00:00Z'), timeZone: ZONE, lastRunKey: 'once' })).toBeNull();
    expect(dueRun({ type: 'once' }, { scheduledAt, now: scheduledAt, timeZone: ZONE, lastRunKey: null })?.at).toEqual(scheduledAt);
  });

  it('recurring: cron in the hospital time zone, the latest occurrence due, until respected', () => {
    const weekly: CampaignSchedule = { type: 'recurring', cron: '0 9 * * 1', until: '2026-03-20T00:00:00Z' };
    // Mondays 09:00 Shanghai = 01:00 UTC: 2 Mar, 9 Mar, 16 Mar (23 Mar is after until).
    const runs = plannedRuns(weekly, { from: scheduledAt, to: new Date('2026-04-01T00:00:00Z'), timeZone: ZONE, scheduledAt });
    expect(runs.map((r) => r.at.toISOString())).toEqual(['2026-03-02T01:00:00.000Z', '2026-03-09T01:00:00.000Z', '2026-03-16T01:00:00.000Z']);
    expect(dueRun(weekly, { scheduledAt, now: new Date('2026-03-02T00:59:00Z'), timeZone: ZONE, lastRunKey: null })).toBeNull();
    const first = dueRun(weekly, { scheduledAt, now: new Date('2026-03-02T01:00:00Z'), timeZone: ZONE, lastRunKey: null });
    expect(first?.runKey).toBe('2026-03-02T01:00:00.000Z');
    expect(dueRun(weekly, { scheduledAt, now: new Date('2026-03-05T00:00:00Z'), timeZone: ZONE, lastRunKey: first!.runKey })).toBeNull();
    // Two weeks missed: only the latest is owed.
    expect(dueRun(weekly, { scheduledAt, now: new Date('2026-03-17T00:00:00Z'), timeZone: ZONE, lastRunKey: first!.runKey })?.runKey).toBe(
      '2026-03-16T01:00:00.000Z',
    );
    expect(dueRun(weekly, { scheduledAt, now: new Date('2026-03-30T00:00:00Z'), timeZone: ZONE, lastRunKey: '2026-03-16T01:00:00.000Z' })).toBeNull();
  });

  it('birthday: daily at sendAt local, once per day, with the day as the condition', () => {
    const birthday: CampaignSchedule = { type: 'trigger', trigger: 'birthday', sendAt: '10:00' };
    expect(dueRun(birthday, { scheduledAt, now: new Date('2026-03-05T01:59:00Z'), timeZone: ZONE, lastRunKey: null })).toBeNull();
    const run = dueRun(birthday, { scheduledAt, now: new Date('2026-03-05T02:00:00Z'), timeZone: ZONE, lastRunKey: null });
    expect(run).toMatchObject({ runKey: '2026-03-05', date: '2026-03-05' });
    expect(dueRun(birthday, { scheduledAt, now: new Date('2026-03-05T09:00:00Z'), timeZone: ZONE, lastRunKey: '2026-03-05' })).toBeNull();
    expect(triggerCondition(birthday, '2026-03-05')).toEqual({ field: 'birthMonthDay', op: 'eq', value: '03-05' });
  });

  it('festival: only on the day (or daysBefore it)', () => {
    const midAutumn: CampaignSchedule = { type: 'trigger', trigger: 'festival', festival: 'mid_autumn', daysBefore: 1 };
    const runs = plannedRuns(midAutumn, { from: scheduledAt, to: new Date('2027-01-01T00:00:00Z'), timeZone: ZONE, scheduledAt });
    expect(runs.map((r) => r.date)).toEqual(['2026-09-24']);
    expect(dueRun(midAutumn, { scheduledAt, now: new Date('2026-09-24T01:00:00Z'), timeZone: ZONE, lastRunKey: null })?.runKey).toBe('2026-09-24');
    expect(dueRun(midAutumn, { scheduledAt, now: new Date('2026-09-25T01:00:00Z'), timeZone: ZONE, lastRunKey: null })).toBeNull();
    expect(nextRunAt(midAutumn, { now: scheduledAt, timeZone: ZONE, scheduledAt })?.toISOString()).toBe('2026-09-24T01:00:00.000Z');
  });

  it('after a visit: the visit day is N days before the run', () => {
    const after: CampaignSchedule = { type: 'trigger', trigger: 'after_visit', departmentId: '01HZZZZZZZZZZZZZZZZZZZZZZZ', days: 3 };
    expect(triggerCondition(after, '2026-03-05')).toEqual({
      field: 'visitedDepartmentOn',
      op: 'eq',
      value: { departmentId: '01HZZZZZZZZZZZZZZZZZZZZZZZ', date: '2026-03-02' },
    });
  });

  it('refuses bad schedules with a reason', () => {
    expect(scheduleProblem({ type: 'recurring', cron: 'every day' }, ZONE)).toMatch(/five fields/);
    expect(scheduleProblem({ type: 'recurring', cron: '99 9 * * *' }, ZONE)).toMatch(/not valid/);
    expect(scheduleProblem({ type: 'recurring', cron: '* * * * *' }, ZONE)).toMatch(/once an hour/);
    expect(scheduleProblem({ type: 'recurring', cron: '0 9 * * *' }, ZONE)).toBeNull();
    expect(scheduleProblem({ type: 'trigger', trigger: 'birthday', sendAt: '25:00' }, ZONE)).toMatch(/HH:mm/);
    expect(scheduleProblem({ type: 'once', at: 'tomorrow' }, ZONE)).toMatch(/ISO/);
  });

  it('dedupe keys: one per campaign and patient, or per run', () => {
    expect(recipientKey('C1', 'once', 'P1')).toBe('campaign:C1:P1');
    expect(recipientKey('C1', '2026-03-05', 'P1')).toBe('campaign:C1:2026-03-05:P1');
  });
});

describe('conversions', () => {
  const sentAt = new Date('2026-09-24T02:00:00Z');
  const at = (ms: number) => new Date(sentAt.getTime() + ms);
  const DAY = 86_400_000;

  it('counts an action within 7 days after the send, not before it, not from day 8', () => {
    const sends = ['a', 'b', 'c', 'd', 'e'].map((patientId) => ({ patientId, sentAt }));
    const actions = [
      { patientId: 'a', at: at(0) },
      { patientId: 'b', at: at(7 * DAY - 1) },
      { patientId: 'c', at: at(7 * DAY) },
      { patientId: 'd', at: at(-1) },
      { patientId: 'x', at: at(DAY) }, // never sent
    ];
    expect([...convertedPatients(sends, actions, CONVERSION_WINDOW_MS)].sort()).toEqual(['a', 'b']);
  });

  it('any of a patient’s sends opens a window (recurring and triggered campaigns); a patient counts once', () => {
    const sends = [
      { patientId: 'a', sentAt },
      { patientId: 'a', sentAt: at(30 * DAY) },
    ];
    expect([...convertedPatients(sends, [{ patientId: 'a', at: at(31 * DAY) }], CONVERSION_WINDOW_MS)]).toEqual(['a']);
    expect(convertedPatients(sends, [{ patientId: 'a', at: at(20 * DAY) }], CONVERSION_WINDOW_MS).size).toBe(0);
    expect(
      convertedPatients(
        sends,
        [
          { patientId: 'a', at: at(DAY) },
          { patientId: 'a', at: at(2 * DAY) },
        ],
        CONVERSION_WINDOW_MS,
      ).size,
    ).toBe(1);
  });
});
