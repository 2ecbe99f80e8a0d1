/**
 * Segments: a saved rule over patient facts, evaluated in the database (never by loading patients).
 * A rule is a group (`all` / `any` / `not`) or one condition `{field, op, value}`.
 */
export const SEGMENT_OPS = ['eq', 'neq', 'in', 'gte', 'lte', 'between'] as const;
export type SegmentOp = (typeof SEGMENT_OPS)[number];

/**
 * Fields a condition may name. Clinical fields (visits' departments and diagnoses) only ever match patients who gave
 * the health-data consent; the builder says so. `birthMonthDay` and `visitedDepartmentOn` are used by triggered
 * campaigns (birthday; N days after a visit) and are not offered in the builder.
 */
export const SEGMENT_FIELDS = [
  'gender',
  'age',
  'language',
  'tier',
  'tag',
  'visitedDepartmentId',
  'diagnosis',
  'lastVisitDaysAgo',
  'visitCount',
  'marketingOptIn',
  'healthDataConsent',
  'subscribed',
  'birthMonthDay',
  'visitedDepartmentOn',
] as const;
export type SegmentField = (typeof SEGMENT_FIELDS)[number];

export type SegmentValue = string | number | boolean | string[] | number[] | [number, number] | { departmentId: string; date: string };

export interface SegmentCondition {
  field: SegmentField;
  op: SegmentOp;
  value: SegmentValue;
}

export type SegmentRule = { all: SegmentRule[] } | { any: SegmentRule[] } | { not: SegmentRule } | SegmentCondition;

/** `POST /segments/count`. */
export interface SegmentCountRequest {
  rule: SegmentRule;
}

export interface SegmentCountResponse {
  count: number;
  /** True when the rule names a clinical field: only patients with the health-data consent were counted. */
  clinicalOnlyConsented: boolean;
  /** How long the database took, for the builder's footnote. */
  tookMs: number;
}

/** `POST /segments`. */
export interface CreateSegmentRequest {
  name: string;
  description?: string;
  rule: SegmentRule;
}

/** `PATCH /segments/{id}`. */
export interface UpdateSegmentRequest {
  name?: string;
  description?: string;
  rule?: SegmentRule;
}

export interface SegmentView {
  id: string;
  name: string;
  description: string | null;
  rule: SegmentRule;
  /** The count when it was last computed (saved, edited or counted again). */
  lastCount: number | null;
  lastCountedAt: string | null;
  createdBy: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
}

/** What the builder offers for each field (`GET /segments/fields`): ops, value kind, choices, and whether it is clinical. */
export interface SegmentFieldView {
  field: SegmentField;
  ops: SegmentOp[];
  value: 'enum' | 'number' | 'boolean' | 'department' | 'text' | 'message_kind';
  options?: { value: string; label: string }[];
  clinical: boolean;
  /** Present when the field exists in the grammar but its facts are not recorded yet (membership tiers before #17). */
  unavailableReason?: string;
}
