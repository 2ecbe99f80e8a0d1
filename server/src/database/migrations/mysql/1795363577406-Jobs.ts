import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class Jobs1795363577406 implements MigrationInterface {
  name = 'Jobs1795363577406';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `jobs` (`id` varchar(26) NOT NULL, `kind` varchar(64) NOT NULL, `payload` text NOT NULL, `runAt` datetime(3) NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'queued', `attempts` int NOT NULL DEFAULT '0', `maxAttempts` int NOT NULL DEFAULT '5', `lockedBy` varchar(64) NULL, `lockedUntil` datetime(3) NULL, `lastError` text NULL, `idempotencyKey` varchar(191) NULL, `finishedAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_jobs_idempotency` (`idempotencyKey`), INDEX `ix_jobs_claim` (`status`, `runAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_jobs_claim` ON `jobs`');
    await queryRunner.query('DROP INDEX `uq_jobs_idempotency` ON `jobs`');
    await queryRunner.query('DROP TABLE `jobs`');
  }
}
