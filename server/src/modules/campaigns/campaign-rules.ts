import type { CampaignSchedule, CampaignStatus, Festival, SegmentCondition } from '@yiban/shared';
import { Cron } from 'croner';
import { Lunar } from 'lunar-typescript';
import { addDays, localDate, zonedInstant } from '../../common/time/zoned-time.js';

// ---------------------------------------------------------------- the status machine

export type CampaignAction =
  | 'edit'
  | 'submit'
  | 'approve'
  | 'reject'
  | 'schedule'
  | 'start' // a run began materialising
  | 'finish' // the last run drained (nothing pending, no run left)
  | 'idle' // a recurring/triggered run drained; more runs will come
  | 'pause'
  | 'resume'
  | 'cancel';

/**
 * The campaign's next status for an action, or null when the action is not allowed now (CAMPAIGN_STATE).
 * `pausedFrom` is where a paused campaign goes back to on resume. Editing anything before it sends goes back to
 * draft: an approved or scheduled campaign that changes needs review again.
 */
export function nextStatus(status: CampaignStatus, action: CampaignAction, pausedFrom: CampaignStatus | null = null): CampaignStatus | null {
  switch (action) {
    case 'edit':
      return status === 'draft' || status === 'in_review' || status === 'approved' || status === 'scheduled' ? 'draft' : null;
    case 'submit':
      return status === 'draft' ? 'in_review' : null;
    case 'approve':
      return status === 'in_review' ? 'approved' : null;
    case 'reject':
      return status === 'in_review' ? 'draft' : null;
    case 'schedule':
      return status === 'approved' ? 'scheduled' : null;
    case 'start':
      return status === 'scheduled' || status === 'sending' ? 'sending' : null;
    case 'finish':
      return status === 'sending' || status === 'scheduled' ? 'done' : null;
    case 'idle':
      return status === 'sending' ? 'scheduled' : null;
    case 'pause':
      return status === 'scheduled' || status === 'sending' ? 'paused' : null;
    case 'resume':
      return status === 'paused' ? (pausedFrom === 'sending' ? 'sending' : 'scheduled') : null;
    case 'cancel':
      return status === 'done' || status === 'cancelled' ? null : 'cancelled';
  }
}

/** Only these statuses ever let a message out (nothing unapproved is sent). */
export const SENDABLE_STATUSES: readonly CampaignStatus[] = ['scheduled', 'sending'];

/** A test send is allowed in any status before the campaign is over. */
export function canTestSend(status: CampaignStatus): boolean {
  return status !== 'done' && status !== 'cancelled';
}

// ---------------------------------------------------------------- festivals

const LUNAR_FESTIVALS: Partial<Record<Festival, [number, number]>> = {
  spring_festival: [1, 1],
  lantern: [1, 15],
  dragon_boat: [5, 5],
  qixi: [7, 7],
  mid_autumn: [8, 15],
  double_ninth: [9, 9],
};

const SOLAR_FESTIVALS: Partial<Record<Festival, string>> = {
  new_year: '01-01',
  womens_day: '03-08',
  labour_day: '05-01',
  childrens_day: '06-01',
  national_day: '10-01',
  doctors_day: '08-19',
};

/** The solar date (YYYY-MM-DD) of a festival in a Gregorian year; lunar ones converted by lunar-typescript. */
export function festivalDate(festival: Festival, year: number): string {
  const lunar = LUNAR_FESTIVALS[festival];
  if (lunar) {
    // The lunar year that starts in this Gregorian year: its festivals fall in this year (春节 late Jan – mid Feb).
    return Lunar.fromYmd(year, lunar[0], lunar[1]).getSolar().toYmd();
  }
  return `${year}-${SOLAR_FESTIVALS[festival]!}`;
}

// ---------------------------------------------------------------- schedules

const HM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DEFAULT_SEND_AT = '09:00';
/** Recurring campaigns may not send more often than this. */
const MIN_RECURRING_INTERVAL_MS = 3_600_000;

function cronOf(expression: string, timeZone: string): Cron {
  return new Cron(expression, { timezone: timeZone, paused: true });
}

