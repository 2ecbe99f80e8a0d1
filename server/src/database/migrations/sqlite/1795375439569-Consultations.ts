import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class Consultations1795375439569 implements MigrationInterface {
  name = 'Consultations1795375439569';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"consultations\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"kind\" varchar(24) NOT NULL, \"status\" varchar(24) NOT NULL, \"patientId\" varchar(26) NOT NULL, \"accountId\" varchar(26) NOT NULL, \"departmentId\" varchar(26) NOT NULL, \"doctorId\" varchar(26), \"assigneeStaffId\" varchar(26), \"subject\" varchar(120) NOT NULL, \"fee\" integer NOT NULL DEFAULT (0), \"payBefore\" datetime(3), \"lastSeq\" integer NOT NULL DEFAULT (0), \"lastMessageAt\" datetime(3) NOT NULL, \"lastPreview\" varchar(80), \"lastPatientSeq\" integer NOT NULL DEFAULT (0), \"patientReadSeq\" integer NOT NULL DEFAULT (0), \"staffReadSeq\" integer NOT NULL DEFAULT (0), \"firstResponseDueAt\" datetime(3), \"firstRespondedAt\" datetime(3), \"escalatedAt\" datetime(3), \"autoCloseAt\" datetime(3), \"closedAt\" datetime(3), \"closedBy\" varchar(16), \"ratingScore\" integer, \"ratingComment\" varchar(500), \"ratedAt\" datetime(3), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"idx_consultations_assignee\" ON \"consultations\" (\"assigneeStaffId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"idx_consultations_department\" ON \"consultations\" (\"departmentId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"idx_consultations_patient\" ON \"consultations\" (\"patientId\", \"status\") ");
    await queryRunner.query("CREATE TABLE \"consult_messages\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"consultationId\" varchar(26) NOT NULL, \"seq\" integer NOT NULL, \"kind\" varchar(16) NOT NULL, \"side\" varchar(16) NOT NULL, \"authorStaffId\" varchar(26), \"authorPatientId\" varchar(26), \"text\" text, \"imageKey\" varchar(128), \"imageType\" varchar(32), \"imageSize\" integer, \"state\" varchar(16) NOT NULL DEFAULT ('visible'), \"securityLabel\" integer, \"clientId\" varchar(64), \"reviewedByStaffId\" varchar(26), \"reviewedAt\" datetime(3), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"idx_consult_messages_state\" ON \"consult_messages\" (\"state\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_consult_messages_client\" ON \"consult_messages\" (\"consultationId\", \"clientId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_consult_messages_seq\" ON \"consult_messages\" (\"consultationId\", \"seq\") ");
    await queryRunner.query("CREATE TABLE \"consult_canned_replies\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"scope\" varchar(16) NOT NULL, \"ownerStaffId\" varchar(26), \"departmentId\" varchar(26), \"title\" varchar(40) NOT NULL, \"text\" varchar(1000) NOT NULL, \"createdByStaffId\" varchar(26) NOT NULL, \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"idx_canned_replies_department\" ON \"consult_canned_replies\" (\"departmentId\") ");
    await queryRunner.query("CREATE INDEX \"idx_canned_replies_owner\" ON \"consult_canned_replies\" (\"ownerStaffId\") ");
    await queryRunner.query("DROP INDEX \"uq_departments_code\"");
    await queryRunner.query("CREATE TABLE \"temporary_departments\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"code\" varchar(32) NOT NULL, \"name\" varchar(64) NOT NULL, \"nameEn\" varchar(128) NOT NULL, \"description\" text NOT NULL, \"descriptionEn\" text NOT NULL, \"location\" varchar(128) NOT NULL, \"sortOrder\" integer NOT NULL DEFAULT (0), \"active\" boolean NOT NULL DEFAULT (1), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"leadStaffId\" varchar(26))");
    await queryRunner.query("INSERT INTO \"temporary_departments\"(\"id\", \"code\", \"name\", \"nameEn\", \"description\", \"descriptionEn\", \"location\", \"sortOrder\", \"active\", \"createdAt\") SELECT \"id\", \"code\", \"name\", \"nameEn\", \"description\", \"descriptionEn\", \"location\", \"sortOrder\", \"active\", \"createdAt\" FROM \"departments\"");
    await queryRunner.query("DROP TABLE \"departments\"");
    await queryRunner.query("ALTER TABLE \"temporary_departments\" RENAME TO \"departments\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_departments_code\" ON \"departments\" (\"code\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_departments_code\"");
    await queryRunner.query("ALTER TABLE \"departments\" RENAME TO \"temporary_departments\"");
    await queryRunner.query("CREATE TABLE \"departments\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"code\" varchar(32) NOT NULL, \"name\" varchar(64) NOT NULL, \"nameEn\" varchar(128) NOT NULL, \"description\" text NOT NULL, \"descriptionEn\" text NOT NULL, \"location\" varchar(128) NOT NULL, \"sortOrder\" integer NOT NULL DEFAULT (0), \"active\" boolean NOT NULL DEFAULT (1), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"departments\"(\"id\", \"code\", \"name\", \"nameEn\", \"description\", \"descriptionEn\", \"location\", \"sortOrder\", \"active\", \"createdAt\") SELECT \"id\", \"code\", \"name\", \"nameEn\", \"description\", \"descriptionEn\", \"location\", \"sortOrder\", \"active\", \"createdAt\" FROM \"temporary_departments\"");
    await queryRunner.query("DROP TABLE \"temporary_departments\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_departments_code\" ON \"departments\" (\"code\") ");
    await queryRunner.query("DROP INDEX \"idx_canned_replies_owner\"");
    await queryRunner.query("DROP INDEX \"idx_canned_replies_department\"");
    await queryRunner.query("DROP TABLE \"consult_canned_replies\"");
    await queryRunner.query("DROP INDEX \"uq_consult_messages_seq\"");
    await queryRunner.query("DROP INDEX \"uq_consult_messages_client\"");
    await queryRunner.query("DROP INDEX \"idx_consult_messages_state\"");
    await queryRunner.query("DROP TABLE \"consult_messages\"");
    await queryRunner.query("DROP INDEX \"idx_consultations_patient\"");
    await queryRunner.query("DROP INDEX \"idx_consultations_department\"");
    await queryRunner.query("DROP INDEX \"idx_consultations_assignee\"");
    await queryRunner.query("DROP TABLE \"consultations\"");
  }
}
