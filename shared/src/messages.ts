/**
 * What the hospital sends a patient through WeChat subscribe messages. Each kind maps to one approved
 * template (configured per hospital) and declares how it is treated on the one outbound path.
 */
export const MESSAGE_KINDS = [
  'appointment_reminder',
  'appointment_changed',
  'waitlist_offer',
  'doctor_replied',
  'survey_invitation',
  'event_reminder',
  'health_education',
  'follow_up_reminder',
  'care_greeting',
  'event_invitation',
  'tier_upgraded',
  'event_offer',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export type SubscriptionKind = 'one_time' | 'long_term';
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;
export type SubscribeResult = (typeof SUBSCRIBE_RESULTS)[number];

export interface MessagePolicy {
  /** Marketing needs the marketing opt-in, respects the frequency cap, and is never resent after an unknown outcome. */
  marketing: boolean;
  /** Held back during quiet hours (and sent after them) rather than sent at night. */
  respectsQuietHours: boolean;
  /** After a timeout or a crash mid-send: resend (a duplicate reminder beats a missed visit) or give up. */
  onUnknownOutcome: 'resend' | 'give_up';
}

export const MESSAGE_POLICIES: Record<MessageKind, MessagePolicy> = {
  appointment_reminder: { marketing: false, respectsQuietHours: true, onUnknownOutcome: 'resend' },
  // A cancelled clinic or a refund must reach the patient even at night; a duplicate is better than a wasted trip.
  appointment_changed: { marketing: false, respectsQuietHours: false, onUnknownOutcome: 'resend' },
  // The offer lasts minutes: holding it until morning would waste it.
  waitlist_offer: { marketing: false, respectsQuietHours: false, onUnknownOutcome: 'give_up' },
  doctor_replied: { marketing: false, respectsQuietHours: true, onUnknownOutcome: 'give_up' },
  survey_invitation: { marketing: false, respectsQuietHours: true, onUnknownOutcome: 'give_up' },
  event_reminder: { marketing: false, respectsQuietHours: true, onUnknownOutcome: 'resend' },
  health_education: { marketing: true, respectsQuietHours: true, onUnknownOutcome: 'give_up' },
  follow_up_reminder: { marketing: false, respectsQuietHours: true, onUnknownOutcome: 'resend' },
  // Holiday and birthday care from a campaign: marketing, never at night, never twice.
  care_greeting: { marketing: true, respectsQuietHours: true, onUnknownOutcome: 'give_up' },
  event_invitation: { marketing: true, respectsQuietHours: true, onUnknownOutcome: 'give_up' },
  tier_upgraded: { marketing: false, respectsQuietHours: true, onUnknownOutcome: 'give_up' },
  // A freed club seat waits a day for its confirmation: told at once, even at night, never twice.
  event_offer: { marketing: false, respectsQuietHours: false, onUnknownOutcome: 'give_up' },
};

/** The kinds a push campaign may send (those meant for marketing). */
export const MARKETING_MESSAGE_KINDS = MESSAGE_KINDS.filter((kind) => MESSAGE_POLICIES[kind].marketing);

export interface SubscriptionTemplateView {
  messageKind: MessageKind;
  templateId: string;
  kind: SubscriptionKind;
}

export interface SubscriptionGrantView extends SubscriptionTemplateView {
  /** One-time sends the patient has allowed and that are not used yet. */
  remaining: number;
  /** A long-term template the patient accepted. */
  longTerm: boolean;
  lastResult: SubscribeResult | null;
  updatedAt: string | null;
}

export interface RecordSubscriptionsRequest {
  /** The template ids asked in one wx.requestSubscribeMessage call (1–3). */
  templateIds: string[];
  /** What the popup returned per template id. */
  results: Record<string, SubscribeResult>;
}
