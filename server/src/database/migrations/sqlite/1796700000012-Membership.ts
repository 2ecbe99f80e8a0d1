import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class Membership1796700000012 implements MigrationInterface {
  name = 'Membership1796700000012';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"membership_policies\" (\"id\" varchar(16) PRIMARY KEY NOT NULL, \"policy\" text NOT NULL, \"cutoffs\" text, \"updatedByStaffId\" varchar(26), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE TABLE \"member_states\" (\"patientId\" varchar(26) PRIMARY KEY NOT NULL, \"firstVisitOn\" varchar(10), \"lastVisitOn\" varchar(10), \"visits\" integer NOT NULL DEFAULT (0), \"netSpend\" bigint NOT NULL DEFAULT (0), \"value\" bigint NOT NULL DEFAULT (0), \"computedTier\" varchar(12) NOT NULL, \"tier\" varchar(12) NOT NULL, \"tierSince\" datetime(3), \"downgradeTo\" varchar(12), \"downgradeAfter\" datetime(3), \"overrideTier\" varchar(12), \"overrideUntil\" datetime(3), \"overrideReason\" varchar(200), \"overrideByStaffId\" varchar(26), \"points\" integer NOT NULL DEFAULT (0), \"computedAt\" datetime(3))");
    await queryRunner.query("CREATE INDEX \"ix_member_states_value\" ON \"member_states\" (\"value\") ");
    await queryRunner.query("CREATE INDEX \"ix_member_states_tier\" ON \"member_states\" (\"tier\") ");
    await queryRunner.query("CREATE TABLE \"tier_changes\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"fromTier\" varchar(12) NOT NULL, \"toTier\" varchar(12) NOT NULL, \"reason\" varchar(20) NOT NULL, \"byStaffId\" varchar(26), \"at\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"ix_tier_changes_at\" ON \"tier_changes\" (\"at\") ");
    await queryRunner.query("CREATE INDEX \"ix_tier_changes_patient\" ON \"tier_changes\" (\"patientId\", \"at\") ");
    await queryRunner.query("CREATE TABLE \"points_entries\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"delta\" integer NOT NULL, \"reason\" varchar(24) NOT NULL, \"sourceKey\" varchar(80) NOT NULL, \"expiresAt\" datetime(3), \"remaining\" integer NOT NULL DEFAULT (0), \"balanceAfter\" integer NOT NULL, \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_points_entries_expiry\" ON \"points_entries\" (\"expiresAt\", \"remaining\") ");
    await queryRunner.query("CREATE INDEX \"ix_points_entries_patient\" ON \"points_entries\" (\"patientId\", \"createdAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_points_entries_source\" ON \"points_entries\" (\"sourceKey\") ");
    await queryRunner.query("CREATE TABLE \"membership_recomputes\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"status\" varchar(16) NOT NULL, \"phase\" varchar(12) NOT NULL, \"cursor\" varchar(26), \"processed\" integer NOT NULL DEFAULT (0), \"changed\" integer NOT NULL DEFAULT (0), \"startedByStaffId\" varchar(26), \"startedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"finishedAt\" datetime(3))");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"membership_recomputes\"");
    await queryRunner.query("DROP INDEX \"uq_points_entries_source\"");
    await queryRunner.query("DROP INDEX \"ix_points_entries_patient\"");
    await queryRunner.query("DROP INDEX \"ix_points_entries_expiry\"");
    await queryRunner.query("DROP TABLE \"points_entries\"");
    await queryRunner.query("DROP INDEX \"ix_tier_changes_patient\"");
    await queryRunner.query("DROP INDEX \"ix_tier_changes_at\"");
    await queryRunner.query("DROP TABLE \"tier_changes\"");
    await queryRunner.query("DROP INDEX \"ix_member_states_tier\"");
    await queryRunner.query("DROP INDEX \"ix_member_states_value\"");
    await queryRunner.query("DROP TABLE \"member_states\"");
    await queryRunner.query("DROP TABLE \"membership_policies\"");
  }
}
