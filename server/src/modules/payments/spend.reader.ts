import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Payment } from './payment.entity.js';

/**
 * Money kept per patient and period, for reports (analytics' lifetime-value table): one grouped read for a batch of
 * patients. A payment counts in the period it was paid, net of what was refunded of it (never-paid orders count
 * nothing), as the value model counts net spend.
 */
@Injectable()
export class SpendReader {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Fen kept by each patient in each period (`since` included, `before` not; periods in order, not overlapping). */
  async netByPeriod(patientIds: readonly string[], periods: readonly { since: Date; before: Date }[]): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    if (!patientIds.length || !periods.length) return out;
    const params: Record<string, unknown> = { ids: patientIds, start: periods[0]!.since, end: periods[periods.length - 1]!.before };
    const cases = periods
      .map((p, i) => {
        params[`s${i}`] = p.since;
        params[`b${i}`] = p.before;
        return `WHEN p.paidAt >= :s${i} AND p.paidAt < :b${i} THEN ${i}`;
      })
      .join(' ');
    const period = `CASE ${cases} ELSE -1 END`;
    const rows = await this.dataSource
      .getRepository(Payment)
      .createQueryBuilder('p')
      .select('p.patientId', 'patientId')
      .addSelect(period, 'period')
      .addSelect('SUM(p.amount - p.refunded)', 'net')
      .where('p.patientId IN (:...ids)')
      .andWhere('p.paidAt IS NOT NULL AND p.paidAt >= :start AND p.paidAt < :end')
      .setParameters(params)
      .groupBy('p.patientId')
      .addGroupBy(period)
      .getRawMany<{ patientId: string; period: unknown; net: unknown }>();
    for (const r of rows) {
      const k = Number(r.period);
      if (!(k >= 0 && k < periods.length)) continue;
      const sums = out.get(r.patientId) ?? periods.map(() => 0);
      sums[k] = Math.max(0, Number(r.net ?? 0));
      out.set(r.patientId, sums);
    }
    return out;
  }
}
