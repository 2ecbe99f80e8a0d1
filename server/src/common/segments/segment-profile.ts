import type { EntityManager } from 'typeorm';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A patient's segment profile: every fact segment rules test most, on one row, so that a count reads one table
 * instead of looking up three others per patient (at 1,000,000 patients each lookup costs 3–5 µs; a row of this
 * table costs well under one). It is a read model: the segments module reads it; each owning module writes only its
 * own group of columns, in the same transaction as the fact it derives from (`writeSegmentProfiles`):
 *
 * - patients: `accountId`, `deleted`, `gender`, `birthDate`, `language`, `tags`;
 * - consents: `healthDataVersion`, `marketingVersion` (the version of the current decision when it is a grant);
 * - appointments (visits): `visitCount`, `lastVisitDate`, `departments`;
 * - membership: `tier` (lead for a patient membership has not valued yet), with each tier change.
 *
 * Sets (`tags`, `departments`) are stored as `,a,b,` (sorted; null when empty) and tested with `profileSetHas`. They
 * are VARCHAR, not TEXT: MariaDB copies a TEXT value out of every row it scans, which doubled a count's time.
 * `SegmentsService.profileDrift` recomputes rows from the owners and lists any that differ; tests assert none do.
 */
/** The longest stored sets (a scan reads them inline). */
const SET_LENGTH = { tags: 2000, departments: 4000 } as const;

@Entity('segment_profiles')
export class SegmentProfile {
  @PrimaryColumn({ type: 'varchar', length: 26 }) patientId: string;

  @Column({ type: 'varchar', length: 26, nullable: true }) accountId: string | null;

  @Column({ type: 'boolean', default: false }) deleted: boolean;

  @Column({ type: 'varchar', length: 16, nullable: true }) gender: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true }) birthDate: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true }) language: string | null;

  /** A set of tags (at most PATIENT_TAGS_MAX of 32 characters each). */
  @Column({ type: 'varchar', length: SET_LENGTH.tags, nullable: true }) tags: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true }) healthDataVersion: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true }) marketingVersion: string | null;

  @Column({ type: 'int', default: 0 }) visitCount: number;

  @Column({ type: 'varchar', length: 10, nullable: true }) lastVisitDate: string | null;

  /** A set of department ids (26 characters each: room for 148). */
  @Column({ type: 'varchar', length: SET_LENGTH.departments, nullable: true }) departments: string | null;

  /** The member tier (platinum, gold, iron, lead). */
  @Column({ type: 'varchar', length: 12, default: 'lead' }) tier: string;
}

/** The columns each owning module writes. */
export const SEGMENT_PROFILE_GROUPS = {
  patient: ['accountId', 'deleted', 'gender', 'birthDate', 'language', 'tags'],
  consent: ['healthDataVersion', 'marketingVersion'],
  visits: ['visitCount', 'lastVisitDate', 'departments'],
  membership: ['tier'],
} as const;

export type SegmentProfileGroup = keyof typeof SEGMENT_PROFILE_GROUPS;
export type SegmentProfileColumn = (typeof SEGMENT_PROFILE_GROUPS)[SegmentProfileGroup][number];
export type SegmentProfileRow<G extends SegmentProfileGroup> = { patientId: string } & Pick<SegmentProfile, (typeof SEGMENT_PROFILE_GROUPS)[G][number]>;

/** One owner's part of patients' profiles: computes its columns from its own tables, for given patients. */
export interface SegmentProfileSource<G extends SegmentProfileGroup> {
  readonly group: G;
  columns(m: EntityManager, patientIds: readonly string[]): Promise<SegmentProfileRow<G>[]>;
}

/** A set as stored (`,a,b,`, sorted, each once); null when empty. */
export function profileSet(values: Iterable<string>): string | null {
  const sorted = [...new Set(values)].sort();
  return sorted.length ? `,${sorted.join(',')},` : null;
}

/**
 * A predicate (two-valued) that the stored set `column` holds any of `values`. INSTR exists in MySQL and SQLite alike;
 * the delimiters make `,a,` never match inside `,ab,`.
 */
export function profileSetHas(column: string, values: readonly string[], param: (value: string) => string): string {
  const tests = values.map((v) => `INSTR(COALESCE(${column}, ''), ${param(`,${v},`)}) > 0`);
  return tests.length === 1 ? tests[0]! : `(${tests.join(' OR ')})`;
}

/** Refuses a set longer than its column rather than letting the database cut it or fail later. */
function checkSets(rows: readonly Record<string, unknown>[]): void {
  for (const r of rows)
    for (const column of ['tags', 'departments'] as const) {
      const value = r[column];
      if (typeof value === 'string' && value.length > SET_LENGTH[column])
        throw new Error(`segment profile of ${String(r.patientId)}: ${column} holds ${value.length} characters, over ${SET_LENGTH[column]}`);
    }
}

/** Rows per multi-row upsert. */
const CHUNK = 500;

/**
 * Writes one owner's columns of patients' profiles in the caller's transaction (creating the rows when missing; the
 * other groups' columns keep their values or defaults).
 */
export async function writeSegmentProfiles<G extends SegmentProfileGroup>(m: EntityManager, group: G, rows: readonly SegmentProfileRow<G>[]): Promise<void> {
  const columns = SEGMENT_PROFILE_GROUPS[group] as readonly string[];
  const sqlite = m.connection.options.type === 'better-sqlite3';
  const q = (c: string) => (sqlite ? `"${c}"` : `\`${c}\``);
  checkSets(rows as readonly Record<string, unknown>[]);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const names = ['patientId', ...columns];
    const values = chunk.flatMap((r) => names.map((c) => toDb((r as Record<string, unknown>)[c])));
    const tuples = chunk.map(() => `(${names.map(() => '?').join(', ')})`).join(', ');
    const update = sqlite
      ? ` ON CONFLICT (${q('patientId')}) DO UPDATE SET ${columns.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`
      : ` ON DUPLICATE KEY UPDATE ${columns.map((c) => `${q(c)} = VALUES(${q(c)})`).join(', ')}`;
    await m.query(`INSERT INTO ${q('segment_profiles')} (${names.map(q).join(', ')}) VALUES ${tuples}${update}`, values);
  }
}

function toDb(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? null;
}
