import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities; the lastPreview change and the data updates written by hand. */
export class SecondWaveBase1796577768832 implements MigrationInterface {
  name = 'SecondWaveBase1796577768832';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `break_glass_grants` (`id` varchar(26) NOT NULL, `staffId` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `reason` varchar(500) NOT NULL, `expiresAt` datetime(3) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_break_glass_created` (`createdAt`), INDEX `ix_break_glass_staff_patient` (`staffId`, `patientId`, `expiresAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `notifications` (`id` varchar(26) NOT NULL, `accountId` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `kind` varchar(32) NOT NULL, `params` text NOT NULL, `link` varchar(255) NULL, `dedupeKey` varchar(191) NOT NULL, `visibleAt` datetime(3) NOT NULL, `readAt` datetime(3) NULL, `withdrawnAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_notifications_account_unread` (`accountId`, `readAt`), INDEX `ix_notifications_patient` (`patientId`, `visibleAt`), UNIQUE INDEX `uq_notifications_dedupe` (`dedupeKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `appointments` ADD `cancelledBy` varchar(16) NULL");
    await queryRunner.query("ALTER TABLE `consultations` ADD `lastPreviewKind` varchar(16) NULL");
    await queryRunner.query("ALTER TABLE `consult_messages` ADD `systemCode` varchar(32) NULL");
    await queryRunner.query("ALTER TABLE `consult_messages` ADD `systemParams` text NULL");
    // Widened in place (not dropped and added: the list lines stay).
    await queryRunner.query("ALTER TABLE `consultations` MODIFY `lastPreview` varchar(255) NULL");
    // Data stored as prose becomes language-neutral: image previews and held subjects are rendered when read.
    await queryRunner.query("UPDATE `consultations` SET `lastPreviewKind` = CASE WHEN `lastPreview` = '[图片]' THEN 'image' ELSE 'text' END WHERE `lastPreview` IS NOT NULL");
    await queryRunner.query("UPDATE `consultations` SET `lastPreview` = NULL WHERE `lastPreviewKind` = 'image'");
    await queryRunner.query("UPDATE `consultations` SET `subject` = '' WHERE `subject` = '（内容审核中）'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("UPDATE `consultations` SET `lastPreview` = '[图片]' WHERE `lastPreviewKind` = 'image'");
    await queryRunner.query("UPDATE `consultations` SET `subject` = '（内容审核中）' WHERE `subject` = ''");
    await queryRunner.query("ALTER TABLE `consultations` MODIFY `lastPreview` varchar(80) NULL");
    await queryRunner.query("ALTER TABLE `consult_messages` DROP COLUMN `systemParams`");
    await queryRunner.query("ALTER TABLE `consult_messages` DROP COLUMN `systemCode`");
    await queryRunner.query("ALTER TABLE `consultations` DROP COLUMN `lastPreviewKind`");
    await queryRunner.query("ALTER TABLE `appointments` DROP COLUMN `cancelledBy`");
    await queryRunner.query("DROP INDEX `uq_notifications_dedupe` ON `notifications`");
    await queryRunner.query("DROP INDEX `ix_notifications_patient` ON `notifications`");
    await queryRunner.query("DROP INDEX `ix_notifications_account_unread` ON `notifications`");
    await queryRunner.query("DROP TABLE `notifications`");
    await queryRunner.query("DROP INDEX `ix_break_glass_staff_patient` ON `break_glass_grants`");
    await queryRunner.query("DROP INDEX `ix_break_glass_created` ON `break_glass_grants`");
    await queryRunner.query("DROP TABLE `break_glass_grants`");
  }
}
