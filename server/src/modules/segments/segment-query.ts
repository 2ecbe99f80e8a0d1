import type { SegmentCondition, SegmentField, SegmentRule } from '@yiban/shared';
import type { SegmentConsentFacts, SegmentFactsProvider, SegmentPopulation, SegmentSource, SegmentSql } from '../../common/segments/segment-facts.js';
import { FIELD_SPECS } from './segment-rules.js';

export interface CompiledRule {
  /** A predicate over the population's outer patient; parameters are named (`:sg0`). */
  where: string;
  params: Record<string, string | number>;
  /** Sets of patients that together contain every match, to start a count from; null when only a walk finds them. */
  cover: SegmentCover | null;
}

/**
 * The ways to cover a rule's matches with index ranges: one source; the cheapest of several (any member of an AND
 * covers it); or all of several together (every member of an OR must be covered, the union covers the OR).
 */
export type SegmentCover = { one: SegmentSource } | { cheapest: SegmentCover[] } | { union: SegmentCover[] };

/** The sources a cover reads, choosing the cheapest member of each `cheapest` by `estimate` (rows). */
export function chooseCover(cover: SegmentCover, estimate: (s: SegmentSource) => number): { sources: SegmentSource[]; rows: number } {
  if ('one' in cover) return { sources: [cover.one], rows: estimate(cover.one) };
  const parts = ('cheapest' in cover ? cover.cheapest : cover.union).map((c) => chooseCover(c, estimate));
  if ('cheapest' in cover) return parts.reduce((best, p) => (p.rows < best.rows ? p : best));
  return { sources: parts.flatMap((p) => p.sources), rows: parts.reduce((sum, p) => sum + p.rows, 0) };
}

/** Every source a cover may read (to estimate each once). */
export function coverSources(cover: SegmentCover): SegmentSource[] {
  if ('one' in cover) return [cover.one];
  return ('cheapest' in cover ? cover.cheapest : cover.union).flatMap(coverSources);
}

/**
 * Turns a validated rule into one SQL predicate, evaluated in the database. Clinical conditions follow three-valued
 * logic: for a patient without the current health-data consent they are *unknown* — neither true nor false — so the
 * patient matches only when the answer does not depend on their health data. Negation is pushed down to the
 * conditions (De Morgan) so that `NOT visited X` becomes "has the consent AND did not visit X", never "did not
 * consent OR did not visit X": a rule can never tell consented patients' visits from non-consented ones'.
 */
export class SegmentCompiler {
  private readonly byField = new Map<SegmentField, SegmentFactsProvider>();

  constructor(
    private readonly population: SegmentPopulation,
    private readonly consent: SegmentConsentFacts,
    providers: readonly SegmentFactsProvider[],
    private readonly quote: (identifier: string) => string,
  ) {
    for (const p of providers) for (const f of p.fields) this.byField.set(f, p);
  }

  compile(rule: SegmentRule, today: string): CompiledRule {
    const params: Record<string, string | number> = {};
    let n = 0;
    let aliases = 0;
    const sql: SegmentSql = {
      patientId: this.population.patientId,
      accountId: this.population.accountId,
      profile: (column) => `${this.population.alias}.${column}`,
      today,
      param: (value) => {
        const name = `sg${n++}`;
        params[name] = value;
        return `:${name}`;
      },
      list: (values) => `(${values.map((v) => sql.param(v)).join(', ')})`,
      q: this.quote,
      alias: (prefix) => `${prefix}${aliases++}`,
    };
    // Each node compiles to `guarded ? (body AND consent) : body`. Groups factor the consent out instead of repeating
    // it per clinical condition — (C∧a)∧(C∧b)∧d = C∧(a∧b∧d) and (C∧a)∨(C∧b) = C∧(a∨b) — so that a query looks the
    // consent up once per patient; a mixed OR keeps it on its clinical members.
    const consent = () => this.consent.healthDataConsent(sql);
    // The consent goes last: the body's own (usually more selective) facts are looked up first.
    const close = (n: Compiled): string => (n.guarded ? `(${n.body} AND ${consent()})` : n.body);
    const walk = (node: SegmentRule, positive: boolean): Compiled => {
      if ('not' in node) return walk(node.not, !positive);
      if ('all' in node || 'any' in node) {
        const members = ('all' in node ? node.all : node.any).map((r) => walk(r, positive));
        const op = 'all' in node === positive ? 'AND' : 'OR';
        // Any member's cover covers an AND; an OR needs every member's.
        const covers = members.map((m) => m.cover);
        const cover: SegmentCover | null =
          op === 'AND'
            ? covers.some(Boolean)
              ? single(
                  covers.filter((c): c is SegmentCover => c !== null),
                  'cheapest',
                )
              : null
            : covers.every(Boolean)
              ? single(covers as SegmentCover[], 'union')
              : null;
        if (op === 'AND' || members.every((m) => m.guarded))
          return {
            guarded: members.some((m) => m.guarded),
            body: join(
              members.map((m) => m.body),
              op,
            ),
            cover,
          };
        return { guarded: false, body: join(members.map(close), op), cover };
      }
      return this.condition(node, positive, sql);
    };
    const top = walk(rule, true);
    return { where: close(top), params, cover: top.cover };
  }

  private condition(c: SegmentCondition, positive: boolean, sql: SegmentSql): Compiled {
    const provider = this.byField.get(c.field);
    if (!provider) throw new Error(`No segment facts provider for ${c.field}`);
    const fact = provider.predicate(c, sql);
    const source = positive ? (provider.source?.(c, sql) ?? null) : null;
    return { guarded: FIELD_SPECS[c.field].clinical, body: positive ? fact : `NOT (${fact})`, cover: source ? { one: source } : null };
  }
}

/** A compiled node: the predicate is `body`, under the health-data consent when `guarded`; what covers its matches. */
interface Compiled {
  guarded: boolean;
  body: string;
  cover: SegmentCover | null;
}

function single(covers: SegmentCover[], kind: 'cheapest' | 'union'): SegmentCover {
  if (covers.length === 1) return covers[0]!;
  return kind === 'cheapest' ? { cheapest: covers } : { union: covers };
}

function join(parts: string[], op: 'AND' | 'OR'): string {
  return parts.length === 1 ? parts[0]! : `(${parts.join(` ${op} `)})`;
}
