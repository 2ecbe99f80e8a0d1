import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class CoveringValueIndexes1796700000018 implements MigrationInterface {
  name = 'CoveringValueIndexes1796700000018';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_visits_patient_department\"");
    await queryRunner.query("DROP INDEX \"ix_payments_patient\"");
    await queryRunner.query("CREATE INDEX \"ix_visits_patient_department\" ON \"visits\" (\"patientId\", \"departmentId\", \"date\", \"appointmentId\", \"amountSpent\") ");
    await queryRunner.query("CREATE INDEX \"ix_payments_patient\" ON \"payments\" (\"patientId\", \"paidAt\", \"amount\", \"refunded\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_payments_patient\"");
    await queryRunner.query("DROP INDEX \"ix_visits_patient_department\"");
    await queryRunner.query("CREATE INDEX \"ix_payments_patient\" ON \"payments\" (\"patientId\") ");
    await queryRunner.query("CREATE INDEX \"ix_visits_patient_department\" ON \"visits\" (\"patientId\", \"departmentId\", \"date\") ");
  }
}
