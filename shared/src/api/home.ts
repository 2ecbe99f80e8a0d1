import type { AppointmentView } from './booking.js';
import type { ConsultationView } from './consultations.js';

/**
 * `GET /me/home`: what is next for the acting profile, one card each, most urgent first; an empty list when nothing
 * is due. Kinds are added over time (pending surveys, follow-up tasks …): a client shows the kinds it knows and skips
 * the others, so an older mini-program keeps working against a newer server.
 */
export type HomeCard = HomePaymentDueCard | HomeNextVisitCard | HomeDoctorRepliesCard | HomeMessagesCard;

export const HOME_CARD_KINDS = ['payment_due', 'next_visit', 'doctor_replies', 'messages'] as const;
export type HomeCardKind = (typeof HOME_CARD_KINDS)[number];

/** A hold waiting for payment: the place (or the consultation) is given up at `payBefore`. One card per hold. */
export interface HomePaymentDueCard {
  kind: 'payment_due';
  purpose: 'appointment' | 'consultation';
  /** Integer fen. */
  amount: number;
  payBefore: string;
  /** What is being paid for, in the reader's language: `心血管内科 · 张伟`. */
  title: string;
  /** The page that pays (the mini-program path, without a leading slash). */
  link: string;
  appointment: AppointmentView | null;
  consultation: ConsultationView | null;
}

/** The soonest confirmed visit that has not ended (today's, once checked in, until it ends). */
export interface HomeNextVisitCard {
  kind: 'next_visit';
  appointment: AppointmentView;
  /** The page with the visit's check-in QR and number. */
  link: string;
}

/** Consultations with doctors' answers the patient has not read, newest first (at most three; `total` counts all unread). */
export interface HomeDoctorRepliesCard {
  kind: 'doctor_replies';
  total: number;
  consultations: ConsultationView[];
}

/** Unread messages in 消息 besides doctors' replies (shown above): reminders, changes, refunds … */
export interface HomeMessagesCard {
  kind: 'messages';
  count: number;
  /** Unread messages of the account's other profiles (family members), so the card can point at them. */
  otherProfiles: number;
  /** The newest unread, rendered in the reader's language; null when only other profiles have unread ones. */
  newest: { id: string; title: string; at: string; link: string | null } | null;
}

export interface PatientHome {
  /** The acting profile the cards are about. */
  patientId: string;
  cards: HomeCard[];
}
