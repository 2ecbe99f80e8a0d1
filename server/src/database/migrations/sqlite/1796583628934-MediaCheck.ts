import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class MediaCheck1796583628934 implements MigrationInterface {
  name = 'MediaCheck1796583628934';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"wechat_push_events\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"event\" varchar(64) NOT NULL, \"eventKey\" varchar(128) NOT NULL, \"payload\" text NOT NULL, \"receivedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_wechat_push_events_key\" ON \"wechat_push_events\" (\"event\", \"eventKey\") ");
    await queryRunner.query("DROP INDEX \"idx_consult_messages_state\"");
    await queryRunner.query("DROP INDEX \"uq_consult_messages_client\"");
    await queryRunner.query("DROP INDEX \"uq_consult_messages_seq\"");
    await queryRunner.query("CREATE TABLE \"temporary_consult_messages\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"consultationId\" varchar(26) NOT NULL, \"seq\" integer NOT NULL, \"kind\" varchar(16) NOT NULL, \"side\" varchar(16) NOT NULL, \"authorStaffId\" varchar(26), \"authorPatientId\" varchar(26), \"text\" text, \"imageKey\" varchar(128), \"imageType\" varchar(32), \"imageSize\" integer, \"state\" varchar(16) NOT NULL DEFAULT ('visible'), \"securityLabel\" integer, \"clientId\" varchar(64), \"reviewedByStaffId\" varchar(26), \"reviewedAt\" datetime(3), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"systemCode\" varchar(32), \"systemParams\" text, \"mediaTraceId\" varchar(64), \"mediaCheckAskedAt\" datetime(3))");
    await queryRunner.query("INSERT INTO \"temporary_consult_messages\"(\"id\", \"consultationId\", \"seq\", \"kind\", \"side\", \"authorStaffId\", \"authorPatientId\", \"text\", \"imageKey\", \"imageType\", \"imageSize\", \"state\", \"securityLabel\", \"clientId\", \"reviewedByStaffId\", \"reviewedAt\", \"createdAt\", \"systemCode\", \"systemParams\") SELECT \"id\", \"consultationId\", \"seq\", \"kind\", \"side\", \"authorStaffId\", \"authorPatientId\", \"text\", \"imageKey\", \"imageType\", \"imageSize\", \"state\", \"securityLabel\", \"clientId\", \"reviewedByStaffId\", \"reviewedAt\", \"createdAt\", \"systemCode\", \"systemParams\" FROM \"consult_messages\"");
    await queryRunner.query("DROP TABLE \"consult_messages\"");
    await queryRunner.query("ALTER TABLE \"temporary_consult_messages\" RENAME TO \"consult_messages\"");
    await queryRunner.query("CREATE INDEX \"idx_consult_messages_state\" ON \"consult_messages\" (\"state\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_consult_messages_client\" ON \"consult_messages\" (\"consultationId\", \"clientId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_consult_messages_seq\" ON \"consult_messages\" (\"consultationId\", \"seq\") ");
    await queryRunner.query("CREATE INDEX \"idx_consult_messages_media_trace\" ON \"consult_messages\" (\"mediaTraceId\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"idx_consult_messages_media_trace\"");
    await queryRunner.query("DROP INDEX \"uq_consult_messages_seq\"");
    await queryRunner.query("DROP INDEX \"uq_consult_messages_client\"");
    await queryRunner.query("DROP INDEX \"idx_consult_messages_state\"");
    await queryRunner.query("ALTER TABLE \"consult_messages\" RENAME TO \"temporary_consult_messages\"");
    await queryRunner.query("CREATE TABLE \"consult_messages\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"consultationId\" varchar(26) NOT NULL, \"seq\" integer NOT NULL, \"kind\" varchar(16) NOT NULL, \"side\" varchar(16) NOT NULL, \"authorStaffId\" varchar(26), \"authorPatientId\" varchar(26), \"text\" text, \"imageKey\" varchar(128), \"imageType\" varchar(32), \"imageSize\" integer, \"state\" varchar(16) NOT NULL DEFAULT ('visible'), \"securityLabel\" integer, \"clientId\" varchar(64), \"reviewedByStaffId\" varchar(26), \"reviewedAt\" datetime(3), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"systemCode\" varchar(32), \"systemParams\" text)");
    await queryRunner.query("INSERT INTO \"consult_messages\"(\"id\", \"consultationId\", \"seq\", \"kind\", \"side\", \"authorStaffId\", \"authorPatientId\", \"text\", \"imageKey\", \"imageType\", \"imageSize\", \"state\", \"securityLabel\", \"clientId\", \"reviewedByStaffId\", \"reviewedAt\", \"createdAt\", \"systemCode\", \"systemParams\") SELECT \"id\", \"consultationId\", \"seq\", \"kind\", \"side\", \"authorStaffId\", \"authorPatientId\", \"text\", \"imageKey\", \"imageType\", \"imageSize\", \"state\", \"securityLabel\", \"clientId\", \"reviewedByStaffId\", \"reviewedAt\", \"createdAt\", \"systemCode\", \"systemParams\" FROM \"temporary_consult_messages\"");
    await queryRunner.query("DROP TABLE \"temporary_consult_messages\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_consult_messages_seq\" ON \"consult_messages\" (\"consultationId\", \"seq\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_consult_messages_client\" ON \"consult_messages\" (\"consultationId\", \"clientId\") ");
    await queryRunner.query("CREATE INDEX \"idx_consult_messages_state\" ON \"consult_messages\" (\"state\") ");
    await queryRunner.query("DROP INDEX \"uq_wechat_push_events_key\"");
    await queryRunner.query("DROP TABLE \"wechat_push_events\"");
  }
}
