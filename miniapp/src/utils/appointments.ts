import { localized, type AppointmentStatus, type AppointmentView, type Locale, type WaitlistStatus } from '@yiban/shared';
import type { MessageKey } from '../i18n';

/** Statuses where the visit is still ahead of the patient. */
const ONGOING: readonly AppointmentStatus[] = ['pending_payment', 'confirmed', 'checked_in'];

/** Upcoming: still to happen (or happening now). Past: everything that has ended one way or another. */
export function isUpcoming(a: Pick<AppointmentView, 'status' | 'endsAt'>, now: Date): boolean {
  return ONGOING.includes(a.status) && new Date(a.endsAt).getTime() > now.getTime();
}

/** My appointments' two tabs: upcoming soonest first, past most recent first. */
export function splitAppointments<T extends Pick<AppointmentView, 'status' | 'endsAt' | 'startsAt'>>(
  list: readonly T[],
  now: Date,
): { upcoming: T[]; past: T[] } {
  const upcoming = list.filter((a) => isUpcoming(a, now)).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = list.filter((a) => !isUpcoming(a, now)).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  return { upcoming, past };
}

export type StatusTone = 'good' | 'attention' | 'neutral' | 'bad';

/** A status in words (i18n key) and how it is coloured. */
export function statusLabel(status: AppointmentStatus): { key: MessageKey; tone: StatusTone } {
  switch (status) {
    case 'pending_payment':
      return { key: 'appt.status.pending_payment', tone: 'attention' };
    case 'confirmed':
      return { key: 'appt.status.confirmed', tone: 'good' };
    case 'checked_in':
      return { key: 'appt.status.checked_in', tone: 'good' };
    case 'completed':
      return { key: 'appt.status.completed', tone: 'neutral' };
    case 'cancelled':
      return { key: 'appt.status.cancelled', tone: 'neutral' };
    case 'expired':
      return { key: 'appt.status.expired', tone: 'neutral' };
    case 'no_show':
      return { key: 'appt.status.no_show', tone: 'bad' };
    case 'refunded':
      return { key: 'appt.status.refunded', tone: 'neutral' };
  }
}

export function waitlistStatusKey(status: WaitlistStatus): MessageKey {
  switch (status) {
    case 'waiting':
      return 'waitlist.status.waiting';
    case 'offered':
      return 'waitlist.status.offered';
    case 'booked':
      return 'waitlist.status.booked';
    case 'declined':
      return 'waitlist.status.declined';
    case 'expired':
      return 'waitlist.status.expired';
    case 'cancelled':
      return 'waitlist.status.cancelled';
  }
}

/** What the patient can do with an appointment now; the server has the last word on each. */
export function appointmentActions(a: AppointmentView, now: Date): { pay: boolean; cancel: boolean; reschedule: boolean; showCode: boolean } {
  const ahead = new Date(a.startsAt).getTime() > now.getTime();
  const holdLeft = !a.holdExpiresAt || new Date(a.holdExpiresAt).getTime() > now.getTime();
  return {
    pay: a.status === 'pending_payment' && holdLeft,
    cancel: a.refundIfCancelled !== null && (a.status === 'pending_payment' || a.status === 'confirmed'),
    reschedule: a.status === 'confirmed' && ahead,
    showCode: !!a.checkInCode && (a.status === 'confirmed' || a.status === 'checked_in'),
  };
}

/**
 * Why a cancelled appointment is cancelled, in the reader's language: the canceller's own words when they gave some,
 * else a worded default for who cancelled it; null when not cancelled (or an old record says nothing).
 */
export function cancelNote(a: Pick<AppointmentView, 'status' | 'cancelReason' | 'cancelledBy'>): { key: MessageKey; params?: Record<string, string> } | null {
  if (a.status !== 'cancelled' && a.status !== 'refunded') return null;
  const reason = a.cancelReason?.trim();
  if (reason) return { key: 'appt.cancelReason', params: { reason } };
  switch (a.cancelledBy) {
    case 'patient':
      return { key: 'appt.cancelledBy.patient' };
    case 'staff':
      return { key: 'appt.cancelledBy.staff' };
    case 'hospital':
      return { key: 'appt.cancelledBy.hospital' };
    default:
      return null;
  }
}

/** The money line of an appointment: nothing to pay, to pay, paid, refunding, refunded. */
export function paymentState(
  a: AppointmentView,
): { state: 'free' } | { state: 'unpaid' } | { state: 'paid' } | { state: 'refunding'; amount: number } | { state: 'refunded'; amount: number } {
  if (a.fee === 0 && !a.payment) return { state: 'free' };
  const p = a.payment;
  if (!p || p.status === 'pending' || p.status === 'closed') return { state: 'unpaid' };
  if (p.refundPending > 0) return { state: 'refunding', amount: p.refundPending + p.refunded };
  if (p.refunded > 0) return { state: 'refunded', amount: p.refunded };
  return { state: 'paid' };
}

/** The doctor's or department's name in the patient's language, by the catalogue's one fallback rule (`localized`). */
export function localName(names: { zh: string; en: string | null | undefined }, locale: Locale): string {
  return localized(names.zh, names.en, locale).value;
}

/** Where the visit is, in the reader's language, and whether that had to be the Chinese (the page marks it). */
export function placeOf(a: Pick<AppointmentView, 'location' | 'locationEn'>, locale: Locale): { text: string; fallback: boolean } {
  const { value, fallback } = localized(a.location, a.locationEn, locale);
  return { text: value, fallback };
}

/** One key per attempt to book: a retried tap after an unknown outcome is answered with the first booking. */
export function newIdempotencyKey(prefix: string, random: () => number = Math.random, now: () => number = Date.now): string {
  let tail = '';
  for (let i = 0; i < 16; i++) tail += Math.floor(random() * 36).toString(36);
  return `${prefix}-${now().toString(36)}-${tail}`;
}
