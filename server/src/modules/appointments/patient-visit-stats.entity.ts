import type { EntityManager } from 'typeorm';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { syncVisitSegmentProfiles } from './visit-segment-profile.js';
import type { Visit } from './visit.entity.js';

/**
 * Per-patient visit aggregates (count, latest date), kept in the same transaction as each visit written, so segment
 * conditions on recency and count are one primary-key lookup instead of a scan of the patient's visits. A patient
 * without a row has no visit.
 */
@Entity('patient_visit_stats')
@Index('ix_patient_visit_stats_last_visit', ['lastVisitDate'])
export class PatientVisitStats {
  @PrimaryColumn({ type: 'varchar', length: 26 }) patientId: string;

  @Column({ type: 'int' }) visitCount: number;

  /** Hospital-time date of the latest visit, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10 }) lastVisitDate: string;
}

/** Counts visits into their patients' aggregates and segment profiles, in the caller's transaction (order-independent). */
export async function countVisits(m: EntityManager, visits: readonly Pick<Visit, 'patientId' | 'date'>[]): Promise<void> {
  const sqlite = m.connection.options.type === 'better-sqlite3';
  for (const v of visits) {
    await m.query(
      sqlite
        ? 'INSERT INTO "patient_visit_stats" ("patientId", "visitCount", "lastVisitDate") VALUES (?, 1, ?)' +
            ' ON CONFLICT ("patientId") DO UPDATE SET "visitCount" = "patient_visit_stats"."visitCount" + 1,' +
            ' "lastVisitDate" = MAX("patient_visit_stats"."lastVisitDate", excluded."lastVisitDate")'
        : 'INSERT INTO `patient_visit_stats` (`patientId`, `visitCount`, `lastVisitDate`) VALUES (?, 1, ?)' +
            ' ON DUPLICATE KEY UPDATE `visitCount` = `visitCount` + 1, `lastVisitDate` = GREATEST(`lastVisitDate`, VALUES(`lastVisitDate`))',
      [v.patientId, v.date],
    );
  }
  await syncVisitSegmentProfiles(
    m,
    visits.map((v) => v.patientId),
  );
}
