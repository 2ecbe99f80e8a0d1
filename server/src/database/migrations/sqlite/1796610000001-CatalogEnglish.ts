import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities: a department's location in English. */
export class CatalogEnglish1796610000001 implements MigrationInterface {
  name = 'CatalogEnglish1796610000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_departments_code\"");
    await queryRunner.query("CREATE TABLE \"temporary_departments\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"code\" varchar(32) NOT NULL, \"name\" varchar(64) NOT NULL, \"nameEn\" varchar(128) NOT NULL, \"description\" text NOT NULL, \"descriptionEn\" text NOT NULL, \"location\" varchar(128) NOT NULL, \"sortOrder\" integer NOT NULL DEFAULT (0), \"active\" boolean NOT NULL DEFAULT (1), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"leadStaffId\" varchar(26), \"locationEn\" varchar(128) NOT NULL DEFAULT (''))");
    await queryRunner.query("INSERT INTO \"temporary_departments\"(\"id\", \"code\", \"name\", \"nameEn\", \"description\", \"descriptionEn\", \"location\", \"sortOrder\", \"active\", \"createdAt\", \"leadStaffId\") SELECT \"id\", \"code\", \"name\", \"nameEn\", \"description\", \"descriptionEn\", \"location\", \"sortOrder\", \"active\", \"createdAt\", \"leadStaffId\" FROM \"departments\"");
    await queryRunner.query("DROP TABLE \"departments\"");
    await queryRunner.query("ALTER TABLE \"temporary_departments\" RENAME TO \"departments\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_departments_code\" ON \"departments\" (\"code\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_departments_code\"");
    await queryRunner.query("ALTER TABLE \"departments\" RENAME TO \"temporary_departments\"");
    await queryRunner.query("CREATE TABLE \"departments\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"code\" varchar(32) NOT NULL, \"name\" varchar(64) NOT NULL, \"nameEn\" varchar(128) NOT NULL, \"description\" text NOT NULL, \"descriptionEn\" text NOT NULL, \"location\" varchar(128) NOT NULL, \"sortOrder\" integer NOT NULL DEFAULT (0), \"active\" boolean NOT NULL DEFAULT (1), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"leadStaffId\" varchar(26))");
    await queryRunner.query("INSERT INTO \"departments\"(\"id\", \"code\", \"name\", \"nameEn\", \"description\", \"descriptionEn\", \"location\", \"sortOrder\", \"active\", \"createdAt\", \"leadStaffId\") SELECT \"id\", \"code\", \"name\", \"nameEn\", \"description\", \"descriptionEn\", \"location\", \"sortOrder\", \"active\", \"createdAt\", \"leadStaffId\" FROM \"temporary_departments\"");
    await queryRunner.query("DROP TABLE \"temporary_departments\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_departments_code\" ON \"departments\" (\"code\") ");
  }
}
