import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities; the data update written by hand. */
export class RealNameProfiles1796583104748 implements MigrationInterface {
  name = 'RealNameProfiles1796583104748';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `patients` ADD `idType` varchar(32) NULL");
    await queryRunner.query("ALTER TABLE `patients` ADD `nationality` varchar(3) NULL");
    // Numbers stored before documents had types were resident ID cards (the only kind accepted then).
    await queryRunner.query("UPDATE `patients` SET `idType` = 'resident_id' WHERE `idNumberEnc` IS NOT NULL AND `idType` IS NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `patients` DROP COLUMN `nationality`");
    await queryRunner.query("ALTER TABLE `patients` DROP COLUMN `idType`");
  }
}
