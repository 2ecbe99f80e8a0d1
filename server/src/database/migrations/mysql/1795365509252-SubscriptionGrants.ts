import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class SubscriptionGrants1795365509252 implements MigrationInterface {
  name = 'SubscriptionGrants1795365509252';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `subscription_grants` (`id` varchar(26) NOT NULL, `accountId` varchar(26) NOT NULL, `templateId` varchar(128) NOT NULL, `remaining` int NOT NULL DEFAULT '0', `longTerm` tinyint NOT NULL DEFAULT 0, `lastResult` varchar(16) NULL, `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_subscription_grants_account_template` (`accountId`, `templateId`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `subscription_events` (`id` varchar(26) NOT NULL, `accountId` varchar(26) NOT NULL, `templateId` varchar(128) NOT NULL, `result` varchar(16) NOT NULL, `at` datetime(3) NOT NULL, INDEX `ix_subscription_events_account` (`accountId`, `at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_subscription_events_account` ON `subscription_events`');
    await queryRunner.query('DROP TABLE `subscription_events`');
    await queryRunner.query('DROP INDEX `uq_subscription_grants_account_template` ON `subscription_grants`');
    await queryRunner.query('DROP TABLE `subscription_grants`');
  }
}
