import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The member tier in patients' segment profiles (membership writes it with each tier change), filled here from
 * membership's states; a patient membership has not valued yet is lead. (SQLite: the table is rebuilt, as the
 * generator does.)
 */
export class SegmentTier1796700000014 implements MigrationInterface {
  name = 'SegmentTier1796700000014';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "temporary_segment_profiles" ("patientId" varchar(26) PRIMARY KEY NOT NULL, "accountId" varchar(26), "deleted" boolean NOT NULL DEFAULT (0), "gender" varchar(16), "birthDate" varchar(10), "language" varchar(8), "tags" varchar(2000), "healthDataVersion" varchar(32), "marketingVersion" varchar(32), "visitCount" integer NOT NULL DEFAULT (0), "lastVisitDate" varchar(10), "departments" varchar(4000), "tier" varchar(12) NOT NULL DEFAULT (\'lead\'))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_segment_profiles"("patientId", "accountId", "deleted", "gender", "birthDate", "language", "tags", "healthDataVersion", "marketingVersion", "visitCount", "lastVisitDate", "departments", "tier") SELECT sp."patientId", sp."accountId", sp."deleted", sp."gender", sp."birthDate", sp."language", sp."tags", sp."healthDataVersion", sp."marketingVersion", sp."visitCount", sp."lastVisitDate", sp."departments", COALESCE((SELECT s."tier" FROM "member_states" s WHERE s."patientId" = sp."patientId"), \'lead\') FROM "segment_profiles" sp',
    );
    await queryRunner.query('DROP TABLE "segment_profiles"');
    await queryRunner.query('ALTER TABLE "temporary_segment_profiles" RENAME TO "segment_profiles"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "segment_profiles" RENAME TO "temporary_segment_profiles"');
    await queryRunner.query(
      'CREATE TABLE "segment_profiles" ("patientId" varchar(26) PRIMARY KEY NOT NULL, "accountId" varchar(26), "deleted" boolean NOT NULL DEFAULT (0), "gender" varchar(16), "birthDate" varchar(10), "language" varchar(8), "tags" varchar(2000), "healthDataVersion" varchar(32), "marketingVersion" varchar(32), "visitCount" integer NOT NULL DEFAULT (0), "lastVisitDate" varchar(10), "departments" varchar(4000))',
    );
    await queryRunner.query(
      'INSERT INTO "segment_profiles"("patientId", "accountId", "deleted", "gender", "birthDate", "language", "tags", "healthDataVersion", "marketingVersion", "visitCount", "lastVisitDate", "departments") SELECT "patientId", "accountId", "deleted", "gender", "birthDate", "language", "tags", "healthDataVersion", "marketingVersion", "visitCount", "lastVisitDate", "departments" FROM "temporary_segment_profiles"',
    );
    await queryRunner.query('DROP TABLE "temporary_segment_profiles"');
  }
}
