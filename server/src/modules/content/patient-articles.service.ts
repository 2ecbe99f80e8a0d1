import { Inject, Injectable } from '@nestjs/common';
import type { ArticleCard, ArticleCardsPage, PatientArticleView } from '@yiban/shared';
import { DataSource, In } from 'typeorm';
import type { ActingProfile } from '../../common/auth/principal.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../integrations/clock.js';
import { VisitsReader } from '../appointments/index.js';
import { ConsentsService } from '../consents/index.js';
import { Article, ArticleFavourite, ArticleRead } from './article.entity.js';
import { articleView } from './articles.service.js';
import type { FeedQuery, PageQuery, PublicArticlesQuery, RecordReadDto } from './content.dto.js';

/** What makes an article more relevant to a reader, highest first: their language, then what they visited, then what they read. */
interface Interests {
  language: string | null;
  departmentIds: string[];
  tags: string[];
}

/** A card: the article without its body. */
function card(a: Article): ArticleCard {
  const { body: _body, ...rest } = articleView(a);
  return rest;
}

/**
 * What patients and the public read: published articles only. The feed puts the reader's language first, then
 * articles of departments they visited (only with the health-data consent: visits are health data), then articles
 * sharing tags with what they favourited or read; newest first within each. Favourites; time on page attributed to
 * the campaign that brought the reader.
 */
