import type { BreakGlassGrantView } from '@yiban/shared';

/**
 * Breaking the glass: a staff member opens a patient's record outside their care for a while, giving a reason
 * (the server takes 5–500 characters with something visible in them; admins read every reason).
 */
export const BREAK_GLASS_REASON_MIN_CHARS = 5;
export const BREAK_GLASS_REASON_MAX_CHARS = 500;

/** Spaces of every width and zero-width characters: they do not make a reason. */
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF\u3000]/gu;

/** Characters a reader would see (a Chinese character or an emoji counts as one). */
export function visibleChars(text: string): number {
  return [...text.replace(INVISIBLE, '')].length;
}

export type ReasonProblem = 'blank' | 'tooShort' | 'tooLong';

/** What stops a reason from being sent, checked before the server sees it (it is sent trimmed). */
export function reasonProblem(reason: string): ReasonProblem | null {
  const visible = visibleChars(reason);
  if (visible === 0) return 'blank';
  if (visible < BREAK_GLASS_REASON_MIN_CHARS) return 'tooShort';
  if ([...reason.trim()].length > BREAK_GLASS_REASON_MAX_CHARS) return 'tooLong';
  return null;
}

export type GrantState = 'open' | 'ended';

/** A grant opens the record until `expiresAt` (the server's rule: still open while expiresAt is after now). */
export function grantState(grant: Pick<BreakGlassGrantView, 'expiresAt'>, now: Date): GrantState {
  const ends = new Date(grant.expiresAt).getTime();
  return Number.isFinite(ends) && ends > now.getTime() ? 'open' : 'ended';
}

/** Whole minutes left, rounded up (59:01 left → 60); 0 once ended. */
export function minutesLeft(expiresAt: string, now: Date): number {
  const left = new Date(expiresAt).getTime() - now.getTime();
  return Number.isFinite(left) && left > 0 ? Math.ceil(left / 60_000) : 0;
}
