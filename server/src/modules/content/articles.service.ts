import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ARTICLE_STATUSES, type ArticleStats, type ArticleStatus, type ArticleView, type StaffArticlesPage, type StaffArticleView } from '@yiban/shared';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { lockRow } from '../../common/database/locks.js';
import { newestFirst } from '../../common/database/paging.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { Clock } from '../../integrations/clock.js';
import { ObjectStorage } from '../../integrations/storage/object-storage.js';
import { CatalogReader } from '../catalog/index.js';
import { StaffDirectory } from '../staff/index.js';
import { sanitizeArticleHtml } from './article-html.js';
import { coverKey, coverPath, reencodeCover } from './article-cover.js';
import { Article, ArticleFavourite, ArticleRead } from './article.entity.js';
import type { CreateArticleDto, StaffArticlesQuery, UpdateArticleDto } from './content.dto.js';
import { newId } from '../../common/database/columns.js';

/** The public view of an article (any status: callers decide who may see which). */
export function articleView(a: Article): ArticleView {
  return {
    id: a.id,
    title: a.title,
    summary: a.summary,
    body: a.body,
    coverUrl: a.coverKey ? coverPath(a.coverKey.replace(/^articles\/covers\/|\.jpg$/g, '')) : a.coverUrl,
    tags: a.tags,
    departmentIds: a.departmentIds,
    language: a.language,
    publishedAt: a.publishedAt?.toISOString() ?? null,
  };
}

/** A MySQL TEXT column holds 65,535 bytes. */
const BODY_MAX_BYTES = 65_000;

/** Editing these takes the article back to review: what patients read is always what a reviewer approved. */
const LIVE: readonly ArticleStatus[] = ['published', 'scheduled'];

/**
 * The editorial workflow: writers (marketing, admin — the route's roles) draft and submit; a reviewer (admin or
 * doctor) other than the author approves, now or at a time (`content.publish` job), or rejects back to draft with a
 * comment. Every write is one transaction on the locked row.
 */
