import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class Consultations1795375439569 implements MigrationInterface {
  name = 'Consultations1795375439569';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `consultations` (`id` varchar(26) NOT NULL, `kind` varchar(24) NOT NULL, `status` varchar(24) NOT NULL, `patientId` varchar(26) NOT NULL, `accountId` varchar(26) NOT NULL, `departmentId` varchar(26) NOT NULL, `doctorId` varchar(26) NULL, `assigneeStaffId` varchar(26) NULL, `subject` varchar(120) NOT NULL, `fee` int NOT NULL DEFAULT '0', `payBefore` datetime(3) NULL, `lastSeq` int NOT NULL DEFAULT '0', `lastMessageAt` datetime(3) NOT NULL, `lastPreview` varchar(80) NULL, `lastPatientSeq` int NOT NULL DEFAULT '0', `patientReadSeq` int NOT NULL DEFAULT '0', `staffReadSeq` int NOT NULL DEFAULT '0', `firstResponseDueAt` datetime(3) NULL, `firstRespondedAt` datetime(3) NULL, `escalatedAt` datetime(3) NULL, `autoCloseAt` datetime(3) NULL, `closedAt` datetime(3) NULL, `closedBy` varchar(16) NULL, `ratingScore` int NULL, `ratingComment` varchar(500) NULL, `ratedAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_consultations_assignee` (`assigneeStaffId`, `status`), INDEX `idx_consultations_department` (`departmentId`, `status`), INDEX `idx_consultations_patient` (`patientId`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `consult_messages` (`id` varchar(26) NOT NULL, `consultationId` varchar(26) NOT NULL, `seq` int NOT NULL, `kind` varchar(16) NOT NULL, `side` varchar(16) NOT NULL, `authorStaffId` varchar(26) NULL, `authorPatientId` varchar(26) NULL, `text` text NULL, `imageKey` varchar(128) NULL, `imageType` varchar(32) NULL, `imageSize` int NULL, `state` varchar(16) NOT NULL DEFAULT 'visible', `securityLabel` int NULL, `clientId` varchar(64) NULL, `reviewedByStaffId` varchar(26) NULL, `reviewedAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_consult_messages_state` (`state`), UNIQUE INDEX `uq_consult_messages_client` (`consultationId`, `clientId`), UNIQUE INDEX `uq_consult_messages_seq` (`consultationId`, `seq`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `consult_canned_replies` (`id` varchar(26) NOT NULL, `scope` varchar(16) NOT NULL, `ownerStaffId` varchar(26) NULL, `departmentId` varchar(26) NULL, `title` varchar(40) NOT NULL, `text` varchar(1000) NOT NULL, `createdByStaffId` varchar(26) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_canned_replies_department` (`departmentId`), INDEX `idx_canned_replies_owner` (`ownerStaffId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `departments` ADD `leadStaffId` varchar(26) NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `departments` DROP COLUMN `leadStaffId`");
    await queryRunner.query("DROP INDEX `idx_canned_replies_owner` ON `consult_canned_replies`");
    await queryRunner.query("DROP INDEX `idx_canned_replies_department` ON `consult_canned_replies`");
    await queryRunner.query("DROP TABLE `consult_canned_replies`");
    await queryRunner.query("DROP INDEX `uq_consult_messages_seq` ON `consult_messages`");
    await queryRunner.query("DROP INDEX `uq_consult_messages_client` ON `consult_messages`");
    await queryRunner.query("DROP INDEX `idx_consult_messages_state` ON `consult_messages`");
    await queryRunner.query("DROP TABLE `consult_messages`");
    await queryRunner.query("DROP INDEX `idx_consultations_patient` ON `consultations`");
    await queryRunner.query("DROP INDEX `idx_consultations_department` ON `consultations`");
    await queryRunner.query("DROP INDEX `idx_consultations_assignee` ON `consultations`");
    await queryRunner.query("DROP TABLE `consultations`");
  }
}
