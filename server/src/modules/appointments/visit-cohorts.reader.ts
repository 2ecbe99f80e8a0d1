import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Visit } from './visit.entity.js';

/**
 * Visits read by first-visit cohort, for the lifetime-value report (analytics): the patients whose first visit falls
 * in a span of hospital dates, in resumable id-ordered batches (one pass over the (patientId, …, date) index), and
 * per batch their visits and outside spend per calendar year — grouped reads, never a patient at a time.
 */
@Injectable()
export class VisitCohorts {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Up to `limit` patients, in id order after `cursor`, whose first visit is on `from`–`to` (hospital dates, included). */
  async firstVisitedBetween(range: { from: string; to: string }, cursor: string | null, limit: number): Promise<string[]> {
    const qb = this.dataSource
      .getRepository(Visit)
      .createQueryBuilder('v')
      .select('v.patientId', 'patientId')
      .groupBy('v.patientId')
      .having('MIN(v.date) >= :from AND MIN(v.date) <= :to', { from: range.from, to: range.to })
      .orderBy('v.patientId', 'ASC')
      .limit(limit);
    if (cursor) qb.where('v.patientId > :cursor', { cursor });
    return (await qb.getRawMany<{ patientId: string }>()).map((r) => r.patientId);
  }

  /**
   * Per patient and calendar year `firstYear`…`firstYear + years − 1` (index 0 = `firstYear`): how many visits, and
   * what visits recorded outside the booking flow say was spent (fen; a booked visit's spend is its payment).
   */
  async yearly(patientIds: readonly string[], firstYear: number, years: number): Promise<Map<string, { visits: number[]; outsideSpend: number[] }>> {
    const out = new Map<string, { visits: number[]; outsideSpend: number[] }>();
    if (!patientIds.length) return out;
    const rows = await this.dataSource
      .getRepository(Visit)
      .createQueryBuilder('v')
      .select('v.patientId', 'patientId')
      .addSelect('SUBSTR(v.date, 1, 4)', 'year')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN v.appointmentId IS NULL THEN v.amountSpent ELSE 0 END)', 'outside')
      .where('v.patientId IN (:...ids)', { ids: patientIds })
      .andWhere('v.date >= :from AND v.date <= :to', { from: `${firstYear}-01-01`, to: `${firstYear + years - 1}-12-31` })
      .groupBy('v.patientId')
      .addGroupBy('SUBSTR(v.date, 1, 4)')
      .getRawMany<{ patientId: string; year: string; n: unknown; outside: unknown }>();
    for (const r of rows) {
      const k = Number(r.year) - firstYear;
      if (!(k >= 0 && k < years)) continue;
      const facts = out.get(r.patientId) ?? { visits: Array.from({ length: years }, () => 0), outsideSpend: Array.from({ length: years }, () => 0) };
      facts.visits[k] = Number(r.n);
      facts.outsideSpend[k] = Number(r.outside ?? 0);
      out.set(r.patientId, facts);
    }
    return out;
  }
}