@Injectable()
export class ArticlesService implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(ObjectStorage) private readonly storage: ObjectStorage,
  ) {}

  onModuleInit(): void {
    this.registry.register('content.publish', ({ payload }) => this.publishIfDue(payload.articleId));
  }

  async create(author: StaffPrincipal, dto: CreateArticleDto): Promise<StaffArticleView> {
    await this.assertDepartments(dto.departmentIds);
    const article = await this.tx.run(async (m) => {
      const row = m.getRepository(Article).create({
        title: dto.title.trim(),
        summary: dto.summary?.trim() ?? '',
        body: this.sanitized(dto.body),
        tags: unique(dto.tags ?? []),
        departmentIds: unique(dto.departmentIds ?? []),
        language: dto.language ?? 'zh-CN',
        coverUrl: dto.coverUrl ?? null,
        authorStaffId: author.staffId,
      });
      await m.insert(Article, row);
      return row;
    });
    return this.staffView(article.id);
  }

  async update(editor: StaffPrincipal, id: string, dto: UpdateArticleDto): Promise<StaffArticleView> {
    await this.assertDepartments(dto.departmentIds);
    await this.tx.run(async (m) => {
      const a = await this.locked(m, id);
      if (a.status === 'archived') throw new DomainError('ARTICLE_STATE_INVALID', { status: a.status });
      const changes: Partial<Article> = {};
      if (dto.title !== undefined) changes.title = dto.title.trim();
      if (dto.summary !== undefined) changes.summary = dto.summary.trim();
      if (dto.body !== undefined) changes.body = this.sanitized(dto.body);
      if (dto.tags !== undefined) changes.tags = unique(dto.tags);
      if (dto.departmentIds !== undefined) changes.departmentIds = unique(dto.departmentIds);
      if (dto.language !== undefined) changes.language = dto.language;
      if (dto.coverUrl !== undefined) Object.assign(changes, { coverUrl: dto.coverUrl, coverKey: null });
      if (LIVE.includes(a.status)) Object.assign(changes, { status: 'in_review', publishAt: null, reviewerStaffId: null, submittedAt: this.clock.now() });
      void editor;
      await m.update(Article, { id }, changes);
    });
    return this.staffView(id);
  }

  async setCover(id: string, file: { buffer: Buffer } | undefined): Promise<StaffArticleView> {
    if (!file?.buffer?.length) throw new DomainError('VALIDATION_FAILED', { fields: { file: ['is required'] } });
    const bytes = await reencodeCover(file.buffer);
    const key = coverKey(newId());
    await this.storage.put(key, bytes, 'image/jpeg');
    await this.tx.run(async (m) => {
      const a = await this.locked(m, id);
      if (a.status === 'archived') throw new DomainError('ARTICLE_STATE_INVALID', { status: a.status });
      const back = LIVE.includes(a.status) ? { status: 'in_review' as const, publishAt: null, reviewerStaffId: null, submittedAt: this.clock.now() } : {};
      await m.update(Article, { id }, { coverKey: key, coverUrl: null, ...back });
    });
    return this.staffView(id);
  }

  async cover(coverId: string): Promise<{ body: Buffer; contentType: string } | null> {
    return this.storage.get(coverKey(coverId));
  }

  async submit(id: string): Promise<StaffArticleView> {
    await this.tx.run(async (m) => {
      const a = await this.locked(m, id);
      if (a.status !== 'draft') throw new DomainError('ARTICLE_STATE_INVALID', { status: a.status });
      await m.update(Article, { id }, { status: 'in_review', submittedAt: this.clock.now() });
    });
    return this.staffView(id);
  }

  /** Publishes now, or schedules for `publishAt` when that is still ahead. The author never reviews their own. */
  async approve(reviewer: StaffPrincipal, id: string, publishAt: Date | undefined): Promise<StaffArticleView> {
    await this.tx.run(async (m) => {
      const a = await this.inReview(m, id, reviewer);
      const now = this.clock.now();
      if (publishAt && publishAt > now) {
        await m.update(Article, { id }, { status: 'scheduled', publishAt, reviewerStaffId: reviewer.staffId, reviewComment: null });
        await this.jobs.enqueue(
          m,
          'content.publish',
          { articleId: a.id },
          { runAt: publishAt, idempotencyKey: `content.publish:${a.id}:${publishAt.getTime()}` },
        );
      } else {
        await m.update(Article, { id }, { status: 'published', publishAt: null, publishedAt: now, reviewerStaffId: reviewer.staffId, reviewComment: null });
      }
    });
    return this.staffView(id);
  }

  async reject(reviewer: StaffPrincipal, id: string, comment: string): Promise<StaffArticleView> {
    await this.tx.run(async (m) => {
      await this.inReview(m, id, reviewer);
      await m.update(Article, { id }, { status: 'draft', reviewerStaffId: reviewer.staffId, reviewComment: comment.trim() });
    });
    return this.staffView(id);
  }

  async archive(id: string): Promise<StaffArticleView> {
    await this.tx.run(async (m) => {
      const a = await this.locked(m, id);
      if (a.status === 'archived') throw new DomainError('ARTICLE_STATE_INVALID', { status: a.status });
      await m.update(Article, { id }, { status: 'archived', publishAt: null });
    });
    return this.staffView(id);
  }

  /** The `content.publish` job: a scheduled article whose time has come goes live (re-scheduled or archived ones are left alone). */
  async publishIfDue(id: string): Promise<void> {
    await this.tx.run(async (m) => {
      const a = await lockRow(m, Article, id);
      const now = this.clock.now();
      if (a?.status !== 'scheduled' || !a.publishAt || a.publishAt > now) return;
      await m.update(Article, { id }, { status: 'published', publishedAt: a.publishAt });
    });
  }

  async staffList(query: StaffArticlesQuery): Promise<StaffArticlesPage> {
    const filtered = () => {
      const qb = this.dataSource.getRepository(Article).createQueryBuilder('a');
      if (query.q) qb.andWhere("a.title LIKE :q ESCAPE '!'", { q: `%${escapeLike(query.q.trim())}%` });
      return qb;
    };
    const listed = filtered();
    if (query.status) listed.andWhere('a.status = :status', { status: query.status });
    const [page, counted] = await Promise.all([
      newestFirst(listed, 'a', { limit: query.limit ?? 20, cursor: query.cursor }),
      filtered().select('a.status', 'status').addSelect('COUNT(*)', 'n').groupBy('a.status').getRawMany<{ status: ArticleStatus; n: unknown }>(),
    ]);
    const counts = Object.fromEntries(ARTICLE_STATUSES.map((s) => [s, 0])) as Record<ArticleStatus, number>;
    for (const row of counted) if (row.status in counts) counts[row.status] = Number(row.n);
    return { items: await this.staffViews(page.items), nextCursor: page.nextCursor, counts };
  }

  async staffView(id: string): Promise<StaffArticleView> {
    const a = await this.dataSource.getRepository(Article).findOneBy({ id });
    if (!a) throw new DomainError('ARTICLE_NOT_FOUND');
    return (await this.staffViews([a]))[0]!;
  }

  private async staffViews(articles: Article[]): Promise<StaffArticleView[]> {
    const [people, stats] = await Promise.all([
      this.staff.byIds(articles.flatMap((a) => [a.authorStaffId, a.reviewerStaffId])),
      this.stats(articles.map((a) => a.id)),
    ]);
    return articles.map((a) => ({
      ...articleView(a),
      status: a.status,
      authorStaffId: a.authorStaffId,
      authorName: people.get(a.authorStaffId)?.displayName ?? null,
      reviewerStaffId: a.reviewerStaffId,
      reviewerName: a.reviewerStaffId ? (people.get(a.reviewerStaffId)?.displayName ?? null) : null,
      reviewComment: a.reviewComment,
      publishAt: a.publishAt?.toISOString() ?? null,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      updatedAt: a.updatedAt.toISOString(),
      stats: stats.get(a.id) ?? { reads: 0, readers: 0, averageSeconds: 0, favourites: 0 },
    }));
  }

  /** Reads (reports), distinct readers, average seconds per reader, favourites — per article. */
  private async stats(ids: string[]): Promise<Map<string, ArticleStats>> {
    const out = new Map<string, ArticleStats>();
    if (!ids.length) return out;
    const [reads, favourites] = await Promise.all([
      this.dataSource
        .getRepository(ArticleRead)
        .createQueryBuilder('r')
        .select('r.articleId', 'articleId')
        .addSelect('SUM(r.readCount)', 'reads')
        .addSelect('COUNT(DISTINCT r.patientId)', 'readers')
        .addSelect('SUM(r.seconds)', 'seconds')
        .where({ articleId: In(ids) })
        .groupBy('r.articleId')
        .getRawMany<{ articleId: string; reads: unknown; readers: unknown; seconds: unknown }>(),
      this.dataSource
        .getRepository(ArticleFavourite)
        .createQueryBuilder('f')
        .select('f.articleId', 'articleId')
        .addSelect('COUNT(*)', 'n')
        .where({ articleId: In(ids) })
        .groupBy('f.articleId')
        .getRawMany<{ articleId: string; n: unknown }>(),
    ]);
    for (const id of ids) out.set(id, { reads: 0, readers: 0, averageSeconds: 0, favourites: 0 });
    for (const r of reads) {
      const readers = Number(r.readers);
      Object.assign(out.get(r.articleId)!, { reads: Number(r.reads), readers, averageSeconds: readers ? Math.round(Number(r.seconds) / readers) : 0 });
    }
    for (const f of favourites) out.get(f.articleId)!.favourites = Number(f.n);
    return out;
  }

  private async locked(m: EntityManager, id: string): Promise<Article> {
    const a = await lockRow(m, Article, id);
    if (!a) throw new DomainError('ARTICLE_NOT_FOUND');
    return a;
  }

  private async inReview(m: EntityManager, id: string, reviewer: StaffPrincipal): Promise<Article> {
    const a = await this.locked(m, id);
    // Four eyes: whoever wrote it — even an admin or a doctor who also writes — cannot be its reviewer.
    if (a.authorStaffId === reviewer.staffId) throw new DomainError('ARTICLE_SELF_REVIEW');
    if (a.status !== 'in_review') throw new DomainError('ARTICLE_STATE_INVALID', { status: a.status });
    return a;
  }

  /** The body as stored: sanitised, and within what a MySQL TEXT column holds (entities written out can grow it). */
  private sanitized(html: string): string {
    const body = sanitizeArticleHtml(html);
    if (!body.replace(/<[^>]*>/g, '').trim() && !body.includes('<img'))
      throw new DomainError('VALIDATION_FAILED', { fields: { body: ['has nothing to show once sanitised'] } });
    if (Buffer.byteLength(body, 'utf8') > BODY_MAX_BYTES) throw new DomainError('ARTICLE_BODY_TOO_LONG', { maxKb: Math.floor(BODY_MAX_BYTES / 1000) });
    return body;
  }

  private async assertDepartments(ids: string[] | undefined): Promise<void> {
    if (!ids?.length) return;
    const found = await this.catalog.departments(ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw new DomainError('DEPARTMENT_NOT_FOUND', { departmentIds: missing });
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()))];
}

/** For `LIKE … ESCAPE '!'` (one escape character both databases read the same way). */
export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}
