import { Injectable } from '@nestjs/common';
import type { SegmentCondition, SegmentField } from '@yiban/shared';
import type { SegmentFactsProvider, SegmentSource, SegmentSql } from '../../common/segments/segment-facts.js';

/** `YYYY-MM-DD` minus days (calendar arithmetic in UTC: the dates are calendar dates, no time zone). */
export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Visits' facts for segments: departments visited, diagnoses, recency and count. All of them are health data: the
 * segments module applies the health-data consent to each. Recency and count read the per-patient aggregates
 * (`patient_visit_stats`, kept by `VisitsReader.record`).
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
        const a = sql.alias('vd');
        const departments = c.op === 'in' ? sql.list(v as string[]) : `(${sql.param(v as string)})`;
        const has = `EXISTS (SELECT 1 FROM visits ${a} WHERE ${a}.patientId = ${pid} AND ${a}.departmentId IN ${departments})`;
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
        // From the per-patient aggregates (one primary-key lookup). Patients with no visit have no row, so no last
        // visit: they match no bound (NOT lte N finds them).
        const s = sql.alias('lv');
        return `EXISTS (SELECT 1 FROM patient_visit_stats ${s} WHERE ${s}.patientId = ${pid} AND ${lastVisitMatch(c, sql, `${s}.lastVisitDate`)})`;
      }
      case 'visitCount': {
        // From the per-patient aggregates; no row means no visit (a count of 0). As EXISTS / NOT EXISTS so that the
        // database can join it: when 0 does not satisfy the comparison, some row must; when it does, no row may fail it.
        const s = sql.alias('vc');
        const n = `${s}.visitCount`;
        let holds: string;
        let zeroHolds: boolean;
        if (c.op === 'between') {
          const [lo, hi] = v as [number, number];
          holds = `${n} BETWEEN ${sql.param(lo)} AND ${sql.param(hi)}`;
          zeroHolds = lo <= 0;
        } else {
          const x = v as number;
          holds = `${n} ${{ eq: '=', neq: '<>', gte: '>=', lte: '<=' }[c.op as 'eq' | 'neq' | 'gte' | 'lte']} ${sql.param(x)}`;
          zeroHolds = { eq: x === 0, neq: x !== 0, gte: x <= 0, lte: true }[c.op as 'eq' | 'neq' | 'gte' | 'lte'];
        }
        return zeroHolds
          ? `NOT EXISTS (SELECT 1 FROM patient_visit_stats ${s} WHERE ${s}.patientId = ${pid} AND NOT (${holds}))`
          : `EXISTS (SELECT 1 FROM patient_visit_stats ${s} WHERE ${s}.patientId = ${pid} AND ${holds})`;
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
