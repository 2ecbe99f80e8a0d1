import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { writeSegmentProfiles, type SegmentProfileRow, type SegmentProfileSource } from '../../common/segments/segment-profile.js';
// By entity name, not class: consent-state.entity.ts calls this module (no import cycle).
import type { ConsentState } from './consent-state.entity.js';

/**
 * Consents' columns of the segment profile: for health data and marketing, the version of the patient's current
 * decision when it is a grant (null when they refused or never decided). Segments compare it with the version in
 * force, so a new version of a consent needs no rewrite of profiles.
 */
export const consentSegmentProfile: SegmentProfileSource<'consent'> = {
  group: 'consent',
  async columns(m: EntityManager, patientIds: readonly string[]): Promise<SegmentProfileRow<'consent'>[]> {
    const ids = [...new Set(patientIds)];
    if (!ids.length) return [];
    const states = await m.getRepository<ConsentState>('ConsentState').find({
      select: { patientId: true, kind: true, version: true, granted: true },
      where: { patientId: In(ids), kind: In(['health_data', 'marketing']) },
    });
    const grants = new Map(states.filter((s) => s.granted).map((s) => [`${s.patientId} ${s.kind}`, s.version]));
    const granted = (patientId: string, kind: string) => grants.get(`${patientId} ${kind}`) ?? null;
    return ids.map((id) => ({ patientId: id, healthDataVersion: granted(id, 'health_data'), marketingVersion: granted(id, 'marketing') }));
  },
};

/** Rewrites the consents' columns of these patients' segment profiles, in the caller's transaction. */
export async function syncConsentSegmentProfiles(m: EntityManager, patientIds: readonly string[]): Promise<void> {
  await writeSegmentProfiles(m, 'consent', await consentSegmentProfile.columns(m, patientIds));
}
