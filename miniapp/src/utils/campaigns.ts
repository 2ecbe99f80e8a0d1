import { CAMPAIGN_STATUSES, NOTIFICATION_TITLES, type CampaignView } from '@yiban/shared';
import type { CampaignCalendarEntry, CampaignSchedule, CampaignStats, CampaignStatus, CampaignTimelinePoint, Festival, Locale } from '@yiban/shared';
import { translate } from '../i18n';
import { addDays, clockTime, hospitalDate, hospitalOffsetMinutes } from './clinic-time';

/**
 * The campaign wizard's rules, kept pure so they are tested without a page: WeChat's length limits, the cron helper,
 * building a schedule from the form, the funnel and the month grid of the calendar.
 */

/** WeChat's `thing` keyword takes 20 characters (the title); the 消息 entry's text is capped at 200 (the server's rule). */
export const CONTENT_LIMITS = { title: 20, body: 200 } as const;
/** What one `thing` keyword of the subscribe card shows of the body. */
export const CARD_THING_LIMIT = 20;

/** Characters as WeChat counts them: code points, so an emoji counts once. */
export const charCount = (text: string): number => Array.from(text).length;

export interface LengthState {
  count: number;
  max: number;
  over: boolean;
  /** Blank once spaces are removed (the server refuses blank text). */
  blank: boolean;
}

export function lengthState(text: string, max: number): LengthState {
  const count = charCount(text);
  return { count, max, over: count > max, blank: text.replace(/[\s\u200b-\u200f\u2060\ufeff\u3000]/g, '') === '' };
}

/** Text cut to `max` characters as the subscribe card shows it (WeChat refuses longer; the server cuts with …). */
export function fitThing(text: string, max = CARD_THING_LIMIT): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

export type ContentProblem = 'required' | 'tooLong';

