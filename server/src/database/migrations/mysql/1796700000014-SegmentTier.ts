import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The member tier in patients' segment profiles (membership writes it with each tier change), filled here from
 * membership's states; a patient membership has not valued yet is lead.
 */
export class SegmentTier1796700000014 implements MigrationInterface {
  name = 'SegmentTier1796700000014';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `segment_profiles` ADD `tier` varchar(12) NOT NULL DEFAULT 'lead'");
    await queryRunner.query('UPDATE `segment_profiles` sp JOIN `member_states` s ON s.`patientId` = sp.`patientId` SET sp.`tier` = s.`tier`');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `segment_profiles` DROP COLUMN `tier`');
  }
}
