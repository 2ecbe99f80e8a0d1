// The patient health record (客户健康档案): allergies, chronic conditions, medications, and measurements with their
// trends. Codes are language-neutral; the words are what the patient or staff entered.

export const HEALTH_ENTRY_KINDS = ['allergy', 'condition', 'medication'] as const;
export type HealthEntryKind = (typeof HEALTH_ENTRY_KINDS)[number];

/** What an allergy is to: a medicine matters most to the doctor prescribing. */
export const ALLERGY_CATEGORIES = ['drug', 'food', 'environment', 'other'] as const;
export type AllergyCategory = (typeof ALLERGY_CATEGORIES)[number];

export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type AllergySeverity = (typeof ALLERGY_SEVERITIES)[number];

export const MEASUREMENT_KINDS = ['blood_pressure', 'glucose', 'weight'] as const;
export type MeasurementKind = (typeof MEASUREMENT_KINDS)[number];

/** When a glucose reading was taken: the targets differ (fasting < 7.0, two hours after a meal < 11.1 mmol/L). */
export const GLUCOSE_CONTEXTS = ['fasting', 'after_meal', 'random'] as const;
export type GlucoseContext = (typeof GLUCOSE_CONTEXTS)[number];

/** Which fields an entry of each kind has besides its name, `active` and a note (others are refused). */
export const HEALTH_ENTRY_FIELDS: Record<HealthEntryKind, readonly (keyof HealthEntryInput)[]> = {
  allergy: ['category', 'reaction', 'severity'],
  condition: ['icd10', 'since'],
  medication: ['dose', 'frequency', 'since', 'until'],
};

/** Which values a measurement of each kind has (each required; others are refused). */
export const MEASUREMENT_FIELDS: Record<MeasurementKind, readonly (keyof MeasurementInput)[]> = {
  blood_pressure: ['systolic', 'diastolic'],
  glucose: ['glucoseMmol', 'glucoseContext'],
  weight: ['weightKg'],
};

/**
 * What a reading may be: outside these the server answers HEALTH_MEASUREMENT_OUT_OF_RANGE (a typo, not a reading);
 * the forms show the same bounds. Glucose and weight have one decimal.
 */
export const MEASUREMENT_BOUNDS = {
  systolic: { min: 50, max: 260, unit: 'mmHg' },
  diastolic: { min: 30, max: 160, unit: 'mmHg' },
  glucoseMmol: { min: 1, max: 35, unit: 'mmol/L' },
  weightKg: { min: 0.5, max: 350, unit: 'kg' },
} as const;
export type MeasurementValueField = keyof typeof MEASUREMENT_BOUNDS;

/** The longest trend one request reads (days). */
export const MEASUREMENT_RANGE_MAX_DAYS = 366;

/** Who entered an item: the patient (or the family member acting for them) or a staff member. */
export type HealthRecordAuthor = { kind: 'patient' } | { kind: 'staff'; staffId: string; name: string | null };

/** An allergy, condition or medication; a field that does not belong to the kind is null. */
export interface HealthEntryView {
  id: string;
  kind: HealthEntryKind;
  /** The substance, the condition or the medicine, in the words entered. */
  name: string;
  category: AllergyCategory | null;
  reaction: string | null;
  severity: AllergySeverity | null;
  /** ICD-10 (E11, I10, E11.9), when known. */
  icd10: string | null;
  dose: string | null;
  frequency: string | null;
  /** YYYY-MM-DD. */
  since: string | null;
  until: string | null;
  /** A condition still present, a medicine still taken (an allergy always is). */
  active: boolean;
  note: string | null;
  enteredBy: HealthRecordAuthor;
  createdAt: string;
  updatedAt: string;
}

/** Adding or replacing an entry: `name` always; the kind's fields (HEALTH_ENTRY_FIELDS) optional. */
export interface HealthEntryInput {
  kind: HealthEntryKind;
  name: string;
  category?: AllergyCategory;
  reaction?: string;
  severity?: AllergySeverity;
  icd10?: string;
  dose?: string;
  frequency?: string;
  since?: string;
  until?: string;
  active?: boolean;
  note?: string;
}

export interface MeasurementView {
  id: string;
  kind: MeasurementKind;
  measuredAt: string;
  systolic: number | null;
  diastolic: number | null;
  glucoseMmol: number | null;
  glucoseContext: GlucoseContext | null;
  weightKg: number | null;
  note: string | null;
  enteredBy: HealthRecordAuthor;
  createdAt: string;
}

/** A reading: the kind's values (MEASUREMENT_FIELDS), when it was taken (not in the future). */
export interface MeasurementInput {
  kind: MeasurementKind;
  measuredAt: string;
  systolic?: number;
  diastolic?: number;
  glucoseMmol?: number;
  glucoseContext?: GlucoseContext;
  weightKg?: number;
  note?: string;
}

/** The whole record: the entries by kind, the latest reading of each kind, and the readings of the last 90 days. */
export interface HealthRecordView {
  patientId: string;
  allergies: HealthEntryView[];
  conditions: HealthEntryView[];
  medications: HealthEntryView[];
  latest: Record<MeasurementKind, MeasurementView | null>;
  /** Newest first, the last 90 days (at most 300). */
  recent: MeasurementView[];
  /** The health-data consent is current: the care team may read the record (withdrawn: it is hidden from staff). */
  sharedWithCareTeam: boolean;
}

/** Readings of one kind in a range of hospital-time dates, oldest first (what a trend chart draws). */
export interface MeasurementSeries {
  kind: MeasurementKind;
  from: string;
  to: string;
  items: MeasurementView[];
}
