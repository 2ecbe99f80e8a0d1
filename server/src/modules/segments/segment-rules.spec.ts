import { DomainError } from '../../common/errors/domain-error.js';
import { isClinicalRule, validateRule } from './segment-rules.js';

const problem = (rule: unknown): { code: string; details: Record<string, unknown> } => {
  try {
    validateRule(rule);
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, details: e.details ?? {} };
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(rule)}`);
};

const F = (field: string, op: string, value: unknown) => ({ field, op, value });
const DEPT = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

describe('segment rule validation', () => {
  it.each([
    [F('gender', 'eq', 'female')],
    [F('gender', 'in', ['male', 'unknown'])],
    [F('age', 'between', [50, 70])],
    [F('age', 'gte', 0)],
    [F('language', 'neq', 'en')],
    [F('tag', 'in', ['diabetes', 'high-bp_2'])],
    [F('visitedDepartmentId', 'in', [DEPT])],
    [F('diagnosis', 'eq', 'E11.9')],
    [F('lastVisitDaysAgo', 'lte', 180)],
    [F('visitCount', 'gte', 2)],
    [F('marketingOptIn', 'eq', true)],
    [F('healthDataConsent', 'neq', false)],
    [F('subscribed', 'eq', 'health_education')],
    [F('birthMonthDay', 'eq', '02-29')],
    [F('visitedDepartmentOn', 'eq', { departmentId: DEPT, date: '2026-03-01' })],
    [{ all: [F('gender', 'eq', 'male'), { not: { any: [F('age', 'lte', 30)] } }] }],
  ])('accepts %j and answers an equal copy', (rule) => {
    expect(validateRule(rule)).toEqual(rule);
  });

  it.each([
    [F('shoe', 'eq', 1), 'rule.field', /unknown field/],
    [F('gender', 'gte', 'male'), 'rule.op', /gender takes eq, neq, in/],
    [F('gender', 'like', 'male'), 'rule.op', /unknown op/],
    [F('gender', 'eq', 'cat'), 'rule.value', /one of male, female, unknown/],
    [F('age', 'eq', 20.5), 'rule.value', /whole number/],
    [F('age', 'eq', -1), 'rule.value', /whole number/],
    [F('age', 'between', [70, 50]), 'rule.value', /greater/],
    [F('age', 'between', [50]), 'rule.value', /\[from, to\]/],
    [F('tag', 'in', []), 'rule.value', /list of 1–100/],
    [F('tag', 'eq', 'Diabetes'), 'rule.value', /tag code/],
    [F('diagnosis', 'eq', 'e11'), 'rule.value', /ICD-10/],
    [F('visitedDepartmentId', 'eq', 'cardiology'), 'rule.value', /an id/],
    [F('marketingOptIn', 'eq', 'yes'), 'rule.value', /true or false/],
    [F('subscribed', 'eq', 'appointment_reminder'), 'rule.value', /marketing message kind/],
    [F('visitedDepartmentOn', 'eq', { departmentId: DEPT, date: '2026-3-1' }), 'rule.value', /departmentId/],
    [{ field: 'gender', op: 'eq' }, 'rule.value', /missing/],
    [{ field: 'gender', op: 'eq', value: 'male', x: 1 }, 'rule', /unknown keys: x/],
    [{ all: [F('gender', 'eq', 'male')], not: F('gender', 'eq', 'male') }, 'rule', /exactly one key/],
    [{ all: [] }, 'rule.all', /1–50/],
    [{ all: {} }, 'rule.all', /1–50/],
    [[], 'rule', /expected a group/],
    [null, 'rule', /expected a group/],
    [{ any: [F('age', 'eq', 1), 'x'] }, 'rule.any[1]', /expected a group/],
  ])('refuses %j at %s', (rule, path, reason) => {
    const p = problem(rule);
    expect(p.code).toBe('SEGMENT_RULE_INVALID');
    expect(p.details.path).toBe(path);
    expect(String(p.details.reason)).toMatch(reason);
  });

  it('allows five levels of groups and 50 conditions, no more', () => {
    let rule: unknown = F('gender', 'eq', 'male');
    for (let i = 0; i < 5; i++) rule = { not: rule };
    expect(() => validateRule(rule)).not.toThrow();
    expect(problem({ all: [rule] }).details.path).toBe('rule.all[0].not.not.not.not');
    const fifty = Array.from({ length: 50 }, () => F('age', 'gte', 1));
    expect(() => validateRule({ any: fifty })).not.toThrow();
    expect(problem({ all: [{ any: fifty }, F('age', 'gte', 1)] }).details.path).toBe('rule.all[1]');
  });

  it('takes member tiers by their codes', () => {
    expect(() => validateRule({ any: [F('tier', 'eq', 'gold'), F('tier', 'in', ['gold', 'platinum']), F('tier', 'neq', 'lead')] })).not.toThrow();
    expect(problem({ any: [F('tier', 'eq', 'diamond')] })).toMatchObject({ code: 'SEGMENT_RULE_INVALID', details: { path: 'rule.any[0].value' } });
    expect(problem(F('tier', 'gte', 'gold')).details.path).toBe('rule.op');
  });

  it('knows a rule is clinical when any condition, however nested, is visit-derived', () => {
    expect(isClinicalRule(F('gender', 'eq', 'male') as never)).toBe(false);
    expect(isClinicalRule({ any: [F('gender', 'eq', 'male'), { not: F('visitCount', 'gte', 1) }] } as never)).toBe(true);
    expect(isClinicalRule({ all: [F('lastVisitDaysAgo', 'lte', 3)] } as never)).toBe(true);
  });
});
