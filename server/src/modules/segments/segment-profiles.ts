import type { DataSource, EntityManager } from 'typeorm';
import type { Transactions } from '../../common/database/transactions.js';
import { In } from 'typeorm';
import {
  SEGMENT_PROFILE_GROUPS,
  SegmentProfile,
  writeSegmentProfiles,
  type SegmentProfileColumn,
  type SegmentProfileGroup,
  type SegmentProfileSource,
} from '../../common/segments/segment-profile.js';

/** A profile column whose stored value differs from what its owner's facts give now. */
export interface SegmentProfileDrift {
  patientId: string;
  column: SegmentProfileColumn | 'row';
  stored: string | null;
  computed: string | null;
}

const CHUNK = 2_000;

/**
 * The segment profiles as a whole (the owners keep each row current as they write): a rebuild from the owners' facts
 * (after a bulk import that bypassed them, or to repair), and a drift check that recomputes rows and lists any
 * column that differs (tests assert there is none).
 */
export class SegmentProfiles {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly sources: { [G in SegmentProfileGroup]: SegmentProfileSource<G> },
    private readonly idsAfter: (m: EntityManager, after: string, limit: number) => Promise<string[]>,
  ) {}

  /** Rewrites every patient's profile, a chunk per transaction (safe while the API serves). Answers the patients. */
  async rebuild(onChunk?: (done: number) => void): Promise<number> {
    let after = '';
    let done = 0;
    for (;;) {
      const ids = await this.idsAfter(this.dataSource.manager, after, CHUNK);
      if (!ids.length) return done;
      await this.tx.run(async (m) => {
        await writeSegmentProfiles(m, 'patient', await this.sources.patient.columns(m, ids));
        await writeSegmentProfiles(m, 'consent', await this.sources.consent.columns(m, ids));
        await writeSegmentProfiles(m, 'visits', await this.sources.visits.columns(m, ids));
        await writeSegmentProfiles(m, 'membership', await this.sources.membership.columns(m, ids));
      });
      done += ids.length;
      onChunk?.(done);
      after = ids[ids.length - 1]!;
    }
  }

  /** Up to `limit` differences between stored profiles and the owners' facts, over every patient. */
  async drift(limit = 20): Promise<SegmentProfileDrift[]> {
    const found: SegmentProfileDrift[] = [];
    const m = this.dataSource.manager;
    let after = '';
    while (found.length < limit) {
      const ids = await this.idsAfter(m, after, CHUNK);
      if (!ids.length) break;
      const stored = new Map((await m.getRepository(SegmentProfile).findBy({ patientId: In(ids) })).map((r) => [r.patientId, r]));
      const computed = new Map<string, Record<string, unknown>>(ids.map((id) => [id, {}]));
      for (const group of Object.keys(SEGMENT_PROFILE_GROUPS) as SegmentProfileGroup[])
        for (const row of await this.sources[group].columns(m, ids)) Object.assign(computed.get(row.patientId)!, row);
      for (const id of ids) {
        const row = stored.get(id);
        if (!row) {
          found.push({ patientId: id, column: 'row', stored: null, computed: 'a profile' });
          continue;
        }
        for (const column of Object.values(SEGMENT_PROFILE_GROUPS).flat() as SegmentProfileColumn[]) {
          const s = normal(column, row[column]);
          const c = normal(column, computed.get(id)![column]);
          if (s !== c) found.push({ patientId: id, column, stored: s, computed: c });
        }
      }
      after = ids[ids.length - 1]!;
    }
    return found.slice(0, limit);
  }
}

/** A comparable form: sets in sorted order (the migration's SQL may write them in any order), flags as 0/1. */
function normal(column: SegmentProfileColumn, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (column === 'tags' || column === 'departments') return String(value).split(',').filter(Boolean).sort().join(',');
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}
