import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class Jobs1795363577406 implements MigrationInterface {
  name = 'Jobs1795363577406';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "jobs" ("id" varchar(26) PRIMARY KEY NOT NULL, "kind" varchar(64) NOT NULL, "payload" text NOT NULL, "runAt" datetime(3) NOT NULL, "status" varchar(16) NOT NULL DEFAULT (\'queued\'), "attempts" integer NOT NULL DEFAULT (0), "maxAttempts" integer NOT NULL DEFAULT (5), "lockedBy" varchar(64), "lockedUntil" datetime(3), "lastError" text, "idempotencyKey" varchar(191), "finishedAt" datetime(3), "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_jobs_idempotency" ON "jobs" ("idempotencyKey") ');
    await queryRunner.query('CREATE INDEX "ix_jobs_claim" ON "jobs" ("status", "runAt") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_jobs_claim"');
    await queryRunner.query('DROP INDEX "uq_jobs_idempotency"');
    await queryRunner.query('DROP TABLE "jobs"');
  }
}
