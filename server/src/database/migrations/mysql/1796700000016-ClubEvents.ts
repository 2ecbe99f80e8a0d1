import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class ClubEvents1796700000016 implements MigrationInterface {
  name = 'ClubEvents1796700000016';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `club_events` (`id` varchar(26) NOT NULL, `title` varchar(100) NOT NULL, `titleEn` varchar(160) NULL, `kind` varchar(16) NOT NULL, `description` text NULL, `startsAt` datetime(3) NOT NULL, `endsAt` datetime(3) NOT NULL, `venue` varchar(120) NULL, `online` tinyint NOT NULL DEFAULT 0, `capacity` int NOT NULL, `eligibleTiers` varchar(64) NOT NULL DEFAULT '', `fee` int NOT NULL DEFAULT '0', `pointsCost` int NOT NULL DEFAULT '0', `registrationOpensAt` datetime(3) NULL, `registrationClosesAt` datetime(3) NOT NULL, `status` varchar(12) NOT NULL, `taken` int NOT NULL DEFAULT '0', `waitSeq` int NOT NULL DEFAULT '0', `createdByStaffId` varchar(26) NOT NULL, `publishedAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_club_events_status_starts` (`status`, `startsAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `club_registrations` (`id` varchar(26) NOT NULL, `eventId` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `accountId` varchar(26) NULL, `status` varchar(16) NOT NULL, `activeKey` varchar(60) NULL, `position` int NULL, `checkInCode` varchar(16) NOT NULL, `fee` int NOT NULL DEFAULT '0', `pointsSpent` int NOT NULL DEFAULT '0', `payBefore` datetime(3) NULL, `offerExpiresAt` datetime(3) NULL, `checkedInAt` datetime(3) NULL, `checkedInByStaffId` varchar(26) NULL, `cancelledAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_club_registrations_patient` (`patientId`, `createdAt`), INDEX `ix_club_registrations_event` (`eventId`, `status`, `position`), UNIQUE INDEX `uq_club_registrations_code` (`checkInCode`), UNIQUE INDEX `uq_club_registrations_active` (`activeKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_club_registrations_active` ON `club_registrations`");
    await queryRunner.query("DROP INDEX `uq_club_registrations_code` ON `club_registrations`");
    await queryRunner.query("DROP INDEX `ix_club_registrations_event` ON `club_registrations`");
    await queryRunner.query("DROP INDEX `ix_club_registrations_patient` ON `club_registrations`");
    await queryRunner.query("DROP TABLE `club_registrations`");
    await queryRunner.query("DROP INDEX `ix_club_events_status_starts` ON `club_events`");
    await queryRunner.query("DROP TABLE `club_events`");
  }
}
