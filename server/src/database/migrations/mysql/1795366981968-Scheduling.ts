import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class Scheduling1795366981968 implements MigrationInterface {
  name = 'Scheduling1795366981968';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `clinic_sessions` (`id` varchar(26) NOT NULL, `doctorId` varchar(26) NOT NULL, `departmentId` varchar(26) NOT NULL, `date` varchar(10) NOT NULL, `period` varchar(16) NOT NULL, `visitType` varchar(16) NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'open', `stoppedReason` varchar(255) NULL, `createdByStaffId` varchar(26) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_clinic_sessions_department_day` (`departmentId`, `date`), UNIQUE INDEX `uq_clinic_sessions_doctor_day` (`doctorId`, `date`, `period`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `slots` (`id` varchar(26) NOT NULL, `sessionId` varchar(26) NOT NULL, `doctorId` varchar(26) NOT NULL, `departmentId` varchar(26) NOT NULL, `startsAt` datetime(3) NOT NULL, `endsAt` datetime(3) NOT NULL, `capacity` int NOT NULL, `booked` int NOT NULL DEFAULT '0', `fee` int NOT NULL, `visitType` varchar(16) NOT NULL, `reservedForTier` varchar(16) NULL, `status` varchar(16) NOT NULL DEFAULT 'open', `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_slots_session` (`sessionId`, `startsAt`), INDEX `ix_slots_doctor_starts` (`doctorId`, `startsAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_slots_doctor_starts` ON `slots`');
    await queryRunner.query('DROP INDEX `ix_slots_session` ON `slots`');
    await queryRunner.query('DROP TABLE `slots`');
    await queryRunner.query('DROP INDEX `uq_clinic_sessions_doctor_day` ON `clinic_sessions`');
    await queryRunner.query('DROP INDEX `ix_clinic_sessions_department_day` ON `clinic_sessions`');
    await queryRunner.query('DROP TABLE `clinic_sessions`');
  }
}
