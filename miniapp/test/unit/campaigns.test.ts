import type { CampaignCalendarEntry, MarketingPreferencesView } from '@yiban/shared';
import { campaignIdFrom, campaignIdInLink } from '../../src/utils/campaign-links';
import {
  breakdown,
  buildSchedule,
  campaignActions,
  charCount,
  contentProblems,
  cronForm,
  cronOf,
  defaultScheduleForm,
  DEFAULT_CRON_FORM,
  describeSchedule,
  fitThing,
  funnel,
  hospitalInstant,
  kindLabel,
  lengthState,
  monthGrid,
  nextSolarFestival,
  reasonLabel,
  scheduleForm,
  shiftMonth,
  statusCounts,
  timelineSeries,
  validRawCron,
  type ScheduleForm,
} from '../../src/utils/campaigns';
import { switchTopic, withTopic } from '../../src/utils/marketing-preferences';

const BEIJING = 480;
// 2026-12-06 10:00 in Beijing.
const NOW = new Date('2026-12-06T02:00:00Z');
const form = (change: Partial<ScheduleForm>): ScheduleForm => ({ ...defaultScheduleForm('2026-12-06'), ...change });

describe('campaign wizard: WeChat length limits', () => {
  it('counts characters as WeChat does (an emoji once) and says when the title or body is over', () => {
    expect(charCount('中秋快乐🎑')).toBe(5);
    expect(lengthState('一二三四五六七八九十一二三四五六七八九十', 20)).toEqual({ count: 20, max: 20, over: false, blank: false });
    expect(lengthState('一二三四五六七八九十一二三四五六七八九十一', 20).over).toBe(true);
    expect(lengthState('\u3000 \u200b', 20).blank).toBe(true);
    expect(contentProblems({ title: '中秋关怀', body: '祝您中秋快乐' })).toEqual({});
    expect(contentProblems({ title: ' ', body: 'x'.repeat(201) })).toEqual({ title: 'required', body: 'tooLong' });
    expect(contentProblems({ title: '秋'.repeat(21), body: 'x'.repeat(200) })).toEqual({ title: 'tooLong' });
  });

  it('cuts the subscribe card text to the thing keyword’s 20 characters, with an ellipsis', () => {
    expect(fitThing('短标题')).toBe('短标题');
    const long = '一二三四五六七八九十一二三四五六七八九十一二';
    expect(fitThing(long)).toBe(`${long.slice(0, 19)}…`);
    expect(charCount(fitThing(long))).toBe(20);
  });
});

describe('campaign wizard: the cron helper', () => {
  it('turns daily, weekly and monthly presets into five-field crons', () => {
    expect(cronOf({ ...DEFAULT_CRON_FORM, preset: 'daily', time: '08:30' })).toBe('30 8 * * *');
    expect(cronOf({ ...DEFAULT_CRON_FORM, preset: 'weekly', time: '09:00', weekday: 1 })).toBe('0 9 * * 1');
    expect(cronOf({ ...DEFAULT_CRON_FORM, preset: 'weekly', time: '09:00', weekday: 0 })).toBe('0 9 * * 0');
    expect(cronOf({ ...DEFAULT_CRON_FORM, preset: 'monthly', time: '18:05', monthDay: 15 })).toBe('5 18 15 * *');
    expect(cronOf({ ...DEFAULT_CRON_FORM, preset: 'monthly', time: '18:05', monthDay: 31 })).toBeNull();
    expect(cronOf({ ...DEFAULT_CRON_FORM, preset: 'daily', time: '24:00' })).toBeNull();
    expect(cronOf({ ...DEFAULT_CRON_FORM, preset: 'raw', raw: ' 0  9 1,15 * * ' })).toBe('0 9 1,15 * *');
  });

  it('checks raw crons field by field and reads presets back', () => {
    expect(validRawCron('*/15 8-18 * * 1-5')).toBe(true);
    expect(validRawCron('0 9 * *')).toBe(false);
    expect(validRawCron('60 9 * * *')).toBe(false);
    expect(validRawCron('0 9 * 13 *')).toBe(false);
    expect(validRawCron('0 9 * * mon; rm')).toBe(false);
    expect(cronForm('30 8 * * *')).toMatchObject({ preset: 'daily', time: '08:30' });
    expect(cronForm('0 9 * * 3')).toMatchObject({ preset: 'weekly', time: '09:00', weekday: 3 });
    expect(cronForm('5 18 15 * *')).toMatchObject({ preset: 'monthly', time: '18:05', monthDay: 15 });
    expect(cronForm('*/15 8-18 * * 1-5')).toMatchObject({ preset: 'raw', raw: '*/15 8-18 * * 1-5' });
    expect(describeSchedule({ type: 'recurring', cron: '0 9 * * 1' }, 'zh-CN')).toBe('周期：每周一 09:00');
    expect(describeSchedule({ type: 'recurring', cron: '0 9 * * 1' }, 'en')).toBe('Repeating: Every Monday at 09:00');
  });
});

