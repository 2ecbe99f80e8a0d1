import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class FollowupPlans1796700000011 implements MigrationInterface {
  name = 'FollowupPlans1796700000011';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `followup_plans` (`id` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `templateId` varchar(26) NOT NULL, `status` varchar(16) NOT NULL, `activeKey` varchar(60) NULL, `source` varchar(16) NOT NULL, `sourceKey` varchar(64) NULL, `startsOn` varchar(10) NOT NULL, `departmentId` varchar(26) NULL, `doctorId` varchar(26) NULL, `caseManagerStaffId` varchar(26) NULL, `enrolledByStaffId` varchar(26) NULL, `stoppedReason` varchar(32) NULL, `endedAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_followup_plans_case_manager` (`caseManagerStaffId`, `status`), INDEX `ix_followup_plans_patient` (`patientId`, `createdAt`), UNIQUE INDEX `uq_followup_plans_source` (`templateId`, `sourceKey`), UNIQUE INDEX `uq_followup_plans_active` (`activeKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `followup_tasks` (`id` varchar(26) NOT NULL, `planId` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `stepKey` varchar(40) NOT NULL, `stepIndex` int NULL, `step` text NULL, `kind` varchar(16) NOT NULL, `dueOn` varchar(10) NOT NULL, `status` varchar(16) NOT NULL, `escalated` tinyint NOT NULL DEFAULT 0, `escalation` text NULL, `caseManagerStaffId` varchar(26) NULL, `departmentId` varchar(26) NULL, `doctorStaffId` varchar(26) NULL, `outcome` varchar(24) NULL, `note` varchar(1000) NULL, `attempts` int NOT NULL DEFAULT '0', `invitationId` varchar(26) NULL, `completedAt` datetime(3) NULL, `completedByStaffId` varchar(26) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_followup_tasks_step` (`planId`, `stepKey`), INDEX `ix_followup_tasks_patient` (`patientId`, `status`), INDEX `ix_followup_tasks_box` (`status`, `dueOn`), INDEX `ix_followup_tasks_plan` (`planId`, `dueOn`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `followup_templates` (`id` varchar(26) NOT NULL, `key` varchar(40) NOT NULL, `name` varchar(80) NOT NULL, `nameEn` varchar(80) NULL, `description` varchar(500) NULL, `descriptionEn` varchar(500) NULL, `match` text NOT NULL, `steps` text NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `createdByStaffId` varchar(26) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_followup_templates_key` (`key`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `visits` ADD `encounterClass` varchar(12) NOT NULL");
    await queryRunner.query("ALTER TABLE `visits` ADD `externalRef` varchar(64) NULL");
    await queryRunner.query("CREATE UNIQUE INDEX `uq_visits_external` ON `visits` (`externalRef`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_visits_external` ON `visits`");
    await queryRunner.query("ALTER TABLE `visits` DROP COLUMN `externalRef`");
    await queryRunner.query("ALTER TABLE `visits` DROP COLUMN `encounterClass`");
    await queryRunner.query("DROP INDEX `uq_followup_templates_key` ON `followup_templates`");
    await queryRunner.query("DROP TABLE `followup_templates`");
    await queryRunner.query("DROP INDEX `ix_followup_tasks_plan` ON `followup_tasks`");
    await queryRunner.query("DROP INDEX `ix_followup_tasks_box` ON `followup_tasks`");
    await queryRunner.query("DROP INDEX `ix_followup_tasks_patient` ON `followup_tasks`");
    await queryRunner.query("DROP INDEX `uq_followup_tasks_step` ON `followup_tasks`");
    await queryRunner.query("DROP TABLE `followup_tasks`");
    await queryRunner.query("DROP INDEX `uq_followup_plans_active` ON `followup_plans`");
    await queryRunner.query("DROP INDEX `uq_followup_plans_source` ON `followup_plans`");
    await queryRunner.query("DROP INDEX `ix_followup_plans_patient` ON `followup_plans`");
    await queryRunner.query("DROP INDEX `ix_followup_plans_case_manager` ON `followup_plans`");
    await queryRunner.query("DROP TABLE `followup_plans`");
  }
}
