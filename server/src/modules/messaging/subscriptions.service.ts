import { Inject, Injectable } from '@nestjs/common';
import { MESSAGE_KINDS, type MessageKind, type SubscriptionGrantView } from '@yiban/shared';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import type { RecordSubscriptionsDto } from './messaging.dto.js';
import { SubscriptionEvent, SubscriptionGrant } from './subscription-grant.entity.js';

/** Records what patients chose in the subscribe popup, and spends those grants on sends. */
@Injectable()
export class SubscriptionsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  templateFor(kind: MessageKind): { id: string; kind: 'one_time' | 'long_term' } {
    return this.config.templates[kind];
  }

  private kindOfTemplate(templateId: string): MessageKind | undefined {
    return MESSAGE_KINDS.find((k) => this.config.templates[k].id === templateId);
  }

  /** Records one popup's answers, in the caller's transaction when given one. */
  async record(accountId: string, input: RecordSubscriptionsDto, manager?: EntityManager): Promise<SubscriptionGrantView[]> {
    const ids = [...new Set(input.templateIds)];
    const unknown = ids.filter((id) => !this.kindOfTemplate(id));
    if (unknown.length) throw new DomainError('SUBSCRIPTION_TEMPLATE_UNKNOWN', { templateIds: unknown });
    const answered = Object.keys(input.results);
    if (answered.length !== ids.length || answered.some((id) => !ids.includes(id))) throw new DomainError('SUBSCRIPTION_RESULTS_MISMATCH');
    const write = async (m: EntityManager) => {
      const now = this.clock.now();
      for (const templateId of ids) {
        const result = input.results[templateId]!;
        const longTermTemplate = this.config.templates[this.kindOfTemplate(templateId)!].kind === 'long_term';
        await m.insert(SubscriptionEvent, m.getRepository(SubscriptionEvent).create({ accountId, templateId, result, at: now }));
        const grant =
          (await m.getRepository(SubscriptionGrant).findOneBy({ accountId, templateId })) ??
          m.getRepository(SubscriptionGrant).create({ accountId, templateId });
        if (result === 'accept') {
          if (longTermTemplate) grant.longTerm = true;
          else grant.remaining += 1;
        } else {
          // Refusing (or banning, or WeChat filtering) switches the template off, as WeChat does.
          grant.remaining = 0;
          grant.longTerm = false;
        }
        grant.lastResult = result;
        await m.save(grant);
      }
    };
    if (manager) {
      await write(manager);
      return this.list(accountId, manager);
    }
    await this.tx.run(write);
    return this.list(accountId);
  }

  async list(accountId: string, manager: EntityManager = this.dataSource.manager): Promise<SubscriptionGrantView[]> {
    const grants = await manager.getRepository(SubscriptionGrant).findBy({ accountId });
    return MESSAGE_KINDS.map((messageKind) => {
      const template = this.config.templates[messageKind];
      const grant = grants.find((g) => g.templateId === template.id);
      return {
        messageKind,
        templateId: template.id,
        kind: template.kind,
        remaining: grant?.remaining ?? 0,
        longTerm: grant?.longTerm ?? false,
        lastResult: grant?.lastResult ?? null,
        updatedAt: grant?.updatedAt.toISOString() ?? null,
      };
    });
  }

  /**
   * Spends the grant for one send, inside the caller's transaction (the same one that claims the delivery):
   * a one-time allowance is used up here, before the message leaves. False when there is nothing to spend.
   */
  async spend(m: EntityManager, accountId: string, templateId: string): Promise<boolean> {
    const longTerm = await m.getRepository(SubscriptionGrant).existsBy({ accountId, templateId, longTerm: true });
    if (longTerm) return true;
    const spent = await m
      .createQueryBuilder()
      .update(SubscriptionGrant)
      .set({ remaining: () => 'remaining - 1' })
      .where('accountId = :accountId AND templateId = :templateId AND remaining > 0', { accountId, templateId })
      .execute();
    return Boolean(spent.affected);
  }

  /**
   * Spends grants for a batch of sends at once, in the caller's transaction (the drain's claim): the grants are read
   * locked, allotted in order (two profiles of one account share its grants), and decremented in a few UPDATEs.
   * Answers, per want, whether it got a grant.
   */
  async spendMany(m: EntityManager, wants: { accountId: string; templateId: string }[]): Promise<boolean[]> {
    const result = wants.map(() => false);
    const templates = new Map<string, number[]>();
    wants.forEach((w, i) => templates.set(w.templateId, [...(templates.get(w.templateId) ?? []), i]));
    for (const [templateId, indexes] of templates) {
      const accounts = [...new Set(indexes.map((i) => wants[i]!.accountId))];
      const qb = m
        .getRepository(SubscriptionGrant)
        .createQueryBuilder('g')
        .select(['g.id', 'g.accountId', 'g.remaining', 'g.longTerm'])
        .where('g.templateId = :templateId AND g.accountId IN (:...accounts)', { templateId, accounts });
      if (m.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
      const grants = new Map((await qb.getMany()).map((g) => [g.accountId, g]));
      const used = new Map<string, number>();
      for (const i of indexes) {
        const grant = grants.get(wants[i]!.accountId);
        if (!grant) continue;
        if (grant.longTerm) result[i] = true;
        else if (grant.remaining - (used.get(grant.accountId) ?? 0) > 0) {
          used.set(grant.accountId, (used.get(grant.accountId) ?? 0) + 1);
          result[i] = true;
        }
      }
      const byCount = new Map<number, string[]>();
      for (const [accountId, n] of used) byCount.set(n, [...(byCount.get(n) ?? []), accountId]);
      for (const [n, ids] of byCount) {
        await m
          .createQueryBuilder()
          .update(SubscriptionGrant)
          .set({ remaining: () => `remaining - ${n}` })
          .where('templateId = :templateId AND accountId IN (:...ids)', { templateId, ids })
          .execute();
      }
    }
    return result;
  }

  /** WeChat answered 43101 to these sends: there is no grant, whatever we thought. */
  async markAbsentMany(m: EntityManager, pairs: { accountId: string; templateId: string }[]): Promise<void> {
    const templates = new Map<string, Set<string>>();
    for (const p of pairs) templates.set(p.templateId, (templates.get(p.templateId) ?? new Set()).add(p.accountId));
    for (const [templateId, ids] of templates) {
      await m.update(SubscriptionGrant, { templateId, accountId: In([...ids]) }, { remaining: 0, longTerm: false });
    }
  }

  /** WeChat answered 43101: whatever we thought, there is no grant. */
  async markAbsent(accountId: string, templateId: string): Promise<void> {
    await this.tx.run((m) => m.update(SubscriptionGrant, { accountId, templateId }, { remaining: 0, longTerm: false }));
  }
}
