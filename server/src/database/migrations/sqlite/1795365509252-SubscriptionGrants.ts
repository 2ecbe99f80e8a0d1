import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class SubscriptionGrants1795365509252 implements MigrationInterface {
  name = 'SubscriptionGrants1795365509252';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "subscription_grants" ("id" varchar(26) PRIMARY KEY NOT NULL, "accountId" varchar(26) NOT NULL, "templateId" varchar(128) NOT NULL, "remaining" integer NOT NULL DEFAULT (0), "longTerm" boolean NOT NULL DEFAULT (0), "lastResult" varchar(16), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_subscription_grants_account_template" ON "subscription_grants" ("accountId", "templateId") ');
    await queryRunner.query(
      'CREATE TABLE "subscription_events" ("id" varchar(26) PRIMARY KEY NOT NULL, "accountId" varchar(26) NOT NULL, "templateId" varchar(128) NOT NULL, "result" varchar(16) NOT NULL, "at" datetime(3) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "ix_subscription_events_account" ON "subscription_events" ("accountId", "at") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_subscription_events_account"');
    await queryRunner.query('DROP TABLE "subscription_events"');
    await queryRunner.query('DROP INDEX "uq_subscription_grants_account_template"');
    await queryRunner.query('DROP TABLE "subscription_grants"');
  }
}
