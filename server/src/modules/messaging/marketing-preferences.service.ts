import { Inject, Injectable } from '@nestjs/common';
import { MESSAGE_POLICIES, MESSAGE_KINDS, type MarketingPreferencesView, type MessageKind } from '@yiban/shared';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ConsentsService } from '../consents/index.js';
import { MarketingPreference } from './marketing-preference.entity.js';

/** The marketing topics: the marketing message kinds. */
export const MARKETING_TOPICS: readonly MessageKind[] = MESSAGE_KINDS.filter((k) => MESSAGE_POLICIES[k].marketing);

/**
 * What a patient wants of marketing: the consent itself (ConsentsService) and, under it, each topic on or off.
 * A topic without a row is on.
 */
@Injectable()
export class MarketingPreferencesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(ConsentsService) private readonly consents: ConsentsService,
  ) {}

  async view(patientId: string): Promise<MarketingPreferencesView> {
    const [marketingOptIn, rows] = await Promise.all([
      this.consents.hasCurrent(patientId, 'marketing'),
      this.dataSource.getRepository(MarketingPreference).findBy({ patientId }),
    ]);
    const off = new Set(rows.filter((r) => !r.enabled).map((r) => r.topic));
    return { marketingOptIn, topics: MARKETING_TOPICS.map((topic) => ({ topic, enabled: !off.has(topic) })) };
  }

  /** Sets the listed topics (others unchanged). A topic that is not a marketing kind → MARKETING_TOPIC_UNKNOWN. */
  async update(patientId: string, topics: { topic: MessageKind; enabled: boolean }[]): Promise<MarketingPreferencesView> {
    const unknown = topics.filter((t) => !MARKETING_TOPICS.includes(t.topic)).map((t) => t.topic);
    if (unknown.length) throw new DomainError('MARKETING_TOPIC_UNKNOWN', { topics: unknown, allowed: [...MARKETING_TOPICS] });
    const last = new Map(topics.map((t) => [t.topic, t.enabled]));
    await this.tx.run(async (m) => {
      const existing = await m.getRepository(MarketingPreference).findBy({ patientId, topic: In([...last.keys()]) });
      for (const [topic, enabled] of last) {
        const row = existing.find((r) => r.topic === topic);
        if (row) {
          if (row.enabled !== enabled) await m.update(MarketingPreference, { id: row.id }, { enabled });
        } else {
          await m
            .createQueryBuilder()
            .insert()
            .into(MarketingPreference)
            .values(m.getRepository(MarketingPreference).create({ patientId, topic, enabled }))
            .orIgnore()
            .execute();
        }
      }
    });
    return this.view(patientId);
  }

  /** Of these patients, those who turned `topic` off (set-based, for a batch). */
  async optedOut(patientIds: string[], topic: MessageKind, m: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    const out = new Set<string>();
    if (!patientIds.length || !MARKETING_TOPICS.includes(topic)) return out;
    for (let i = 0; i < patientIds.length; i += 5000) {
      const rows = await m
        .getRepository(MarketingPreference)
        .createQueryBuilder('p')
        .select('p.patientId', 'patientId')
        .where('p.topic = :topic AND p.enabled = :off AND p.patientId IN (:...ids)', { topic, off: false, ids: patientIds.slice(i, i + 5000) })
        .getRawMany<{ patientId: string }>();
      for (const r of rows) out.add(r.patientId);
    }
    return out;
  }
}
