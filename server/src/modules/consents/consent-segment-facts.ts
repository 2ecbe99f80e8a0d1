import { Injectable } from '@nestjs/common';
import { CURRENT_CONSENT_VERSIONS, type ConsentKind, type SegmentCondition, type SegmentField } from '@yiban/shared';
import type { SegmentConsentFacts, SegmentFactsProvider, SegmentSql } from '../../common/segments/segment-facts.js';

/**
 * Consents for segments: a patient's current state of a consent is their latest decision of that kind (by time, then
 * id, as `ConsentsService` reads it), and it counts only when it is a grant of the version in force. The state is
 * kept per (patient, kind) in `patient_consent_states`, in the same transaction as each decision.
 */
@Injectable()
export class ConsentSegmentFacts implements SegmentFactsProvider, SegmentConsentFacts {
  readonly fields: readonly SegmentField[] = ['marketingOptIn', 'healthDataConsent'];

  predicate(c: SegmentCondition, sql: SegmentSql): string {
    const kind: ConsentKind = c.field === 'marketingOptIn' ? 'marketing' : c.field === 'healthDataConsent' ? 'health_data' : (undefined as never);
    if (!kind) throw new Error(`ConsentSegmentFacts: ${c.field} is not a consent fact`);
    const want = c.op === 'neq' ? !c.value : Boolean(c.value);
    const current = this.current(kind, sql);
    return want ? current : `NOT ${current}`;
  }

  healthDataConsent(sql: SegmentSql): string {
    return this.current('health_data', sql);
  }

  /** One primary-key lookup in the maintained current state (`patient_consent_states`, see `foldConsentStates`). */
  private current(kind: ConsentKind, sql: SegmentSql): string {
    const a = sql.alias('cs');
    return (
      `EXISTS (SELECT 1 FROM patient_consent_states ${a} WHERE ${a}.patientId = ${sql.patientId} AND ${a}.kind = ${sql.param(kind)}` +
      ` AND ${a}.version = ${sql.param(CURRENT_CONSENT_VERSIONS[kind])} AND ${a}.granted = 1)`
    );
  }
}
