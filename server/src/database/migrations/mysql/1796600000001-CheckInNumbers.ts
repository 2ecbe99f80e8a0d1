import { randomInt } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities; the backfill of upcoming visits is written by hand. */
export class CheckInNumbers1796600000001 implements MigrationInterface {
  name = 'CheckInNumbers1796600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `appointments` ADD `checkInNumber` varchar(6) NULL");
    await queryRunner.query("ALTER TABLE `appointments` ADD `checkInDay` varchar(10) NULL");
    await queryRunner.query("CREATE UNIQUE INDEX `uq_appointments_check_in_number` ON `appointments` (`checkInDay`, `checkInNumber`)");
    await this.backfill(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_appointments_check_in_number` ON `appointments`");
    await queryRunner.query("ALTER TABLE `appointments` DROP COLUMN `checkInDay`");
    await queryRunner.query("ALTER TABLE `appointments` DROP COLUMN `checkInNumber`");
  }

  /**
   * Visits booked before numbers existed and still to come get one now: six digits, unique per hospital day
   * (TIME_ZONE, as the server reads it), drawn here once.
   */
  private async backfill(queryRunner: QueryRunner): Promise<void> {
    const zone = process.env.TIME_ZONE || 'Asia/Shanghai';
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const rows: { id: string; startsAt: string | Date }[] = await queryRunner.query(
      "SELECT `id`, `startsAt` FROM `appointments` WHERE `status` IN ('pending_payment', 'confirmed', 'checked_in') AND `startsAt` > ?",
      [new Date(Date.now() - 86_400_000).toISOString().slice(0, 23).replace('T', ' ')],
    );
    const taken = new Set<string>();
    for (const row of rows) {
      const startsAt = row.startsAt instanceof Date ? row.startsAt : new Date(`${row.startsAt.replace(' ', 'T')}Z`); // UTC either way
      const date = day.format(startsAt);
      let number: string;
      do number = String(randomInt(1_000_000)).padStart(6, '0');
      while (taken.has(`${date}:${number}`));
      taken.add(`${date}:${number}`);
      await queryRunner.query("UPDATE `appointments` SET `checkInDay` = ?, `checkInNumber` = ? WHERE `id` = ?", [date, number, row.id]);
    }
  }
}
