import type { SegmentCondition, SegmentField, SegmentRule } from '@yiban/shared';
import type { SegmentConsentFacts, SegmentFactsProvider, SegmentPopulation, SegmentSql } from '../../common/segments/segment-facts.js';
import { FIELD_SPECS } from './segment-rules.js';

export interface CompiledRule {
  /** A predicate over the population's outer patient; parameters are named (`:sg0`). */
  where: string;
  params: Record<string, string | number>;
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
        if (op === 'AND' || members.every((m) => m.guarded))
          return {
            guarded: members.some((m) => m.guarded),
            body: join(
              members.map((m) => m.body),
              op,
            ),
          };
        return { guarded: false, body: join(members.map(close), op) };
      }
      return this.condition(node, positive, sql);
    };
    return { where: close(walk(rule, true)), params };
  }

  private condition(c: SegmentCondition, positive: boolean, sql: SegmentSql): Compiled {
    const provider = this.byField.get(c.field);
    if (!provider) throw new Error(`No segment facts provider for ${c.field}`);
    const fact = provider.predicate(c, sql);
    return { guarded: FIELD_SPECS[c.field].clinical, body: positive ? fact : `NOT (${fact})` };
  }
}

/** A compiled node: the predicate is `body`, under the health-data consent when `guarded`. */
interface Compiled {
  guarded: boolean;
  body: string;
}

function join(parts: string[], op: 'AND' | 'OR'): string {
  return parts.length === 1 ? parts[0]! : `(${parts.join(` ${op} `)})`;
}
