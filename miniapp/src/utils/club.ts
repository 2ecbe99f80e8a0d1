import {
  clubRefundOnCancel,
  MEMBER_TIER_LABELS,
  type ClubClosedReason,
  type ClubEventInput,
  type ClubEventProblem,
  type ClubRegistrationStatus,
  type Locale,
  type MemberTier,
} from '@yiban/shared';
import type { MessageKey } from '../i18n';
import { clockTime, formatDate, hospitalDate, hospitalOffsetMinutes, timeRange } from './clinic-time';
import { formatFen, parseYuan } from './money';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** "黄金、白金" / "Gold, Platinum": tier names in the reader's language. */
export function tierNames(tiers: readonly MemberTier[], locale: Locale): string {
  return tiers.map((tier) => MEMBER_TIER_LABELS[tier][locale === 'en' ? 'en' : 'zh']).join(locale === 'en' ? ', ' : '、');
}

/** "12月1日 周二 14:30" / "Tue 1 Dec, 14:30" in hospital time. */
export function clubWhen(iso: string, locale: Locale): string {
  return `${formatDate(hospitalDate(iso), locale)}${locale === 'en' ? ', ' : ' '}${clockTime(iso)}`;
}

/** When an event runs: one day with a time range, or from one moment to another. */
export function clubEventTime(startsAt: string, endsAt: string, locale: Locale): string {
  if (hospitalDate(startsAt) === hospitalDate(endsAt))
    return `${formatDate(hospitalDate(startsAt), locale)}${locale === 'en' ? ', ' : ' '}${timeRange(startsAt, endsAt)}`;
  return `${clubWhen(startsAt, locale)} – ${clubWhen(endsAt, locale)}`;
}

/** What the event costs: a fee, a points price, or nothing. */
export function clubPrice(e: { fee: number; pointsCost: number }, t: T): string {
  if (e.fee > 0) return formatFen(e.fee);
  if (e.pointsCost > 0) return t('club.pointsPrice', { n: e.pointsCost });
  return t('club.free');
}

/** Why the patient cannot register, in their language (tiers named). */
export function closedReasonText(reason: ClubClosedReason, t: T, locale: Locale): string {
  switch (reason.code) {
    case 'tier':
      return t('club.reason.tier', { tiers: tierNames(reason.tiers, locale) });
    case 'not_open_yet':
      return t('club.reason.not_open_yet', { time: clubWhen(reason.opensAt, locale) });
    case 'closed':
      return t('club.reason.closed');
    case 'cancelled':
      return t('club.reason.cancelled');
  }
}

export const statusKey = (status: ClubRegistrationStatus) => `club.status.${status}` as MessageKey;

export function statusTone(status: ClubRegistrationStatus): 'good' | 'attention' | 'neutral' | 'bad' {
  if (status === 'registered' || status === 'attended') return 'good';
  if (status === 'pending_payment' || status === 'offered') return 'attention';
  if (status === 'waitlisted') return 'neutral';
  return 'bad';
}

/** What cancelling gives back, said before the patient confirms (CLUB_REFUND_HOURS: all a day or more before, none later). */
export function cancelPreview(r: { status: ClubRegistrationStatus; fee: number; pointsSpent: number }, startsAt: string, now: Date, t: T): string {
  if (r.status === 'waitlisted') return t('club.cancelFree');
  const paidFee = r.status === 'pending_payment' || r.status === 'offered' ? 0 : r.fee;
  const parts = [paidFee > 0 ? formatFen(paidFee) : null, r.pointsSpent > 0 ? t('club.pointsPrice', { n: r.pointsSpent }) : null].filter(Boolean);
  if (!parts.length) return r.status === 'pending_payment' ? t('club.cancelUnpaid') : t('club.cancelFree');
  const amount = parts.join(' + ');
  const start = new Date(startsAt);
  const full = clubRefundOnCancel(1, now, start) > 0;
  return t(full ? 'club.cancelFull' : 'club.cancelLate', { amount });
}

// ---------------------------------------------------------------- the console's form

export type PriceMode = 'free' | 'fee' | 'points';

/** The event form as staff type it: times as "YYYY-MM-DD HH:mm" in hospital time, the fee in yuan. */
export interface ClubEventForm {
  title: string;
  titleEn: string;
  kind: ClubEventInput['kind'];
  description: string;
  descriptionEn: string;
  startsAt: string;
  endsAt: string;
  online: boolean;
  venue: string;
  venueEn: string;
  capacity: string;
  eligibleTiers: MemberTier[];
  price: PriceMode;
  feeYuan: string;
  pointsCost: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
}

