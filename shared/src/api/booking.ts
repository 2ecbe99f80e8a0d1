import type { MemberTier, AppointmentStatus, VisitType } from '../enums.js';
import type { SessionPeriodName } from './catalog.js';

/** What `wx.requestPayment` takes (and the H5 platform forwards to the simulator's `/__sim/pay`). */
export interface RequestPaymentParams {
  appId: string;
  /** Seconds since the epoch, as a string. */
  timeStamp: string;
  nonceStr: string;
  /** `prepay_id=…` */
  package: string;
  signType: 'RSA';
  paySign: string;
}

export const PAYMENT_STATUSES = ['pending', 'paid', 'closed', 'refunding', 'refunded', 'partially_refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The money side of an appointment, as the patient and staff see it (integer fen). */
export interface PaymentSummary {
  outTradeNo: string;
  status: PaymentStatus;
  amount: number;
  /** Refunds that succeeded. */
  refunded: number;
  /** Refunds asked for and not settled yet. */
  refundPending: number;
  paidAt: string | null;
}

export const APPOINTMENT_CANCELLERS = ['patient', 'staff', 'hospital'] as const;
export type AppointmentCancelledBy = (typeof APPOINTMENT_CANCELLERS)[number];

export interface AppointmentView {
  id: string;
  patientId: string;
  /** The profile's name (staff lists, family switching); null if the profile has none. */
  patientName: string | null;
  slotId: string;
  doctorId: string;
  doctorName: string;
  doctorNameEn: string;
  departmentId: string;
  departmentName: string;
  departmentNameEn: string;
  /** Where the department is, in Chinese, and in English when the hospital has entered it ('' when not). */
  location: string;
  locationEn: string;
  visitType: VisitType;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  /** Integer fen. */
  fee: number;
  /** Unpaid appointments give their place back at this time. */
  holdExpiresAt: string | null;
  /** Shown to the patient as a QR code and read by staff at check-in; only on the patient's own confirmed appointments. */
  checkInCode: string | null;
  /**
   * The short number the patient reads aloud at the desk (six digits, unique among the visits of its hospital day; the
   * QR keeps the full code); only where `checkInCode` is shown, null for appointments booked before numbers existed.
   */
  checkInNumber: string | null;
  checkedInAt: string | null;
  cancelledAt: string | null;
  /** What the person who cancelled wrote (their words); null when they gave none. */
  cancelReason: string | null;
  /** Who cancelled: the patient, hospital staff, or the hospital because the clinic stopped. */
  cancelledBy: AppointmentCancelledBy | null;
  /** After completion: the patient's first visit to the department or a return. */
  visitKind: VisitKind | null;
  payment: PaymentSummary | null;
  /** What cancelling now would refund (integer fen), by the hospital's rule; null when it cannot be cancelled. */
  refundIfCancelled: number | null;
  createdAt: string;
}

export interface CreateAppointmentRequest {
  slotId: string;
}

/** `POST /appointments`, `POST /appointments/{id}/pay`, `POST /waitlist/{id}/accept`. */
export interface AppointmentWithPayment {
  appointment: AppointmentView;
  /** The `wx.requestPayment` parameters while a fee is due; null when nothing is to pay. */
  payment: RequestPaymentParams | null;
}

export interface RescheduleAppointmentRequest {
  /** The new slot: same doctor or department, same fee; the payment carries over. */
  slotId: string;
}

export interface CheckInRequest {
  /** The code from the patient's QR (scanned or typed), or the six-digit number the patient reads aloud (today's visits only). */
  code: string;
}

export const VISIT_KINDS = ['first', 'return'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/** A clinic visit, or an inpatient stay that ended on the visit's date (a discharge). */
export const ENCOUNTER_CLASSES = ['outpatient', 'inpatient'] as const;
export type EncounterClass = (typeof ENCOUNTER_CLASSES)[number];

/**
 * `POST /api/v1/visits` (clinic staff of the department, admins): a discharge or an outside visit, until an HIS feeds
 * them. `externalRef` (the hospital's encounter number) makes a replay answer the visit already recorded.
 */
export interface RecordVisitRequest {
  patientId: string;
  departmentId: string;
  doctorId?: string;
  /** Hospital-time date (the discharge date for an inpatient stay); not in the future. */
  date: string;
  encounterClass: EncounterClass;
  diagnosisCodes?: string[];
  externalRef?: string;
}

export interface VisitView {
  id: string;
  patientId: string;
  appointmentId: string | null;
  departmentId: string;
  departmentName: string;
  /** '' when the hospital has not entered it in English (readers then see the Chinese, marked). */
  departmentNameEn: string;
  doctorId: string | null;
  doctorName: string | null;
  doctorNameEn: string | null;
  /** Hospital-time date. */
  date: string;
  kind: VisitKind;
  encounterClass: EncounterClass;
  /** Integer fen. */
  amountSpent: number;
}

export const WAITLIST_STATUSES = ['waiting', 'offered', 'booked', 'declined', 'expired', 'cancelled'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

export interface JoinWaitlistRequest {
  doctorId: string;
  /** Hospital-time date, YYYY-MM-DD. */
  date: string;
}

export interface WaitlistEntryView {
  id: string;
  patientId: string;
  doctorId: string;
  doctorName: string;
  departmentName: string;
  date: string;
  status: WaitlistStatus;
  /** While `offered`: the place held for the patient until `offerExpiresAt`. */
  offer: { slotId: string; startsAt: string; endsAt: string; fee: number; expiresAt: string } | null;
  /** Place in the queue while waiting (1 = next). */
  position: number | null;
  createdAt: string;
}

/** One clinic in the staff schedule editor. */
export interface ClinicSessionView {
  id: string;
  doctorId: string;
  doctorName: string;
  departmentId: string;
  date: string;
  period: SessionPeriodName;
  visitType: VisitType;
  status: 'open' | 'stopped';
  stoppedReason: string | null;
  slots: {
    id: string;
    startsAt: string;
    endsAt: string;
    capacity: number;
    booked: number;
    fee: number;
    reservedForTier: string | null;
    status: 'open' | 'stopped';
  }[];
}

export interface StopSessionRequest {
  /** Told to the patients, e.g. 医生临时停诊. */
  reason: string;
}

export interface StopSessionResponse {
  session: ClinicSessionView;
  appointmentsCancelled: number;
  /** Integer fen asked back from WeChat Pay. */
  refundsRequested: number;
}

export interface UpdateSlotRequest {
  capacity?: number;
  /** Integer fen; only while nobody holds a place. */
  fee?: number;
  reservedForTier?: MemberTier | null;
}
