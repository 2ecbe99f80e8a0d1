import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class HealthRecord1796700000010 implements MigrationInterface {
  name = 'HealthRecord1796700000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `health_record_entries` (`id` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `kind` varchar(16) NOT NULL, `name` varchar(100) NOT NULL, `category` varchar(16) NULL, `reaction` varchar(200) NULL, `severity` varchar(16) NULL, `icd10` varchar(16) NULL, `dose` varchar(60) NULL, `frequency` varchar(60) NULL, `since` varchar(10) NULL, `until` varchar(10) NULL, `active` tinyint NOT NULL DEFAULT 1, `note` varchar(500) NULL, `enteredByStaffId` varchar(26) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_health_record_entries_patient` (`patientId`, `kind`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `health_measurements` (`id` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `kind` varchar(16) NOT NULL, `measuredAt` datetime(3) NOT NULL, `systolic` int NULL, `diastolic` int NULL, `glucoseTenths` int NULL, `glucoseContext` varchar(16) NULL, `weightTenths` int NULL, `note` varchar(200) NULL, `enteredByStaffId` varchar(26) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_health_measurements_patient_at` (`patientId`, `measuredAt`), INDEX `ix_health_measurements_patient_kind_at` (`patientId`, `kind`, `measuredAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_health_measurements_patient_kind_at` ON `health_measurements`");
    await queryRunner.query("DROP INDEX `ix_health_measurements_patient_at` ON `health_measurements`");
    await queryRunner.query("DROP TABLE `health_measurements`");
    await queryRunner.query("DROP INDEX `ix_health_record_entries_patient` ON `health_record_entries`");
    await queryRunner.query("DROP TABLE `health_record_entries`");
  }
}
