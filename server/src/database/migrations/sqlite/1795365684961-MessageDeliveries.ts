import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class MessageDeliveries1795365684961 implements MigrationInterface {
  name = 'MessageDeliveries1795365684961';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "message_deliveries" ("id" varchar(26) PRIMARY KEY NOT NULL, "accountId" varchar(26) NOT NULL, "patientId" varchar(26) NOT NULL, "messageKind" varchar(32) NOT NULL, "templateId" varchar(128) NOT NULL, "page" varchar(255), "data" text NOT NULL, "dedupeKey" varchar(191) NOT NULL, "status" varchar(16) NOT NULL DEFAULT (\'queued\'), "reason" varchar(32), "errcode" integer, "attempts" integer NOT NULL DEFAULT (0), "grantSpent" boolean NOT NULL DEFAULT (0), "notBefore" datetime(3) NOT NULL, "expiresAt" datetime(3), "sentAt" datetime(3), "msgid" varchar(32), "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "ix_message_deliveries_account_sent" ON "message_deliveries" ("accountId", "status", "sentAt") ');
    await queryRunner.query('CREATE INDEX "ix_message_deliveries_patient" ON "message_deliveries" ("patientId", "createdAt") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_message_deliveries_dedupe" ON "message_deliveries" ("dedupeKey") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "uq_message_deliveries_dedupe"');
    await queryRunner.query('DROP INDEX "ix_message_deliveries_patient"');
    await queryRunner.query('DROP INDEX "ix_message_deliveries_account_sent"');
    await queryRunner.query('DROP TABLE "message_deliveries"');
  }
}
