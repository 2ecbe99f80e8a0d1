import type { ConsentKind, Gender, Locale, PaymentPreference, Relationship } from '../enums.js';
import type { IdDocumentType, RealNamePart } from '../identity.js';

/** A patient profile as the API shows it: identifiers are always masked. */
export interface PatientView {
  id: string;
  name: string | null;
  gender: Gender;
  /** YYYY-MM-DD */
  birthDate: string | null;
  relationship: Relationship;
  isSelf: boolean;
  phoneMasked: string | null;
  idType: IdDocumentType | null;
  idNumberMasked: string | null;
  /** ISO 3166-1 alpha-3, for a passport. */
  nationality: string | null;
  /** What the profile still lacks before it can book or consult (实名): empty when complete. */
  realNameMissing: RealNamePart[];
  language: Locale;
  paymentPreference: PaymentPreference;
  /** IANA zone; null = the hospital's. */
  timeZone: string | null;
  createdAt: string;
}

export interface CreatePatientRequest {
  name: string;
  gender: Gender;
  birthDate: string;
  relationship: Exclude<Relationship, 'self'>;
  phone?: string;
  /** Default `resident_id`. A resident ID sets the birth date and sex (they must agree with any given). */
  idType?: IdDocumentType;
  idNumber?: string;
  /** Required with a passport. */
  nationality?: string;
  language?: Locale;
  paymentPreference?: PaymentPreference;
}

export type UpdatePatientRequest = Partial<Omit<CreatePatientRequest, 'relationship'>> & {
  relationship?: Relationship;
  timeZone?: string;
};

export interface ConsentRecordView {
  kind: ConsentKind;
  version: string;
  granted: boolean;
  /** When this decision was made. */
  decidedAt: string;
}

export interface ConsentStateView {
  /** The latest decision per kind; absent when never asked. */
  consents: Partial<Record<ConsentKind, ConsentRecordView>>;
  /** Versions in force now. */
  currentVersions: Record<ConsentKind, string>;
  /** Kinds the patient still needs to accept (missing, withdrawn, or an older version). */
  missingRequired: ConsentKind[];
}

export interface RecordConsentRequest {
  kind: ConsentKind;
  version: string;
  granted: boolean;
}
