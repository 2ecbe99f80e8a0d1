import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class Membership1796700000012 implements MigrationInterface {
  name = 'Membership1796700000012';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `membership_policies` (`id` varchar(16) NOT NULL, `policy` text NOT NULL, `cutoffs` text NULL, `updatedByStaffId` varchar(26) NULL, `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `member_states` (`patientId` varchar(26) NOT NULL, `firstVisitOn` varchar(10) NULL, `lastVisitOn` varchar(10) NULL, `visits` int NOT NULL DEFAULT '0', `netSpend` bigint NOT NULL DEFAULT '0', `value` bigint NOT NULL DEFAULT '0', `computedTier` varchar(12) NOT NULL, `tier` varchar(12) NOT NULL, `tierSince` datetime(3) NULL, `downgradeTo` varchar(12) NULL, `downgradeAfter` datetime(3) NULL, `overrideTier` varchar(12) NULL, `overrideUntil` datetime(3) NULL, `overrideReason` varchar(200) NULL, `overrideByStaffId` varchar(26) NULL, `points` int NOT NULL DEFAULT '0', `computedAt` datetime(3) NULL, INDEX `ix_member_states_value` (`value`), INDEX `ix_member_states_tier` (`tier`), PRIMARY KEY (`patientId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `tier_changes` (`id` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `fromTier` varchar(12) NOT NULL, `toTier` varchar(12) NOT NULL, `reason` varchar(20) NOT NULL, `byStaffId` varchar(26) NULL, `at` datetime(3) NOT NULL, INDEX `ix_tier_changes_at` (`at`), INDEX `ix_tier_changes_patient` (`patientId`, `at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `points_entries` (`id` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `delta` int NOT NULL, `reason` varchar(24) NOT NULL, `sourceKey` varchar(80) NOT NULL, `expiresAt` datetime(3) NULL, `remaining` int NOT NULL DEFAULT '0', `balanceAfter` int NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_points_entries_expiry` (`expiresAt`, `remaining`), INDEX `ix_points_entries_patient` (`patientId`, `createdAt`), UNIQUE INDEX `uq_points_entries_source` (`sourceKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `membership_recomputes` (`id` varchar(26) NOT NULL, `status` varchar(16) NOT NULL, `phase` varchar(12) NOT NULL, `cursor` varchar(26) NULL, `processed` int NOT NULL DEFAULT '0', `changed` int NOT NULL DEFAULT '0', `startedByStaffId` varchar(26) NULL, `startedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `finishedAt` datetime(3) NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE `membership_recomputes`");
    await queryRunner.query("DROP INDEX `uq_points_entries_source` ON `points_entries`");
    await queryRunner.query("DROP INDEX `ix_points_entries_patient` ON `points_entries`");
    await queryRunner.query("DROP INDEX `ix_points_entries_expiry` ON `points_entries`");
    await queryRunner.query("DROP TABLE `points_entries`");
    await queryRunner.query("DROP INDEX `ix_tier_changes_patient` ON `tier_changes`");
    await queryRunner.query("DROP INDEX `ix_tier_changes_at` ON `tier_changes`");
    await queryRunner.query("DROP TABLE `tier_changes`");
    await queryRunner.query("DROP INDEX `ix_member_states_tier` ON `member_states`");
    await queryRunner.query("DROP INDEX `ix_member_states_value` ON `member_states`");
    await queryRunner.query("DROP TABLE `member_states`");
    await queryRunner.query("DROP TABLE `membership_policies`");
  }
}
