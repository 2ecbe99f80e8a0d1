import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class BookingPaymentsWaitlistVisits1795370371040 implements MigrationInterface {
  name = 'BookingPaymentsWaitlistVisits1795370371040';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"visits\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"appointmentId\" varchar(26), \"departmentId\" varchar(26) NOT NULL, \"doctorId\" varchar(26), \"date\" varchar(10) NOT NULL, \"kind\" varchar(8) NOT NULL, \"amountSpent\" integer NOT NULL DEFAULT (0), \"source\" varchar(16) NOT NULL, \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_visits_department_date\" ON \"visits\" (\"departmentId\", \"date\") ");
    await queryRunner.query("CREATE INDEX \"ix_visits_patient_department\" ON \"visits\" (\"patientId\", \"departmentId\", \"date\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_visits_appointment\" ON \"visits\" (\"appointmentId\") ");
    await queryRunner.query("CREATE TABLE \"waitlist_entries\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"accountId\" varchar(26) NOT NULL, \"doctorId\" varchar(26) NOT NULL, \"departmentId\" varchar(26) NOT NULL, \"date\" varchar(10) NOT NULL, \"status\" varchar(16) NOT NULL, \"activeKey\" varchar(80), \"offeredSlotId\" varchar(26), \"offerExpiresAt\" datetime(3), \"offers\" integer NOT NULL DEFAULT (0), \"appointmentId\" varchar(26), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_waitlist_patient\" ON \"waitlist_entries\" (\"patientId\", \"createdAt\") ");
    await queryRunner.query("CREATE INDEX \"ix_waitlist_doctor_day\" ON \"waitlist_entries\" (\"doctorId\", \"date\", \"status\", \"createdAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_waitlist_active\" ON \"waitlist_entries\" (\"activeKey\") ");
    await queryRunner.query("CREATE TABLE \"payments\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"outTradeNo\" varchar(32) NOT NULL, \"purpose\" varchar(24) NOT NULL, \"subjectId\" varchar(26) NOT NULL, \"patientId\" varchar(26) NOT NULL, \"accountId\" varchar(26) NOT NULL, \"openid\" varchar(64) NOT NULL, \"description\" varchar(127) NOT NULL, \"amount\" integer NOT NULL, \"status\" varchar(24) NOT NULL, \"prepayId\" varchar(64), \"expiresAt\" datetime(3) NOT NULL, \"transactionId\" varchar(32), \"paidAt\" datetime(3), \"refunded\" integer NOT NULL DEFAULT (0), \"refundPending\" integer NOT NULL DEFAULT (0), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_payments_status\" ON \"payments\" (\"status\", \"createdAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_payments_subject\" ON \"payments\" (\"purpose\", \"subjectId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_payments_out_trade_no\" ON \"payments\" (\"outTradeNo\") ");
    await queryRunner.query("CREATE TABLE \"payment_refunds\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"paymentId\" varchar(26) NOT NULL, \"outRefundNo\" varchar(64) NOT NULL, \"amount\" integer NOT NULL, \"reason\" varchar(80) NOT NULL, \"status\" varchar(16) NOT NULL, \"refundId\" varchar(32), \"lastError\" varchar(255), \"settledAt\" datetime(3), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_payment_refunds_payment\" ON \"payment_refunds\" (\"paymentId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_payment_refunds_out_refund_no\" ON \"payment_refunds\" (\"outRefundNo\") ");
    await queryRunner.query("CREATE TABLE \"payment_events\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"paymentId\" varchar(26) NOT NULL, \"eventKey\" varchar(96) NOT NULL, \"eventType\" varchar(32) NOT NULL, \"source\" varchar(16) NOT NULL, \"notificationId\" varchar(64), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_payment_events_payment\" ON \"payment_events\" (\"paymentId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_payment_events_key\" ON \"payment_events\" (\"eventKey\") ");
    await queryRunner.query("DROP INDEX \"uq_appointments_active\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_patient\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_slot\"");
    await queryRunner.query("CREATE TABLE \"temporary_appointments\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"accountId\" varchar(26) NOT NULL, \"slotId\" varchar(26) NOT NULL, \"doctorId\" varchar(26) NOT NULL, \"departmentId\" varchar(26) NOT NULL, \"startsAt\" datetime(3) NOT NULL, \"endsAt\" datetime(3) NOT NULL, \"status\" varchar(24) NOT NULL, \"fee\" integer NOT NULL, \"activeKey\" varchar(64), \"bookedOn\" varchar(10) NOT NULL, \"holdExpiresAt\" datetime(3), \"cancelledAt\" datetime(3), \"cancelReason\" varchar(255), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"checkInCode\" varchar(16), \"rescheduleCount\" integer NOT NULL DEFAULT (0), \"checkedInAt\" datetime(3), \"completedAt\" datetime(3))");
    await queryRunner.query("INSERT INTO \"temporary_appointments\"(\"id\", \"patientId\", \"accountId\", \"slotId\", \"doctorId\", \"departmentId\", \"startsAt\", \"endsAt\", \"status\", \"fee\", \"activeKey\", \"bookedOn\", \"holdExpiresAt\", \"cancelledAt\", \"cancelReason\", \"createdAt\", \"updatedAt\") SELECT \"id\", \"patientId\", \"accountId\", \"slotId\", \"doctorId\", \"departmentId\", \"startsAt\", \"endsAt\", \"status\", \"fee\", \"activeKey\", \"bookedOn\", \"holdExpiresAt\", \"cancelledAt\", \"cancelReason\", \"createdAt\", \"updatedAt\" FROM \"appointments\"");
    await queryRunner.query("DROP TABLE \"appointments\"");
    await queryRunner.query("ALTER TABLE \"temporary_appointments\" RENAME TO \"appointments\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_active\" ON \"appointments\" (\"activeKey\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_patient\" ON \"appointments\" (\"patientId\", \"createdAt\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_slot\" ON \"appointments\" (\"slotId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_department_starts\" ON \"appointments\" (\"departmentId\", \"startsAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_check_in_code\" ON \"appointments\" (\"checkInCode\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_appointments_check_in_code\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_department_starts\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_slot\"");
    await queryRunner.query("DROP INDEX \"ix_appointments_patient\"");
    await queryRunner.query("DROP INDEX \"uq_appointments_active\"");
    await queryRunner.query("ALTER TABLE \"appointments\" RENAME TO \"temporary_appointments\"");
    await queryRunner.query("CREATE TABLE \"appointments\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"accountId\" varchar(26) NOT NULL, \"slotId\" varchar(26) NOT NULL, \"doctorId\" varchar(26) NOT NULL, \"departmentId\" varchar(26) NOT NULL, \"startsAt\" datetime(3) NOT NULL, \"endsAt\" datetime(3) NOT NULL, \"status\" varchar(24) NOT NULL, \"fee\" integer NOT NULL, \"activeKey\" varchar(64), \"bookedOn\" varchar(10) NOT NULL, \"holdExpiresAt\" datetime(3), \"cancelledAt\" datetime(3), \"cancelReason\" varchar(255), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"appointments\"(\"id\", \"patientId\", \"accountId\", \"slotId\", \"doctorId\", \"departmentId\", \"startsAt\", \"endsAt\", \"status\", \"fee\", \"activeKey\", \"bookedOn\", \"holdExpiresAt\", \"cancelledAt\", \"cancelReason\", \"createdAt\", \"updatedAt\") SELECT \"id\", \"patientId\", \"accountId\", \"slotId\", \"doctorId\", \"departmentId\", \"startsAt\", \"endsAt\", \"status\", \"fee\", \"activeKey\", \"bookedOn\", \"holdExpiresAt\", \"cancelledAt\", \"cancelReason\", \"createdAt\", \"updatedAt\" FROM \"temporary_appointments\"");
    await queryRunner.query("DROP TABLE \"temporary_appointments\"");
    await queryRunner.query("CREATE INDEX \"ix_appointments_slot\" ON \"appointments\" (\"slotId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"ix_appointments_patient\" ON \"appointments\" (\"patientId\", \"createdAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_appointments_active\" ON \"appointments\" (\"activeKey\") ");
    await queryRunner.query("DROP INDEX \"uq_payment_events_key\"");
    await queryRunner.query("DROP INDEX \"ix_payment_events_payment\"");
    await queryRunner.query("DROP TABLE \"payment_events\"");
    await queryRunner.query("DROP INDEX \"uq_payment_refunds_out_refund_no\"");
    await queryRunner.query("DROP INDEX \"ix_payment_refunds_payment\"");
    await queryRunner.query("DROP TABLE \"payment_refunds\"");
    await queryRunner.query("DROP INDEX \"uq_payments_out_trade_no\"");
    await queryRunner.query("DROP INDEX \"uq_payments_subject\"");
    await queryRunner.query("DROP INDEX \"ix_payments_status\"");
    await queryRunner.query("DROP TABLE \"payments\"");
    await queryRunner.query("DROP INDEX \"uq_waitlist_active\"");
    await queryRunner.query("DROP INDEX \"ix_waitlist_doctor_day\"");
    await queryRunner.query("DROP INDEX \"ix_waitlist_patient\"");
    await queryRunner.query("DROP TABLE \"waitlist_entries\"");
    await queryRunner.query("DROP INDEX \"uq_visits_appointment\"");
    await queryRunner.query("DROP INDEX \"ix_visits_patient_department\"");
    await queryRunner.query("DROP INDEX \"ix_visits_department_date\"");
    await queryRunner.query("DROP TABLE \"visits\"");
  }
}
