import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class ClubEvents1796700000016 implements MigrationInterface {
  name = 'ClubEvents1796700000016';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"club_events\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"title\" varchar(100) NOT NULL, \"titleEn\" varchar(160), \"kind\" varchar(16) NOT NULL, \"description\" text, \"startsAt\" datetime(3) NOT NULL, \"endsAt\" datetime(3) NOT NULL, \"venue\" varchar(120), \"online\" boolean NOT NULL DEFAULT (0), \"capacity\" integer NOT NULL, \"eligibleTiers\" varchar(64) NOT NULL DEFAULT (''), \"fee\" integer NOT NULL DEFAULT (0), \"pointsCost\" integer NOT NULL DEFAULT (0), \"registrationOpensAt\" datetime(3), \"registrationClosesAt\" datetime(3) NOT NULL, \"status\" varchar(12) NOT NULL, \"taken\" integer NOT NULL DEFAULT (0), \"waitSeq\" integer NOT NULL DEFAULT (0), \"createdByStaffId\" varchar(26) NOT NULL, \"publishedAt\" datetime(3), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_club_events_status_starts\" ON \"club_events\" (\"status\", \"startsAt\") ");
    await queryRunner.query("CREATE TABLE \"club_registrations\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"eventId\" varchar(26) NOT NULL, \"patientId\" varchar(26) NOT NULL, \"accountId\" varchar(26), \"status\" varchar(16) NOT NULL, \"activeKey\" varchar(60), \"position\" integer, \"checkInCode\" varchar(16) NOT NULL, \"fee\" integer NOT NULL DEFAULT (0), \"pointsSpent\" integer NOT NULL DEFAULT (0), \"payBefore\" datetime(3), \"offerExpiresAt\" datetime(3), \"checkedInAt\" datetime(3), \"checkedInByStaffId\" varchar(26), \"cancelledAt\" datetime(3), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_club_registrations_patient\" ON \"club_registrations\" (\"patientId\", \"createdAt\") ");
    await queryRunner.query("CREATE INDEX \"ix_club_registrations_event\" ON \"club_registrations\" (\"eventId\", \"status\", \"position\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_club_registrations_code\" ON \"club_registrations\" (\"checkInCode\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_club_registrations_active\" ON \"club_registrations\" (\"activeKey\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_club_registrations_active\"");
    await queryRunner.query("DROP INDEX \"uq_club_registrations_code\"");
    await queryRunner.query("DROP INDEX \"ix_club_registrations_event\"");
    await queryRunner.query("DROP INDEX \"ix_club_registrations_patient\"");
    await queryRunner.query("DROP TABLE \"club_registrations\"");
    await queryRunner.query("DROP INDEX \"ix_club_events_status_starts\"");
    await queryRunner.query("DROP TABLE \"club_events\"");
  }
}
