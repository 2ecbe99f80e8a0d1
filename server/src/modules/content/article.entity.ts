import type { ArticleLanguage, ArticleStatus } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * A health-education article. The body is HTML as it left the sanitiser (never as it was typed). Tags and department
 * ids are JSON arrays of plain values (tags are letters, digits, spaces, `-`, `·` — so `"tag"` inside the JSON text
 * is an exact match, which the feed uses).
 */
@Entity('articles')
@Index('idx_articles_status', ['status', 'publishedAt'])
@Index('idx_articles_author', ['authorStaffId'])
export class Article {
  @IdColumn() id: string = newId();

  @CodeColumn(16) status: ArticleStatus = 'draft';

  @CodeColumn(8) language: ArticleLanguage = 'zh-CN';

  @Column({ type: 'varchar', length: 80 }) title: string;

  @Column({ type: 'varchar', length: 200, default: '' }) summary: string = '';

  @Column({ type: 'text' }) body: string;

  @Column({ type: 'simple-json' }) tags: string[] = [];

  @Column({ type: 'simple-json' }) departmentIds: string[] = [];

  /** An https address given by staff; null when there is none or an uploaded cover (`coverKey`) stands. */
  @Column({ type: 'varchar', length: 500, nullable: true }) coverUrl: string | null = null;

  /** Object-storage key of an uploaded cover (`articles/covers/<id>.jpg`), re-encoded. */
  @Column({ type: 'varchar', length: 128, nullable: true }) coverKey: string | null = null;

  @RefColumn() authorStaffId: string;

  @RefColumn({ nullable: true }) reviewerStaffId: string | null = null;

  @Column({ type: 'varchar', length: 500, nullable: true }) reviewComment: string | null = null;

  @InstantColumn({ nullable: true }) submittedAt: Date | null = null;

  /** When a scheduled article goes live (the `content.publish` job runs then). */
  @InstantColumn({ nullable: true }) publishAt: Date | null = null;

  @InstantColumn({ nullable: true }) publishedAt: Date | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}

/** A patient's bookmark. */
@Entity('article_favourites')
@Index('uq_article_favourites', ['patientId', 'articleId'], { unique: true })
@Index('idx_article_favourites_article', ['articleId'])
export class ArticleFavourite {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  @RefColumn() articleId: string;

  @CreatedAtColumn() createdAt: Date;
}

/**
 * Time on page, one row per patient × article × campaign ('' when no campaign brought them): every report adds its
 * seconds and counts one read, so a campaign's readers are its distinct rows.
 */
@Entity('article_reads')
@Index('uq_article_reads', ['articleId', 'patientId', 'campaignId'], { unique: true })
@Index('idx_article_reads_campaign', ['campaignId'])
export class ArticleRead {
  @IdColumn() id: string = newId();

  @RefColumn() articleId: string;

  @RefColumn() patientId: string;

  /** '' for none (a unique index treats NULLs as distinct). */
  @Column({ type: 'varchar', length: 26, default: '' }) campaignId: string = '';

  @Column({ type: 'int', default: 0 }) seconds: number = 0;

  @Column({ type: 'int', default: 0 }) readCount: number = 0;

  @InstantColumn() lastReadAt: Date;

  @CreatedAtColumn() createdAt: Date;
}
