import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Push campaigns (mysql): campaigns, their reviews, runs, opens and staff test recipients. */
export class Campaigns1796700000003 implements MigrationInterface {
  name = 'Campaigns1796700000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `campaigns` (`id` varchar(26) NOT NULL, `name` varchar(100) NOT NULL, `segmentId` varchar(26) NOT NULL, `messageKind` varchar(32) NOT NULL, `content` text NOT NULL, `landing` text NULL, `schedule` text NULL, `status` varchar(16) NOT NULL, `pausedFrom` varchar(16) NULL, `pausedReason` varchar(16) NULL, `authorStaffId` varchar(26) NOT NULL, `scheduledAt` datetime(3) NULL, `lastRunKey` varchar(40) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_campaigns_status` (`status`, `updatedAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `campaign_reviews` (`id` varchar(26) NOT NULL, `campaignId` varchar(26) NOT NULL, `action` varchar(16) NOT NULL, `staffId` varchar(26) NOT NULL, `comment` varchar(500) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_campaign_reviews_campaign` (`campaignId`, `createdAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `campaign_runs` (`id` varchar(26) NOT NULL, `campaignId` varchar(26) NOT NULL, `runKey` varchar(40) NOT NULL, `date` varchar(10) NULL, `at` datetime(3) NOT NULL, `status` varchar(16) NOT NULL, `afterPatientId` varchar(26) NULL, `recipients` int NOT NULL DEFAULT '0', `materialisedAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_campaign_runs_status` (`status`, `campaignId`), UNIQUE INDEX `uq_campaign_runs_key` (`campaignId`, `runKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `campaign_test_recipients` (`staffId` varchar(26) NOT NULL, `openid` varchar(64) NOT NULL, `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (`staffId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `campaign_opens` (`id` varchar(26) NOT NULL, `campaignId` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_campaign_opens` (`campaignId`, `patientId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE `campaign_opens`");
    await queryRunner.query("DROP TABLE `campaign_test_recipients`");
    await queryRunner.query("DROP TABLE `campaign_runs`");
    await queryRunner.query("DROP TABLE `campaign_reviews`");
    await queryRunner.query("DROP TABLE `campaigns`");
  }
}
