import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities: a department's location in English. */
export class CatalogEnglish1796610000001 implements MigrationInterface {
  name = 'CatalogEnglish1796610000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `departments` ADD `locationEn` varchar(128) NOT NULL DEFAULT ''");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `departments` DROP COLUMN `locationEn`');
  }
}
