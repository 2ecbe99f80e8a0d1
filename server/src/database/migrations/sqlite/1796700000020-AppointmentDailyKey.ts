import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated for sqlite by db:generate from the entities; the existing bookings that count toward the daily limit (all
 * but cancelled and expired) are numbered per patient and booking day in the order they were made.
 */
export class AppointmentDailyKey1796700000020 implements MigrationInterface {
  name = 'AppointmentDailyKey1796700000020';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_appointments_check_in_number\"");
    await queryRunner.query("DROP INDEX \"uq_appointments_check_in_code\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_department_starts\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_slot\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_patient\"");
    await queryRunner.query("DROP INDEX \"uq_appointments_active\"");
    await queryRunner.query("CREATE TABLE \"temporary_appointments\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"accountId\" varchar(26) NOT NULL, \"slotId\" varchar(26) NOT NULL, \"doctorId\" varchar(26) NOT NULL, \"departmentId\" varchar(26) NOT NULL, \"startsAt\" datetime(3) NOT NULL, \"endsAt\" datetime(3) NOT NULL, \"status\" varchar(24) NOT NULL, \"fee\" integer NOT NULL, \"activeKey\" varchar(64), \"bookedOn\" varchar(10) NOT NULL, \"holdExpiresAt\" datetime(3), \"cancelledAt\" datetime(3), \"cancelReason\" varchar(255), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"checkInCode\" varchar(16), \"rescheduleCount\" integer NOT NULL DEFAULT (0), \"checkedInAt\" datetime(3), \"completedAt\" datetime(3), \"cancelledBy\" varchar(16), \"checkInNumber\" varchar(6), \"checkInDay\" varchar(10), \"dailyKey\" varchar(64))");
    await queryRunner.query("INSERT INTO \"temporary_appointments\"(\"id\", \"patientId\", \"accountId\", \"slotId\", \"doctorId\", \"departmentId\", \"startsAt\", \"endsAt\", \"status\", \"fee\", \"activeKey\", \"bookedOn\", \"holdExpiresAt\", \"cancelledAt\", \"cancelReason\", \"createdAt\", \"updatedAt\", \"checkInCode\", \"rescheduleCount\", \"checkedInAt\", \"completedAt\", \"cancelledBy\", \"checkInNumber\", \"checkInDay\") SELECT \"id\", \"patientId\", \"accountId\", \"slotId\", \"doctorId\", \"departmentId\", \"startsAt\", \"endsAt\", \"status\", \"fee\", \"activeKey\", \"bookedOn\", \"holdExpiresAt\", \"cancelledAt\", \"cancelReason\", \"createdAt\", \"updatedAt\", \"checkInCode\", \"rescheduleCount\", \"checkedInAt\", \"completedAt\", \"cancelledBy\", \"checkInNumber\", \"checkInDay\" FROM \"appointments\"");
    await queryRunner.query("DROP TABLE \"appointments\"");
    await queryRunner.query("ALTER TABLE \"temporary_appointments\" RENAME TO \"appointments\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_check_in_number\" ON \"appointments\" (\"checkInDay\", \"checkInNumber\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_check_in_code\" ON \"appointments\" (\"checkInCode\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_department_starts\" ON \"appointments\" (\"departmentId\", \"startsAt\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_slot\" ON \"appointments\" (\"slotId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_patient\" ON \"appointments\" (\"patientId\", \"createdAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_active\" ON \"appointments\" (\"activeKey\") ");
    await queryRunner.query(
      "UPDATE \"appointments\" SET \"dailyKey\" = \"patientId\" || ':' || \"bookedOn\" || ':' || (SELECT COUNT(*) FROM \"appointments\" b WHERE b.\"patientId\" = \"appointments\".\"patientId\" AND b.\"bookedOn\" = \"appointments\".\"bookedOn\" AND b.\"status\" NOT IN ('cancelled', 'expired') AND (b.\"createdAt\" < \"appointments\".\"createdAt\" OR (b.\"createdAt\" = \"appointments\".\"createdAt\" AND b.\"id\" <= \"appointments\".\"id\"))) WHERE \"status\" NOT IN ('cancelled', 'expired')",
    );
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_daily\" ON \"appointments\" (\"dailyKey\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_appointments_daily\"");
    await queryRunner.query("DROP INDEX \"uq_appointments_active\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_patient\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_slot\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_department_starts\"");
    await queryRunner.query("DROP INDEX \"uq_appointments_check_in_code\"");
    await queryRunner.query("DROP INDEX \"uq_appointments_check_in_number\"");
    await queryRunner.query("ALTER TABLE \"appointments\" RENAME TO \"temporary_appointments\"");
    await queryRunner.query("CREATE TABLE \"appointments\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"accountId\" varchar(26) NOT NULL, \"slotId\" varchar(26) NOT NULL, \"doctorId\" varchar(26) NOT NULL, \"departmentId\" varchar(26) NOT NULL, \"startsAt\" datetime(3) NOT NULL, \"endsAt\" datetime(3) NOT NULL, \"status\" varchar(24) NOT NULL, \"fee\" integer NOT NULL, \"activeKey\" varchar(64), \"bookedOn\" varchar(10) NOT NULL, \"holdExpiresAt\" datetime(3), \"cancelledAt\" datetime(3), \"cancelReason\" varchar(255), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"checkInCode\" varchar(16), \"rescheduleCount\" integer NOT NULL DEFAULT (0), \"checkedInAt\" datetime(3), \"completedAt\" datetime(3), \"cancelledBy\" varchar(16), \"checkInNumber\" varchar(6), \"checkInDay\" varchar(10))");
    await queryRunner.query("INSERT INTO \"appointments\"(\"id\", \"patientId\", \"accountId\", \"slotId\", \"doctorId\", \"departmentId\", \"startsAt\", \"endsAt\", \"status\", \"fee\", \"activeKey\", \"bookedOn\", \"holdExpiresAt\", \"cancelledAt\", \"cancelReason\", \"createdAt\", \"updatedAt\", \"checkInCode\", \"rescheduleCount\", \"checkedInAt\", \"completedAt\", \"cancelledBy\", \"checkInNumber\", \"checkInDay\") SELECT \"id\", \"patientId\", \"accountId\", \"slotId\", \"doctorId\", \"departmentId\", \"startsAt\", \"endsAt\", \"status\", \"fee\", \"activeKey\", \"bookedOn\", \"holdExpiresAt\", \"cancelledAt\", \"cancelReason\", \"createdAt\", \"updatedAt\", \"checkInCode\", \"rescheduleCount\", \"checkedInAt\", \"completedAt\", \"cancelledBy\", \"checkInNumber\", \"checkInDay\" FROM \"temporary_appointments\"");
    await queryRunner.query("DROP TABLE \"temporary_appointments\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_active\" ON \"appointments\" (\"activeKey\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_patient\" ON \"appointments\" (\"patientId\", \"createdAt\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_slot\" ON \"appointments\" (\"slotId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_department_starts\" ON \"appointments\" (\"departmentId\", \"startsAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_check_in_code\" ON \"appointments\" (\"checkInCode\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_check_in_number\" ON \"appointments\" (\"checkInDay\", \"checkInNumber\") ");
  }
}
