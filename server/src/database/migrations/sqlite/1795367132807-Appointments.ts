import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class Appointments1795367132807 implements MigrationInterface {
  name = 'Appointments1795367132807';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "appointments" ("id" varchar(26) PRIMARY KEY NOT NULL, "patientId" varchar(26) NOT NULL, "accountId" varchar(26) NOT NULL, "slotId" varchar(26) NOT NULL, "doctorId" varchar(26) NOT NULL, "departmentId" varchar(26) NOT NULL, "startsAt" datetime(3) NOT NULL, "endsAt" datetime(3) NOT NULL, "status" varchar(24) NOT NULL, "fee" integer NOT NULL, "activeKey" varchar(64), "bookedOn" varchar(10) NOT NULL, "holdExpiresAt" datetime(3), "cancelledAt" datetime(3), "cancelReason" varchar(255), "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "ix_appointments_slot" ON "appointments" ("slotId", "status") ');
    await queryRunner.query('CREATE INDEX "ix_appointments_patient" ON "appointments" ("patientId", "createdAt") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_appointments_active" ON "appointments" ("activeKey") ');
    await queryRunner.query(
      'CREATE TABLE "idempotency_records" ("id" varchar(26) PRIMARY KEY NOT NULL, "owner" varchar(64) NOT NULL, "key" varchar(128) NOT NULL, "fingerprint" varchar(128) NOT NULL, "status" integer NOT NULL, "response" text NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_idempotency_records_owner_key" ON "idempotency_records" ("owner", "key") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "uq_idempotency_records_owner_key"');
    await queryRunner.query('DROP TABLE "idempotency_records"');
    await queryRunner.query('DROP INDEX "uq_appointments_active"');
    await queryRunner.query('DROP INDEX "ix_appointments_patient"');
    await queryRunner.query('DROP INDEX "ix_appointments_slot"');
    await queryRunner.query('DROP TABLE "appointments"');
  }
}
