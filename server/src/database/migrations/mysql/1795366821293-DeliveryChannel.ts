import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class DeliveryChannel1795366821293 implements MigrationInterface {
  name = 'DeliveryChannel1795366821293';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `message_deliveries` ADD `channel` varchar(16) NOT NULL DEFAULT 'subscribe'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `message_deliveries` DROP COLUMN `channel`');
  }
}