/** Why a schedule cannot be used, or null when it can. `at`/`until` are ISO instants. */
export function scheduleProblem(schedule: CampaignSchedule, timeZone: string): string | null {
  switch (schedule.type) {
    case 'once':
      return schedule.at !== undefined && Number.isNaN(Date.parse(schedule.at)) ? 'at must be an ISO time' : null;
    case 'recurring': {
      if (schedule.cron.trim().split(/\s+/).length !== 5) return 'cron must have five fields (minute hour day month weekday)';
      let cron: Cron;
      try {
        cron = cronOf(schedule.cron, timeZone);
      } catch {
        return 'cron expression is not valid';
      }
      const runs = cron.nextRuns(2, new Date(Date.UTC(2030, 0, 1)));
      if (runs.length < 2) return 'cron expression never repeats';
      if (runs[1]!.getTime() - runs[0]!.getTime() < MIN_RECURRING_INTERVAL_MS) return 'a campaign may repeat at most once an hour';
      if (schedule.until !== undefined && Number.isNaN(Date.parse(schedule.until))) return 'until must be an ISO time';
      return null;
    }
    case 'trigger':
      if (schedule.sendAt !== undefined && !HM.test(schedule.sendAt)) return 'sendAt must be HH:mm';
      if (schedule.trigger === 'after_visit' && (!Number.isInteger(schedule.days) || schedule.days < 0 || schedule.days > 365))
        return 'days must be a whole number from 0 to 365';
      if (
        schedule.trigger === 'festival' &&
        schedule.daysBefore !== undefined &&
        (!Number.isInteger(schedule.daysBefore) || schedule.daysBefore < 0 || schedule.daysBefore > 30)
      )
        return 'daysBefore must be a whole number from 0 to 30';
      return null;
  }
}

/** One send a schedule makes: its key (unique per campaign) and when it goes. For triggers, `date` is the local day. */
export interface PlannedRun {
  runKey: string;
  at: Date;
  /** The hospital-local day of a triggered run. */
  date?: string;
}

/** The run a schedule owes at `now`, if any (the latest one due; older missed ones are not caught up). */
export function dueRun(schedule: CampaignSchedule, ctx: { scheduledAt: Date; now: Date; timeZone: string; lastRunKey: string | null }): PlannedRun | null {
  const { scheduledAt, now, timeZone } = ctx;
  switch (schedule.type) {
    case 'once': {
      if (ctx.lastRunKey) return null;
      const at = schedule.at ? new Date(schedule.at) : scheduledAt;
      return at <= now ? { runKey: 'once', at } : null;
    }
    case 'recurring': {
      const cron = cronOf(schedule.cron, timeZone);
      const until = schedule.until ? new Date(schedule.until) : null;
      // The latest occurrence after the schedule started and not later than now.
      let from = ctx.lastRunKey && !Number.isNaN(Date.parse(ctx.lastRunKey)) ? new Date(ctx.lastRunKey) : new Date(scheduledAt.getTime() - 1000);
      let last: Date | null = null;
      for (let i = 0; i < 10_000; i++) {
        const next = cron.nextRun(from);
        if (!next || next > now || (until && next > until)) break;
        last = next;
        from = next;
      }
      return last ? { runKey: last.toISOString(), at: last } : null;
    }
    case 'trigger': {
      const date = localDate(now, timeZone);
      const at = zonedInstant(date, schedule.sendAt ?? DEFAULT_SEND_AT, timeZone);
      if (at > now || ctx.lastRunKey === date) return null;
      // A trigger starts the day it was scheduled: no catching up on days before.
      if (date < localDate(scheduledAt, timeZone)) return null;
      if (schedule.trigger === 'festival') {
        const target = addDays(date, schedule.daysBefore ?? 0);
        if (festivalDate(schedule.festival, Number(target.slice(0, 4))) !== target) return null;
      }
      return { runKey: date, at, date };
    }
  }
}

