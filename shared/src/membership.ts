import { MEMBER_TIERS, type MemberTier } from './enums.js';

/**
 * The value model and member tiers (pure; the server computes with it, the console shows its inputs). A patient's
 * value is what they have brought (net spend × margin) plus what they are expected to bring (a lifetime-value
 * estimate: the yearly margin carried forward with the retention rate and discounted), so a one-time patient has a
 * value too and more net spend never lowers it. Tiers come from value — never from the spendable points balance —
 * by thresholds or by top percentiles; an override is shown as one and expires.
 */

/** The tiers' names (白金 platinum, 黄金 gold, 铁质 iron, 铅质 lead: the seeds' customer pyramid). */
export const MEMBER_TIER_LABELS: Record<MemberTier, { zh: string; en: string }> = {
  platinum: { zh: '白金', en: 'Platinum' },
  gold: { zh: '黄金', en: 'Gold' },
  iron: { zh: '铁质', en: 'Iron' },
  lead: { zh: '铅质', en: 'Lead' },
};

/** Tiers from the most valuable down (the customer pyramid). */
export const TIER_ORDER: readonly MemberTier[] = MEMBER_TIERS;

export function tierRank(tier: MemberTier): number {
  return TIER_ORDER.length - 1 - TIER_ORDER.indexOf(tier);
}

export function higherTier(a: MemberTier, b: MemberTier): boolean {
  return tierRank(a) > tierRank(b);
}

export interface ValueSettings {
  /** Share of revenue kept after variable cost, 0–1. */
  marginRate: number;
  /** Chance a patient comes back next year, 0–1. */
  retentionRate: number;
  /** Yearly discount rate, 0–1. */
  discountRate: number;
  /** Years ahead the estimate looks, 1–10. */
  horizonYears: number;
}

export interface TierPolicy {
  /** `value`: thresholds in fen of value; `percentile`: the top N % of patients with any value. */
  mode: 'value' | 'percentile';
  /** The lower bound of each tier above lead: fen (value mode) or the top share in percent (percentile mode). */
  thresholds: { platinum: number; gold: number; iron: number };
  value: ValueSettings;
  /** Days a lower computed tier waits before it applies (a downgrade is quiet and not hasty). */
  downgradeGraceDays: number;
  /** Points earned per yuan-equivalent action are multiplied by the tier's factor. */
  pointsMultiplier: Record<MemberTier, number>;
  /** Percent off fees at checkout per tier (0–50). */
  feeDiscountPercent: Record<MemberTier, number>;
}

/** Sensible demo defaults: a county hospital's patient spending ¥3,000 a year at 30 % margin is gold. */
export const DEFAULT_TIER_POLICY: TierPolicy = {
  mode: 'value',
  thresholds: { platinum: 2_000_000, gold: 500_000, iron: 100_000 },
  value: { marginRate: 0.3, retentionRate: 0.6, discountRate: 0.08, horizonYears: 5 },
  downgradeGraceDays: 90,
  pointsMultiplier: { platinum: 2, gold: 1.5, iron: 1.2, lead: 1 },
  feeDiscountPercent: { platinum: 10, gold: 5, iron: 0, lead: 0 },
};

/** What the model reads of one patient (visits and payments net of refunds). */
export interface ValueInputs {
  /** Hospital dates of the first and last visit; null without a visit. */
  firstVisitOn: string | null;
  lastVisitOn: string | null;
  visits: number;
  /** Fen paid and kept (refunds taken off), never below zero. */
  netSpend: number;
}

export interface ValueBreakdown {
  recencyDays: number | null;
  frequency: number;
  monetary: number;
  /** Years between the first visit and today, at least 1. */
  yearsActive: number;
  /** Fen of margin per year so far. */
  annualMargin: number;
  /** Fen of margin brought so far. */
  pastMargin: number;
  /** The chance the patient is still a patient (1 within a year of the last visit, then the retention rate per year). */
  activeProbability: number;
  /** Σ_{t=1..T} r^t / (1+d)^t. */
  futureFactor: number;
  /** Fen expected from the years ahead. */
  futureValue: number;
  /** pastMargin + futureValue, whole fen. */
  value: number;
}

