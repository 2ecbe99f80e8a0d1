import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments by patient: the value model sums each patient's payments (`Checkout.netSpend`, a batch of patients at a
 * time in the full recompute); without the index every batch scanned the whole table (docs/benchmarks.md, the
 * membership recompute).
 */
export class PaymentsByPatient1796700000013 implements MigrationInterface {
  name = 'PaymentsByPatient1796700000013';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "ix_payments_patient" ON "payments" ("patientId") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_payments_patient"');
  }
}