/** Every send a schedule plans in [from, to) (the calendar and "next runs"), at most `limit`. */
export function plannedRuns(
  schedule: CampaignSchedule,
  ctx: { from: Date; to: Date; timeZone: string; scheduledAt: Date | null; limit?: number },
): PlannedRun[] {
  const { from, to, timeZone } = ctx;
  const limit = ctx.limit ?? 1000;
  const out: PlannedRun[] = [];
  switch (schedule.type) {
    case 'once': {
      const at = schedule.at ? new Date(schedule.at) : ctx.scheduledAt;
      if (at && at >= from && at < to) out.push({ runKey: 'once', at });
      return out;
    }
    case 'recurring': {
      const cron = cronOf(schedule.cron, timeZone);
      const until = schedule.until ? new Date(schedule.until) : null;
      let cursor = new Date(from.getTime() - 1000);
      while (out.length < limit) {
        const next = cron.nextRun(cursor);
        if (!next || next >= to || (until && next > until)) break;
        if (next >= from) out.push({ runKey: next.toISOString(), at: next });
        cursor = next;
      }
      return out;
    }
    case 'trigger': {
      for (let date = localDate(from, timeZone); out.length < limit; date = addDays(date, 1)) {
        const at = zonedInstant(date, schedule.sendAt ?? DEFAULT_SEND_AT, timeZone);
        if (at >= to) break;
        if (at < from) continue;
        if (schedule.trigger === 'festival') {
          const target = addDays(date, schedule.daysBefore ?? 0);
          if (festivalDate(schedule.festival, Number(target.slice(0, 4))) !== target) continue;
        }
        out.push({ runKey: date, at, date });
      }
      return out;
    }
  }
}

/** The next send a schedule will make after `now` (a festival may be up to a year away). */
export function nextRunAt(schedule: CampaignSchedule, ctx: { now: Date; timeZone: string; scheduledAt: Date | null }): Date | null {
  const horizon = schedule.type === 'trigger' && schedule.trigger === 'festival' ? 400 : 40;
  const runs = plannedRuns(schedule, {
    from: ctx.now,
    to: new Date(ctx.now.getTime() + horizon * 86_400_000),
    timeZone: ctx.timeZone,
    scheduledAt: ctx.scheduledAt,
    limit: 1,
  });
  return runs[0]?.at ?? null;
}

/** The trigger's own condition on the day of a run (ANDed with the segment's rule). */
export function triggerCondition(schedule: CampaignSchedule, date: string): SegmentCondition | null {
  if (schedule.type !== 'trigger') return null;
  if (schedule.trigger === 'birthday') return { field: 'birthMonthDay', op: 'eq', value: date.slice(5) };
  if (schedule.trigger === 'after_visit') {
    // Without a department: the patient's last visit (any department) was that many days ago.
    if (!schedule.departmentId) return { field: 'lastVisitDaysAgo', op: 'eq', value: schedule.days };
    return { field: 'visitedDepartmentOn', op: 'eq', value: { departmentId: schedule.departmentId, date: addDays(date, -schedule.days) } };
  }
  return null;
}

/** The dedupe key of one patient's message: once per campaign, or once per run for recurring and triggered ones. */
export function recipientKey(campaignId: string, runKey: string, patientId: string): string {
  return runKey === 'once' ? `campaign:${campaignId}:${patientId}` : `campaign:${campaignId}:${runKey}:${patientId}`;
}

export const campaignSource = (campaignId: string): string => `campaign:${campaignId}`;

// ---------------------------------------------------------------- conversions

/** The conversion window: a booking (or registration, answer) this long after a send counts for the campaign. */
export const CONVERSION_WINDOW_MS = 7 * 86_400_000;

/**
 * Who converted: a patient with an action in [sentAt, sentAt + windowMs) of one of their sends (recurring and
 * triggered campaigns send more than once). An action before the message came, or after the window, does not count.
 */
export function convertedPatients(
  sends: readonly { patientId: string; sentAt: Date }[],
  actions: readonly { patientId: string; at: Date }[],
  windowMs: number,
): Set<string> {
  const byPatient = new Map<string, number[]>();
  for (const s of sends) byPatient.set(s.patientId, [...(byPatient.get(s.patientId) ?? []), s.sentAt.getTime()]);
  const who = new Set<string>();
  for (const a of actions) {
    const at = a.at.getTime();
    if (byPatient.get(a.patientId)?.some((sent) => at >= sent && at < sent + windowMs)) who.add(a.patientId);
  }
  return who;
}
