import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities; the data update written by hand. */
export class RealNameProfiles1796583104748 implements MigrationInterface {
  name = 'RealNameProfiles1796583104748';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_patients_id_number_hash\"");
    await queryRunner.query("DROP INDEX \"ix_patients_phone_hash\"");
    await queryRunner.query("DROP INDEX \"ix_patients_account\"");
    await queryRunner.query("CREATE TABLE \"temporary_patients\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"accountId\" varchar(26), \"relationship\" varchar(16) NOT NULL, \"name\" varchar(64), \"gender\" varchar(16) NOT NULL DEFAULT ('unknown'), \"birthDate\" varchar(10), \"phoneEnc\" varchar(255), \"phoneHash\" varchar(64), \"idNumberEnc\" varchar(255), \"idNumberHash\" varchar(64), \"language\" varchar(8) NOT NULL DEFAULT ('zh-CN'), \"paymentPreference\" varchar(32) NOT NULL DEFAULT ('self_pay'), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"deletedAt\" datetime(3), \"timeZone\" varchar(64), \"idType\" varchar(32), \"nationality\" varchar(3))");
    await queryRunner.query("INSERT INTO \"temporary_patients\"(\"id\", \"accountId\", \"relationship\", \"name\", \"gender\", \"birthDate\", \"phoneEnc\", \"phoneHash\", \"idNumberEnc\", \"idNumberHash\", \"language\", \"paymentPreference\", \"createdAt\", \"updatedAt\", \"deletedAt\", \"timeZone\") SELECT \"id\", \"accountId\", \"relationship\", \"name\", \"gender\", \"birthDate\", \"phoneEnc\", \"phoneHash\", \"idNumberEnc\", \"idNumberHash\", \"language\", \"paymentPreference\", \"createdAt\", \"updatedAt\", \"deletedAt\", \"timeZone\" FROM \"patients\"");
    await queryRunner.query("DROP TABLE \"patients\"");
    await queryRunner.query("ALTER TABLE \"temporary_patients\" RENAME TO \"patients\"");
    await queryRunner.query("CREATE INDEX \"ix_patients_id_number_hash\" ON \"patients\" (\"idNumberHash\") ");
    await queryRunner.query("CREATE INDEX \"ix_patients_phone_hash\" ON \"patients\" (\"phoneHash\") ");
    await queryRunner.query("CREATE INDEX \"ix_patients_account\" ON \"patients\" (\"accountId\") ");
    // Numbers stored before documents had types were resident ID cards (the only kind accepted then).
    await queryRunner.query("UPDATE \"patients\" SET \"idType\" = 'resident_id' WHERE \"idNumberEnc\" IS NOT NULL AND \"idType\" IS NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_patients_account\"");
    await queryRunner.query("DROP INDEX \"ix_patients_phone_hash\"");
    await queryRunner.query("DROP INDEX \"ix_patients_id_number_hash\"");
    await queryRunner.query("ALTER TABLE \"patients\" RENAME TO \"temporary_patients\"");
    await queryRunner.query("CREATE TABLE \"patients\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"accountId\" varchar(26), \"relationship\" varchar(16) NOT NULL, \"name\" varchar(64), \"gender\" varchar(16) NOT NULL DEFAULT ('unknown'), \"birthDate\" varchar(10), \"phoneEnc\" varchar(255), \"phoneHash\" varchar(64), \"idNumberEnc\" varchar(255), \"idNumberHash\" varchar(64), \"language\" varchar(8) NOT NULL DEFAULT ('zh-CN'), \"paymentPreference\" varchar(32) NOT NULL DEFAULT ('self_pay'), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"deletedAt\" datetime(3), \"timeZone\" varchar(64))");
    await queryRunner.query("INSERT INTO \"patients\"(\"id\", \"accountId\", \"relationship\", \"name\", \"gender\", \"birthDate\", \"phoneEnc\", \"phoneHash\", \"idNumberEnc\", \"idNumberHash\", \"language\", \"paymentPreference\", \"createdAt\", \"updatedAt\", \"deletedAt\", \"timeZone\") SELECT \"id\", \"accountId\", \"relationship\", \"name\", \"gender\", \"birthDate\", \"phoneEnc\", \"phoneHash\", \"idNumberEnc\", \"idNumberHash\", \"language\", \"paymentPreference\", \"createdAt\", \"updatedAt\", \"deletedAt\", \"timeZone\" FROM \"temporary_patients\"");
    await queryRunner.query("DROP TABLE \"temporary_patients\"");
    await queryRunner.query("CREATE INDEX \"ix_patients_account\" ON \"patients\" (\"accountId\") ");
    await queryRunner.query("CREATE INDEX \"ix_patients_phone_hash\" ON \"patients\" (\"phoneHash\") ");
    await queryRunner.query("CREATE INDEX \"ix_patients_id_number_hash\" ON \"patients\" (\"idNumberHash\") ");
  }
}