describe('campaign wizard: building the schedule', () => {
  it('sends once now, or once at a future hospital time (a past one is refused)', () => {
    expect(buildSchedule(form({ mode: 'now' }), NOW, BEIJING)).toEqual({ ok: true, schedule: { type: 'once' } });
    expect(buildSchedule(form({ mode: 'at', date: '2026-12-08', time: '09:30' }), NOW, BEIJING)).toEqual({
      ok: true,
      schedule: { type: 'once', at: '2026-12-08T09:30:00+08:00' },
    });
    expect(buildSchedule(form({ mode: 'at', date: '2026-12-06', time: '09:59' }), NOW, BEIJING)).toEqual({ ok: false, problems: { date: 'past' } });
    expect(buildSchedule(form({ mode: 'at', date: '2026-13-01', time: '9:00' }), NOW, BEIJING)).toEqual({
      ok: false,
      problems: { date: 'invalid', time: 'invalid' },
    });
    expect(hospitalInstant('2026-12-08', '09:30', -300)).toBe('2026-12-08T09:30:00-05:00');
  });

  it('repeats by cron until an optional day, and refuses a bad cron or a past last day', () => {
    const weekly = { ...DEFAULT_CRON_FORM, preset: 'weekly' as const, weekday: 5, time: '10:00' };
    expect(buildSchedule(form({ mode: 'recurring', cron: weekly }), NOW, BEIJING)).toEqual({ ok: true, schedule: { type: 'recurring', cron: '0 10 * * 5' } });
    expect(buildSchedule(form({ mode: 'recurring', cron: weekly, until: '2027-01-31' }), NOW, BEIJING)).toEqual({
      ok: true,
      schedule: { type: 'recurring', cron: '0 10 * * 5', until: '2027-01-31T23:59:00+08:00' },
    });
    expect(buildSchedule(form({ mode: 'recurring', cron: weekly, until: '2026-12-05' }), NOW, BEIJING)).toEqual({ ok: false, problems: { until: 'past' } });
    expect(buildSchedule(form({ mode: 'recurring', cron: { ...weekly, preset: 'raw', raw: 'every day' } }), NOW, BEIJING)).toEqual({
      ok: false,
      problems: { cron: 'invalid' },
    });
  });

  it('builds the birthday, festival and after-visit triggers with their checks', () => {
    expect(buildSchedule(form({ mode: 'birthday', sendAt: '08:00' }), NOW, BEIJING)).toEqual({
      ok: true,
      schedule: { type: 'trigger', trigger: 'birthday', sendAt: '08:00' },
    });
    expect(buildSchedule(form({ mode: 'festival', festival: 'mid_autumn', daysBefore: 1 }), NOW, BEIJING)).toEqual({
      ok: true,
      schedule: { type: 'trigger', trigger: 'festival', festival: 'mid_autumn', daysBefore: 1, sendAt: '09:00' },
    });
    expect(buildSchedule(form({ mode: 'festival', daysBefore: 45, sendAt: '9am' }), NOW, BEIJING)).toEqual({
      ok: false,
      problems: { daysBefore: 'range', sendAt: 'invalid' },
    });
    expect(buildSchedule(form({ mode: 'after_visit', days: 7, departmentId: 'D1' }), NOW, BEIJING)).toEqual({
      ok: true,
      schedule: { type: 'trigger', trigger: 'after_visit', days: 7, sendAt: '09:00', departmentId: 'D1' },
    });
    expect(buildSchedule(form({ mode: 'after_visit', days: 3, departmentId: null }), NOW, BEIJING)).toEqual({
      ok: true,
      schedule: { type: 'trigger', trigger: 'after_visit', days: 3, sendAt: '09:00' },
    });
    expect(buildSchedule(form({ mode: 'after_visit', days: 0 }), NOW, BEIJING)).toEqual({ ok: false, problems: { days: 'range' } });
  });

  it('reads a saved schedule back into the form, so a draft reopens as it was', () => {
    for (const f of [
      form({ mode: 'at', date: '2026-12-08', time: '09:30' }),
      form({ mode: 'recurring', cron: { ...DEFAULT_CRON_FORM, preset: 'monthly', monthDay: 3, time: '07:15' }, until: '2027-03-01' }),
      form({ mode: 'festival', festival: 'spring_festival', daysBefore: 2, sendAt: '10:00' }),
      form({ mode: 'after_visit', days: 30, departmentId: 'D9', sendAt: '15:00' }),
      form({ mode: 'birthday', sendAt: '08:00' }),
    ]) {
      const built = buildSchedule(f, NOW, BEIJING);
      if (!built.ok) throw new Error(JSON.stringify(built.problems));
      expect(buildSchedule(scheduleForm(built.schedule, '2026-12-06', BEIJING), NOW, BEIJING)).toEqual(built);
    }
    expect(scheduleForm(null, '2026-12-06').mode).toBe('now');
  });

  it('says when a schedule sends, in both languages', () => {
    expect(describeSchedule(null, 'zh-CN')).toBe('批准后立即发送');
    expect(describeSchedule({ type: 'once', at: '2026-12-08T01:30:00Z' }, 'en', undefined, BEIJING)).toBe('Once at 2026-12-08 09:30');
    expect(describeSchedule({ type: 'trigger', trigger: 'festival', festival: 'mid_autumn', daysBefore: 1, sendAt: '09:00' }, 'zh-CN')).toBe(
      '中秋节（农历八月十五）前 1 天 09:00',
    );
    expect(describeSchedule({ type: 'trigger', trigger: 'after_visit', days: 7, departmentId: 'D1', sendAt: '09:00' }, 'en', () => 'Cardiology')).toBe(
      '7 days after a visit to Cardiology at 09:00',
    );
  });

  it('shows the next date of a solar festival (the lunar ones come from the server)', () => {
    expect(nextSolarFestival('national_day', '2026-12-06')).toBe('2027-10-01');
    expect(nextSolarFestival('doctors_day', '2026-08-19')).toBe('2026-08-19');
    expect(nextSolarFestival('new_year', '2026-12-31')).toBe('2027-01-01');
    expect(nextSolarFestival('mid_autumn', '2026-12-06')).toBeNull();
  });
});

