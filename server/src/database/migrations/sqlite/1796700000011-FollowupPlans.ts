import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class FollowupPlans1796700000011 implements MigrationInterface {
  name = 'FollowupPlans1796700000011';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"followup_plans\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"templateId\" varchar(26) NOT NULL, \"status\" varchar(16) NOT NULL, \"activeKey\" varchar(60), \"source\" varchar(16) NOT NULL, \"sourceKey\" varchar(64), \"startsOn\" varchar(10) NOT NULL, \"departmentId\" varchar(26), \"doctorId\" varchar(26), \"caseManagerStaffId\" varchar(26), \"enrolledByStaffId\" varchar(26), \"stoppedReason\" varchar(32), \"endedAt\" datetime(3), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"ix_followup_plans_case_manager\" ON \"followup_plans\" (\"caseManagerStaffId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"ix_followup_plans_patient\" ON \"followup_plans\" (\"patientId\", \"createdAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_followup_plans_source\" ON \"followup_plans\" (\"templateId\", \"sourceKey\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_followup_plans_active\" ON \"followup_plans\" (\"activeKey\") ");
    await queryRunner.query("CREATE TABLE \"followup_tasks\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"planId\" varchar(26) NOT NULL, \"patientId\" varchar(26) NOT NULL, \"stepKey\" varchar(40) NOT NULL, \"stepIndex\" integer, \"step\" text, \"kind\" varchar(16) NOT NULL, \"dueOn\" varchar(10) NOT NULL, \"status\" varchar(16) NOT NULL, \"escalated\" boolean NOT NULL DEFAULT (0), \"escalation\" text, \"caseManagerStaffId\" varchar(26), \"departmentId\" varchar(26), \"doctorStaffId\" varchar(26), \"outcome\" varchar(24), \"note\" varchar(1000), \"attempts\" integer NOT NULL DEFAULT (0), \"invitationId\" varchar(26), \"completedAt\" datetime(3), \"completedByStaffId\" varchar(26), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_followup_tasks_step\" ON \"followup_tasks\" (\"planId\", \"stepKey\") ");
    await queryRunner.query("CREATE INDEX \"ix_followup_tasks_patient\" ON \"followup_tasks\" (\"patientId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"ix_followup_tasks_box\" ON \"followup_tasks\" (\"status\", \"dueOn\") ");
    await queryRunner.query("CREATE INDEX \"ix_followup_tasks_plan\" ON \"followup_tasks\" (\"planId\", \"dueOn\") ");
    await queryRunner.query("CREATE TABLE \"followup_templates\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"key\" varchar(40) NOT NULL, \"name\" varchar(80) NOT NULL, \"nameEn\" varchar(80), \"description\" varchar(500), \"descriptionEn\" varchar(500), \"match\" text NOT NULL, \"steps\" text NOT NULL, \"active\" boolean NOT NULL DEFAULT (1), \"createdByStaffId\" varchar(26), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_followup_templates_key\" ON \"followup_templates\" (\"key\") ");
    await queryRunner.query("DROP INDEX \"ix_visits_department_patient\"");
    await queryRunner.query("DROP INDEX \"uq_visits_appointment\"");
    await queryRunner.query("DROP INDEX \"ix_visits_patient_department\"");
    await queryRunner.query("DROP INDEX \"ix_visits_department_date\"");
    await queryRunner.query("CREATE TABLE \"temporary_visits\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"appointmentId\" varchar(26), \"departmentId\" varchar(26) NOT NULL, \"doctorId\" varchar(26), \"date\" varchar(10) NOT NULL, \"kind\" varchar(8) NOT NULL, \"amountSpent\" integer NOT NULL DEFAULT (0), \"source\" varchar(16) NOT NULL, \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"encounterClass\" varchar(12) NOT NULL, \"externalRef\" varchar(64))");
    await queryRunner.query("INSERT INTO \"temporary_visits\"(\"id\", \"patientId\", \"appointmentId\", \"departmentId\", \"doctorId\", \"date\", \"kind\", \"amountSpent\", \"source\", \"createdAt\") SELECT \"id\", \"patientId\", \"appointmentId\", \"departmentId\", \"doctorId\", \"date\", \"kind\", \"amountSpent\", \"source\", \"createdAt\" FROM \"visits\"");
    await queryRunner.query("DROP TABLE \"visits\"");
    await queryRunner.query("ALTER TABLE \"temporary_visits\" RENAME TO \"visits\"");
    await queryRunner.query("CREATE INDEX \"ix_visits_department_patient\" ON \"visits\" (\"departmentId\", \"patientId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_visits_appointment\" ON \"visits\" (\"appointmentId\") ");
    await queryRunner.query("CREATE INDEX \"ix_visits_patient_department\" ON \"visits\" (\"patientId\", \"departmentId\", \"date\") ");
    await queryRunner.query("CREATE INDEX \"ix_visits_department_date\" ON \"visits\" (\"departmentId\", \"date\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_visits_external\" ON \"visits\" (\"externalRef\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_visits_external\"");
    await queryRunner.query("DROP INDEX \"ix_visits_department_date\"");
    await queryRunner.query("DROP INDEX \"ix_visits_patient_department\"");
    await queryRunner.query("DROP INDEX \"uq_visits_appointment\"");
    await queryRunner.query("DROP INDEX \"ix_visits_department_patient\"");
    await queryRunner.query("ALTER TABLE \"visits\" RENAME TO \"temporary_visits\"");
    await queryRunner.query("CREATE TABLE \"visits\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"appointmentId\" varchar(26), \"departmentId\" varchar(26) NOT NULL, \"doctorId\" varchar(26), \"date\" varchar(10) NOT NULL, \"kind\" varchar(8) NOT NULL, \"amountSpent\" integer NOT NULL DEFAULT (0), \"source\" varchar(16) NOT NULL, \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"visits\"(\"id\", \"patientId\", \"appointmentId\", \"departmentId\", \"doctorId\", \"date\", \"kind\", \"amountSpent\", \"source\", \"createdAt\") SELECT \"id\", \"patientId\", \"appointmentId\", \"departmentId\", \"doctorId\", \"date\", \"kind\", \"amountSpent\", \"source\", \"createdAt\" FROM \"temporary_visits\"");
    await queryRunner.query("DROP TABLE \"temporary_visits\"");
    await queryRunner.query("CREATE INDEX \"ix_visits_department_date\" ON \"visits\" (\"departmentId\", \"date\") ");
    await queryRunner.query("CREATE INDEX \"ix_visits_patient_department\" ON \"visits\" (\"patientId\", \"departmentId\", \"date\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_visits_appointment\" ON \"visits\" (\"appointmentId\") ");
    await queryRunner.query("CREATE INDEX \"ix_visits_department_patient\" ON \"visits\" (\"departmentId\", \"patientId\") ");
    await queryRunner.query("DROP INDEX \"uq_followup_templates_key\"");
    await queryRunner.query("DROP TABLE \"followup_templates\"");
    await queryRunner.query("DROP INDEX \"ix_followup_tasks_plan\"");
    await queryRunner.query("DROP INDEX \"ix_followup_tasks_box\"");
    await queryRunner.query("DROP INDEX \"ix_followup_tasks_patient\"");
    await queryRunner.query("DROP INDEX \"uq_followup_tasks_step\"");
    await queryRunner.query("DROP TABLE \"followup_tasks\"");
    await queryRunner.query("DROP INDEX \"uq_followup_plans_active\"");
    await queryRunner.query("DROP INDEX \"uq_followup_plans_source\"");
    await queryRunner.query("DROP INDEX \"ix_followup_plans_patient\"");
    await queryRunner.query("DROP INDEX \"ix_followup_plans_case_manager\"");
    await queryRunner.query("DROP TABLE \"followup_plans\"");
  }
}
