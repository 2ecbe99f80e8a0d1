/** The hospital's cancellation rule as pure arithmetic (money in integer fen). */
export interface RefundPolicy {
  /** Cancelled at least this many hours before the visit → everything still refundable comes back. */
  fullRefundHours: number;
  /** Later than that → this percentage of the fee. */
  latePercent: number;
}

/**
 * What cancelling gives back: the patient cancelling gets everything still refundable up to `fullRefundHours`
 * before the visit, then `latePercent` of the fee (never more than is left); the hospital or staff cancelling
 * always gives back everything left.
 */
export function refundOnCancel(input: {
  paid: number;
  alreadyBack: number;
  startsAt: Date;
  now: Date;
  by: 'patient' | 'staff' | 'hospital';
  policy: RefundPolicy;
}): number {
  const left = Math.max(0, input.paid - input.alreadyBack);
  if (input.by !== 'patient') return left;
  const hoursBefore = (input.startsAt.getTime() - input.now.getTime()) / 3_600_000;
  const share = hoursBefore >= input.policy.fullRefundHours ? 100 : input.policy.latePercent;
  return Math.min(left, Math.floor((input.paid * share) / 100));
}

/** The reminders a confirmed appointment gets, and when each is due (none in the past). */
export const REMINDERS = [
  { key: 'day-before', lead: 'day_before', beforeMs: 24 * 3_600_000 },
  { key: 'two-hours-before', lead: 'two_hours_before', beforeMs: 2 * 3_600_000 },
] as const;

export function reminderTimes(startsAt: Date, now: Date): { key: (typeof REMINDERS)[number]['key']; lead: (typeof REMINDERS)[number]['lead']; at: Date }[] {
  return REMINDERS.map((r) => ({ key: r.key, lead: r.lead, at: new Date(startsAt.getTime() - r.beforeMs) })).filter((r) => r.at > now);
}

/** A confirmed appointment nobody checked in for becomes a no-show this long after it ended. */
export const NO_SHOW_AFTER_MS = 60 * 60_000;

export function noShowAt(endsAt: Date): Date {
  return new Date(endsAt.getTime() + NO_SHOW_AFTER_MS);
}

/** Check-in codes in the QR: no 0/O/1/I, unguessable (32¹⁰). */
export const QR_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const QR_CODE_LENGTH = 10;
/** The number read aloud: six digits (a million per hospital day, drawn at random among the day's free ones). */
export const CHECK_IN_NUMBER_DIGITS = 6;

export function newQrCode(random: (below: number) => number): string {
  let code = '';
  for (let i = 0; i < QR_CODE_LENGTH; i++) code += QR_CODE_ALPHABET[random(QR_CODE_ALPHABET.length)];
  return code;
}

export function newCheckInNumber(random: (below: number) => number): string {
  return String(random(10 ** CHECK_IN_NUMBER_DIGITS)).padStart(CHECK_IN_NUMBER_DIGITS, '0');
}

/**
 * What the front desk typed or scanned: the QR's code (any case, spaces and dashes ignored), or the number the patient
 * read aloud (spaces ignored, full-width digits from a Chinese keyboard accepted); null for anything else.
 */
export function parseCheckInInput(input: string): { kind: 'qr'; code: string } | { kind: 'number'; number: string } | null {
  const compact = input.replace(/[\s\u3000-]/g, '').replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (new RegExp(`^\\d{${CHECK_IN_NUMBER_DIGITS}}$`).test(compact)) return { kind: 'number', number: compact };
  const upper = compact.toUpperCase();
  if (new RegExp(`^[${QR_CODE_ALPHABET}]{${QR_CODE_LENGTH}}$`).test(upper)) return { kind: 'qr', code: upper };
  return null;
}

/**
 * The order in which a hold tries the places of a patient's day (1 … limit, see `Appointment.dailyKey`): after the one
 * this instance saw taken last, then from the first, so a patient's next booking of the day usually takes the first
 * place it tries, and a place given back by a cancel is found too.
 */
export function dailyPlaces(limit: number, lastTaken: number | undefined): number[] {
  const all = Array.from({ length: Math.max(0, limit) }, (_, i) => i + 1);
  if (!lastTaken || lastTaken >= limit) return all;
  return [...all.slice(lastTaken), ...all.slice(0, lastTaken)];
}