export function contentProblems(content: { title: string; body: string }): Partial<Record<'title' | 'body', ContentProblem>> {
  const out: Partial<Record<'title' | 'body', ContentProblem>> = {};
  for (const field of ['title', 'body'] as const) {
    const s = lengthState(content[field], CONTENT_LIMITS[field]);
    if (s.blank) out[field] = 'required';
    else if (s.over) out[field] = 'tooLong';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Cron helper: daily, weekly and monthly presets become a five-field cron (minute hour day-of-month month weekday),
// read back when a draft is opened again; anything else stays raw.

export const CRON_PRESETS = ['daily', 'weekly', 'monthly', 'raw'] as const;
export type CronPreset = (typeof CRON_PRESETS)[number];

export interface CronForm {
  preset: CronPreset;
  /** HH:mm, hospital time. */
  time: string;
  /** 0 (Sunday) – 6, for weekly. */
  weekday: number;
  /** 1–28 for monthly (every month has those days). */
  monthDay: number;
  raw: string;
}

export const DEFAULT_CRON_FORM: CronForm = { preset: 'weekly', time: '09:00', weekday: 1, monthDay: 1, raw: '0 9 * * 1' };

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function validTime(time: string): boolean {
  return TIME_RE.test(time);
}

function hm(time: string): { h: number; m: number } {
  const match = TIME_RE.exec(time)!;
  return { h: Number(match[1]), m: Number(match[2]) };
}

/** The cron a form stands for, or null while it is not a valid one. */
export function cronOf(form: CronForm): string | null {
  if (form.preset === 'raw') return validRawCron(form.raw) ? form.raw.trim().replace(/\s+/g, ' ') : null;
  if (!validTime(form.time)) return null;
  const { h, m } = hm(form.time);
  if (form.preset === 'daily') return `${m} ${h} * * *`;
  if (form.preset === 'weekly') return Number.isInteger(form.weekday) && form.weekday >= 0 && form.weekday <= 6 ? `${m} ${h} * * ${form.weekday}` : null;
  return Number.isInteger(form.monthDay) && form.monthDay >= 1 && form.monthDay <= 28 ? `${m} ${h} ${form.monthDay} * *` : null;
}

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
const CRON_RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

/** Five fields of numbers, ranges, lists and steps within each field's bounds (the server checks it again with croner). */
export function validRawCron(raw: string): boolean {
  const fields = raw.trim().split(/\s+/);
  if (fields.length !== 5) return false;
  return fields.every((field, i) => {
    if (!CRON_FIELD.test(field)) return false;
    const [lo, hi] = CRON_RANGES[i]!;
    const numbers = field
      .split(',')
      .flatMap((part) => part.split('/')[0]!.split('-'))
      .filter((n) => n !== '*')
      .map(Number);
    return numbers.every((n) => n >= lo && n <= hi);
  });
}

/** A cron read back into the form: a preset when it is one, raw otherwise. */
export function cronForm(cron: string): CronForm {
  const f = cron.trim().split(/\s+/);
  const base = { ...DEFAULT_CRON_FORM, preset: 'raw' as CronPreset, raw: cron };
  if (f.length !== 5 || !/^\d+$/.test(f[0]!) || !/^\d+$/.test(f[1]!) || f[3] !== '*') return base;
  const [m, h] = [Number(f[0]), Number(f[1])];
  if (m > 59 || h > 23) return base;
  const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  if (f[2] === '*' && f[4] === '*') return { ...base, preset: 'daily', time };
  if (f[2] === '*' && /^[0-6]$/.test(f[4]!)) return { ...base, preset: 'weekly', time, weekday: Number(f[4]) };
  if (/^\d+$/.test(f[2]!) && Number(f[2]) >= 1 && Number(f[2]) <= 28 && f[4] === '*') return { ...base, preset: 'monthly', time, monthDay: Number(f[2]) };
  return base;
}

// ---------------------------------------------------------------------------------------------------------------
// The schedule step: what the form holds, and the CampaignSchedule it makes.

export const SCHEDULE_MODES = ['now', 'at', 'recurring', 'birthday', 'festival', 'after_visit'] as const;
export type ScheduleMode = (typeof SCHEDULE_MODES)[number];

export interface ScheduleForm {
  mode: ScheduleMode;
  /** For `at`: hospital date and time. */
  date: string;
  time: string;
  cron: CronForm;
  /** Recurring: the last day it may send (hospital date), optional. */
  until: string;
  festival: Festival;
  daysBefore: number;
  /** Triggers: the hour they send at, hospital time. */
  sendAt: string;
  departmentId: string | null;
  days: number;
}

export function defaultScheduleForm(today: string): ScheduleForm {
  return {
    mode: 'now',
    date: addDays(today, 1),
    time: '09:00',
    cron: DEFAULT_CRON_FORM,
    until: '',
    festival: 'mid_autumn',
    daysBefore: 0,
    sendAt: '09:00',
    departmentId: null,
    days: 7,
  };
}

export type ScheduleField = 'date' | 'time' | 'cron' | 'until' | 'daysBefore' | 'sendAt' | 'days';
export type ScheduleProblem = 'required' | 'past' | 'invalid' | 'range';

export type ScheduleResult = { ok: true; schedule: CampaignSchedule } | { ok: false; problems: Partial<Record<ScheduleField, ScheduleProblem>> };

const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function offsetText(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A hospital date and time as an ISO instant with the hospital's offset. */
export function hospitalInstant(date: string, time: string, offsetMinutes = hospitalOffsetMinutes()): string {
  return `${date}T${time}:00${offsetText(offsetMinutes)}`;
}

/** The schedule the form describes, or what is wrong with it (field by field). */
export function buildSchedule(form: ScheduleForm, now: Date, offsetMinutes = hospitalOffsetMinutes()): ScheduleResult {
  const problems: Partial<Record<ScheduleField, ScheduleProblem>> = {};
  const checkSendAt = () => {
    if (!validTime(form.sendAt)) problems.sendAt = 'invalid';
  };
  let schedule: CampaignSchedule | null = null;
  switch (form.mode) {
    case 'now':
      schedule = { type: 'once' };
      break;
    case 'at': {
      if (!DATE_RE.test(form.date)) problems.date = form.date ? 'invalid' : 'required';
      if (!validTime(form.time)) problems.time = form.time ? 'invalid' : 'required';
      if (!problems.date && !problems.time) {
        const at = hospitalInstant(form.date, form.time, offsetMinutes);
        if (new Date(at).getTime() <= now.getTime()) problems.date = 'past';
        else schedule = { type: 'once', at };
      }
      break;
    }
    case 'recurring': {
      const cron = cronOf(form.cron);
      if (!cron) problems.cron = 'invalid';
      let until: string | undefined;
      if (form.until) {
        if (!DATE_RE.test(form.until)) problems.until = 'invalid';
        else if (form.until < hospitalDate(now, offsetMinutes)) problems.until = 'past';
        else until = hospitalInstant(form.until, '23:59', offsetMinutes);
      }
      if (cron) schedule = until ? { type: 'recurring', cron, until } : { type: 'recurring', cron };
      break;
    }
    case 'birthday':
      checkSendAt();
      schedule = { type: 'trigger', trigger: 'birthday', sendAt: form.sendAt };
      break;
    case 'festival':
      checkSendAt();
      if (!Number.isInteger(form.daysBefore) || form.daysBefore < 0 || form.daysBefore > 30) problems.daysBefore = 'range';
      schedule = { type: 'trigger', trigger: 'festival', festival: form.festival, daysBefore: form.daysBefore, sendAt: form.sendAt };
      break;
    case 'after_visit':
      checkSendAt();
      if (!Number.isInteger(form.days) || form.days < 1 || form.days > 365) problems.days = 'range';
      schedule = {
        type: 'trigger',
        trigger: 'after_visit',
        days: form.days,
        sendAt: form.sendAt,
        ...(form.departmentId ? { departmentId: form.departmentId } : {}),
      };
      break;
  }
  if (Object.keys(problems).length > 0 || !schedule) return { ok: false, problems };
  return { ok: true, schedule };
}

/** A saved schedule back in the form (to edit a draft). */
export function scheduleForm(schedule: CampaignSchedule | null, today: string, offsetMinutes = hospitalOffsetMinutes()): ScheduleForm {
  const form = defaultScheduleForm(today);
  if (!schedule) return form;
  if (schedule.type === 'once') {
    if (!schedule.at) return form;
    const local = new Date(new Date(schedule.at).getTime() + offsetMinutes * 60_000).toISOString();
    return { ...form, mode: 'at', date: local.slice(0, 10), time: local.slice(11, 16) };
  }
  if (schedule.type === 'recurring') {
    return { ...form, mode: 'recurring', cron: cronForm(schedule.cron), until: schedule.until ? hospitalDate(schedule.until, offsetMinutes) : '' };
  }
  const sendAt = schedule.sendAt ?? form.sendAt;
  if (schedule.trigger === 'birthday') return { ...form, mode: 'birthday', sendAt };
  if (schedule.trigger === 'festival') return { ...form, mode: 'festival', festival: schedule.festival, daysBefore: schedule.daysBefore ?? 0, sendAt };
  return { ...form, mode: 'after_visit', days: schedule.days, departmentId: schedule.departmentId ?? null, sendAt };
}

// ---------------------------------------------------------------------------------------------------------------
// Festivals: the solar ones fall on the same date every year; the lunar ones move (the server computes them with a
// calendar library and answers the campaign's `nextRunAt`).

export const SOLAR_FESTIVALS: Partial<Record<Festival, string>> = {
  new_year: '01-01',
  womens_day: '03-08',
  labour_day: '05-01',
  childrens_day: '06-01',
  doctors_day: '08-19',
  national_day: '10-01',
};

/** Lunar month and day (正月初一 = 1-1). */
export const LUNAR_FESTIVALS: Partial<Record<Festival, [number, number]>> = {
  spring_festival: [1, 1],
  lantern: [1, 15],
  dragon_boat: [5, 5],
  qixi: [7, 7],
  mid_autumn: [8, 15],
  double_ninth: [9, 9],
};

/** The next date of a solar festival on or after `today` (hospital dates); null for a lunar one. */
export function nextSolarFestival(festival: Festival, today: string): string | null {
  const md = SOLAR_FESTIVALS[festival];
  if (!md) return null;
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-${md}`;
  return thisYear >= today ? thisYear : `${year + 1}-${md}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Results.

export interface FunnelStep {
  key: 'targeted' | 'sent' | 'opened' | 'converted';
  count: number;
  /** Share of the targeted, 0–100, rounded. */
  share: number;
}

export function funnel(stats: CampaignStats): FunnelStep[] {
  const base = stats.targeted;
  return (['targeted', 'sent', 'opened', 'converted'] as const).map((key) => ({
    key,
    count: stats[key],
    share: base > 0 ? Math.round((stats[key] / base) * 100) : 0,
  }));
}

/** Reasons or errcodes with their counts, largest first (zero counts left out). */
export function breakdown(counts: Record<string, number>): { key: string; count: number }[] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The timeline as three series on one axis, labelled by hospital time (hour buckets: MM-DD HH:00; days: MM-DD). */
export function timelineSeries(points: CampaignTimelinePoint[], bucket: 'hour' | 'day', offsetMinutes = hospitalOffsetMinutes()) {
  const labels = points.map((p) => {
    const local = new Date(new Date(p.at).getTime() + offsetMinutes * 60_000).toISOString();
    return bucket === 'day' ? local.slice(5, 10) : `${local.slice(5, 10)} ${local.slice(11, 13)}:00`;
  });
  return { labels, sent: points.map((p) => p.sent), failed: points.map((p) => p.failed), opened: points.map((p) => p.opened) };
}

/** Statuses in which the results keep moving: the page refreshes itself every few seconds. */
export const LIVE_STATUSES: readonly CampaignStatus[] = ['sending'];

/** What staff may do to a campaign in a status (the server decides; this only hides buttons that cannot work). */
export function campaignActions(status: CampaignStatus): ('edit' | 'submit' | 'schedule' | 'pause' | 'resume' | 'cancel' | 'testSend')[] {
  switch (status) {
    case 'draft':
      return ['edit', 'submit', 'testSend', 'cancel'];
    case 'in_review':
      return ['edit', 'testSend', 'cancel'];
    case 'approved':
      return ['schedule', 'edit', 'testSend', 'cancel'];
    case 'scheduled':
      return ['edit', 'testSend', 'cancel'];
    case 'sending':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    case 'done':
    case 'cancelled':
      return [];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The calendar: a month as Monday-first weeks, entries on their hospital date.

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export interface CalendarDay {
  date: string;
  day: number;
  inMonth: boolean;
  entries: CampaignCalendarEntry[];
}

export function monthGrid(month: string, entries: CampaignCalendarEntry[], offsetMinutes = hospitalOffsetMinutes()): CalendarDay[][] {
  const first = `${month}-01`;
  const weekday = new Date(`${first}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  let cursor = addDays(first, -((weekday + 6) % 7));
  const byDate = new Map<string, CampaignCalendarEntry[]>();
  for (const entry of [...entries].sort((a, b) => a.at.localeCompare(b.at))) {
    const date = hospitalDate(entry.at, offsetMinutes);
    byDate.set(date, [...(byDate.get(date) ?? []), entry]);
  }
  const weeks: CalendarDay[][] = [];
  do {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i++) {
      week.push({ date: cursor, day: Number(cursor.slice(8, 10)), inMonth: cursor.startsWith(month), entries: byDate.get(cursor) ?? [] });
      cursor = addDays(cursor, 1);
    }
    weeks.push(week);
  } while (cursor.startsWith(month));
  return weeks;
}

// ---------------------------------------------------------------------------------------------------------------
// Words for a schedule (the list, the review step, the approvals queue).

/** A cron in words when it is one of the presets; the cron itself otherwise. */
export function describeCron(cron: string, locale: Locale): string {
  const form = cronForm(cron);
  if (form.preset === 'daily') return translate(locale, 'schedule.daily', { time: form.time });
  if (form.preset === 'weekly') return translate(locale, 'schedule.weekly', { time: form.time, weekday: weekdayLabel(form.weekday, locale) });
  if (form.preset === 'monthly') return translate(locale, 'schedule.monthly', { time: form.time, day: form.monthDay });
  return cron;
}

/** "Once at 12-08 09:00", "Every Monday at 09:00", "7 days after a visit to Cardiology at 09:00"… */
export function describeSchedule(
  schedule: CampaignSchedule | null,
  locale: Locale,
  departmentName: (id: string) => string | undefined = () => undefined,
  offsetMinutes = hospitalOffsetMinutes(),
): string {
  if (!schedule || (schedule.type === 'once' && !schedule.at)) return translate(locale, 'schedule.once.now');
  if (schedule.type === 'once')
    return translate(locale, 'schedule.once.at', { time: `${hospitalDate(schedule.at!, offsetMinutes)} ${clockTime(schedule.at!, offsetMinutes)}` });
  if (schedule.type === 'recurring') {
    const cron = describeCron(schedule.cron, locale);
    return schedule.until
      ? translate(locale, 'schedule.recurringUntil', { cron, until: hospitalDate(schedule.until, offsetMinutes) })
      : translate(locale, 'schedule.recurring', { cron });
  }
  const sendAt = schedule.sendAt ?? '09:00';
  if (schedule.trigger === 'birthday') return translate(locale, 'schedule.birthday', { sendAt });
  if (schedule.trigger === 'festival') {
    const festival = translate(locale, `campaign.festival.${schedule.festival}`);
    return schedule.daysBefore
      ? translate(locale, 'schedule.festivalBefore', { festival, days: schedule.daysBefore, sendAt })
      : translate(locale, 'schedule.festival', { festival, sendAt });
  }
  const department = schedule.departmentId ? departmentName(schedule.departmentId) : undefined;
  return department
    ? translate(locale, 'schedule.afterVisitDept', { department, days: schedule.days, sendAt })
    : translate(locale, 'schedule.afterVisit', { days: schedule.days, sendAt });
}

/** An instant as "2026-12-08 09:00" on the hospital's clock. */
export function hospitalDateTime(iso: string, offsetMinutes = hospitalOffsetMinutes()): string {
  return `${hospitalDate(iso, offsetMinutes)} ${clockTime(iso, offsetMinutes)}`;
}

/** How many campaigns are in each status. */
export function statusCounts(campaigns: readonly Pick<CampaignView, 'status'>[]): Record<CampaignStatus, number> {
  const counts = Object.fromEntries(CAMPAIGN_STATUSES.map((s) => [s, 0])) as Record<CampaignStatus, number>;
  for (const c of campaigns) counts[c.status] += 1;
  return counts;
}

/** A marketing kind's name in the console ("健康宣教"); a kind this version does not name keeps its notification title. */
export function kindLabel(kind: string, locale: Locale): string {
  const key = `campaign.kind.${kind}`;
  const text = translate(locale, key);
  if (text !== key) return text;
  return kind in NOTIFICATION_TITLES ? NOTIFICATION_TITLES[kind as keyof typeof NOTIFICATION_TITLES][locale] : kind;
}

/** A topic's name on the patient's preferences page. */
export function topicLabel(kind: string, locale: Locale): string {
  const key = `marketingPrefs.topic.${kind}`;
  const text = translate(locale, key);
  return text !== key ? text : kindLabel(kind, locale);
}

export const weekdayLabel = (weekday: number, locale: Locale) => translate(locale, `campaign.weekday.${weekday}`);

/** A skip reason in words when the app knows it; the server's code otherwise. */
export function reasonLabel(reason: string, locale: Locale): string {
  const key = `results.reason.${reason}`;
  const text = translate(locale, key);
  return text === key ? reason : text;
}