const DAY_MS = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** Σ_{t=1..T} r^t / (1+d)^t: a year's margin, carried forward with retention and discounted. */
export function futureFactor(v: ValueSettings): number {
  let sum = 0;
  for (let t = 1; t <= v.horizonYears; t++) sum += Math.pow(v.retentionRate, t) / Math.pow(1 + v.discountRate, t);
  return sum;
}

/** The value of one patient today (hospital date), with every input shown. */
export function patientValue(inputs: ValueInputs, v: ValueSettings, today: string): ValueBreakdown {
  const monetary = Math.max(0, Math.round(inputs.netSpend));
  const recencyDays = inputs.lastVisitOn ? Math.max(0, days(inputs.lastVisitOn, today)) : null;
  const yearsActive = inputs.firstVisitOn ? Math.max(1, days(inputs.firstVisitOn, today) / 365) : 1;
  const pastMargin = monetary * v.marginRate;
  const annualMargin = pastMargin / yearsActive;
  const yearsSinceLast = recencyDays === null ? 0 : Math.max(0, recencyDays / 365 - 1);
  const activeProbability = recencyDays === null ? (monetary > 0 ? 1 : 0) : Math.pow(v.retentionRate, yearsSinceLast);
  const factor = futureFactor(v);
  const futureValue = annualMargin * factor * activeProbability;
  return {
    recencyDays,
    frequency: inputs.visits,
    monetary,
    yearsActive: Math.round(yearsActive * 100) / 100,
    annualMargin: Math.round(annualMargin),
    pastMargin: Math.round(pastMargin),
    activeProbability: Math.round(activeProbability * 1000) / 1000,
    futureFactor: Math.round(factor * 1000) / 1000,
    futureValue: Math.round(futureValue),
    value: Math.round(pastMargin + futureValue),
  };
}

/**
 * Percentile mode: the value each tier starts at, from all patients' values (highest first). The top N % of those
 * with any value; a tie at the edge is in the higher tier. Null cut-offs when no patient has value.
 */
export function percentileCutoffs(valuesDescending: readonly number[], top: TierPolicy['thresholds']): TierPolicy['thresholds'] {
  const valued = valuesDescending.filter((v) => v > 0);
  const at = (percent: number) => {
    if (!valued.length) return Number.MAX_SAFE_INTEGER;
    const n = Math.max(1, Math.ceil((valued.length * percent) / 100));
    return valued[Math.min(n, valued.length) - 1]!;
  };
  return { platinum: at(top.platinum), gold: at(top.gold), iron: at(top.iron) };
}

/** The tier a value earns under value thresholds (fen) — in percentile mode, under the run's cut-offs. */
export function tierForValue(value: number, thresholds: TierPolicy['thresholds']): MemberTier {
  if (value > 0 && value >= thresholds.platinum) return 'platinum';
  if (value > 0 && value >= thresholds.gold) return 'gold';
  if (value > 0 && value >= thresholds.iron) return 'iron';
  return 'lead';
}

/** The next tier up and the value it starts at (null at the top). */
export function nextTier(tier: MemberTier, thresholds: TierPolicy['thresholds']): { tier: MemberTier; from: number } | null {
  switch (tier) {
    case 'lead':
      return { tier: 'iron', from: thresholds.iron };
    case 'iron':
      return { tier: 'gold', from: thresholds.gold };
    case 'gold':
      return { tier: 'platinum', from: thresholds.platinum };
    default:
      return null;
  }
}

export interface TierState {
  tier: MemberTier;
  /** A lower computed tier waiting out the grace period. */
  downgradeTo: MemberTier | null;
  downgradeAfter: string | null;
  override: { tier: MemberTier; until: string } | null;
}

/**
 * What a new computed tier does to a patient's tier: an upgrade applies at once; a downgrade waits out the grace
 * period (and is dropped if the value recovers); an override stands until it expires, after which the computed tier
 * applies at once — an override never becomes a floor.
 */
