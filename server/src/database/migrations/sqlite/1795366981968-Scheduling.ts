import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class Scheduling1795366981968 implements MigrationInterface {
  name = 'Scheduling1795366981968';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "clinic_sessions" ("id" varchar(26) PRIMARY KEY NOT NULL, "doctorId" varchar(26) NOT NULL, "departmentId" varchar(26) NOT NULL, "date" varchar(10) NOT NULL, "period" varchar(16) NOT NULL, "visitType" varchar(16) NOT NULL, "status" varchar(16) NOT NULL DEFAULT (\'open\'), "stoppedReason" varchar(255), "createdByStaffId" varchar(26), "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "ix_clinic_sessions_department_day" ON "clinic_sessions" ("departmentId", "date") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_clinic_sessions_doctor_day" ON "clinic_sessions" ("doctorId", "date", "period") ');
    await queryRunner.query(
      'CREATE TABLE "slots" ("id" varchar(26) PRIMARY KEY NOT NULL, "sessionId" varchar(26) NOT NULL, "doctorId" varchar(26) NOT NULL, "departmentId" varchar(26) NOT NULL, "startsAt" datetime(3) NOT NULL, "endsAt" datetime(3) NOT NULL, "capacity" integer NOT NULL, "booked" integer NOT NULL DEFAULT (0), "fee" integer NOT NULL, "visitType" varchar(16) NOT NULL, "reservedForTier" varchar(16), "status" varchar(16) NOT NULL DEFAULT (\'open\'), "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "ix_slots_session" ON "slots" ("sessionId", "startsAt") ');
    await queryRunner.query('CREATE INDEX "ix_slots_doctor_starts" ON "slots" ("doctorId", "startsAt") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_slots_doctor_starts"');
    await queryRunner.query('DROP INDEX "ix_slots_session"');
    await queryRunner.query('DROP TABLE "slots"');
    await queryRunner.query('DROP INDEX "uq_clinic_sessions_doctor_day"');
    await queryRunner.query('DROP INDEX "ix_clinic_sessions_department_day"');
    await queryRunner.query('DROP TABLE "clinic_sessions"');
  }
}
