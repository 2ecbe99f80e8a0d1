import type { ClubClosedReason, ClubEventInput } from './api/club.js';
import { MEMBER_TIERS, type MemberTier } from './enums.js';

/** Hours a promoted patient has to confirm a seat offered from the waitlist (never past the start). */
export const CLUB_OFFER_HOURS = 24;
/** Minutes a patient has to pay a registration's fee (the seat is held meanwhile). */
export const CLUB_PAY_MINUTES = 30;
/** A paid seat cancelled at least this long before the start gets the fee back in full; later, nothing. */
export const CLUB_REFUND_HOURS = 24;
/** Staff may check people in from this long before the start until the end. */
export const CLUB_CHECK_IN_EARLY_MINUTES = 120;

/** One problem with an event as entered: the field and a code the console words. */
export interface ClubEventProblem {
  field: keyof ClubEventInput;
  code: 'required' | 'range' | 'order' | 'fee_and_points' | 'tier';
}

const ms = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : Number.NaN);

/** Every problem with an event's fields (empty: fine). The server refuses with these; the console shows them first. */
export function checkClubEvent(e: ClubEventInput): ClubEventProblem[] {
  const problems: ClubEventProblem[] = [];
  if (!e.title?.trim()) problems.push({ field: 'title', code: 'required' });
  const starts = ms(e.startsAt);
  const ends = ms(e.endsAt);
  if (Number.isNaN(starts)) problems.push({ field: 'startsAt', code: 'required' });
  if (Number.isNaN(ends)) problems.push({ field: 'endsAt', code: 'required' });
  else if (!Number.isNaN(starts) && ends <= starts) problems.push({ field: 'endsAt', code: 'order' });
  if (!Number.isInteger(e.capacity) || e.capacity < 1 || e.capacity > 100_000) problems.push({ field: 'capacity', code: 'range' });
  if (e.fee !== undefined && (!Number.isInteger(e.fee) || e.fee < 0 || e.fee > 10_000_000)) problems.push({ field: 'fee', code: 'range' });
  if (e.pointsCost !== undefined && (!Number.isInteger(e.pointsCost) || e.pointsCost < 0 || e.pointsCost > 1_000_000))
    problems.push({ field: 'pointsCost', code: 'range' });
  if ((e.fee ?? 0) > 0 && (e.pointsCost ?? 0) > 0) problems.push({ field: 'pointsCost', code: 'fee_and_points' });
  if (e.eligibleTiers?.some((t) => !(MEMBER_TIERS as readonly string[]).includes(t))) problems.push({ field: 'eligibleTiers', code: 'tier' });
  const closes = e.registrationClosesAt ? ms(e.registrationClosesAt) : starts;
  const opens = e.registrationOpensAt ? ms(e.registrationOpensAt) : Number.NaN;
  if (e.registrationClosesAt && Number.isNaN(closes)) problems.push({ field: 'registrationClosesAt', code: 'required' });
  else if (!Number.isNaN(starts) && closes > starts) problems.push({ field: 'registrationClosesAt', code: 'order' });
  if (e.registrationOpensAt && Number.isNaN(opens)) problems.push({ field: 'registrationOpensAt', code: 'required' });
  else if (!Number.isNaN(opens) && !Number.isNaN(closes) && opens >= closes) problems.push({ field: 'registrationOpensAt', code: 'order' });
  return problems;
}

/** The facts of an event that decide whether a patient may register now. */
export interface ClubEventFacts {
  status: 'draft' | 'published' | 'cancelled';
  eligibleTiers: readonly MemberTier[];
  registrationOpensAt: Date | null;
  registrationClosesAt: Date;
}

/** Why a patient of `tier` cannot register at `now` (null: they can). Tiers first: it is what they can change. */
export function clubClosedReason(e: ClubEventFacts, tier: MemberTier, now: Date): ClubClosedReason | null {
  if (e.status === 'cancelled') return { code: 'cancelled' };
  if (e.eligibleTiers.length && !e.eligibleTiers.includes(tier)) return { code: 'tier', tiers: [...e.eligibleTiers] };
  if (now >= e.registrationClosesAt) return { code: 'closed' };
  if (e.registrationOpensAt && now < e.registrationOpensAt) return { code: 'not_open_yet', opensAt: e.registrationOpensAt.toISOString() };
  return null;
}

/** Until when a seat offered from the waitlist at `now` waits for its confirmation. */
export function clubOfferExpiry(now: Date, startsAt: Date): Date {
  return new Date(Math.min(now.getTime() + CLUB_OFFER_HOURS * 3_600_000, startsAt.getTime()));
}

/** What a cancellation at `now` gives back of a paid fee: all of it a day or more before the start, nothing later. */
export function clubRefundOnCancel(fee: number, now: Date, startsAt: Date): number {
  return startsAt.getTime() - now.getTime() >= CLUB_REFUND_HOURS * 3_600_000 ? fee : 0;
}
