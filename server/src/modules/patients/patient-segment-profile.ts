import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { profileSet, writeSegmentProfiles, type SegmentProfileRow, type SegmentProfileSource } from '../../common/segments/segment-profile.js';
import { PatientTag } from './patient-tag.entity.js';
import { Patient } from './patient.entity.js';

/**
 * Patients' columns of the segment profile (`common/segments/segment-profile.ts`): the account, whether the profile
 * is deleted, gender, birth date, language and tags. A patient id with no row at all reads as deleted.
 */
export const patientSegmentProfile: SegmentProfileSource<'patient'> = {
  group: 'patient',
  async columns(m: EntityManager, patientIds: readonly string[]): Promise<SegmentProfileRow<'patient'>[]> {
    const ids = [...new Set(patientIds)];
    if (!ids.length) return [];
    const patients = await m.getRepository(Patient).find({
      select: { id: true, accountId: true, deletedAt: true, gender: true, birthDate: true, language: true },
      where: { id: In(ids) },
      withDeleted: true,
    });
    const tags = await m.getRepository(PatientTag).find({ select: { patientId: true, tag: true }, where: { patientId: In(ids) } });
    const byPatient = new Map<string, string[]>();
    for (const t of tags) byPatient.set(t.patientId, [...(byPatient.get(t.patientId) ?? []), t.tag]);
    const found = new Map(patients.map((p) => [p.id, p]));
    return ids.map((id) => {
      const p = found.get(id);
      if (!p) return { patientId: id, accountId: null, deleted: true, gender: null, birthDate: null, language: null, tags: null };
      return {
        patientId: id,
        accountId: p.accountId,
        deleted: p.deletedAt !== null,
        gender: p.gender,
        birthDate: p.birthDate,
        language: p.language,
        tags: profileSet(byPatient.get(id) ?? []),
      };
    });
  },
};

/** Rewrites the patients' columns of these patients' segment profiles, in the caller's transaction. */
export async function syncPatientSegmentProfiles(m: EntityManager, patientIds: readonly string[]): Promise<void> {
  await writeSegmentProfiles(m, 'patient', await patientSegmentProfile.columns(m, patientIds));
}

/** Patient ids after `after` (deleted ones too), ascending: the keyset a rebuild or a drift check walks. */
export async function patientIdsAfter(m: EntityManager, after: string, limit: number): Promise<string[]> {
  const rows = await m
    .getRepository(Patient)
    .createQueryBuilder('p')
    .withDeleted()
    .select('p.id', 'id')
    .where('p.id > :after', { after })
    .orderBy('p.id', 'ASC')
    .limit(limit)
    .getRawMany<{ id: string }>();
  return rows.map((r) => r.id);
}
