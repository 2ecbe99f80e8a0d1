import { isNationalityCode, isValidIdDocument, normaliseIdNumber, residentIdFacts, type Gender, type IdDocumentType, type RealNamePart } from '@yiban/shared';
import { DomainError } from '../../common/errors/domain-error.js';

export interface IdentityInput {
  idType?: IdDocumentType;
  idNumber?: string;
  nationality?: string;
  birthDate?: string;
  gender?: Gender;
}

export interface IdentityChange {
  idType?: IdDocumentType;
  /** The normalised number to store (encrypted by the caller). */
  idNumber?: string;
  nationality?: string | null;
  birthDate?: string;
  gender?: Gender;
}

const field = (name: string, problem: string) => new DomainError('VALIDATION_FAILED', { fields: [{ field: name, problems: [problem] }] });

/**
 * What a profile's identity becomes after an edit (实名). A resident ID card fixes the birth date and the sex: given ones
 * must agree with it (PATIENT_ID_DISAGREES), and they are taken from it. A passport needs a nationality. `current` is
 * the document on file (its number decrypted), so later edits of the birth date or sex are checked against it too.
 */
export function identityChange(
  input: IdentityInput,
  current: { idType: IdDocumentType | null; idNumber: string | null; nationality: string | null },
): IdentityChange {
  const out: IdentityChange = {};
  if (input.idNumber === undefined && input.idType !== undefined && input.idType !== current.idType) throw field('idNumber', 'required');
  const type = input.idType ?? current.idType ?? 'resident_id';
  const number = input.idNumber !== undefined ? normaliseIdNumber(input.idNumber) : current.idNumber;
  if (input.idNumber !== undefined) {
    if (!isValidIdDocument(type, input.idNumber)) throw new DomainError('PATIENT_ID_NUMBER_INVALID');
    out.idType = type;
    out.idNumber = number!;
  }
  if (input.nationality !== undefined) {
    if (!isNationalityCode(input.nationality)) throw field('nationality', 'isNationality');
    out.nationality = input.nationality;
  }
  if (type === 'passport' && out.idNumber !== undefined && !(out.nationality ?? current.nationality)) throw field('nationality', 'required');
  if (type === 'resident_id' && number) {
    const facts = residentIdFacts(number);
    if ((input.birthDate !== undefined && input.birthDate !== facts.birthDate) || (input.gender !== undefined && input.gender !== facts.gender)) {
      throw new DomainError('PATIENT_ID_DISAGREES', { birthDate: facts.birthDate, gender: facts.gender });
    }
    if (out.idNumber !== undefined) {
      out.birthDate = facts.birthDate;
      out.gender = facts.gender;
      out.nationality = 'CHN';
    }
  } else {
    if (input.birthDate !== undefined) out.birthDate = input.birthDate;
    if (input.gender !== undefined) out.gender = input.gender;
  }
  return out;
}

/** What stops a profile from booking or consulting (实名): its real name, an identity document, a phone to reach (its own or its account holder's). */
export function realNameMissing(
  profile: { name: string | null; idType: string | null; idNumberEnc: string | null; phoneEnc: string | null },
  accountHasPhone: boolean,
): RealNamePart[] {
  const missing: RealNamePart[] = [];
  if (!profile.name?.trim()) missing.push('name');
  if (!profile.idType || !profile.idNumberEnc) missing.push('idDocument');
  if (!profile.phoneEnc && !accountHasPhone) missing.push('phone');
  return missing;
}
