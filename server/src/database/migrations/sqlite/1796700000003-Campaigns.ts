import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Push campaigns (sqlite): campaigns, their reviews, runs, opens and staff test recipients. */
export class Campaigns1796700000003 implements MigrationInterface {
  name = 'Campaigns1796700000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"campaigns\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"name\" varchar(100) NOT NULL, \"segmentId\" varchar(26) NOT NULL, \"messageKind\" varchar(32) NOT NULL, \"content\" text NOT NULL, \"landing\" text, \"schedule\" text, \"status\" varchar(16) NOT NULL, \"pausedFrom\" varchar(16), \"pausedReason\" varchar(16), \"authorStaffId\" varchar(26) NOT NULL, \"scheduledAt\" datetime(3), \"lastRunKey\" varchar(40), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_campaigns_status\" ON \"campaigns\" (\"status\", \"updatedAt\") ");
    await queryRunner.query("CREATE TABLE \"campaign_reviews\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"campaignId\" varchar(26) NOT NULL, \"action\" varchar(16) NOT NULL, \"staffId\" varchar(26) NOT NULL, \"comment\" varchar(500), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_campaign_reviews_campaign\" ON \"campaign_reviews\" (\"campaignId\", \"createdAt\") ");
    await queryRunner.query("CREATE TABLE \"campaign_runs\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"campaignId\" varchar(26) NOT NULL, \"runKey\" varchar(40) NOT NULL, \"date\" varchar(10), \"at\" datetime(3) NOT NULL, \"status\" varchar(16) NOT NULL, \"afterPatientId\" varchar(26), \"recipients\" integer NOT NULL DEFAULT (0), \"materialisedAt\" datetime(3), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_campaign_runs_status\" ON \"campaign_runs\" (\"status\", \"campaignId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_campaign_runs_key\" ON \"campaign_runs\" (\"campaignId\", \"runKey\") ");
    await queryRunner.query("CREATE TABLE \"campaign_test_recipients\" (\"staffId\" varchar(26) PRIMARY KEY NOT NULL, \"openid\" varchar(64) NOT NULL, \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE TABLE \"campaign_opens\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"campaignId\" varchar(26) NOT NULL, \"patientId\" varchar(26) NOT NULL, \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_campaign_opens\" ON \"campaign_opens\" (\"campaignId\", \"patientId\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_campaign_opens\"");
    await queryRunner.query("DROP TABLE \"campaign_opens\"");
    await queryRunner.query("DROP TABLE \"campaign_test_recipients\"");
    await queryRunner.query("DROP INDEX \"ix_campaign_runs_status\"");
    await queryRunner.query("DROP INDEX \"uq_campaign_runs_key\"");
    await queryRunner.query("DROP TABLE \"campaign_runs\"");
    await queryRunner.query("DROP INDEX \"ix_campaign_reviews_campaign\"");
    await queryRunner.query("DROP TABLE \"campaign_reviews\"");
    await queryRunner.query("DROP INDEX \"ix_campaigns_status\"");
    await queryRunner.query("DROP TABLE \"campaigns\"");
  }
}
