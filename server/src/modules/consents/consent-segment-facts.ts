import { Injectable } from '@nestjs/common';
import { CURRENT_CONSENT_VERSIONS, type ConsentKind, type SegmentCondition, type SegmentField } from '@yiban/shared';
import type { SegmentConsentFacts, SegmentFactsProvider, SegmentSql } from '../../common/segments/segment-facts.js';

/** The consents the segment profile keeps. */
type ProfileConsent = Extract<ConsentKind, 'marketing' | 'health_data'>;
/**
 * Consents for segments: a patient's current state of a consent is their latest decision of that kind (by time, then
 * id, as `ConsentsService` reads it), and it counts only when it is a grant of the version in force. The version of a
 * current grant is kept in consents' columns of the segment profile (`consent-segment-profile.ts`), in the same
 * transaction as each decision.
 */
@Injectable()
export class ConsentSegmentFacts implements SegmentFactsProvider, SegmentConsentFacts {
  readonly fields: readonly SegmentField[] = ['marketingOptIn', 'healthDataConsent'];

  predicate(c: SegmentCondition, sql: SegmentSql): string {
    const kind: ProfileConsent = c.field === 'marketingOptIn' ? 'marketing' : c.field === 'healthDataConsent' ? 'health_data' : (undefined as never);
    if (!kind) throw new Error(`ConsentSegmentFacts: ${c.field} is not a consent fact`);
    const want = c.op === 'neq' ? !c.value : Boolean(c.value);
    const current = this.current(kind, sql);
    return want ? current : `NOT ${current}`;
  }

  healthDataConsent(sql: SegmentSql): string {
    return this.current('health_data', sql);
  }

  /** The profile's granted version is the one in force (two-valued: no grant reads as ''). */
  private current(kind: ProfileConsent, sql: SegmentSql): string {
    const column = sql.profile(kind === 'marketing' ? 'marketingVersion' : 'healthDataVersion');
    return `COALESCE(${column}, '') = ${sql.param(CURRENT_CONSENT_VERSIONS[kind])}`;
  }
}
