import { Injectable } from '@nestjs/common';
import type { SegmentCondition, SegmentField } from '@yiban/shared';
import type { SegmentFactsProvider, SegmentPopulation, SegmentSource, SegmentSql } from '../../common/segments/segment-facts.js';
import { profileSetHas } from '../../common/segments/segment-profile.js';

const P = 'sp';

/** `YYYY-MM-DD` minus whole years, as a string (29 Feb stays as it is: the comparison is lexicographic). */
export function yearsBefore(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) - years).padStart(4, '0')}${date.slice(4)}`;
}

/**
 * Patients' own facts for segments: gender, age (as birth-date bounds from the hospital's date), language, tags,
 * birthday — read from patients' columns of the segment profile (`patient-segment-profile.ts` writes them) — and
 * what makes a patient reachable, over the same row.
 */
@Injectable()
export class PatientSegmentFacts implements SegmentFactsProvider, SegmentPopulation {
  readonly fields: readonly SegmentField[] = ['gender', 'age', 'language', 'tag', 'birthMonthDay'];
  readonly from = `segment_profiles ${P}`;
  readonly alias = P;
  readonly patientId = `${P}.patientId`;
  readonly accountId = `${P}.accountId`;
  readonly reachable = `${P}.accountId IS NOT NULL AND ${P}.deleted = 0`;

  predicate(c: SegmentCondition, sql: SegmentSql): string {
    const v = c.value;
    switch (c.field) {
      case 'gender':
      case 'language': {
        const col = `${P}.${c.field}`;
        if (c.op === 'in') return `${col} IN ${sql.list(v as string[])}`;
        return `${col} ${c.op === 'neq' ? '<>' : '='} ${sql.param(v as string)}`;
      }
      case 'age': {
        const col = `${P}.birthDate`;
        // age >= a ⇔ born on or before today − a years; age <= b ⇔ born after today − (b + 1) years.
        const atLeast = (a: number) => `${col} <= ${sql.param(yearsBefore(sql.today, a))}`;
        const atMost = (b: number) => `${col} > ${sql.param(yearsBefore(sql.today, b + 1))}`;
        const known = `${col} IS NOT NULL`;
        if (c.op === 'gte') return `(${known} AND ${atLeast(v as number)})`;
        if (c.op === 'lte') return `(${known} AND ${atMost(v as number)})`;
        if (c.op === 'eq') return `(${known} AND ${atLeast(v as number)} AND ${atMost(v as number)})`;
        if (c.op === 'neq') return `(${known} AND NOT (${atLeast(v as number)} AND ${atMost(v as number)}))`;
        const [a, b] = v as [number, number];
        return `(${known} AND ${atLeast(a)} AND ${atMost(b)})`;
      }
      case 'tag': {
        const has = profileSetHas(sql.profile('tags'), c.op === 'in' ? (v as string[]) : [v as string], sql.param);
        return c.op === 'neq' ? `NOT ${has}` : has;
      }
      case 'birthMonthDay':
        return `(${P}.birthDate IS NOT NULL AND SUBSTR(${P}.birthDate, 6, 5) = ${sql.param(v as string)})`;
      default:
        throw new Error(`PatientSegmentFacts: ${c.field} is not a patient fact`);
    }
  }

  /** Index ranges: the patients speaking a language (`ix_patients_language`), the patients with a tag. */
  source(c: SegmentCondition, sql: SegmentSql): SegmentSource | null {
    if (c.op !== 'eq' && c.op !== 'in') return null;
    const values = c.op === 'in' ? (c.value as string[]) : [c.value as string];
    if (c.field === 'language') {
      const a = sql.alias('sl');
      return { from: `patients ${a}`, patientId: `${a}.id`, where: `${a}.language IN ${sql.list(values)}`, repeats: false };
    }
    if (c.field === 'tag') {
      const a = sql.alias('tgs');
      return { from: `patient_tags ${a}`, patientId: `${a}.patientId`, where: `${a}.tag IN ${sql.list(values)}`, repeats: values.length > 1 };
    }
    return null;
  }
}
