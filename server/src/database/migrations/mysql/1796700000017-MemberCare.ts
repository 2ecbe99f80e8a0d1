import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class MemberCare1796700000017 implements MigrationInterface {
  name = 'MemberCare1796700000017';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `health_butlers` (`patientId` varchar(26) NOT NULL, `staffId` varchar(26) NOT NULL, `assignedByStaffId` varchar(26) NULL, `assignedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_health_butlers_staff` (`staffId`), PRIMARY KEY (`patientId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `referral_codes` (`patientId` varchar(26) NOT NULL, `code` varchar(12) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_referral_codes_code` (`code`), PRIMARY KEY (`patientId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `referrals` (`referredPatientId` varchar(26) NOT NULL, `referrerPatientId` varchar(26) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `rewardedAt` datetime(3) NULL, INDEX `ix_referrals_referrer` (`referrerPatientId`), PRIMARY KEY (`referredPatientId`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_referrals_referrer` ON `referrals`");
    await queryRunner.query("DROP TABLE `referrals`");
    await queryRunner.query("DROP INDEX `uq_referral_codes_code` ON `referral_codes`");
    await queryRunner.query("DROP TABLE `referral_codes`");
    await queryRunner.query("DROP INDEX `ix_health_butlers_staff` ON `health_butlers`");
    await queryRunner.query("DROP TABLE `health_butlers`");
  }
}
