import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Patients' segment profiles: the facts segment rules test most on one row per patient (a read model; patients,
 * consents and appointments each write their own columns with the facts they keep), filled here from those facts.
 * The patients' covering index for segments is no longer read.
 */
export class SegmentProfiles1796700000008 implements MigrationInterface {
  name = 'SegmentProfiles1796700000008';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `segment_profiles` (`patientId` varchar(26) NOT NULL, `accountId` varchar(26) NULL, `deleted` tinyint NOT NULL DEFAULT 0, `gender` varchar(16) NULL, `birthDate` varchar(10) NULL, `language` varchar(8) NULL, `tags` varchar(2000) NULL, `healthDataVersion` varchar(32) NULL, `marketingVersion` varchar(32) NULL, `visitCount` int NOT NULL DEFAULT '0', `lastVisitDate` varchar(10) NULL, `departments` varchar(4000) NULL, PRIMARY KEY (`patientId`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "INSERT INTO `segment_profiles` (`patientId`, `accountId`, `deleted`, `gender`, `birthDate`, `language`, `tags`, `healthDataVersion`, `marketingVersion`, `visitCount`, `lastVisitDate`, `departments`) SELECT p.`id`, p.`accountId`, p.`deletedAt` IS NOT NULL, p.`gender`, p.`birthDate`, p.`language`, (SELECT CONCAT(',', GROUP_CONCAT(t.`tag` ORDER BY t.`tag` SEPARATOR ','), ',') FROM `patient_tags` t WHERE t.`patientId` = p.`id`), (SELECT c.`version` FROM `patient_consent_states` c WHERE c.`patientId` = p.`id` AND c.`kind` = 'health_data' AND c.`granted` = 1), (SELECT c.`version` FROM `patient_consent_states` c WHERE c.`patientId` = p.`id` AND c.`kind` = 'marketing' AND c.`granted` = 1), COALESCE((SELECT s.`visitCount` FROM `patient_visit_stats` s WHERE s.`patientId` = p.`id`), 0), (SELECT s.`lastVisitDate` FROM `patient_visit_stats` s WHERE s.`patientId` = p.`id`), (SELECT CONCAT(',', GROUP_CONCAT(DISTINCT v.`departmentId` ORDER BY v.`departmentId` SEPARATOR ','), ',') FROM `visits` v WHERE v.`patientId` = p.`id`) FROM `patients` p",
    );
    await queryRunner.query('DROP INDEX `ix_patients_segment` ON `patients`');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX `ix_patients_segment` ON `patients` (`deletedAt`, `gender`, `birthDate`, `language`, `accountId`)');
    await queryRunner.query('DROP TABLE `segment_profiles`');
  }
}
