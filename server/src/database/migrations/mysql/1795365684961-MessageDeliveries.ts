import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class MessageDeliveries1795365684961 implements MigrationInterface {
  name = 'MessageDeliveries1795365684961';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `message_deliveries` (`id` varchar(26) NOT NULL, `accountId` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `messageKind` varchar(32) NOT NULL, `templateId` varchar(128) NOT NULL, `page` varchar(255) NULL, `data` text NOT NULL, `dedupeKey` varchar(191) NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'queued', `reason` varchar(32) NULL, `errcode` int NULL, `attempts` int NOT NULL DEFAULT '0', `grantSpent` tinyint NOT NULL DEFAULT 0, `notBefore` datetime(3) NOT NULL, `expiresAt` datetime(3) NULL, `sentAt` datetime(3) NULL, `msgid` varchar(32) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_message_deliveries_account_sent` (`accountId`, `status`, `sentAt`), INDEX `ix_message_deliveries_patient` (`patientId`, `createdAt`), UNIQUE INDEX `uq_message_deliveries_dedupe` (`dedupeKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `uq_message_deliveries_dedupe` ON `message_deliveries`');
    await queryRunner.query('DROP INDEX `ix_message_deliveries_patient` ON `message_deliveries`');
    await queryRunner.query('DROP INDEX `ix_message_deliveries_account_sent` ON `message_deliveries`');
    await queryRunner.query('DROP TABLE `message_deliveries`');
  }
}