@Injectable()
export class PatientArticles {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(VisitsReader) private readonly visits: VisitsReader,
    @Inject(ConsentsService) private readonly consents: ConsentsService,
  ) {}

  async publicList(query: PublicArticlesQuery): Promise<ArticleCardsPage> {
    return this.ranked({ language: null, departmentIds: [], tags: [] }, query, { departmentId: query.departmentId, language: query.language });
  }

  async publicOne(id: string): Promise<Article> {
    const a = await this.dataSource.getRepository(Article).findOneBy({ id, status: 'published' });
    if (!a) throw new DomainError('ARTICLE_NOT_FOUND');
    return a;
  }

  async feed(patient: ActingProfile, query: FeedQuery): Promise<ArticleCardsPage> {
    return this.ranked(await this.interests(patient), query, {});
  }

  async one(patient: ActingProfile, id: string): Promise<PatientArticleView> {
    const a = await this.publicOne(id);
    const favourite = await this.dataSource.getRepository(ArticleFavourite).existsBy({ patientId: patient.id, articleId: id });
    return { ...articleView(a), favourite };
  }

  async favourite(patient: ActingProfile, id: string): Promise<PatientArticleView> {
    await this.publicOne(id);
    await this.tx.run((m) =>
      m
        .createQueryBuilder()
        .insert()
        .into(ArticleFavourite)
        .values(m.getRepository(ArticleFavourite).create({ patientId: patient.id, articleId: id }))
        .orIgnore()
        .execute(),
    );
    return this.one(patient, id);
  }

  async unfavourite(patient: ActingProfile, id: string): Promise<void> {
    await this.tx.run((m) => m.delete(ArticleFavourite, { patientId: patient.id, articleId: id }));
  }

  /** The profile's favourites that are still published, the latest saved first. */
  async favourites(patient: ActingProfile, query: PageQuery): Promise<ArticleCardsPage> {
    const limit = query.limit ?? 20;
    const qb = this.dataSource
      .getRepository(ArticleFavourite)
      .createQueryBuilder('f')
      .innerJoin(Article, 'a', 'a.id = f.articleId')
      .where('f.patientId = :patientId', { patientId: patient.id })
      .andWhere("a.status = 'published'")
      .orderBy('f.id', 'DESC')
      .limit(limit + 1);
    if (query.cursor) qb.andWhere('f.id < :cursor', { cursor: query.cursor });
    const rows = await qb.select('f.id', 'favouriteId').addSelect('f.articleId', 'articleId').getRawMany<{ favouriteId: string; articleId: string }>();
    const page = rows.slice(0, limit);
    const articles = await this.byIds(page.map((r) => r.articleId));
    return {
      items: page.flatMap((r) => (articles.has(r.articleId) ? [card(articles.get(r.articleId)!)] : [])),
      nextCursor: rows.length > limit ? (page.at(-1)?.favouriteId ?? null) : null,
    };
  }

  /**
   * Adds a time-on-page report: one row per profile × article × campaign, its seconds accumulated and its reports
   * counted (an insert that a concurrent one may already have made, then an increment: no lost update).
   */
  async recordRead(patient: ActingProfile, id: string, dto: RecordReadDto): Promise<void> {
    const a = await this.dataSource.getRepository(Article).findOneBy({ id });
    // An article archived while the reader had it open still counts; one never published does not exist for them.
    if (!a?.publishedAt) throw new DomainError('ARTICLE_NOT_FOUND');
    const campaignId = dto.campaignId ?? '';
    const now = this.clock.now();
    await this.tx.run(async (m) => {
      await m
        .createQueryBuilder()
        .insert()
        .into(ArticleRead)
        .values(m.getRepository(ArticleRead).create({ articleId: id, patientId: patient.id, campaignId, seconds: 0, readCount: 0, lastReadAt: now }))
        .orIgnore()
        .execute();
      await m
        .createQueryBuilder()
        .update(ArticleRead)
        .set({ seconds: () => `seconds + ${Math.trunc(dto.seconds)}`, readCount: () => 'readCount + 1', lastReadAt: now })
        .where({ articleId: id, patientId: patient.id, campaignId })
        .execute();
    });
  }

  private async interests(patient: ActingProfile): Promise<Interests> {
    const [consented, touched] = await Promise.all([
      this.consents.hasCurrent(patient.id, 'health_data'),
      this.dataSource.query<{ articleId: string }[]>(
        'SELECT articleId FROM article_favourites WHERE patientId = ? UNION SELECT articleId FROM article_reads WHERE patientId = ?',
        [patient.id, patient.id],
      ),
    ]);
    const departmentIds = consented ? [...new Set((await this.visits.views(patient.id)).map((v) => v.departmentId))].slice(0, 20) : [];
    const read = await this.byIds(touched.map((r) => r.articleId).slice(0, 50));
    const tags = [...new Set([...read.values()].flatMap((a) => a.tags))].slice(0, 20);
    return { language: patient.language, departmentIds, tags };
  }

  private async byIds(ids: string[]): Promise<Map<string, Article>> {
    if (!ids.length) return new Map();
    return new Map((await this.dataSource.getRepository(Article).findBy({ id: In(ids) })).map((a) => [a.id, a]));
  }

  /**
   * Published articles ordered by rank (language 4 + department 2 + tag 1), then newest; keyset-paged on
   * (rank, publishedAt, id). Tags and department ids sit in JSON arrays of plain values, so `%"x"%` is an exact match.
   */
  private async ranked(
    interests: Interests,
    query: { tag?: string; limit?: number; cursor?: string },
    filters: { departmentId?: string; language?: string },
  ): Promise<ArticleCardsPage> {
    const params: Record<string, unknown> = { published: 'published' };
    const anyLike = (column: string, values: string[], prefix: string) =>
      values.length
        ? `(${values
            .map((v, i) => {
              params[`${prefix}${i}`] = `%${JSON.stringify(v)}%`;
              return `${column} LIKE :${prefix}${i}`;
            })
            .join(' OR ')})`
        : null;
    const parts: string[] = [];
    if (interests.language) {
      params.lang = interests.language;
      parts.push('CASE WHEN a.language = :lang THEN 4 ELSE 0 END');
    }
    const department = anyLike('a.departmentIds', interests.departmentIds, 'dep');
    if (department) parts.push(`CASE WHEN ${department} THEN 2 ELSE 0 END`);
    const tag = anyLike('a.tags', interests.tags, 'tag');
    if (tag) parts.push(`CASE WHEN ${tag} THEN 1 ELSE 0 END`);
    const rank = parts.length ? `(${parts.join(' + ')})` : '0';

    const limit = query.limit ?? 20;
    const qb = this.dataSource
      .getRepository(Article)
      .createQueryBuilder('a')
      .select('a.id', 'id')
      .addSelect(rank, 'rnk')
      .addSelect('a.publishedAt', 'publishedAt')
      .where('a.status = :published');
    if (query.tag) qb.andWhere('a.tags LIKE :onlyTag', { onlyTag: `%${JSON.stringify(query.tag)}%` });
    if (filters.departmentId) qb.andWhere('a.departmentIds LIKE :onlyDepartment', { onlyDepartment: `%${JSON.stringify(filters.departmentId)}%` });
    if (filters.language) qb.andWhere('a.language = :onlyLanguage', { onlyLanguage: filters.language });
    if (query.cursor) {
      const [r, ms, id] = query.cursor.includes('.', query.cursor.indexOf('.') + 1) ? query.cursor.split('.') : ['0', ...query.cursor.split('.')];
      Object.assign(params, { cr: Number(r), cp: new Date(Number(ms)), cid: id });
      qb.andWhere(`(${rank} < :cr OR (${rank} = :cr AND (a.publishedAt < :cp OR (a.publishedAt = :cp AND a.id < :cid))))`);
    }
    const rows = await qb
      .setParameters({ ...qb.getParameters(), ...params })
      .orderBy('rnk', 'DESC')
      .addOrderBy('a.publishedAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1)
      .getRawMany<{ id: string; rnk: unknown; publishedAt: unknown }>();
    const page = rows.slice(0, limit);
    const articles = await this.byIds(page.map((r) => r.id));
    const last = page.at(-1);
    const lastArticle = last ? articles.get(last.id) : undefined;
    return {
      items: page.flatMap((r) => (articles.has(r.id) ? [card(articles.get(r.id)!)] : [])),
      nextCursor: rows.length > limit && last && lastArticle?.publishedAt ? `${Number(last.rnk)}.${lastArticle.publishedAt.getTime()}.${last.id}` : null,
    };
  }
}
