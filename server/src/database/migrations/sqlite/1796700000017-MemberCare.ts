import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class MemberCare1796700000017 implements MigrationInterface {
  name = 'MemberCare1796700000017';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"health_butlers\" (\"patientId\" varchar(26) PRIMARY KEY NOT NULL, \"staffId\" varchar(26) NOT NULL, \"assignedByStaffId\" varchar(26), \"assignedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_health_butlers_staff\" ON \"health_butlers\" (\"staffId\") ");
    await queryRunner.query("CREATE TABLE \"referral_codes\" (\"patientId\" varchar(26) PRIMARY KEY NOT NULL, \"code\" varchar(12) NOT NULL, \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_referral_codes_code\" ON \"referral_codes\" (\"code\") ");
    await queryRunner.query("CREATE TABLE \"referrals\" (\"referredPatientId\" varchar(26) PRIMARY KEY NOT NULL, \"referrerPatientId\" varchar(26) NOT NULL, \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"rewardedAt\" datetime(3))");
    await queryRunner.query("CREATE INDEX \"ix_referrals_referrer\" ON \"referrals\" (\"referrerPatientId\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_referrals_referrer\"");
    await queryRunner.query("DROP TABLE \"referrals\"");
    await queryRunner.query("DROP INDEX \"uq_referral_codes_code\"");
    await queryRunner.query("DROP TABLE \"referral_codes\"");
    await queryRunner.query("DROP INDEX \"ix_health_butlers_staff\"");
    await queryRunner.query("DROP TABLE \"health_butlers\"");
  }
}
