import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated for sqlite by db:generate from the entities (pruned to the messaging module): bulk sources on
 * message_deliveries (`source`, indexed with status and due time; `openedAt`) and the patients' marketing topics.
 */
export class CampaignDelivery1796700000004 implements MigrationInterface {
  name = 'CampaignDelivery1796700000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"marketing_preferences\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"topic\" varchar(32) NOT NULL, \"enabled\" boolean NOT NULL DEFAULT (1), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_marketing_preferences_patient_topic\" ON \"marketing_preferences\" (\"patientId\", \"topic\") ");
    await queryRunner.query("DROP INDEX \"ix_message_deliveries_account_sent\"");
    await queryRunner.query("DROP INDEX \"ix_message_deliveries_patient\"");
    await queryRunner.query("DROP INDEX \"uq_message_deliveries_dedupe\"");
    await queryRunner.query("CREATE TABLE \"temporary_message_deliveries\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"accountId\" varchar(26) NOT NULL, \"patientId\" varchar(26) NOT NULL, \"messageKind\" varchar(32) NOT NULL, \"templateId\" varchar(128) NOT NULL, \"page\" varchar(255), \"data\" text NOT NULL, \"dedupeKey\" varchar(191) NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('queued'), \"reason\" varchar(32), \"errcode\" integer, \"attempts\" integer NOT NULL DEFAULT (0), \"grantSpent\" boolean NOT NULL DEFAULT (0), \"notBefore\" datetime(3) NOT NULL, \"expiresAt\" datetime(3), \"sentAt\" datetime(3), \"msgid\" varchar(32), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"channel\" varchar(16) NOT NULL DEFAULT ('subscribe'), \"source\" varchar(64), \"openedAt\" datetime(3))");
    await queryRunner.query("INSERT INTO \"temporary_message_deliveries\"(\"id\", \"accountId\", \"patientId\", \"messageKind\", \"templateId\", \"page\", \"data\", \"dedupeKey\", \"status\", \"reason\", \"errcode\", \"attempts\", \"grantSpent\", \"notBefore\", \"expiresAt\", \"sentAt\", \"msgid\", \"createdAt\", \"updatedAt\", \"channel\") SELECT \"id\", \"accountId\", \"patientId\", \"messageKind\", \"templateId\", \"page\", \"data\", \"dedupeKey\", \"status\", \"reason\", \"errcode\", \"attempts\", \"grantSpent\", \"notBefore\", \"expiresAt\", \"sentAt\", \"msgid\", \"createdAt\", \"updatedAt\", \"channel\" FROM \"message_deliveries\"");
    await queryRunner.query("DROP TABLE \"message_deliveries\"");
    await queryRunner.query("ALTER TABLE \"temporary_message_deliveries\" RENAME TO \"message_deliveries\"");
    await queryRunner.query("CREATE INDEX \"ix_message_deliveries_account_sent\" ON \"message_deliveries\" (\"accountId\", \"status\", \"sentAt\") ");
    await queryRunner.query("CREATE INDEX \"ix_message_deliveries_patient\" ON \"message_deliveries\" (\"patientId\", \"createdAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_message_deliveries_dedupe\" ON \"message_deliveries\" (\"dedupeKey\") ");
    await queryRunner.query("CREATE INDEX \"ix_message_deliveries_source\" ON \"message_deliveries\" (\"source\", \"status\", \"notBefore\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_message_deliveries_source\"");
    await queryRunner.query("DROP INDEX \"uq_message_deliveries_dedupe\"");
    await queryRunner.query("DROP INDEX \"ix_message_deliveries_patient\"");
    await queryRunner.query("DROP INDEX \"ix_message_deliveries_account_sent\"");
    await queryRunner.query("ALTER TABLE \"message_deliveries\" RENAME TO \"temporary_message_deliveries\"");
    await queryRunner.query("CREATE TABLE \"message_deliveries\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"accountId\" varchar(26) NOT NULL, \"patientId\" varchar(26) NOT NULL, \"messageKind\" varchar(32) NOT NULL, \"templateId\" varchar(128) NOT NULL, \"page\" varchar(255), \"data\" text NOT NULL, \"dedupeKey\" varchar(191) NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('queued'), \"reason\" varchar(32), \"errcode\" integer, \"attempts\" integer NOT NULL DEFAULT (0), \"grantSpent\" boolean NOT NULL DEFAULT (0), \"notBefore\" datetime(3) NOT NULL, \"expiresAt\" datetime(3), \"sentAt\" datetime(3), \"msgid\" varchar(32), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"channel\" varchar(16) NOT NULL DEFAULT ('subscribe'))");
    await queryRunner.query("INSERT INTO \"message_deliveries\"(\"id\", \"accountId\", \"patientId\", \"messageKind\", \"templateId\", \"page\", \"data\", \"dedupeKey\", \"status\", \"reason\", \"errcode\", \"attempts\", \"grantSpent\", \"notBefore\", \"expiresAt\", \"sentAt\", \"msgid\", \"createdAt\", \"updatedAt\", \"channel\") SELECT \"id\", \"accountId\", \"patientId\", \"messageKind\", \"templateId\", \"page\", \"data\", \"dedupeKey\", \"status\", \"reason\", \"errcode\", \"attempts\", \"grantSpent\", \"notBefore\", \"expiresAt\", \"sentAt\", \"msgid\", \"createdAt\", \"updatedAt\", \"channel\" FROM \"temporary_message_deliveries\"");
    await queryRunner.query("DROP TABLE \"temporary_message_deliveries\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_message_deliveries_dedupe\" ON \"message_deliveries\" (\"dedupeKey\") ");
    await queryRunner.query("CREATE INDEX \"ix_message_deliveries_patient\" ON \"message_deliveries\" (\"patientId\", \"createdAt\") ");
    await queryRunner.query("CREATE INDEX \"ix_message_deliveries_account_sent\" ON \"message_deliveries\" (\"accountId\", \"status\", \"sentAt\") ");
    await queryRunner.query("DROP INDEX \"uq_marketing_preferences_patient_topic\"");
    await queryRunner.query("DROP TABLE \"marketing_preferences\"");
  }
}
