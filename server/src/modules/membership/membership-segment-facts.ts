import { Injectable } from '@nestjs/common';
import type { SegmentCondition, SegmentField } from '@yiban/shared';
import type { SegmentFactsProvider, SegmentSql } from '../../common/segments/segment-facts.js';

/**
 * Membership's facts for segments: the member tier ("iron patients close to gold" starts here). It reads membership's
 * column of the segment profile (`membership-segment-profile.ts`, written with each tier change); never NULL (lead by
 * default). Not health data.
 */
@Injectable()
export class MembershipSegmentFacts implements SegmentFactsProvider {
  readonly fields: readonly SegmentField[] = ['tier'];

  predicate(c: SegmentCondition, sql: SegmentSql): string {
    if (c.field !== 'tier') throw new Error(`MembershipSegmentFacts: ${c.field} is not a membership fact`);
    const tier = sql.profile('tier');
    if (c.op === 'in') return `${tier} IN ${sql.list(c.value as string[])}`;
    return `${tier} ${c.op === 'neq' ? '<>' : '='} ${sql.param(c.value as string)}`;
  }
}
