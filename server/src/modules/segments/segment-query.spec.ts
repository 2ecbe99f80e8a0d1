import type { SegmentRule } from '@yiban/shared';
import { VisitSegmentFacts } from '../appointments/index.js';
import { ConsentSegmentFacts } from '../consents/index.js';
import { SubscriptionSegmentFacts } from '../messaging/index.js';
import { PatientSegmentFacts } from '../patients/index.js';
import { chooseCover, coverSources, SegmentCompiler } from './segment-query.js';

const DEPT = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const F = (field: string, op: string, value: unknown) => ({ field, op, value }) as SegmentRule;

const patients = new PatientSegmentFacts();
const compiler = new SegmentCompiler(
  patients,
  new ConsentSegmentFacts(),
  [patients, new ConsentSegmentFacts(), new VisitSegmentFacts(), new SubscriptionSegmentFacts({} as never)],
  (n) => `\`${n}\``,
);
const compile = (rule: SegmentRule) => compiler.compile(rule, '2026-12-07');
/** The tables a rule's cover may start from, in order. */
const tables = (rule: SegmentRule) => {
  const { cover } = compile(rule);
  return cover ? coverSources(cover).map((s) => s.from.split(' ')[0]) : null;
};

describe('segment covers (the index ranges a count may start from)', () => {
  it('offers a source for conditions that hold on an index range, none for negations or walk-only facts', () => {
    expect(tables(F('tag', 'eq', 'diabetes'))).toEqual(['patient_tags']);
    expect(tables(F('language', 'in', ['en']))).toEqual(['patients']);
    expect(tables(F('visitedDepartmentId', 'eq', DEPT))).toEqual(['visits']);
    expect(tables(F('diagnosis', 'eq', 'E11'))).toEqual(['visit_diagnoses']);
    expect(tables(F('lastVisitDaysAgo', 'lte', 180))).toEqual(['patient_visit_stats']);
    expect(tables(F('tag', 'neq', 'diabetes'))).toBeNull();
    expect(tables({ not: F('tag', 'eq', 'diabetes') })).toBeNull();
    expect(tables(F('gender', 'eq', 'female'))).toBeNull();
    expect(tables(F('visitCount', 'gte', 2))).toBeNull();
    expect(tables(F('marketingOptIn', 'eq', true))).toBeNull();
  });

  it('an AND is covered by any member that has a source; an OR only when every member has one', () => {
    expect(tables({ all: [F('gender', 'eq', 'female'), F('tag', 'eq', 'diabetes'), F('lastVisitDaysAgo', 'lte', 30)] })).toEqual([
      'patient_tags',
      'patient_visit_stats',
    ]);
    expect(tables({ any: [F('language', 'eq', 'en'), F('tag', 'eq', 'diabetes')] })).toEqual(['patients', 'patient_tags']);
    expect(tables({ any: [F('language', 'eq', 'en'), F('gender', 'eq', 'female')] })).toBeNull();
    // NOT(any of a, b) is all of NOT a, NOT b: nothing to start from. NOT(all of NOT a, NOT b) is any of a, b.
    expect(tables({ not: { any: [F('tag', 'eq', 'a'), F('tag', 'eq', 'b')] } })).toBeNull();
    expect(tables({ not: { all: [{ not: F('tag', 'eq', 'a') }, { not: F('tag', 'eq', 'b') }] } })).toEqual(['patient_tags', 'patient_tags']);
  });

  it('chooses the cheapest member of an AND and every member of an OR, adding up their rows', () => {
    const { cover } = compile({
      any: [F('language', 'eq', 'en'), { all: [F('tag', 'eq', 'diabetes'), F('lastVisitDaysAgo', 'lte', 365)] }],
    });
    const rows: Record<string, number> = { patients: 80_000, patient_tags: 100_000, patient_visit_stats: 500_000 };
    const chosen = chooseCover(cover!, (s) => rows[s.from.split(' ')[0]!]!);
    expect(chosen.sources.map((s) => s.from.split(' ')[0])).toEqual(['patients', 'patient_tags']);
    expect(chosen.rows).toBe(180_000);
    // Repeating sources (a patient per visit) are read as DISTINCT; a patient's own row is not.
    expect(coverSources(compile(F('visitedDepartmentId', 'eq', DEPT)).cover!)[0]!.repeats).toBe(true);
    expect(coverSources(compile(F('lastVisitDaysAgo', 'lte', 30)).cover!)[0]!.repeats).toBe(false);
  });
});
