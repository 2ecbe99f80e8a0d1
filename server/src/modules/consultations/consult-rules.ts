/** The consultation desk's timing and assignment rules, as pure functions of the clock and the settings. */

/** The first answer is due this long after the question starts waiting for the doctor (the SLA); then it is overdue and escalated. */
export function firstResponseDue(waitingSince: Date, firstResponseMinutes: number): Date {
  return new Date(waitingSince.getTime() + firstResponseMinutes * 60_000);
}

/** Doctors get half the first-response target to claim a pool question themselves; then it is assigned. */
export function autoAssignAt(waitingSince: Date, firstResponseMinutes: number): Date {
  return new Date(waitingSince.getTime() + (firstResponseMinutes * 60_000) / 2);
}

/** A consultation waiting for the patient closes by itself this long after the last staff answer. */
export function autoCloseAt(answeredAt: Date, autoCloseHours: number): Date {
  return new Date(answeredAt.getTime() + autoCloseHours * 3_600_000);
}

/**
 * Whether arming the auto-close for `closeAt` needs a job of its own. A consultation whose close is armed already
 * (`armedAt`) has a job due at or before that time, and the job re-arms itself for a later close when it finds one:
 * so a further answer moving the close later needs none (one job per waiting period, not one per answer).
 */
export function needsAutoCloseJob(armedAt: Date | null, closeAt: Date): boolean {
  return !armedAt || armedAt > closeAt;
}

/** Whether a question waiting since `dueAt`'s target is overdue at `now` (not once it has been answered). */
export function isOverdue(now: Date, dueAt: Date | null, answered: boolean): boolean {
  return !answered && !!dueAt && dueAt <= now;
}

/**
 * The doctor a pool question goes to: the least busy one under the cap (ties by id, so every instance picks the same);
 * null when everyone is at the cap (it stays in the pool and escalation tells the lead).
 */
export function pickLeastBusy(doctors: { id: string; open: number }[], cap: number): string | null {
  const pick = doctors.filter((d) => d.open < cap).sort((a, b) => a.open - b.open || a.id.localeCompare(b.id))[0];
  return pick?.id ?? null;
}
