import type { MemberTier } from '../enums.js';
import type { RequestPaymentParams } from './booking.js';

/** VIP club events (VIP 俱乐部活动): lectures, salons, festival days, expert forums. */
export const CLUB_EVENT_KINDS = ['lecture', 'salon', 'festival', 'forum'] as const;
export type ClubEventKind = (typeof CLUB_EVENT_KINDS)[number];

export type ClubEventStatus = 'draft' | 'published' | 'cancelled';

/**
 * A registration's life: a seat is held (`registered`, or `pending_payment` until the fee is paid); a full event puts
 * the patient on the waitlist (`waitlisted`, with their place); a cancellation offers the seat to the first waiting
 * (`offered` until `offerExpiresAt`, then confirmed or `expired`); at the door staff scan the code (`attended`).
 */
export const CLUB_REGISTRATION_STATUSES = ['pending_payment', 'registered', 'waitlisted', 'offered', 'attended', 'cancelled', 'expired'] as const;
export type ClubRegistrationStatus = (typeof CLUB_REGISTRATION_STATUSES)[number];

/** Statuses that hold a seat. */
export const SEAT_HOLDING_STATUSES: readonly ClubRegistrationStatus[] = ['pending_payment', 'registered', 'offered', 'attended'];

/** `POST /api/v1/events` and `PUT /api/v1/events/{id}` (marketing, admin). */
export interface ClubEventInput {
  title: string;
  titleEn?: string | null;
  kind: ClubEventKind;
  description?: string | null;
  /** For English readers (optional, as `titleEn`: without it they read the Chinese). */
  descriptionEn?: string | null;
  startsAt: string;
  endsAt: string;
  /** A place (e.g. 门诊楼 5 楼报告厅); null when online. */
  venue?: string | null;
  venueEn?: string | null;
  online?: boolean;
  capacity: number;
  /** Null or empty: everyone. */
  eligibleTiers?: MemberTier[] | null;
  /** Fen, through the one checkout. */
  fee?: number;
  /** A points price instead of (never with) a fee. */
  pointsCost?: number;
  registrationOpensAt?: string | null;
  /** Default: when the event starts. */
  registrationClosesAt?: string | null;
}

/** Why a patient cannot register (the page says it in their language). */
export type ClubClosedReason = { code: 'tier'; tiers: MemberTier[] } | { code: 'not_open_yet'; opensAt: string } | { code: 'closed' } | { code: 'cancelled' };

/** An event as a patient sees it. */
export interface ClubEventView {
  id: string;
  title: string;
  kind: ClubEventKind;
  description: string | null;
  startsAt: string;
  endsAt: string;
  venue: string | null;
  online: boolean;
  capacity: number;
  /** Seats not held. */
  remaining: number;
  waitlisted: number;
  eligibleTiers: MemberTier[];
  fee: number;
  pointsCost: number;
  registrationOpensAt: string | null;
  registrationClosesAt: string;
  eligible: boolean;
  /** Set when the patient cannot register now, and why. */
  closedReason: ClubClosedReason | null;
  /** The acting profile's registration, if any (not cancelled). */
  mine: ClubRegistrationView | null;
}

export interface ClubRegistrationView {
  id: string;
  eventId: string;
  status: ClubRegistrationStatus;
  /** Waitlisted: how many are ahead (0 = next). */
  ahead?: number;
  /** Offered: confirm before this. */
  offerExpiresAt?: string | null;
  /** Pending payment: pay before this. */
  payBefore?: string | null;
  /** Shown as a QR code at the door once the seat is the patient's. */
  checkInCode?: string;
  fee: number;
  pointsSpent: number;
  checkedInAt?: string | null;
  event?: { title: string; startsAt: string; venue: string | null; online: boolean };
}

/** `POST /api/v1/events/{id}/registrations` and `…/registrations/{id}/confirm`. */
export interface ClubRegistrationResult {
  registration: ClubRegistrationView;
  payment?: RequestPaymentParams | null;
}

/** An event as staff manage it: counts and rates. */
export interface StaffClubEventView extends Omit<ClubEventView, 'eligible' | 'closedReason' | 'mine' | 'title'> {
  title: string;
  titleEn: string | null;
  /** Staff see both languages as entered (`description` and `venue` are the Chinese). */
  descriptionEn: string | null;
  venueEn: string | null;
  status: ClubEventStatus;
  counts: { registered: number; pendingPayment: number; offered: number; waitlisted: number; attended: number; cancelled: number };
  /** Seats held ÷ capacity. */
  fillRate: number;
  /** Attended ÷ seats confirmed (registered + attended), once the event has started. */
  attendanceRate: number | null;
}

/** One registration in the staff list (names masked for non-clinical staff). */
export interface StaffClubRegistrationView {
  id: string;
  patientName: string;
  tier: MemberTier;
  status: ClubRegistrationStatus;
  position: number | null;
  createdAt: string;
  checkedInAt: string | null;
}

/** `POST /api/v1/events/{id}/check-ins` (staff) → who was checked in. */
export interface ClubCheckInResult {
  registrationId: string;
  patientName: string;
  tier: MemberTier;
  /** True when this code had been scanned before (nothing changes). */
  already: boolean;
  checkedInAt: string;
}
