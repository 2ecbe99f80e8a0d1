import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Segments (issue #15): saved segments; patients' tags; visits' ICD-10 diagnoses; indexes segment queries use. */
export class Segments1796700000002 implements MigrationInterface {
  name = 'Segments1796700000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "segments" ("id" varchar(26) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "description" varchar(500), "rule" text NOT NULL, "lastCount" integer, "lastCountedAt" datetime(3), "createdByStaffId" varchar(26) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "ix_segments_updated" ON "segments" ("updatedAt") ');
    await queryRunner.query(
      'CREATE TABLE "patient_tags" ("id" varchar(26) PRIMARY KEY NOT NULL, "patientId" varchar(26) NOT NULL, "tag" varchar(32) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_patient_tags_patient_tag" ON "patient_tags" ("patientId", "tag") ');
    await queryRunner.query('CREATE INDEX "ix_patient_tags_tag_patient" ON "patient_tags" ("tag", "patientId") ');
    await queryRunner.query(
      'CREATE TABLE "visit_diagnoses" ("id" varchar(26) PRIMARY KEY NOT NULL, "visitId" varchar(26) NOT NULL, "patientId" varchar(26) NOT NULL, "code" varchar(8) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_visit_diagnoses_visit_code" ON "visit_diagnoses" ("visitId", "code") ');
    await queryRunner.query('CREATE INDEX "ix_visit_diagnoses_code_patient" ON "visit_diagnoses" ("code", "patientId") ');
    await queryRunner.query('CREATE INDEX "ix_visit_diagnoses_patient" ON "visit_diagnoses" ("patientId") ');
    // Owned by patients: age ranges are birth-date ranges.
    await queryRunner.query('CREATE INDEX "ix_patients_gender_birth_date" ON "patients" ("gender", "birthDate") ');
    await queryRunner.query('CREATE INDEX "ix_patients_birth_date" ON "patients" ("birthDate") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_patients_birth_date"');
    await queryRunner.query('DROP INDEX "ix_patients_gender_birth_date"');
    await queryRunner.query('DROP INDEX "ix_visit_diagnoses_patient"');
    await queryRunner.query('DROP INDEX "ix_visit_diagnoses_code_patient"');
    await queryRunner.query('DROP INDEX "uq_visit_diagnoses_visit_code"');
    await queryRunner.query('DROP TABLE "visit_diagnoses"');
    await queryRunner.query('DROP INDEX "ix_patient_tags_tag_patient"');
    await queryRunner.query('DROP INDEX "uq_patient_tags_patient_tag"');
    await queryRunner.query('DROP TABLE "patient_tags"');
    await queryRunner.query('DROP INDEX "ix_segments_updated"');
    await queryRunner.query('DROP TABLE "segments"');
  }
}
