import {
  isNationalityCode,
  isValidIdDocument,
  isValidPhone,
  normaliseIdNumber,
  residentIdFacts,
  type CreatePatientRequest,
  type Gender,
  type IdDocumentType,
  type Locale,
  type PatientView,
  type PaymentPreference,
  type Relationship,
  type UpdatePatientRequest,
} from '@yiban/shared';
import type { Translate } from '../hooks/use-i18n';

/** A profile as the form edits it: text as typed, the birth date in three boxes. */
export interface ProfileDraft {
  name: string;
  gender: Gender;
  year: string;
  month: string;
  day: string;
  relationship: Relationship;
  phone: string;
  idType: IdDocumentType;
  /** As typed; empty keeps the document on file. */
  idNumber: string;
  /** ISO alpha-3, for a passport; empty when not chosen. */
  nationality: string;
  /** The document the profile already has (its number masked), when editing. */
  idOnFile: { type: IdDocumentType; masked: string } | null;
  language: Locale;
  paymentPreference: PaymentPreference;
}

export function draftFrom(profile: PatientView | null, defaults: Partial<ProfileDraft> = {}): ProfileDraft {
  const [year = '', month = '', day = ''] = profile?.birthDate?.split('-') ?? [];
  return {
    name: profile?.name ?? '',
    gender: profile?.gender ?? 'unknown',
    year,
    month: month.replace(/^0/, ''),
    day: day.replace(/^0/, ''),
    relationship: profile?.relationship ?? 'parent',
    phone: '',
    idType: profile?.idType ?? 'resident_id',
    idNumber: '',
    // A passport's nationality is the patient's choice; for other documents the server keeps its own.
    nationality: profile?.idType === 'passport' ? (profile.nationality ?? '') : '',
    idOnFile: profile?.idType && profile.idNumberMasked ? { type: profile.idType, masked: profile.idNumberMasked } : null,
    language: profile?.language ?? 'zh-CN',
    paymentPreference: profile?.paymentPreference ?? 'self_pay',
    ...defaults,
  };
}

/**
 * Whether the birth date and sex come from a resident ID card (the one typed, or the one on file when none is typed):
 * the server takes them from the number, so the form shows them rather than asking.
 */
export function factsFromResidentId(draft: ProfileDraft): boolean {
  if (draft.idType !== 'resident_id') return false;
  const typed = draft.idNumber.trim();
  return typed ? isValidIdDocument('resident_id', typed) : draft.idOnFile?.type === 'resident_id';
}

/** The draft after the document number is typed: a valid resident ID fills in the birth date and sex. */
export function withIdNumber(draft: ProfileDraft, value: string): ProfileDraft {
  if (draft.idType !== 'resident_id' || !isValidIdDocument('resident_id', value)) return { ...draft, idNumber: value };
  const facts = residentIdFacts(value);
  const [year, month, day] = facts.birthDate.split('-') as [string, string, string];
  return { ...draft, idNumber: value, year, month: String(Number(month)), day: String(Number(day)), gender: facts.gender };
}

/** The draft after another document type is chosen: the typed number belonged to the old type. */
export function withIdType(draft: ProfileDraft, idType: IdDocumentType): ProfileDraft {
  if (idType === draft.idType) return draft;
  return { ...draft, idType, idNumber: '', nationality: idType === 'passport' ? draft.nationality : '' };
}

/**
 * Checks a draft the way the server will, so the user hears about a mistake before sending; the message is for the
 * first problem from the top of the form. `requireIdDocument`: the form was opened to complete a real name (实名).
 */
export function validateDraft(draft: ProfileDraft, t: Translate, options: { requireIdDocument?: boolean; today?: Date } = {}): { birthDate: string } | string {
  if (!draft.name.trim()) return t('profile.nameRequired');

  const number = normaliseIdNumber(draft.idNumber);
  const keepsFile = !number && draft.idOnFile?.type === draft.idType;
  if (number && !isValidIdDocument(draft.idType, number)) return t(`idNumber.invalid.${draft.idType}`);
  // A new document type needs its number; so does completing a real name without a document on file.
  if (!number && !keepsFile && (draft.idOnFile || options.requireIdDocument)) return t('idNumber.required');
  if (draft.idType === 'passport' && (number || keepsFile)) {
    if (!draft.nationality) return t('nationality.required');
    if (!isNationalityCode(draft.nationality)) return t('nationality.codeInvalid');
  }

  if (!draft.year || !draft.month || !draft.day) return t('profile.birthRequired');
  const y = Number(draft.year);
  const m = Number(draft.month);
  const d = Number(draft.day);
  const date = new Date(Date.UTC(y, m - 1, d));
  const today = options.today ?? new Date();
  if (!Number.isInteger(y) || y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > today.getTime())
    return t('profile.birthInvalid');
  if (draft.phone && !isValidPhone(draft.phone.trim())) return t('profile.phoneInvalid');
  return { birthDate: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** The fields every save sends: the name, the document when one was typed, a passport's nationality, the preferences. */
function commonFields(draft: ProfileDraft) {
  const number = normaliseIdNumber(draft.idNumber);
  return {
    name: draft.name.trim(),
    ...(number ? { idType: draft.idType, idNumber: number } : {}),
    ...(draft.idType === 'passport' && draft.nationality ? { nationality: draft.nationality } : {}),
    language: draft.language,
    paymentPreference: draft.paymentPreference,
  };
}

/** POST /me/patients for a family member (a checked draft). */
export function createRequest(draft: ProfileDraft, birthDate: string): CreatePatientRequest {
  const phone = draft.phone.trim();
  return {
    ...commonFields(draft),
    gender: draft.gender,
    birthDate,
    relationship: draft.relationship === 'self' ? 'other' : draft.relationship,
    ...(phone ? { phone } : {}),
  };
}

/**
 * PATCH /me/patients/:id (a checked draft). The birth date and sex are left to the server when a resident ID card
 * fixes them; the relationship and phone only for family members (the holder's phone is bound through WeChat).
 */
export function updateRequest(draft: ProfileDraft, birthDate: string, family: boolean): UpdatePatientRequest {
  const phone = draft.phone.trim();
  return {
    ...commonFields(draft),
    ...(factsFromResidentId(draft) ? {} : { gender: draft.gender, birthDate }),
    ...(family ? { relationship: draft.relationship === 'self' ? 'other' : draft.relationship, ...(phone ? { phone } : {}) } : {}),
  };
}