export function blankClubEventForm(): ClubEventForm {
  return {
    title: '',
    titleEn: '',
    kind: 'lecture',
    description: '',
    descriptionEn: '',
    startsAt: '',
    endsAt: '',
    online: false,
    venue: '',
    venueEn: '',
    capacity: '30',
    eligibleTiers: [],
    price: 'free',
    feeYuan: '',
    pointsCost: '',
    registrationOpensAt: '',
    registrationClosesAt: '',
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

function offsetText(minutes: number): string {
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "2026-12-01 14:30" (hospital time) → an ISO instant with the hospital's offset; "" for empty; "invalid" when not a time. */
export function instantFromText(text: string, offset = hospitalOffsetMinutes()): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2}):(\d{2})$/.exec(trimmed);
  if (!m) return 'invalid';
  const [, y, mo, d, h, mi] = m as unknown as [string, string, string, string, string, string];
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59) return 'invalid';
  return `${y}-${pad(Number(mo))}-${pad(Number(d))}T${pad(Number(h))}:${mi}:00${offsetText(offset)}`;
}

/** An instant → "2026-12-01 14:30" in hospital time (to edit). */
export function textFromInstant(iso: string | null | undefined, offset = hospitalOffsetMinutes()): string {
  if (!iso) return '';
  return `${hospitalDate(iso, offset)} ${clockTime(iso, offset)}`;
}

/** The form as the API takes it, and whether the fee typed is an amount. */
export function clubEventInput(form: ClubEventForm): { input: ClubEventInput; feeInvalid: boolean } {
  const fee = form.price === 'fee' ? parseYuan(form.feeYuan) : 0;
  const points = form.price === 'points' ? Number.parseInt(form.pointsCost, 10) : 0;
  const opens = instantFromText(form.registrationOpensAt);
  const closes = instantFromText(form.registrationClosesAt);
  const input: ClubEventInput = {
    title: form.title.trim(),
    ...(form.titleEn.trim() && { titleEn: form.titleEn.trim() }),
    kind: form.kind,
    ...(form.description.trim() && { description: form.description.trim() }),
    ...(form.descriptionEn.trim() && { descriptionEn: form.descriptionEn.trim() }),
    startsAt: instantFromText(form.startsAt),
    endsAt: instantFromText(form.endsAt),
    online: form.online,
    ...(!form.online && form.venue.trim() && { venue: form.venue.trim() }),
    ...(!form.online && form.venueEn.trim() && { venueEn: form.venueEn.trim() }),
    capacity: Number(form.capacity.trim() || Number.NaN),
    eligibleTiers: form.eligibleTiers,
    fee: fee ?? 0,
    pointsCost: Number.isNaN(points) ? -1 : points,
    ...(opens && { registrationOpensAt: opens }),
    ...(closes && { registrationClosesAt: closes }),
  };
  return { input, feeInvalid: form.price === 'fee' && (fee === null || fee <= 0) };
}

/** An event as staff see it, back into the form (to edit). */
export function formFromEvent(e: {
  title: string;
  titleEn: string | null;
  kind: ClubEventInput['kind'];
  description: string | null;
  descriptionEn: string | null;
  startsAt: string;
  endsAt: string;
  online: boolean;
  venue: string | null;
  venueEn: string | null;
  capacity: number;
  eligibleTiers: MemberTier[];
  fee: number;
  pointsCost: number;
  registrationOpensAt: string | null;
  registrationClosesAt: string;
}): ClubEventForm {
  return {
    title: e.title,
    titleEn: e.titleEn ?? '',
    kind: e.kind,
    description: e.description ?? '',
    descriptionEn: e.descriptionEn ?? '',
    startsAt: textFromInstant(e.startsAt),
    endsAt: textFromInstant(e.endsAt),
    online: e.online,
    venue: e.venue ?? '',
    venueEn: e.venueEn ?? '',
    capacity: String(e.capacity),
    eligibleTiers: [...e.eligibleTiers],
    price: e.fee > 0 ? 'fee' : e.pointsCost > 0 ? 'points' : 'free',
    feeYuan: e.fee > 0 ? (e.fee / 100).toFixed(2).replace(/\.00$/, '') : '',
    pointsCost: e.pointsCost > 0 ? String(e.pointsCost) : '',
    registrationOpensAt: textFromInstant(e.registrationOpensAt),
    registrationClosesAt: e.registrationClosesAt === e.startsAt ? '' : textFromInstant(e.registrationClosesAt),
  };
}

/** Problems grouped by field (the shared check's and the server's EVENT_INVALID, the same shape). */
export function problemsByField(problems: readonly ClubEventProblem[]): Map<string, ClubEventProblem[]> {
  const out = new Map<string, ClubEventProblem[]>();
  for (const p of problems) out.set(p.field, [...(out.get(p.field) ?? []), p]);
  return out;
}
