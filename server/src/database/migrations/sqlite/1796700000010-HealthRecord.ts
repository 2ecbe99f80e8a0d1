import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class HealthRecord1796700000010 implements MigrationInterface {
  name = 'HealthRecord1796700000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"health_record_entries\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"kind\" varchar(16) NOT NULL, \"name\" varchar(100) NOT NULL, \"category\" varchar(16), \"reaction\" varchar(200), \"severity\" varchar(16), \"icd10\" varchar(16), \"dose\" varchar(60), \"frequency\" varchar(60), \"since\" varchar(10), \"until\" varchar(10), \"active\" boolean NOT NULL DEFAULT (1), \"note\" varchar(500), \"enteredByStaffId\" varchar(26), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_health_record_entries_patient\" ON \"health_record_entries\" (\"patientId\", \"kind\") ");
    await queryRunner.query("CREATE TABLE \"health_measurements\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"kind\" varchar(16) NOT NULL, \"measuredAt\" datetime(3) NOT NULL, \"systolic\" integer, \"diastolic\" integer, \"glucoseTenths\" integer, \"glucoseContext\" varchar(16), \"weightTenths\" integer, \"note\" varchar(200), \"enteredByStaffId\" varchar(26), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_health_measurements_patient_at\" ON \"health_measurements\" (\"patientId\", \"measuredAt\") ");
    await queryRunner.query("CREATE INDEX \"ix_health_measurements_patient_kind_at\" ON \"health_measurements\" (\"patientId\", \"kind\", \"measuredAt\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_health_measurements_patient_kind_at\"");
    await queryRunner.query("DROP INDEX \"ix_health_measurements_patient_at\"");
    await queryRunner.query("DROP TABLE \"health_measurements\"");
    await queryRunner.query("DROP INDEX \"ix_health_record_entries_patient\"");
    await queryRunner.query("DROP TABLE \"health_record_entries\"");
  }
}
