import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Health education (content module): articles, favourites, time on page. Generated for sqlite by db:generate, pruned to these tables. */
export class HealthEducation1796700000001 implements MigrationInterface {
  name = 'HealthEducation1796700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"articles\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"status\" varchar(16) NOT NULL, \"language\" varchar(8) NOT NULL, \"title\" varchar(80) NOT NULL, \"summary\" varchar(200) NOT NULL DEFAULT (''), \"body\" text NOT NULL, \"tags\" text NOT NULL, \"departmentIds\" text NOT NULL, \"coverUrl\" varchar(500), \"coverKey\" varchar(128), \"authorStaffId\" varchar(26) NOT NULL, \"reviewerStaffId\" varchar(26), \"reviewComment\" varchar(500), \"submittedAt\" datetime(3), \"publishAt\" datetime(3), \"publishedAt\" datetime(3), \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"idx_articles_author\" ON \"articles\" (\"authorStaffId\") ");
    await queryRunner.query("CREATE INDEX \"idx_articles_status\" ON \"articles\" (\"status\", \"publishedAt\") ");
    await queryRunner.query("CREATE TABLE \"article_favourites\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"patientId\" varchar(26) NOT NULL, \"articleId\" varchar(26) NOT NULL, \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"idx_article_favourites_article\" ON \"article_favourites\" (\"articleId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_article_favourites\" ON \"article_favourites\" (\"patientId\", \"articleId\") ");
    await queryRunner.query("CREATE TABLE \"article_reads\" (\"id\" varchar(26) PRIMARY KEY NOT NULL, \"articleId\" varchar(26) NOT NULL, \"patientId\" varchar(26) NOT NULL, \"campaignId\" varchar(26) NOT NULL DEFAULT (''), \"seconds\" integer NOT NULL DEFAULT (0), \"readCount\" integer NOT NULL DEFAULT (0), \"lastReadAt\" datetime(3) NOT NULL, \"createdAt\" datetime(6) NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"idx_article_reads_campaign\" ON \"article_reads\" (\"campaignId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_article_reads\" ON \"article_reads\" (\"articleId\", \"patientId\", \"campaignId\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "uq_article_reads"');
    await queryRunner.query('DROP INDEX "idx_article_reads_campaign"');
    await queryRunner.query('DROP TABLE "article_reads"');
    await queryRunner.query('DROP INDEX "uq_article_favourites"');
    await queryRunner.query('DROP INDEX "idx_article_favourites_article"');
    await queryRunner.query('DROP TABLE "article_favourites"');
    await queryRunner.query('DROP INDEX "idx_articles_status"');
    await queryRunner.query('DROP INDEX "idx_articles_author"');
    await queryRunner.query('DROP TABLE "articles"');
  }
}
