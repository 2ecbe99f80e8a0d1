import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { profileSet, writeSegmentProfiles, type SegmentProfileRow, type SegmentProfileSource } from '../../common/segments/segment-profile.js';
import { Visit } from './visit.entity.js';

/** Visits' columns of the segment profile: how many visits, the latest date, the departments visited. */
export const visitSegmentProfile: SegmentProfileSource<'visits'> = {
  group: 'visits',
  async columns(m: EntityManager, patientIds: readonly string[]): Promise<SegmentProfileRow<'visits'>[]> {
    const ids = [...new Set(patientIds)];
    if (!ids.length) return [];
    const visits = await m.getRepository(Visit).find({ select: { patientId: true, departmentId: true, date: true }, where: { patientId: In(ids) } });
    const acc = new Map<string, { n: number; last: string | null; departments: string[] }>(ids.map((id) => [id, { n: 0, last: null, departments: [] }]));
    for (const v of visits) {
      const a = acc.get(v.patientId)!;
      a.n++;
      if (a.last === null || v.date > a.last) a.last = v.date;
      a.departments.push(v.departmentId);
    }
    return ids.map((id) => {
      const a = acc.get(id)!;
      return { patientId: id, visitCount: a.n, lastVisitDate: a.last, departments: profileSet(a.departments) };
    });
  },
};

/** Rewrites the visits' columns of these patients' segment profiles, in the caller's transaction. */
export async function syncVisitSegmentProfiles(m: EntityManager, patientIds: readonly string[]): Promise<void> {
  await writeSegmentProfiles(m, 'visits', await visitSegmentProfile.columns(m, patientIds));
}
