import type { SegmentCondition, SegmentField } from '@yiban/shared';
import type { SegmentProfileColumn } from './segment-profile.js';

/**
 * How a segment rule reaches patient facts without knowing other modules' tables: each module that owns facts
 * exports a provider (through its index.ts) answering SQL predicates over its own tables for one validated
 * condition. The segments module composes them (AND/OR/NOT, the health-data consent rule) and runs one query.
 */
export interface SegmentSql {
  /** The outer patient's id, e.g. `sp.id`: predicates correlate on it. */
  readonly patientId: string;
  /** The outer patient's WeChat account id (facts kept per account: subscription grants). */
  readonly accountId: string;
  /** A column of the outer patient's segment profile (`segment-profile.ts`), e.g. `sp.visitCount`. */
  profile(column: SegmentProfileColumn): string;
  /** The hospital's date today, YYYY-MM-DD (from the injected clock). */
  readonly today: string;
  /** Binds one value and answers its placeholder. */
  param(value: string | number): string;
  /** Binds a non-empty list and answers `(…)` for `IN`. */
  list(values: readonly (string | number)[]): string;
  /** Quotes an identifier for the database in use. */
  q(identifier: string): string;
  /** A fresh table alias (nested subqueries must not collide). */
  alias(prefix: string): string;
}

export interface SegmentFactsProvider {
  /** The fields whose facts this provider owns. */
  readonly fields: readonly SegmentField[];
  /**
   * A two-valued SQL predicate (never NULL) that is true when the outer patient satisfies the condition. The
   * condition has been validated against the grammar (field known, op allowed, value shaped).
   */
  predicate(condition: SegmentCondition, sql: SegmentSql): string;
  /**
   * Optional: for a condition that holds (not its negation), a set of patients read from one index range of this
   * provider's own tables that contains everyone the condition holds for. A count may start from the smallest such
   * set instead of walking every patient; it still applies the whole rule to each patient it reads, so the set may be
   * wider than the condition, never narrower. Null when no index serves the condition.
   */
  source?(condition: SegmentCondition, sql: SegmentSql): SegmentSource | null;
}

/** A set of patients from one index range (see `SegmentFactsProvider.source`). */
export interface SegmentSource {
  /** Table and alias, e.g. `patient_visit_stats s0`. */
  readonly from: string;
  /** The patient id column, e.g. `s0.patientId`. */
  readonly patientId: string;
  /** The range, e.g. `s0.lastVisitDate >= :sg3`, its values bound through `SegmentSql.param`. */
  readonly where: string;
  /** A patient can appear more than once (one row per visit): read as DISTINCT. */
  readonly repeats: boolean;
}

/**
 * The population segments choose from: the patients' segment profiles (`segment-profile.ts`), one row per patient,
 * with the definition of a reachable patient (a WeChat account, not deleted) from patients, who own those columns.
 */
export interface SegmentPopulation {
  /** Table and alias, e.g. `segment_profiles sp`. */
  readonly from: string;
  /** The alias of the profile row. */
  readonly alias: string;
  /** The patient id expression (also the keyset order of an audience), e.g. `sp.id`. */
  readonly patientId: string;
  readonly accountId: string;
  readonly reachable: string;
}

/** The health-data consent as a predicate (owned by consents): clinical conditions only ever match under it. */
export interface SegmentConsentFacts {
  healthDataConsent(sql: SegmentSql): string;
}
