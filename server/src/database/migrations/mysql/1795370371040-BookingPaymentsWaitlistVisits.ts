import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class BookingPaymentsWaitlistVisits1795370371040 implements MigrationInterface {
  name = 'BookingPaymentsWaitlistVisits1795370371040';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `visits` (`id` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `appointmentId` varchar(26) NULL, `departmentId` varchar(26) NOT NULL, `doctorId` varchar(26) NULL, `date` varchar(10) NOT NULL, `kind` varchar(8) NOT NULL, `amountSpent` int NOT NULL DEFAULT '0', `source` varchar(16) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_visits_department_date` (`departmentId`, `date`), INDEX `ix_visits_patient_department` (`patientId`, `departmentId`, `date`), UNIQUE INDEX `uq_visits_appointment` (`appointmentId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `waitlist_entries` (`id` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `accountId` varchar(26) NOT NULL, `doctorId` varchar(26) NOT NULL, `departmentId` varchar(26) NOT NULL, `date` varchar(10) NOT NULL, `status` varchar(16) NOT NULL, `activeKey` varchar(80) NULL, `offeredSlotId` varchar(26) NULL, `offerExpiresAt` datetime(3) NULL, `offers` int NOT NULL DEFAULT '0', `appointmentId` varchar(26) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_waitlist_patient` (`patientId`, `createdAt`), INDEX `ix_waitlist_doctor_day` (`doctorId`, `date`, `status`, `createdAt`), UNIQUE INDEX `uq_waitlist_active` (`activeKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `payments` (`id` varchar(26) NOT NULL, `outTradeNo` varchar(32) NOT NULL, `purpose` varchar(24) NOT NULL, `subjectId` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `accountId` varchar(26) NOT NULL, `openid` varchar(64) NOT NULL, `description` varchar(127) NOT NULL, `amount` int NOT NULL, `status` varchar(24) NOT NULL, `prepayId` varchar(64) NULL, `expiresAt` datetime(3) NOT NULL, `transactionId` varchar(32) NULL, `paidAt` datetime(3) NULL, `refunded` int NOT NULL DEFAULT '0', `refundPending` int NOT NULL DEFAULT '0', `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_payments_status` (`status`, `createdAt`), UNIQUE INDEX `uq_payments_subject` (`purpose`, `subjectId`), UNIQUE INDEX `uq_payments_out_trade_no` (`outTradeNo`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `payment_refunds` (`id` varchar(26) NOT NULL, `paymentId` varchar(26) NOT NULL, `outRefundNo` varchar(64) NOT NULL, `amount` int NOT NULL, `reason` varchar(80) NOT NULL, `status` varchar(16) NOT NULL, `refundId` varchar(32) NULL, `lastError` varchar(255) NULL, `settledAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_payment_refunds_payment` (`paymentId`), UNIQUE INDEX `uq_payment_refunds_out_refund_no` (`outRefundNo`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `payment_events` (`id` varchar(26) NOT NULL, `paymentId` varchar(26) NOT NULL, `eventKey` varchar(96) NOT NULL, `eventType` varchar(32) NOT NULL, `source` varchar(16) NOT NULL, `notificationId` varchar(64) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_payment_events_payment` (`paymentId`), UNIQUE INDEX `uq_payment_events_key` (`eventKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `appointments` ADD `checkInCode` varchar(16) NULL");
    await queryRunner.query("ALTER TABLE `appointments` ADD `rescheduleCount` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `appointments` ADD `checkedInAt` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `appointments` ADD `completedAt` datetime(3) NULL");
    await queryRunner.query("CREATE INDEX `ix_appointments_department_starts` ON `appointments` (`departmentId`, `startsAt`)");
    await queryRunner.query("CREATE UNIQUE INDEX `uq_appointments_check_in_code` ON `appointments` (`checkInCode`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_appointments_check_in_code` ON `appointments`");
    await queryRunner.query("DROP INDEX `ix_appointments_department_starts` ON `appointments`");
    await queryRunner.query("ALTER TABLE `appointments` DROP COLUMN `completedAt`");
    await queryRunner.query("ALTER TABLE `appointments` DROP COLUMN `checkedInAt`");
    await queryRunner.query("ALTER TABLE `appointments` DROP COLUMN `rescheduleCount`");
    await queryRunner.query("ALTER TABLE `appointments` DROP COLUMN `checkInCode`");
    await queryRunner.query("DROP INDEX `uq_payment_events_key` ON `payment_events`");
    await queryRunner.query("DROP INDEX `ix_payment_events_payment` ON `payment_events`");
    await queryRunner.query("DROP TABLE `payment_events`");
    await queryRunner.query("DROP INDEX `uq_payment_refunds_out_refund_no` ON `payment_refunds`");
    await queryRunner.query("DROP INDEX `ix_payment_refunds_payment` ON `payment_refunds`");
    await queryRunner.query("DROP TABLE `payment_refunds`");
    await queryRunner.query("DROP INDEX `uq_payments_out_trade_no` ON `payments`");
    await queryRunner.query("DROP INDEX `uq_payments_subject` ON `payments`");
    await queryRunner.query("DROP INDEX `ix_payments_status` ON `payments`");
    await queryRunner.query("DROP TABLE `payments`");
    await queryRunner.query("DROP INDEX `uq_waitlist_active` ON `waitlist_entries`");
    await queryRunner.query("DROP INDEX `ix_waitlist_doctor_day` ON `waitlist_entries`");
    await queryRunner.query("DROP INDEX `ix_waitlist_patient` ON `waitlist_entries`");
    await queryRunner.query("DROP TABLE `waitlist_entries`");
    await queryRunner.query("DROP INDEX `uq_visits_appointment` ON `visits`");
    await queryRunner.query("DROP INDEX `ix_visits_patient_department` ON `visits`");
    await queryRunner.query("DROP INDEX `ix_visits_department_date` ON `visits`");
    await queryRunner.query("DROP TABLE `visits`");
  }
}
