import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The value model's two grouped reads from their indexes alone: a patient's visits (date, booked or not, spend) and
 * payments (paid, amount, refunded). With the patient id alone in the index, the full recompute looked up the row of
 * every visit and payment by primary key (docs/benchmarks.md, the membership recompute). One ALTER per table, so the
 * index is swapped in a single online rebuild and no query runs meanwhile without one.
 */
export class CoveringValueIndexes1796700000018 implements MigrationInterface {
  name = 'CoveringValueIndexes1796700000018';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `visits` DROP INDEX `ix_visits_patient_department`, ADD INDEX `ix_visits_patient_department` (`patientId`, `departmentId`, `date`, `appointmentId`, `amountSpent`)',
    );
    await queryRunner.query(
      'ALTER TABLE `payments` DROP INDEX `ix_payments_patient`, ADD INDEX `ix_payments_patient` (`patientId`, `paidAt`, `amount`, `refunded`)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `payments` DROP INDEX `ix_payments_patient`, ADD INDEX `ix_payments_patient` (`patientId`)');
    await queryRunner.query(
      'ALTER TABLE `visits` DROP INDEX `ix_visits_patient_department`, ADD INDEX `ix_visits_patient_department` (`patientId`, `departmentId`, `date`)',
    );
  }
}
