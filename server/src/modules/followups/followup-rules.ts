import { type FollowupMatch, type FollowupOutcome, type FollowupStep, type FollowupStepKind, type FollowupTaskStatus } from '@yiban/shared';
import { addDays } from '../../common/time/zoned-time.js';

/** A call not answered is tried again the next day, at most this many times in all. */
export const MAX_CALL_ATTEMPTS = 3;

/** How long a follow-up questionnaire stays answerable. */
export const QUESTIONNAIRE_OPEN_DAYS = 3;

/** The hour (hospital time) a step's message goes out on its day. */
export const STEP_HOUR = '09:00';

/** Each step's date: the start date plus its offset, in hospital calendar days (no clock arithmetic, so no 23-hour days). */
export function scheduleSteps(startsOn: string, steps: readonly FollowupStep[]): { index: number; step: FollowupStep; dueOn: string }[] {
  return steps.map((step, index) => ({ index, step, dueOn: addDays(startsOn, step.offsetDays) }));
}

const OUTCOMES: Record<FollowupStepKind, readonly FollowupOutcome[]> = {
  call: ['reached', 'reached_concern', 'no_answer', 'wrong_number', 'declined'],
  questionnaire: ['answered_by_phone', 'not_reached', 'declined'],
  reminder: ['sent', 'reached', 'not_reached'],
  revisit: ['booked', 'declined', 'not_reached', 'reached'],
  education: ['sent', 'reached', 'not_reached'],
};
const ESCALATION_OUTCOMES: readonly FollowupOutcome[] = ['reached', 'referred_to_doctor', 'advised_visit', 'advised_emergency', 'no_answer', 'wrong_number'];

/** The outcomes staff may record for a task (an escalation's are about the red flag). */
export function allowedOutcomes(task: { kind: FollowupStepKind; escalated: boolean }): readonly FollowupOutcome[] {
  return task.escalated ? ESCALATION_OUTCOMES : OUTCOMES[task.kind];
}

/**
 * What recording an outcome does: a call not answered stays open and moves to the next day until the last try (an
 * escalation moves too: it is not dropped for one missed call); anything else closes the task.
 */
export function applyOutcome(
  task: { kind: FollowupStepKind; escalated: boolean; attempts: number; dueOn: string },
  outcome: FollowupOutcome,
  today: string,
): { status: FollowupTaskStatus; attempts: number; dueOn: string } {
  const attempts = task.attempts + 1;
  if (outcome === 'no_answer' && attempts < MAX_CALL_ATTEMPTS) return { status: 'pending', attempts, dueOn: addDays(today, 1) };
  return { status: 'done', attempts, dueOn: task.dueOn };
}

/** Whether a visit enrols a patient on a template automatically. */
export function matchesVisit(
  match: FollowupMatch,
  visit: { encounterClass: 'outpatient' | 'inpatient'; departmentId: string },
  diagnoses: readonly string[],
): boolean {
  if (!match.on) return false;
  if ((match.on === 'discharge') !== (visit.encounterClass === 'inpatient')) return false;
  if (match.departmentIds.length && !match.departmentIds.includes(visit.departmentId)) return false;
  if (match.diagnosisPrefixes.length && !diagnoses.some((d) => match.diagnosisPrefixes.some((p) => d.startsWith(p)))) return false;
  return true;
}

/** A date a task may be moved to: from today to a year ahead. */
export function validRescheduleDate(dueOn: string, today: string): boolean {
  return dueOn >= today && dueOn <= addDays(today, 366);
}
