import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segment facts at scale: consents' current state per (patient, kind) and visits' per-patient aggregates, each kept by
 * its owning module in the same transaction as the fact (filled here from the history); a covering index for the
 * population segments count over (owned by patients).
 */
export class SegmentFacts1796700000006 implements MigrationInterface {
  name = 'SegmentFacts1796700000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Owned by consents.
    await queryRunner.query(
      'CREATE TABLE "patient_consent_states" ("patientId" varchar(26) NOT NULL, "kind" varchar(32) NOT NULL, "version" varchar(32) NOT NULL, "granted" boolean NOT NULL, "decidedAt" datetime(3) NOT NULL, "consentId" varchar(26) NOT NULL, PRIMARY KEY ("patientId", "kind"))',
    );
    await queryRunner.query(
      'INSERT INTO "patient_consent_states" ("patientId", "kind", "version", "granted", "decidedAt", "consentId") SELECT c."patientId", c."kind", c."version", c."granted", c."decidedAt", c."id" FROM "patient_consents" c WHERE NOT EXISTS (SELECT 1 FROM "patient_consents" l WHERE l."patientId" = c."patientId" AND l."kind" = c."kind" AND (l."decidedAt" > c."decidedAt" OR (l."decidedAt" = c."decidedAt" AND l."id" > c."id")))',
    );
    // Owned by appointments.
    await queryRunner.query(
      'CREATE TABLE "patient_visit_stats" ("patientId" varchar(26) PRIMARY KEY NOT NULL, "visitCount" integer NOT NULL, "lastVisitDate" varchar(10) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "ix_patient_visit_stats_last_visit" ON "patient_visit_stats" ("lastVisitDate") ');
    await queryRunner.query(
      'INSERT INTO "patient_visit_stats" ("patientId", "visitCount", "lastVisitDate") SELECT "patientId", COUNT(*), MAX("date") FROM "visits" GROUP BY "patientId"',
    );
    // Owned by patients.
    await queryRunner.query('CREATE INDEX "ix_patients_segment" ON "patients" ("deletedAt", "gender", "birthDate", "language", "accountId") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_patients_segment"');
    await queryRunner.query('DROP INDEX "ix_patient_visit_stats_last_visit"');
    await queryRunner.query('DROP TABLE "patient_visit_stats"');
    await queryRunner.query('DROP TABLE "patient_consent_states"');
  }
}
