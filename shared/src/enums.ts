export const GENDERS = ['male', 'female', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

/** How a managed profile relates to the WeChat account holder. */
export const RELATIONSHIPS = ['self', 'spouse', 'parent', 'child', 'sibling', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Consents recorded per patient (PIPL): the privacy policy, a separate explicit consent
 * for sensitive health data, and an opt-in for marketing messages.
 */
export const CONSENT_KINDS = ['privacy_policy', 'health_data', 'marketing'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/** The consent text versions currently in force. Bumping one asks every patient again. */
export const CURRENT_CONSENT_VERSIONS: Record<ConsentKind, string> = {
  privacy_policy: '2026-11-01',
  health_data: '2026-11-01',
  marketing: '2026-11-01',
};

/** Consents without which the patient cannot use the service. */
export const REQUIRED_CONSENTS: readonly ConsentKind[] = ['privacy_policy', 'health_data'];

export const PAYMENT_PREFERENCES = ['self_pay', 'medical_insurance', 'commercial_insurance', 'employer'] as const;
export type PaymentPreference = (typeof PAYMENT_PREFERENCES)[number];

export const DOCTOR_TITLES = ['chief_physician', 'associate_chief_physician', 'attending_physician', 'resident_physician'] as const;
export type DoctorTitle = (typeof DOCTOR_TITLES)[number];

export const VISIT_TYPES = ['general', 'expert', 'vip'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];

/** What an audit row records a staff member doing. */
export const AUDIT_ACTIONS = [
  'patient.read',
  'patient.list',
  'patient.update',
  'patient.export',
  'patient.break_glass',
  'staff.create',
  'staff.update',
  'staff.password_reset',
  'audit.read',
  'catalog.update',
  'appointment.read',
  'appointment.list',
  'appointment.update',
  'consultation.read',
  'consultation.list',
  'consultation.review',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const APPOINTMENT_STATUSES = ['pending_payment', 'confirmed', 'checked_in', 'completed', 'cancelled', 'expired', 'no_show', 'refunded'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
/** Statuses that hold a place in the slot. */
export const ACTIVE_APPOINTMENT_STATUSES: readonly AppointmentStatus[] = ['pending_payment', 'confirmed', 'checked_in'];

/** Member tiers (the customer pyramid): platinum, gold, iron, lead — from the most valuable down. */
export const MEMBER_TIERS = ['platinum', 'gold', 'iron', 'lead'] as const;
export type MemberTier = (typeof MEMBER_TIERS)[number];
