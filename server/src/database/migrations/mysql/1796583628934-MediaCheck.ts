import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class MediaCheck1796583628934 implements MigrationInterface {
  name = 'MediaCheck1796583628934';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `wechat_push_events` (`id` varchar(26) NOT NULL, `event` varchar(64) NOT NULL, `eventKey` varchar(128) NOT NULL, `payload` text NOT NULL, `receivedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_wechat_push_events_key` (`event`, `eventKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `consult_messages` ADD `mediaTraceId` varchar(64) NULL");
    await queryRunner.query("ALTER TABLE `consult_messages` ADD `mediaCheckAskedAt` datetime(3) NULL");
    await queryRunner.query("CREATE INDEX `idx_consult_messages_media_trace` ON `consult_messages` (`mediaTraceId`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `idx_consult_messages_media_trace` ON `consult_messages`");
    await queryRunner.query("ALTER TABLE `consult_messages` DROP COLUMN `mediaCheckAskedAt`");
    await queryRunner.query("ALTER TABLE `consult_messages` DROP COLUMN `mediaTraceId`");
    await queryRunner.query("DROP INDEX `uq_wechat_push_events_key` ON `wechat_push_events`");
    await queryRunner.query("DROP TABLE `wechat_push_events`");
  }
}
