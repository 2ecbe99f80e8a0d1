import { Inject, Injectable } from '@nestjs/common';
import type { ArticleLanguage } from '@yiban/shared';
import { DataSource } from 'typeorm';
import { Article, ArticleRead } from './article.entity.js';

export interface PublishedArticle {
  id: string;
  title: string;
  language: ArticleLanguage;
  publishedAt: Date;
}

/** What other modules read of health education (campaigns: an article landing, and who read it). */
@Injectable()
export class ArticlesReader {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The article if it is published now, else null. */
  async published(id: string): Promise<PublishedArticle | null> {
    const a = await this.dataSource.getRepository(Article).findOneBy({ id, status: 'published' });
    return a?.publishedAt ? { id: a.id, title: a.title, language: a.language, publishedAt: a.publishedAt } : null;
  }

  /** How many distinct patients read an article that this campaign brought them to. */
  async readsByCampaign(campaignId: string): Promise<number> {
    if (!campaignId) return 0;
    const row = await this.dataSource
      .getRepository(ArticleRead)
      .createQueryBuilder('r')
      .select('COUNT(DISTINCT r.patientId)', 'n')
      .where('r.campaignId = :campaignId', { campaignId })
      .getRawOne<{ n: unknown }>();
    return Number(row?.n ?? 0);
  }
}
