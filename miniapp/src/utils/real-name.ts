import { REAL_NAME_PARTS, type PatientView, type RealNamePart } from '@yiban/shared';
import type { Translate } from '../hooks/use-i18n';

export const PROFILE_PAGE = '/packages/profile/pages/index/index';
export const FAMILY_EDIT_PAGE = '/packages/family/pages/edit/index';
export const PHONE_PAGE = '/packages/profile/pages/phone/index';

/** The server's REAL_NAME_REQUIRED answer about one profile, kept until that profile's view is reloaded. */
export interface RealNameRefusal {
  profile: PatientView | null;
  missing: RealNamePart[];
}

/** The parts a REAL_NAME_REQUIRED answer names (`details.missing`); a name and a document when it names none the app knows. */
export function missingFromDetails(details: Record<string, unknown> | undefined): RealNamePart[] {
  const listed = Array.isArray(details?.missing) ? (details.missing as unknown[]) : [];
  const known = REAL_NAME_PARTS.filter((part) => listed.includes(part));
  return known.length > 0 ? known : ['name', 'idDocument'];
}

/**
 * What the profile still lacks before it can book or consult. Its own view says so; a refusal from the server counts
 * only for the very view it was about — a reloaded view (a new object) has the last word.
 */
export function realNameGap(profile: PatientView | null, refusal: RealNameRefusal | null): RealNamePart[] {
  if (!profile) return [];
  if (profile.realNameMissing.length > 0) return profile.realNameMissing;
  return refusal && refusal.profile === profile ? refusal.missing : [];
}

export interface RealNameStep {
  /** `identity`: the profile editor (name and document); `phone`: binding the account holder's phone. */
  kind: 'identity' | 'phone';
  url: string;
}

/** Where the patient goes to complete what is missing, in order: the account holder's own editor or the family member's, then the phone page. */
export function realNameSteps(profile: PatientView, missing: readonly RealNamePart[]): RealNameStep[] {
  const steps: RealNameStep[] = [];
  if (missing.includes('name') || missing.includes('idDocument')) {
    steps.push({ kind: 'identity', url: profile.isSelf ? `${PROFILE_PAGE}?complete=1` : `${FAMILY_EDIT_PAGE}?id=${profile.id}&complete=1` });
  }
  if (missing.includes('phone')) steps.push({ kind: 'phone', url: `${PHONE_PAGE}?complete=1` });
  return steps;
}

/** "真实姓名、有效证件" / "real name, identity document". */
export function missingPartsText(missing: readonly RealNamePart[], t: Translate): string {
  return missing.map((part) => t(`realName.part.${part}`)).join(t('realName.separator'));
}
