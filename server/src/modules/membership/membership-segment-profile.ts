import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { writeSegmentProfiles, type SegmentProfileRow, type SegmentProfileSource } from '../../common/segments/segment-profile.js';
import { MemberState } from './membership.entities.js';

/**
 * Membership's column of the segment profile: the patient's member tier (lead for a patient membership has not
 * valued yet — the same answer `MembershipService.tiersOf` gives). Written with each tier change, in its transaction.
 */
export const membershipSegmentProfile: SegmentProfileSource<'membership'> = {
  group: 'membership',
  async columns(m: EntityManager, patientIds: readonly string[]): Promise<SegmentProfileRow<'membership'>[]> {
    const ids = [...new Set(patientIds)];
    if (!ids.length) return [];
    const states = await m.getRepository(MemberState).find({ select: { patientId: true, tier: true }, where: { patientId: In(ids) } });
    const tiers = new Map(states.map((s) => [s.patientId, s.tier]));
    return ids.map((id) => ({ patientId: id, tier: tiers.get(id) ?? 'lead' }));
  },
};

/** Rewrites membership's column of these patients' segment profiles, in the caller's transaction (after a tier change). */
export async function syncMembershipSegmentProfiles(m: EntityManager, patientIds: readonly string[]): Promise<void> {
  await writeSegmentProfiles(m, 'membership', await membershipSegmentProfile.columns(m, patientIds));
}
