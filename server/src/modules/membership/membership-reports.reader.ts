import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_TIER_POLICY, MEMBER_TIERS, type MemberTier, type ValueSettings } from '@yiban/shared';
import { DataSource } from 'typeorm';
import { MemberState, MembershipPolicy } from './membership.entities.js';

const tierOf = (x: unknown): MemberTier => (MEMBER_TIERS.includes(x as MemberTier) ? (x as MemberTier) : 'lead');

/**
 * What the membership reports read of membership's tables (analytics composes them): grouped figures only, one
 * statement each over `member_states` and `tier_changes`, never a patient one by one — so they hold at a million
 * patients. A patient without a state row is lead with no net spend (the callers add them from the patient count).
 */
@Injectable()
export class MembershipReports {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The policy's value settings (margin, retention, discount rate), the defaults until an admin saves one. */
  async valueSettings(): Promise<ValueSettings> {
    const row = await this.dataSource.getRepository(MembershipPolicy).findOneBy({ id: 'default' });
    return (row?.policy ?? DEFAULT_TIER_POLICY).value;
  }

  /** Patients with a state row and their net spend (fen, as the value model counts it), per tier in force now. */
  async byTier(): Promise<{ tier: MemberTier; patients: number; revenue: number }[]> {
    const rows = await this.dataSource
      .getRepository(MemberState)
      .createQueryBuilder('s')
      .select('s.tier', 'tier')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(s.netSpend)', 'revenue')
      .groupBy('s.tier')
      .getRawMany<{ tier: string; n: unknown; revenue: unknown }>();
    return rows.map((r) => ({ tier: tierOf(r.tier), patients: Number(r.n), revenue: Number(r.revenue ?? 0) }));
  }

  /**
   * Revenue concentration: how many patients have any net spend, and what the top `percents[i]` % of them by net spend
   * bring (the top ⌈paying × p⌉, at least one). One window query (a sort of the paying patients), on MariaDB/MySQL 8
   * and SQLite alike; integer arithmetic for the cut.
   */
  async topSpend(percents: readonly number[]): Promise<{ paying: number; tops: number[] }> {
    const d = this.dataSource.driver;
    const net = `${d.escape('s')}.${d.escape('netSpend')}`;
    const sums = percents.map((_, i) => `, SUM(CASE WHEN (t.rn - 1) * 100 < t.cnt * :p${i} THEN t.net ELSE 0 END) AS top${i}`).join('');
    const [query, values] = d.escapeQueryWithParameters(
      `SELECT COUNT(*) AS paying${sums} FROM (SELECT ${net} AS net, ROW_NUMBER() OVER (ORDER BY ${net} DESC) AS rn, COUNT(*) OVER () AS cnt` +
        ` FROM ${d.escape('member_states')} ${d.escape('s')} WHERE ${net} > 0) t`,
      Object.fromEntries(percents.map((p, i) => [`p${i}`, p])),
    );
    const [row] = await this.dataSource.query<Record<string, unknown>[]>(query, values);
    return { paying: Number(row?.paying ?? 0), tops: percents.map((_, i) => Number(row?.[`top${i}`] ?? 0)) };
  }

  /**
   * Each patient's tier at two instants (the end of two hospital days), grouped: the tier after the last change
   * before the instant; with none before it, the tier the first later change started from; with no change at all, the
   * tier now. `newcomers`: of each pair, patients whose first visit falls after `afterDate` up to `untilDate`. One
   * statement over the state rows with index lookups into `tier_changes` (patientId, at).
   */
  async migration(
    a: Date,
    b: Date,
    newcomers: { afterDate: string; untilDate: string },
  ): Promise<{ from: MemberTier; to: MemberTier; patients: number; newcomers: number }[]> {
    const d = this.dataSource.driver;
    const col = (alias: string, name: string) => `${d.escape(alias)}.${d.escape(name)}`;
    const changes = d.escape('tier_changes');
    const at = (param: string) =>
      `COALESCE(` +
      `(SELECT ${col('c', 'toTier')} FROM ${changes} ${d.escape('c')} WHERE ${col('c', 'patientId')} = ${col('s', 'patientId')}` +
      ` AND ${col('c', 'at')} < :${param} ORDER BY ${col('c', 'at')} DESC, ${col('c', 'id')} DESC LIMIT 1), ` +
      `(SELECT ${col('c', 'fromTier')} FROM ${changes} ${d.escape('c')} WHERE ${col('c', 'patientId')} = ${col('s', 'patientId')}` +
      ` AND ${col('c', 'at')} >= :${param} ORDER BY ${col('c', 'at')} ASC, ${col('c', 'id')} ASC LIMIT 1), ` +
      `${col('s', 'tier')})`;
    const first = col('s', 'firstVisitOn');
    const [query, values] = d.escapeQueryWithParameters(
      `SELECT t.fromTier AS fromTier, t.toTier AS toTier, COUNT(*) AS n, SUM(t.isNew) AS newcomers FROM (` +
        `SELECT ${at('a')} AS fromTier, ${at('b')} AS toTier,` +
        ` CASE WHEN ${first} > :afterDate AND ${first} <= :untilDate THEN 1 ELSE 0 END AS isNew` +
        ` FROM ${d.escape('member_states')} ${d.escape('s')}) t GROUP BY t.fromTier, t.toTier`,
      { a, b, afterDate: newcomers.afterDate, untilDate: newcomers.untilDate },
    );
    const rows = await this.dataSource.query<{ fromTier: string; toTier: string; n: unknown; newcomers: unknown }[]>(query, values);
    return rows.map((r) => ({ from: tierOf(r.fromTier), to: tierOf(r.toTier), patients: Number(r.n), newcomers: Number(r.newcomers ?? 0) }));
  }
}
