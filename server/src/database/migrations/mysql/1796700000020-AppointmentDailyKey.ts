import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated for mysql by db:generate from the entities; the existing bookings that count toward the daily limit (all
 * but cancelled and expired) are numbered per patient and booking day in the order they were made.
 */
export class AppointmentDailyKey1796700000020 implements MigrationInterface {
  name = 'AppointmentDailyKey1796700000020';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `appointments` ADD `dailyKey` varchar(64) NULL");
    await queryRunner.query(
      "UPDATE `appointments` a JOIN (SELECT `id`, ROW_NUMBER() OVER (PARTITION BY `patientId`, `bookedOn` ORDER BY `createdAt`, `id`) AS n FROM `appointments` WHERE `status` NOT IN ('cancelled', 'expired')) d ON d.`id` = a.`id` SET a.`dailyKey` = CONCAT(a.`patientId`, ':', a.`bookedOn`, ':', d.n)",
    );
    await queryRunner.query("CREATE UNIQUE INDEX `uq_appointments_daily` ON `appointments` (`dailyKey`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_appointments_daily` ON `appointments`");
    await queryRunner.query("ALTER TABLE `appointments` DROP COLUMN `dailyKey`");
  }
}
