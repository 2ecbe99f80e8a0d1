import { randomInt } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities; the backfill of upcoming visits is written by hand. */
export class CheckInNumbers1796600000001 implements MigrationInterface {
  name = 'CheckInNumbers1796600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_appointments_active\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_patient\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_slot\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_department_starts\"");
    await queryRunner.query("DROP INDEX \"uq_appointments_check_in_code\"");
    await queryRunner.query("CREATE TABLE \"temporary_appointments\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"accountId\" varchar(26) NOT NULL, \"slotId\" varchar(26) NOT NULL, \"doctorId\" varchar(26) NOT NULL, \"departmentId\" varchar(26) NOT NULL, \"startsAt\" datetime(3) NOT NULL, \"endsAt\" datetime(3) NOT NULL, \"status\" varchar(24) NOT NULL, \"fee\" integer NOT NULL, \"activeKey\" varchar(64), \"bookedOn\" varchar(10) NOT NULL, \"holdExpiresAt\" datetime(3), \"cancelledAt\" datetime(3), \"cancelReason\" varchar(255), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"checkInCode\" varchar(16), \"rescheduleCount\" integer NOT NULL DEFAULT (0), \"checkedInAt\" datetime(3), \"completedAt\" datetime(3), \"cancelledBy\" varchar(16), \"checkInNumber\" varchar(6), \"checkInDay\" varchar(10))");
    await queryRunner.query("INSERT INTO \"temporary_appointments\"(\"id\", \"patientId\", \"accountId\", \"slotId\", \"doctorId\", \"departmentId\", \"startsAt\", \"endsAt\", \"status\", \"fee\", \"activeKey\", \"bookedOn\", \"holdExpiresAt\", \"cancelledAt\", \"cancelReason\", \"createdAt\", \"updatedAt\", \"checkInCode\", \"rescheduleCount\", \"checkedInAt\", \"completedAt\", \"cancelledBy\") SELECT \"id\", \"patientId\", \"accountId\", \"slotId\", \"doctorId\", \"departmentId\", \"startsAt\", \"endsAt\", \"status\", \"fee\", \"activeKey\", \"bookedOn\", \"holdExpiresAt\", \"cancelledAt\", \"cancelReason\", \"createdAt\", \"updatedAt\", \"checkInCode\", \"rescheduleCount\", \"checkedInAt\", \"completedAt\", \"cancelledBy\" FROM \"appointments\"");
    await queryRunner.query("DROP TABLE \"appointments\"");
    await queryRunner.query("ALTER TABLE \"temporary_appointments\" RENAME TO \"appointments\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_active\" ON \"appointments\" (\"activeKey\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_patient\" ON \"appointments\" (\"patientId\", \"createdAt\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_slot\" ON \"appointments\" (\"slotId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_department_starts\" ON \"appointments\" (\"departmentId\", \"startsAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_check_in_code\" ON \"appointments\" (\"checkInCode\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_check_in_number\" ON \"appointments\" (\"checkInDay\", \"checkInNumber\") ");
    await this.backfill(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_appointments_check_in_number\"");
    await queryRunner.query("DROP INDEX \"uq_appointments_check_in_code\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_department_starts\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_slot\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_patient\"");
    await queryRunner.query("DROP INDEX \"uq_appointments_active\"");
    await queryRunner.query("ALTER TABLE \"appointments\" RENAME TO \"temporary_appointments\"");
    await queryRunner.query("CREATE TABLE \"appointments\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"accountId\" varchar(26) NOT NULL, \"slotId\" varchar(26) NOT NULL, \"doctorId\" varchar(26) NOT NULL, \"departmentId\" varchar(26) NOT NULL, \"startsAt\" datetime(3) NOT NULL, \"endsAt\" datetime(3) NOT NULL, \"status\" varchar(24) NOT NULL, \"fee\" integer NOT NULL, \"activeKey\" varchar(64), \"bookedOn\" varchar(10) NOT NULL, \"holdExpiresAt\" datetime(3), \"cancelledAt\" datetime(3), \"cancelReason\" varchar(255), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"checkInCode\" varchar(16), \"rescheduleCount\" integer NOT NULL DEFAULT (0), \"checkedInAt\" datetime(3), \"completedAt\" datetime(3), \"cancelledBy\" varchar(16))");
    await queryRunner.query("INSERT INTO \"appointments\"(\"id\", \"patientId\", \"accountId\", \"slotId\", \"doctorId\", \"departmentId\", \"startsAt\", \"endsAt\", \"status\", \"fee\", \"activeKey\", \"bookedOn\", \"holdExpiresAt\", \"cancelledAt\", \"cancelReason\", \"createdAt\", \"updatedAt\", \"checkInCode\", \"rescheduleCount\", \"checkedInAt\", \"completedAt\", \"cancelledBy\") SELECT \"id\", \"patientId\", \"accountId\", \"slotId\", \"doctorId\", \"departmentId\", \"startsAt\", \"endsAt\", \"status\", \"fee\", \"activeKey\", \"bookedOn\", \"holdExpiresAt\", \"cancelledAt\", \"cancelReason\", \"createdAt\", \"updatedAt\", \"checkInCode\", \"rescheduleCount\", \"checkedInAt\", \"completedAt\", \"cancelledBy\" FROM \"temporary_appointments\"");
    await queryRunner.query("DROP TABLE \"temporary_appointments\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_check_in_code\" ON \"appointments\" (\"checkInCode\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_department_starts\" ON \"appointments\" (\"departmentId\", \"startsAt\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_slot\" ON \"appointments\" (\"slotId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_patient\" ON \"appointments\" (\"patientId\", \"createdAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_active\" ON \"appointments\" (\"activeKey\") ");
  }

  /**
   * Visits booked before numbers existed and still to come get one now: six digits, unique per hospital day
   * (TIME_ZONE, as the server reads it), drawn here once.
   */
  private async backfill(queryRunner: QueryRunner): Promise<void> {
    const zone = process.env.TIME_ZONE || 'Asia/Shanghai';
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const rows: { id: string; startsAt: string | Date }[] = await queryRunner.query(
      `SELECT "id", "startsAt" FROM "appointments" WHERE "status" IN ('pending_payment', 'confirmed', 'checked_in') AND "startsAt" > ?`,
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
      await queryRunner.query(`UPDATE "appointments" SET "checkInDay" = ?, "checkInNumber" = ? WHERE "id" = ?`, [date, number, row.id]);
    }
  }
}
