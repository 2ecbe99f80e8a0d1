import { Injectable } from '@nestjs/common';
import type { SegmentCondition, SegmentField } from '@yiban/shared';
import type { SegmentFactsProvider, SegmentSource, SegmentSql } from '../../common/segments/segment-facts.js';
import { profileSetHas } from '../../common/segments/segment-profile.js';

/** `YYYY-MM-DD` minus days (calendar arithmetic in UTC: the dates are calendar dates, no time zone). */
export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Visits' facts for segments: departments visited, diagnoses, recency and count. All of them are health data: the
 * segments module applies the health-data consent to each. Departments, recency and count read visits' columns of
 * the segment profile (`visit-segment-profile.ts`, kept by `countVisits` with each visit); diagnoses and a visit on a
 * given day look the patient's rows up.
 */
@Injectable()
export class VisitSegmentFacts implements SegmentFactsProvider {
  readonly fields: readonly SegmentField[] = ['visitedDepartmentId', 'diagnosis', 'lastVisitDaysAgo', 'visitCount', 'visitedDepartmentOn'];

  predicate(c: SegmentCondition, sql: SegmentSql): string {
    const v = c.value;
    const pid = sql.patientId;
    const date = sql.q('date');
    switch (c.field) {
      case 'visitedDepartmentId': {
        const has = profileSetHas(sql.profile('departments'), c.op === 'in' ? (v as string[]) : [v as string], sql.param);
        return c.op === 'neq' ? `NOT ${has}` : has;
      }
      case 'diagnosis': {
        // A category matches its subcategories: E11 matches E11 and E11.9.
        const a = sql.alias('dx');
        const codes = c.op === 'in' ? (v as string[]) : [v as string];
        const match = codes.map((code) => `${a}.code = ${sql.param(code)} OR ${a}.code LIKE ${sql.param(`${code}.%`)}`).join(' OR ');
        const has = `EXISTS (SELECT 1 FROM visit_diagnoses ${a} WHERE ${a}.patientId = ${pid} AND (${match}))`;
        return c.op === 'neq' ? `NOT ${has}` : has;
      }
      case 'lastVisitDaysAgo': {
        // A patient with no visit has no last visit: they match no bound (NOT lte N finds them).
        const last = sql.profile('lastVisitDate');
        return `(${last} IS NOT NULL AND ${lastVisitMatch(c, sql, last)})`;
      }
      case 'visitCount': {
        // Never NULL (0 without visits).
        const n = sql.profile('visitCount');
        if (c.op === 'between') {
          const [lo, hi] = v as [number, number];
          return `${n} BETWEEN ${sql.param(lo)} AND ${sql.param(hi)}`;
        }
        return `${n} ${{ eq: '=', neq: '<>', gte: '>=', lte: '<=' }[c.op as 'eq' | 'neq' | 'gte' | 'lte']} ${sql.param(v as number)}`;
      }
      case 'visitedDepartmentOn': {
        const a = sql.alias('vo');
        const on = v as { departmentId: string; date: string };
        return `EXISTS (SELECT 1 FROM visits ${a} WHERE ${a}.patientId = ${pid} AND ${a}.departmentId = ${sql.param(on.departmentId)} AND ${a}.${date} = ${sql.param(on.date)})`;
      }
      default:
        throw new Error(`VisitSegmentFacts: ${c.field} is not a visit fact`);
    }
  }

  /** Index ranges: a department's or a diagnosis's visits, one day's visits, the last-visit date (not `neq`). */
  source(c: SegmentCondition, sql: SegmentSql): SegmentSource | null {
    const v = c.value;
    if (c.op === 'neq') return null;
    switch (c.field) {
      case 'visitedDepartmentId': {
        const a = sql.alias('vds');
        const departments = c.op === 'in' ? sql.list(v as string[]) : `(${sql.param(v as string)})`;
        return { from: `visits ${a}`, patientId: `${a}.patientId`, where: `${a}.departmentId IN ${departments}`, repeats: true };
      }
      case 'visitedDepartmentOn': {
        const a = sql.alias('vos');
        const on = v as { departmentId: string; date: string };
        return {
          from: `visits ${a}`,
          patientId: `${a}.patientId`,
          where: `${a}.departmentId = ${sql.param(on.departmentId)} AND ${a}.${sql.q('date')} = ${sql.param(on.date)}`,
          repeats: true,
        };
      }
      case 'diagnosis': {
        const a = sql.alias('dxs');
        const codes = c.op === 'in' ? (v as string[]) : [v as string];
        const match = codes.map((code) => `${a}.code = ${sql.param(code)} OR ${a}.code LIKE ${sql.param(`${code}.%`)}`).join(' OR ');
        return { from: `visit_diagnoses ${a}`, patientId: `${a}.patientId`, where: `(${match})`, repeats: true };
      }
      case 'lastVisitDaysAgo': {
        const s = sql.alias('lvs');
        return { from: `patient_visit_stats ${s}`, patientId: `${s}.patientId`, where: lastVisitMatch(c, sql, `${s}.lastVisitDate`), repeats: false };
      }
      default:
        return null;
    }
  }
}

/** "Within N days" ⇔ last visit on or after today − N; "at least N days ago" ⇔ before today − (N − 1). */
function lastVisitMatch(c: SegmentCondition, sql: SegmentSql, last: string): string {
  const v = c.value;
  const onOrAfter = (days: number) => `${last} >= ${sql.param(daysBefore(sql.today, days))}`;
  const before = (days: number) => `${last} < ${sql.param(daysBefore(sql.today, days))}`;
  if (c.op === 'lte') return onOrAfter(v as number);
  if (c.op === 'gte') return before((v as number) - 1);
  if (c.op === 'eq') return `${onOrAfter(v as number)} AND ${before((v as number) - 1)}`;
  if (c.op === 'neq') return `NOT (${onOrAfter(v as number)} AND ${before((v as number) - 1)})`;
  const [lo, hi] = v as [number, number];
  return `${onOrAfter(hi)} AND ${before(lo - 1)}`;
}
