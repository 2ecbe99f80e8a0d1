import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class PatientTimeZone1795367890791 implements MigrationInterface {
  name = 'PatientTimeZone1795367890791';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `patients` ADD `timeZone` varchar(64) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `patients` DROP COLUMN `timeZone`');
  }
}
