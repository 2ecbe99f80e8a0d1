import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated for mysql by db:generate from the entities (pruned to the messaging module): bulk sources on
 * message_deliveries (`source`, indexed with status and due time; `openedAt`) and the patients' marketing topics.
 */
export class CampaignDelivery1796700000004 implements MigrationInterface {
  name = 'CampaignDelivery1796700000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `marketing_preferences` (`id` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `topic` varchar(32) NOT NULL, `enabled` tinyint NOT NULL DEFAULT 1, `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_marketing_preferences_patient_topic` (`patientId`, `topic`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `message_deliveries` ADD `source` varchar(64) NULL");
    await queryRunner.query("ALTER TABLE `message_deliveries` ADD `openedAt` datetime(3) NULL");
    await queryRunner.query("CREATE INDEX `ix_message_deliveries_source` ON `message_deliveries` (`source`, `status`, `notBefore`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_message_deliveries_source` ON `message_deliveries`");
    await queryRunner.query("ALTER TABLE `message_deliveries` DROP COLUMN `openedAt`");
    await queryRunner.query("ALTER TABLE `message_deliveries` DROP COLUMN `source`");
    await queryRunner.query("DROP INDEX `uq_marketing_preferences_patient_topic` ON `marketing_preferences`");
    await queryRunner.query("DROP TABLE `marketing_preferences`");
  }
}
