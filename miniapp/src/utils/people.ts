import type { PatientView } from '@yiban/shared';
import type { Translate } from '../hooks/use-i18n';

/** Whole years between a YYYY-MM-DD birth date and `today`. */
export function ageOn(birthDate: string, today = new Date()): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = today.getFullYear() - year;
  if (today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day)) age--;
  return age >= 0 ? age : null;
}

export function displayName(profile: PatientView | null | undefined, t: Translate): string {
  return profile?.name?.trim() || t('family.unnamed');
}

export function profileSummary(profile: PatientView, t: Translate): string {
  const parts = [t(`relationship.${profile.relationship}`), t(`gender.${profile.gender}`)];
  const age = profile.birthDate ? ageOn(profile.birthDate) : null;
  if (age !== null) parts.push(t('family.age', { age }));
  return parts.join(' · ');
}
