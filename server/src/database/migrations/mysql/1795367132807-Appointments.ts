import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class Appointments1795367132807 implements MigrationInterface {
  name = 'Appointments1795367132807';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `appointments` (`id` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `accountId` varchar(26) NOT NULL, `slotId` varchar(26) NOT NULL, `doctorId` varchar(26) NOT NULL, `departmentId` varchar(26) NOT NULL, `startsAt` datetime(3) NOT NULL, `endsAt` datetime(3) NOT NULL, `status` varchar(24) NOT NULL, `fee` int NOT NULL, `activeKey` varchar(64) NULL, `bookedOn` varchar(10) NOT NULL, `holdExpiresAt` datetime(3) NULL, `cancelledAt` datetime(3) NULL, `cancelReason` varchar(255) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_appointments_slot` (`slotId`, `status`), INDEX `ix_appointments_patient` (`patientId`, `createdAt`), UNIQUE INDEX `uq_appointments_active` (`activeKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `idempotency_records` (`id` varchar(26) NOT NULL, `owner` varchar(64) NOT NULL, `key` varchar(128) NOT NULL, `fingerprint` varchar(128) NOT NULL, `status` int NOT NULL, `response` text NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_idempotency_records_owner_key` (`owner`, `key`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `uq_idempotency_records_owner_key` ON `idempotency_records`');
    await queryRunner.query('DROP TABLE `idempotency_records`');
    await queryRunner.query('DROP INDEX `uq_appointments_active` ON `appointments`');
    await queryRunner.query('DROP INDEX `ix_appointments_patient` ON `appointments`');
    await queryRunner.query('DROP INDEX `ix_appointments_slot` ON `appointments`');
    await queryRunner.query('DROP TABLE `appointments`');
  }
}