export function applyComputedTier(
  state: TierState,
  computed: MemberTier,
  now: Date,
  graceDays: number,
): { state: TierState; change: { from: MemberTier; to: MemberTier; reason: 'upgrade' | 'downgrade' | 'override_expired' } | null } {
  let override = state.override;
  let expired = false;
  if (override && Date.parse(override.until) <= now.getTime()) {
    override = null;
    expired = true;
  }
  if (override) return { state: { ...state, override, tier: override.tier, downgradeTo: null, downgradeAfter: null }, change: null };
  const from = state.tier;
  if (expired) {
    const next = { tier: computed, downgradeTo: null, downgradeAfter: null, override: null };
    return { state: next, change: computed !== from ? { from, to: computed, reason: 'override_expired' } : null };
  }
  if (higherTier(computed, from))
    return { state: { tier: computed, downgradeTo: null, downgradeAfter: null, override: null }, change: { from, to: computed, reason: 'upgrade' } };
  if (computed === from) return { state: { ...state, downgradeTo: null, downgradeAfter: null, override: null }, change: null };
  // Lower: wait out the grace period (from the first time it was seen lower), then apply.
  const after = state.downgradeTo && state.downgradeAfter ? state.downgradeAfter : new Date(now.getTime() + graceDays * DAY_MS).toISOString();
  if (Date.parse(after) <= now.getTime())
    return { state: { tier: computed, downgradeTo: null, downgradeAfter: null, override: null }, change: { from, to: computed, reason: 'downgrade' } };
  return { state: { ...state, downgradeTo: computed, downgradeAfter: after, override: null }, change: null };
}

/** A policy's problems (admins edit it): thresholds ordered, rates in range, multipliers and discounts sane. */
export function checkTierPolicy(p: TierPolicy): { path: string; problem: string }[] {
  const problems: { path: string; problem: string }[] = [];
  const add = (path: string, problem: string) => problems.push({ path, problem });
  const num = (path: string, x: unknown, min: number, max: number, integer = false) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x))) add(path, 'range');
  };
  if (p.mode !== 'value' && p.mode !== 'percentile') add('mode', 'unknown');
  const t = p.thresholds ?? ({} as TierPolicy['thresholds']);
  if (p.mode === 'value') {
    for (const k of ['platinum', 'gold', 'iron'] as const) num(`thresholds.${k}`, t[k], 1, 1_000_000_000_00, true);
    if (!(t.platinum > t.gold && t.gold > t.iron)) add('thresholds', 'order');
  } else {
    for (const k of ['platinum', 'gold', 'iron'] as const) num(`thresholds.${k}`, t[k], 0.1, 100);
    if (!(t.platinum < t.gold && t.gold < t.iron)) add('thresholds', 'order');
  }
  const v = p.value ?? ({} as ValueSettings);
  num('value.marginRate', v.marginRate, 0.01, 1);
  num('value.retentionRate', v.retentionRate, 0, 0.99);
  num('value.discountRate', v.discountRate, 0, 0.5);
  num('value.horizonYears', v.horizonYears, 1, 10, true);
  num('downgradeGraceDays', p.downgradeGraceDays, 0, 365, true);
  for (const tier of TIER_ORDER) {
    num(`pointsMultiplier.${tier}`, p.pointsMultiplier?.[tier], 0, 10);
    num(`feeDiscountPercent.${tier}`, p.feeDiscountPercent?.[tier], 0, 50, true);
  }
  return problems;
}

/** A slot reserved for a tier opens to every patient this long before it starts (tiers book first, nobody is turned away at the door). */
export const RESERVED_SLOT_OPEN_HOURS = 24;

/**
 * A price after the tier's fee discount (integer fen; rounded down, in the patient's favour; never below zero).
 * `percent` comes from the policy's `feeDiscountPercent` (0–50).
 */
export function discountedFee(listFee: number, percent: number): number {
  if (listFee <= 0 || percent <= 0) return Math.max(0, listFee);
  return Math.max(0, Math.floor((listFee * (100 - Math.min(100, percent))) / 100));
}

/** When a reserved slot opens to everyone. */
export function reservedOpensAt(startsAt: Date): Date {
  return new Date(startsAt.getTime() - RESERVED_SLOT_OPEN_HOURS * 3_600_000);
}

/** Whether a patient of `tier` may hold a slot reserved for `reserved` at `now` (that tier or higher, or once it opened). */
export function mayBookReserved(tier: MemberTier, reserved: MemberTier, startsAt: Date, now: Date): boolean {
  return tierRank(tier) >= tierRank(reserved) || now.getTime() >= reservedOpensAt(startsAt).getTime();
}
