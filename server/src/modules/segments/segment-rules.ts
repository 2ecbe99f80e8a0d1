import {
  GENDERS,
  LOCALES,
  MEMBER_TIERS,
  MESSAGE_KINDS,
  MESSAGE_POLICIES,
  SEGMENT_FIELDS,
  SEGMENT_OPS,
  type SegmentCondition,
  type SegmentField,
  type SegmentOp,
  type SegmentRule,
} from '@yiban/shared';
import { DomainError } from '../../common/errors/domain-error.js';
import { ID } from '../../common/http/params.js';

export const SEGMENT_MAX_DEPTH = 5;
export const SEGMENT_MAX_CONDITIONS = 50;
export const SEGMENT_MAX_LIST = 100;

type ValueKind =
  'gender' | 'language' | 'tier' | 'age' | 'days' | 'count' | 'boolean' | 'tag' | 'id' | 'icd10' | 'message_kind' | 'month_day' | 'department_on';

export interface FieldSpec {
  ops: readonly SegmentOp[];
  value: ValueKind;
  /** Health data: only ever matched over patients with the current health-data consent. */
  clinical: boolean;
  /** Offered by the builder (triggers' fields are not). */
  inBuilder: boolean;
  /** The grammar knows it but its facts are not recorded yet. */
  unavailable?: 'membership_not_built';
}

const EQ = ['eq', 'neq', 'in'] as const;
const RANGE = ['eq', 'neq', 'gte', 'lte', 'between'] as const;

/** What each field accepts. Every visit-derived fact is health data (kept conservative: recency and counts too). */
export const FIELD_SPECS: Record<SegmentField, FieldSpec> = {
  gender: { ops: EQ, value: 'gender', clinical: false, inBuilder: true },
  age: { ops: RANGE, value: 'age', clinical: false, inBuilder: true },
  language: { ops: EQ, value: 'language', clinical: false, inBuilder: true },
  tier: { ops: EQ, value: 'tier', clinical: false, inBuilder: true },
  tag: { ops: EQ, value: 'tag', clinical: false, inBuilder: true },
  visitedDepartmentId: { ops: EQ, value: 'id', clinical: true, inBuilder: true },
  diagnosis: { ops: EQ, value: 'icd10', clinical: true, inBuilder: true },
  lastVisitDaysAgo: { ops: RANGE, value: 'days', clinical: true, inBuilder: true },
  visitCount: { ops: RANGE, value: 'count', clinical: true, inBuilder: true },
  marketingOptIn: { ops: ['eq', 'neq'], value: 'boolean', clinical: false, inBuilder: true },
  healthDataConsent: { ops: ['eq', 'neq'], value: 'boolean', clinical: false, inBuilder: true },
  subscribed: { ops: EQ, value: 'message_kind', clinical: false, inBuilder: true },
  birthMonthDay: { ops: ['eq'], value: 'month_day', clinical: false, inBuilder: false },
  visitedDepartmentOn: { ops: ['eq'], value: 'department_on', clinical: true, inBuilder: false },
};

export const MARKETING_MESSAGE_KINDS = MESSAGE_KINDS.filter((k) => MESSAGE_POLICIES[k].marketing);

const TAG = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const ICD10 = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/;
const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

const LIMITS: Partial<Record<ValueKind, [number, number]>> = { age: [0, 150], days: [0, 36_500], count: [0, 100_000] };

