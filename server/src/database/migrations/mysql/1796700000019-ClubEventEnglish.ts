import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class ClubEventEnglish1796700000019 implements MigrationInterface {
  name = 'ClubEventEnglish1796700000019';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `club_events` ADD `descriptionEn` text NULL");
    await queryRunner.query("ALTER TABLE `club_events` ADD `venueEn` varchar(160) NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `club_events` DROP COLUMN `venueEn`");
    await queryRunner.query("ALTER TABLE `club_events` DROP COLUMN `descriptionEn`");
  }
}
