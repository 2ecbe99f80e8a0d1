import { Inject, Injectable } from '@nestjs/common';
import type { MessageKind, SegmentCondition, SegmentField } from '@yiban/shared';
import type { SegmentFactsProvider, SegmentSql } from '../../common/segments/segment-facts.js';
import { SubscriptionsService } from './subscriptions.service.js';

/**
 * Subscription state for segments: `subscribed` = the patient's WeChat account holds a usable grant for the template
 * configured for the message kind (one-time sends left, or a long-term acceptance).
 */
@Injectable()
export class SubscriptionSegmentFacts implements SegmentFactsProvider {
  readonly fields: readonly SegmentField[] = ['subscribed'];

  constructor(@Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService) {}

  predicate(c: SegmentCondition, sql: SegmentSql): string {
    if (c.field !== 'subscribed') throw new Error(`SubscriptionSegmentFacts: ${c.field} is not a subscription fact`);
    const kinds = (c.op === 'in' ? c.value : [c.value]) as MessageKind[];
    const templates = [...new Set(kinds.map((k) => this.subscriptions.templateFor(k).id))];
    const g = sql.alias('sg');
    const has =
      `EXISTS (SELECT 1 FROM subscription_grants ${g} WHERE ${g}.accountId = ${sql.accountId}` +
      ` AND ${g}.templateId IN ${sql.list(templates)} AND (${g}.remaining > 0 OR ${g}.longTerm = 1))`;
    return c.op === 'neq' ? `NOT ${has}` : has;
  }
}