function invalid(path: string, reason: string): never {
  throw new DomainError('SEGMENT_RULE_INVALID', { path, reason });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function scalarOk(kind: ValueKind, v: unknown): boolean {
  switch (kind) {
    case 'gender':
      return (GENDERS as readonly unknown[]).includes(v);
    case 'language':
      return (LOCALES as readonly unknown[]).includes(v);
    case 'tier':
      return (MEMBER_TIERS as readonly unknown[]).includes(v);
    case 'age':
    case 'days':
    case 'count': {
      const [lo, hi] = LIMITS[kind]!;
      return typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
    }
    case 'boolean':
      return typeof v === 'boolean';
    case 'tag':
      return typeof v === 'string' && TAG.test(v);
    case 'id':
      return typeof v === 'string' && ID.test(v);
    case 'icd10':
      return typeof v === 'string' && ICD10.test(v);
    case 'message_kind':
      return (MARKETING_MESSAGE_KINDS as readonly unknown[]).includes(v);
    case 'month_day':
      return typeof v === 'string' && MONTH_DAY.test(v);
    case 'department_on':
      return (
        isPlainObject(v) &&
        Object.keys(v).length === 2 &&
        typeof v.departmentId === 'string' &&
        ID.test(v.departmentId) &&
        typeof v.date === 'string' &&
        DATE.test(v.date)
      );
  }
}

const EXPECTED: Record<ValueKind, string> = {
  gender: `one of ${GENDERS.join(', ')}`,
  language: `one of ${LOCALES.join(', ')}`,
  tier: `one of ${MEMBER_TIERS.join(', ')}`,
  age: 'a whole number of years, 0–150',
  days: 'a whole number of days, 0–36500',
  count: 'a whole number, 0–100000',
  boolean: 'true or false',
  tag: 'a tag code (lower-case letters, digits, - and _)',
  id: 'an id',
  icd10: 'an ICD-10 code such as E11 or E11.9',
  message_kind: `a marketing message kind (${MARKETING_MESSAGE_KINDS.join(', ')})`,
  month_day: 'MM-DD',
  department_on: '{departmentId, date: YYYY-MM-DD}',
};

function checkCondition(node: Record<string, unknown>, path: string): SegmentCondition {
  const extra = Object.keys(node).filter((k) => !['field', 'op', 'value'].includes(k));
  if (extra.length) invalid(path, `unknown keys: ${extra.join(', ')}`);
  const { field, op, value } = node;
  if (typeof field !== 'string' || !(SEGMENT_FIELDS as readonly string[]).includes(field)) invalid(`${path}.field`, `unknown field ${JSON.stringify(field)}`);
  const spec = FIELD_SPECS[field as SegmentField];
  if (spec.unavailable) throw new DomainError('SEGMENT_FIELD_UNAVAILABLE', { field, path: `${path}.field`, reason: spec.unavailable });
  if (typeof op !== 'string' || !(SEGMENT_OPS as readonly string[]).includes(op)) invalid(`${path}.op`, `unknown op ${JSON.stringify(op)}`);
  if (!spec.ops.includes(op as SegmentOp)) invalid(`${path}.op`, `${field} takes ${spec.ops.join(', ')}`);
  if (value === undefined) invalid(`${path}.value`, 'missing');
  if (op === 'in') {
    if (!Array.isArray(value) || value.length < 1 || value.length > SEGMENT_MAX_LIST)
      invalid(`${path}.value`, `a list of 1–${SEGMENT_MAX_LIST} values, each ${EXPECTED[spec.value]}`);
    value.forEach((v, i) => {
      if (!scalarOk(spec.value, v)) invalid(`${path}.value[${i}]`, `expected ${EXPECTED[spec.value]}`);
    });
  } else if (op === 'between') {
    if (!Array.isArray(value) || value.length !== 2) invalid(`${path}.value`, `[from, to], each ${EXPECTED[spec.value]}`);
    value.forEach((v, i) => {
      if (!scalarOk(spec.value, v)) invalid(`${path}.value[${i}]`, `expected ${EXPECTED[spec.value]}`);
    });
    if ((value[0] as number) > (value[1] as number)) invalid(`${path}.value`, 'from must not be greater than to');
  } else if (!scalarOk(spec.value, value)) {
    invalid(`${path}.value`, `expected ${EXPECTED[spec.value]}`);
  }
  return { field: field as SegmentField, op: op as SegmentOp, value: value as SegmentCondition['value'] };
}

/**
 * Checks a rule strictly and answers a clean copy: groups `all`/`any` (1–50 members) and `not`, at most 5 levels of
 * groups and 50 conditions; each condition's field known and available, its op allowed, its value of the right type.
 * Anything else is SEGMENT_RULE_INVALID naming the path of the bad node (`rule.all[2].value`).
 */
export function validateRule(rule: unknown): SegmentRule {
  let conditions = 0;
  const walk = (node: unknown, path: string, depth: number): SegmentRule => {
    if (!isPlainObject(node)) invalid(path, 'expected a group ({all}, {any}, {not}) or a condition ({field, op, value})');
    const keys = Object.keys(node);
    const group = keys.find((k) => k === 'all' || k === 'any' || k === 'not');
    if (group) {
      if (keys.length !== 1) invalid(path, `a group has exactly one key (${group}); found ${keys.join(', ')}`);
      if (depth >= SEGMENT_MAX_DEPTH) invalid(path, `groups nest at most ${SEGMENT_MAX_DEPTH} deep`);
      if (group === 'not') return { not: walk(node.not, `${path}.not`, depth + 1) };
      const members = node[group];
      if (!Array.isArray(members) || members.length < 1 || members.length > SEGMENT_MAX_CONDITIONS)
        invalid(`${path}.${group}`, `a list of 1–${SEGMENT_MAX_CONDITIONS} rules`);
      const checked = members.map((m, i) => walk(m, `${path}.${group}[${i}]`, depth + 1));
      return group === 'all' ? { all: checked } : { any: checked };
    }
    conditions += 1;
    if (conditions > SEGMENT_MAX_CONDITIONS) invalid(path, `at most ${SEGMENT_MAX_CONDITIONS} conditions`);
    return checkCondition(node, path);
  };
  return walk(rule, 'rule', 0);
}

/** True when the rule names a clinical field: its count covers only patients with the health-data consent. */
export function isClinicalRule(rule: SegmentRule): boolean {
  if ('all' in rule) return rule.all.some(isClinicalRule);
  if ('any' in rule) return rule.any.some(isClinicalRule);
  if ('not' in rule) return isClinicalRule(rule.not);
  return FIELD_SPECS[rule.field].clinical;
}
