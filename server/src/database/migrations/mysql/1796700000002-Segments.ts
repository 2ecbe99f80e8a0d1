import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Segments (issue #15): saved segments; patients' tags; visits' ICD-10 diagnoses; indexes segment queries use. */
export class Segments1796700000002 implements MigrationInterface {
  name = 'Segments1796700000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `segments` (`id` varchar(26) NOT NULL, `name` varchar(64) NOT NULL, `description` varchar(500) NULL, `rule` text NOT NULL, `lastCount` int NULL, `lastCountedAt` datetime(3) NULL, `createdByStaffId` varchar(26) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_segments_updated` (`updatedAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `patient_tags` (`id` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `tag` varchar(32) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_patient_tags_patient_tag` (`patientId`, `tag`), INDEX `ix_patient_tags_tag_patient` (`tag`, `patientId`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `visit_diagnoses` (`id` varchar(26) NOT NULL, `visitId` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `code` varchar(8) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_visit_diagnoses_visit_code` (`visitId`, `code`), INDEX `ix_visit_diagnoses_code_patient` (`code`, `patientId`), INDEX `ix_visit_diagnoses_patient` (`patientId`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    // Owned by patients: age ranges are birth-date ranges.
    await queryRunner.query('CREATE INDEX `ix_patients_gender_birth_date` ON `patients` (`gender`, `birthDate`)');
    await queryRunner.query('CREATE INDEX `ix_patients_birth_date` ON `patients` (`birthDate`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_patients_birth_date` ON `patients`');
    await queryRunner.query('DROP INDEX `ix_patients_gender_birth_date` ON `patients`');
    await queryRunner.query('DROP TABLE `visit_diagnoses`');
    await queryRunner.query('DROP TABLE `patient_tags`');
    await queryRunner.query('DROP TABLE `segments`');
  }
}
