import type { DataSource } from 'typeorm';
import type { SegmentPopulation, SegmentSource } from '../../common/segments/segment-facts.js';
import { chooseCover, coverSources, type CompiledRule } from './segment-query.js';

/**
 * How a count runs: `walk` reads every reachable patient (in the order of the patients' own index) and tests the
 * rule on each; `sources` starts from the index ranges that together contain every match (a department's visitors,
 * a tag, a last-visit range), joins each to its patient and tests the whole rule there. `auto` asks the database for
 * its estimates and starts from the sources only when they hold clearly fewer rows than the walk would read.
 */
export type SegmentStrategy = 'auto' | 'walk' | 'sources';

export interface SegmentPlan {
  strategy: 'walk' | 'sources';
  sql: string;
  params: Record<string, string | number>;
  /** The database's row estimates it was chosen on (null when nothing was estimated). */
  estimates: { walk: number; sources: number } | null;
}

/**
 * Starting from the sources must read under this share of the walk's rows: the walk reads the segment profiles in
 * order (about 0.4–0.7 µs a row at a million patients), a source row costs a lookup of its profile (2–5 µs).
 */
const SOURCES_SHARE = 0.15;

export class SegmentPlanner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly population: SegmentPopulation,
  ) {}

  private get mysql(): boolean {
    return this.dataSource.options.type === 'mysql' || this.dataSource.options.type === 'mariadb';
  }

  /** The statement counting the rule's matches (MySQL/MariaDB may start from sources; SQLite walks). */
  async count(compiled: CompiledRule, strategy: SegmentStrategy = 'auto'): Promise<SegmentPlan> {
    const { where, params, cover } = compiled;
    const p = this.population;
    const walk: SegmentPlan = { strategy: 'walk', sql: `SELECT COUNT(*) AS n FROM ${p.from} WHERE ${p.reachable} AND ${where}`, params, estimates: null };
    if (!cover || !this.mysql || strategy === 'walk') return walk;

    const rows = new Map<SegmentSource, number>();
    if (strategy === 'auto') for (const s of coverSources(cover)) rows.set(s, await this.estimate(`SELECT 1 FROM ${s.from} WHERE ${s.where}`, params));
    const chosen = chooseCover(cover, (s) => rows.get(s) ?? 0);
    const estimates = strategy === 'auto' ? { walk: await this.walkRows(walk), sources: chosen.rows } : null;
    if (estimates && !(estimates.sources < estimates.walk * SOURCES_SHARE)) return { ...walk, estimates };

    // Each source joined to its patients (STRAIGHT_JOIN: the source is read first), the whole rule tested on each;
    // several sources (an OR) are united, which also counts a patient found by two of them once.
    const branch = (s: SegmentSource, select: string) => {
      const from = s.repeats ? `(SELECT DISTINCT ${s.patientId} AS pid FROM ${s.from} WHERE ${s.where}) sd` : s.from;
      const pid = s.repeats ? 'sd.pid' : s.patientId;
      const range = s.repeats ? '' : `${s.where} AND `;
      return `SELECT STRAIGHT_JOIN ${select} FROM ${from} JOIN ${p.from} ON ${p.patientId} = ${pid} WHERE ${range}${p.reachable} AND ${where}`;
    };
    const sql =
      chosen.sources.length === 1
        ? branch(chosen.sources[0]!, 'COUNT(*) AS n')
        : `SELECT COUNT(*) AS n FROM (${chosen.sources.map((s) => branch(s, `${p.patientId} AS id`)).join(' UNION ')}) u`;
    return { strategy: 'sources', sql, params, estimates };
  }

  /** Rows the walk reads: the range of the patients' index it uses, or all patients when it reads them all. */
  private async walkRows(walk: SegmentPlan): Promise<number> {
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(`EXPLAIN ${walk.sql}`, walk.params);
    const plan = (await this.dataSource.query(sql, values)) as { type?: string; rows?: number | string | null }[];
    const first = plan[0];
    if (first?.type === 'range' && first.rows != null) return Number(first.rows);
    const [table] = (await this.dataSource.query('SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [
      this.population.from.split(' ')[0],
    ])) as { n: number | string | null }[];
    return Math.max(Number(table?.n ?? 0), Number(first?.rows ?? 0));
  }

  private async estimate(select: string, params: Record<string, string | number>): Promise<number> {
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(`EXPLAIN ${select}`, params);
    const plan = (await this.dataSource.query(sql, values)) as { rows?: number | string | null }[];
    return Number(plan[0]?.rows ?? Number.MAX_SAFE_INTEGER);
  }
}
