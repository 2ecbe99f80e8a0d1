import type { Gender } from './enums.js';
import { isValidChineseIdNumber } from './mask.js';

/**
 * Identity documents a patient registers under (实名): a mainland resident ID card, or for others a passport (with
 * nationality), a Hong Kong/Macao or Taiwan travel permit, or a foreigner's permanent residence ID card.
 */
export const ID_DOCUMENT_TYPES = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent_resident'] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

/** What a profile still lacks before it can book or consult: a real name, an identity document, a phone to reach. */
export const REAL_NAME_PARTS = ['name', 'idDocument', 'phone'] as const;
export type RealNamePart = (typeof REAL_NAME_PARTS)[number];

const FORMATS: Record<Exclude<IdDocumentType, 'resident_id'>, RegExp> = {
  // Passports vary by country: letters and digits, 5–20.
  passport: /^[A-Z0-9]{5,20}$/,
  // 港澳居民来往内地通行证: H or M and 8 (or 10) digits.
  hk_macao_permit: /^[HM]\d{8}(\d{2})?$/,
  // 台湾居民来往大陆通行证: 8 digits (older ones 10 with letters).
  taiwan_permit: /^(\d{8}|[A-Z0-9]{10})$/,
  // 外国人永久居留身份证: 15 characters (2004) or 18 digits starting with 9 (2017).
  foreign_permanent_resident: /^([A-Z]{3}\d{12}|9\d{17})$/,
};

/** The number as it is stored: upper case, no spaces or dashes. */
export function normaliseIdNumber(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

/** Whether a document number is valid for its type (a resident ID's checksum and birth date included). */
export function isValidIdDocument(type: IdDocumentType, value: string): boolean {
  const number = normaliseIdNumber(value);
  if (type === 'resident_id') return isValidChineseIdNumber(number);
  return FORMATS[type].test(number);
}

/** What a resident ID card number says about its holder: the birth date and the sex (the 17th digit: odd male). */
export function residentIdFacts(value: string): { birthDate: string; gender: Exclude<Gender, 'unknown'> } {
  const id = normaliseIdNumber(value);
  const birth = id.slice(6, 14);
  return { birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

/** Nationality as ISO 3166-1 alpha-3 (CHN, USA, GBR …). */
export function isNationalityCode(value: string): boolean {
  return /^[A-Z]{3}$/.test(value);
}
