import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Health education (content module): articles, favourites, time on page. Generated for mysql by db:generate, pruned to these tables. */
export class HealthEducation1796700000001 implements MigrationInterface {
  name = 'HealthEducation1796700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `articles` (`id` varchar(26) NOT NULL, `status` varchar(16) NOT NULL, `language` varchar(8) NOT NULL, `title` varchar(80) NOT NULL, `summary` varchar(200) NOT NULL DEFAULT '', `body` text NOT NULL, `tags` text NOT NULL, `departmentIds` text NOT NULL, `coverUrl` varchar(500) NULL, `coverKey` varchar(128) NULL, `authorStaffId` varchar(26) NOT NULL, `reviewerStaffId` varchar(26) NULL, `reviewComment` varchar(500) NULL, `submittedAt` datetime(3) NULL, `publishAt` datetime(3) NULL, `publishedAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_articles_author` (`authorStaffId`), INDEX `idx_articles_status` (`status`, `publishedAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `article_favourites` (`id` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `articleId` varchar(26) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_article_favourites_article` (`articleId`), UNIQUE INDEX `uq_article_favourites` (`patientId`, `articleId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `article_reads` (`id` varchar(26) NOT NULL, `articleId` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `campaignId` varchar(26) NOT NULL DEFAULT '', `seconds` int NOT NULL DEFAULT 0, `readCount` int NOT NULL DEFAULT 0, `lastReadAt` datetime(3) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_article_reads_campaign` (`campaignId`), UNIQUE INDEX `uq_article_reads` (`articleId`, `patientId`, `campaignId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `article_reads`');
    await queryRunner.query('DROP TABLE `article_favourites`');
    await queryRunner.query('DROP TABLE `articles`');
  }
}