describe('campaign results and lists', () => {
  const stats = {
    targeted: 200,
    sent: 120,
    pending: 10,
    skipped: { no_grant: 50, opted_out: 20, no_consent: 0 },
    failed: { '43101': 3 },
    opened: 30,
    converted: 6,
  };

  it('draws the funnel as shares of the targeted and lists reasons largest first', () => {
    expect(funnel(stats)).toEqual([
      { key: 'targeted', count: 200, share: 100 },
      { key: 'sent', count: 120, share: 60 },
      { key: 'opened', count: 30, share: 15 },
      { key: 'converted', count: 6, share: 3 },
    ]);
    expect(funnel({ ...stats, targeted: 0, sent: 0, opened: 0, converted: 0 }).map((s) => s.share)).toEqual([0, 0, 0, 0]);
    expect(breakdown(stats.skipped)).toEqual([
      { key: 'no_grant', count: 50 },
      { key: 'opted_out', count: 20 },
    ]);
    expect(reasonLabel('opted_out', 'zh-CN')).toBe('已关闭这类消息');
    expect(reasonLabel('something_new', 'en')).toBe('something_new');
  });

  it('labels the timeline on the hospital clock', () => {
    const points = [
      { at: '2026-12-06T01:00:00Z', sent: 5, failed: 1, opened: 0 },
      { at: '2026-12-06T02:00:00Z', sent: 7, failed: 0, opened: 2 },
    ];
    expect(timelineSeries(points, 'hour', BEIJING)).toEqual({ labels: ['12-06 09:00', '12-06 10:00'], sent: [5, 7], failed: [1, 0], opened: [0, 2] });
    expect(timelineSeries(points, 'day', BEIJING).labels).toEqual(['12-06', '12-06']);
  });

  it('counts campaigns per status and offers only the actions a status allows', () => {
    expect(statusCounts([{ status: 'draft' }, { status: 'draft' }, { status: 'sending' }])).toMatchObject({ draft: 2, sending: 1, done: 0 });
    expect(campaignActions('sending')).toEqual(['pause', 'cancel']);
    expect(campaignActions('paused')).toEqual(['resume', 'cancel']);
    expect(campaignActions('approved')).toContain('schedule');
    expect(campaignActions('done')).toEqual([]);
    expect(kindLabel('care_greeting', 'zh-CN')).toBe('节日与生日关怀');
  });

  it('lays a month out in Monday-first weeks with each send on its hospital date', () => {
    const entries: CampaignCalendarEntry[] = [
      { campaignId: 'c2', name: '周报', status: 'scheduled', at: '2026-12-14T01:00:00Z', kind: 'recurring' },
      { campaignId: 'c1', name: '冬至', status: 'scheduled', at: '2026-12-21T16:30:00Z', kind: 'once' }, // 12-22 00:30 in Beijing
    ];
    const weeks = monthGrid('2026-12', entries, BEIJING);
    expect(weeks[0]![0]).toMatchObject({ date: '2026-11-30', inMonth: false });
    expect(weeks[0]![1]).toMatchObject({ date: '2026-12-01', inMonth: true, day: 1 });
    expect(weeks.at(-1)!.at(-1)!.date).toBe('2027-01-03');
    expect(weeks).toHaveLength(5);
    const days = weeks.flat();
    expect(days.find((d) => d.date === '2026-12-22')!.entries.map((e) => e.campaignId)).toEqual(['c1']);
    expect(days.find((d) => d.date === '2026-12-21')!.entries).toEqual([]);
    expect(days.find((d) => d.date === '2026-12-14')!.entries.map((e) => e.campaignId)).toEqual(['c2']);
    expect(monthGrid('2021-02', [], BEIJING)).toHaveLength(4); // February 2021: 28 days from a Monday
    expect(monthGrid('2026-02', [], BEIJING)[0]![6]).toMatchObject({ date: '2026-02-01', inMonth: true }); // a Sunday
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
  });
});

