import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class ClubEventEnglish1796700000019 implements MigrationInterface {
  name = 'ClubEventEnglish1796700000019';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_club_events_status_starts\"");
    await queryRunner.query("CREATE TABLE \"temporary_club_events\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"title\" varchar(100) NOT NULL, \"titleEn\" varchar(160), \"kind\" varchar(16) NOT NULL, \"description\" text, \"startsAt\" datetime(3) NOT NULL, \"endsAt\" datetime(3) NOT NULL, \"venue\" varchar(120), \"online\" boolean NOT NULL DEFAULT (0), \"capacity\" integer NOT NULL, \"eligibleTiers\" varchar(64) NOT NULL DEFAULT (''), \"fee\" integer NOT NULL DEFAULT (0), \"pointsCost\" integer NOT NULL DEFAULT (0), \"registrationOpensAt\" datetime(3), \"registrationClosesAt\" datetime(3) NOT NULL, \"status\" varchar(12) NOT NULL, \"taken\" integer NOT NULL DEFAULT (0), \"waitSeq\" integer NOT NULL DEFAULT (0), \"createdByStaffId\" varchar(26) NOT NULL, \"publishedAt\" datetime(3), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"descriptionEn\" text, \"venueEn\" varchar(160))");
    await queryRunner.query("INSERT INTO \"temporary_club_events\"(\"id\", \"title\", \"titleEn\", \"kind\", \"description\", \"startsAt\", \"endsAt\", \"venue\", \"online\", \"capacity\", \"eligibleTiers\", \"fee\", \"pointsCost\", \"registrationOpensAt\", \"registrationClosesAt\", \"status\", \"taken\", \"waitSeq\", \"createdByStaffId\", \"publishedAt\", \"createdAt\", \"updatedAt\") SELECT \"id\", \"title\", \"titleEn\", \"kind\", \"description\", \"startsAt\", \"endsAt\", \"venue\", \"online\", \"capacity\", \"eligibleTiers\", \"fee\", \"pointsCost\", \"registrationOpensAt\", \"registrationClosesAt\", \"status\", \"taken\", \"waitSeq\", \"createdByStaffId\", \"publishedAt\", \"createdAt\", \"updatedAt\" FROM \"club_events\"");
    await queryRunner.query("DROP TABLE \"club_events\"");
    await queryRunner.query("ALTER TABLE \"temporary_club_events\" RENAME TO \"club_events\"");
    await queryRunner.query("CREATE INDEX \"ix_club_events_status_starts\" ON \"club_events\" (\"status\", \"startsAt\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_club_events_status_starts\"");
    await queryRunner.query("ALTER TABLE \"club_events\" RENAME TO \"temporary_club_events\"");
    await queryRunner.query("CREATE TABLE \"club_events\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"title\" varchar(100) NOT NULL, \"titleEn\" varchar(160), \"kind\" varchar(16) NOT NULL, \"description\" text, \"startsAt\" datetime(3) NOT NULL, \"endsAt\" datetime(3) NOT NULL, \"venue\" varchar(120), \"online\" boolean NOT NULL DEFAULT (0), \"capacity\" integer NOT NULL, \"eligibleTiers\" varchar(64) NOT NULL DEFAULT (''), \"fee\" integer NOT NULL DEFAULT (0), \"pointsCost\" integer NOT NULL DEFAULT (0), \"registrationOpensAt\" datetime(3), \"registrationClosesAt\" datetime(3) NOT NULL, \"status\" varchar(12) NOT NULL, \"taken\" integer NOT NULL DEFAULT (0), \"waitSeq\" integer NOT NULL DEFAULT (0), \"createdByStaffId\" varchar(26) NOT NULL, \"publishedAt\" datetime(3), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"club_events\"(\"id\", \"title\", \"titleEn\", \"kind\", \"description\", \"startsAt\", \"endsAt\", \"venue\", \"online\", \"capacity\", \"eligibleTiers\", \"fee\", \"pointsCost\", \"registrationOpensAt\", \"registrationClosesAt\", \"status\", \"taken\", \"waitSeq\", \"createdByStaffId\", \"publishedAt\", \"createdAt\", \"updatedAt\") SELECT \"id\", \"title\", \"titleEn\", \"kind\", \"description\", \"startsAt\", \"endsAt\", \"venue\", \"online\", \"capacity\", \"eligibleTiers\", \"fee\", \"pointsCost\", \"registrationOpensAt\", \"registrationClosesAt\", \"status\", \"taken\", \"waitSeq\", \"createdByStaffId\", \"publishedAt\", \"createdAt\", \"updatedAt\" FROM \"temporary_club_events\"");
    await queryRunner.query("DROP TABLE \"temporary_club_events\"");
    await queryRunner.query("CREATE INDEX \"ix_club_events_status_starts\" ON \"club_events\" (\"status\", \"startsAt\") ");
  }
}
