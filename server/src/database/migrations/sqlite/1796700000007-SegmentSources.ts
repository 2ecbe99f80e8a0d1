import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Index ranges a segment count can start from instead of walking every patient: the patients speaking a language
 * (owned by patients) and a department's visitors (owned by appointments), both covering the patient id.
 */
export class SegmentSources1796700000007 implements MigrationInterface {
  name = 'SegmentSources1796700000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "ix_patients_language" ON "patients" ("language")');
    await queryRunner.query('CREATE INDEX "ix_visits_department_patient" ON "visits" ("departmentId", "patientId")');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_visits_department_patient"');
    await queryRunner.query('DROP INDEX "ix_patients_language"');
  }
}