describe('campaign opens and marketing preferences', () => {
  it('finds the campaign in a landing page’s query and in a message’s link', () => {
    expect(campaignIdFrom({ id: 'a1', c: '01JCAMPAIGN' })).toBe('01JCAMPAIGN');
    expect(campaignIdFrom({ id: 'a1' })).toBeNull();
    expect(campaignIdFrom({ c: '../../x' })).toBeNull();
    expect(campaignIdInLink('/packages/content/pages/article/index?id=A1&c=C9')).toBe('C9');
    expect(campaignIdInLink('/pages/booking/index?c=C7')).toBe('C7');
    expect(campaignIdInLink('/pages/booking/index')).toBeNull();
    expect(campaignIdInLink('/pages/booking/index?c=%E0%A4%A')).toBeNull();
    expect(campaignIdInLink(null)).toBeNull();
  });

  const view: MarketingPreferencesView = {
    marketingOptIn: true,
    topics: [
      { topic: 'health_education', enabled: true },
      { topic: 'care_greeting', enabled: true },
    ],
  };

  it('switches one topic, leaving the others as they were', () => {
    expect(withTopic(view, 'care_greeting', false).topics).toEqual([
      { topic: 'health_education', enabled: true },
      { topic: 'care_greeting', enabled: false },
    ]);
    expect(withTopic(view, 'event_invitation', false).topics).toHaveLength(3);
  });

  it('shows a switch at once, then the server’s answer; a refusal puts it back and is returned', async () => {
    const shown: MarketingPreferencesView[] = [];
    const saved: unknown[] = [];
    const ok = await switchTopic(
      view,
      'health_education',
      false,
      async (topics) => {
        saved.push(topics);
        return { ...view, topics };
      },
      (v) => shown.push(v),
    );
    expect(ok).toBeNull();
    expect(saved).toEqual([[{ topic: 'health_education', enabled: false }, view.topics[1]]]);
    expect(shown.map((v) => v.topics[0]!.enabled)).toEqual([false, false]);

    shown.length = 0;
    const refusal = new Error('CONSENT_REQUIRED');
    const failed = await switchTopic(
      view,
      'care_greeting',
      false,
      () => Promise.reject(refusal),
      (v) => shown.push(v),
    );
    expect(failed).toBe(refusal);
    expect(shown.map((v) => v.topics[1]!.enabled)).toEqual([false, true]);
  });
});
