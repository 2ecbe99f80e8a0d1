import { MEMBER_TIER_LABELS, type Locale, type MemberTier, type TierPolicy } from '@yiban/shared';
import { addDays, hospitalDate, hospitalOffsetMinutes } from '../../utils/clinic-time';

/**
 * The membership console's form logic (pure): the policy as the admin types it (strings, yuan and percents) and back
 * to the shared `TierPolicy` (fen and fractions) that `checkTierPolicy` and the server check; override dates.
 */

export const TIERS_ABOVE_LEAD = ['platinum', 'gold', 'iron'] as const;
export const ALL_TIERS: readonly MemberTier[] = ['platinum', 'gold', 'iron', 'lead'];

export const tierName = (tier: MemberTier, locale: Locale) => MEMBER_TIER_LABELS[tier][locale === 'en' ? 'en' : 'zh'];

type Tiered<K extends string> = Record<K, string>;

export interface PolicyDraft {
  mode: TierPolicy['mode'];
  /** Yuan, for value mode. */
  valueThresholds: Tiered<'platinum' | 'gold' | 'iron'>;
  /** Top percent, for percentile mode. */
  percentThresholds: Tiered<'platinum' | 'gold' | 'iron'>;
  /** Percents (30 for 0.3). */
  marginRate: string;
  retentionRate: string;
  discountRate: string;
  horizonYears: string;
  downgradeGraceDays: string;
  pointsMultiplier: Tiered<MemberTier>;
  feeDiscountPercent: Tiered<MemberTier>;
}

const PERCENT_DEFAULTS = { platinum: '5', gold: '20', iron: '50' };
const VALUE_DEFAULTS = { platinum: '20000', gold: '5000', iron: '1000' };

/** Up to `places` decimals, without trailing zeros (0.30000000000000004 → "0.3"). */
export function trimNumber(n: number, places = 4): string {
  return String(Math.round(n * 10 ** places) / 10 ** places);
}

const tiered = <K extends string>(keys: readonly K[], f: (k: K) => string) => Object.fromEntries(keys.map((k) => [k, f(k)])) as Tiered<K>;

export function toDraft(p: TierPolicy): PolicyDraft {
  return {
    mode: p.mode,
    valueThresholds: p.mode === 'value' ? tiered(TIERS_ABOVE_LEAD, (k) => trimNumber(p.thresholds[k] / 100, 2)) : { ...VALUE_DEFAULTS },
    percentThresholds: p.mode === 'percentile' ? tiered(TIERS_ABOVE_LEAD, (k) => trimNumber(p.thresholds[k])) : { ...PERCENT_DEFAULTS },
    marginRate: trimNumber(p.value.marginRate * 100, 2),
    retentionRate: trimNumber(p.value.retentionRate * 100, 2),
    discountRate: trimNumber(p.value.discountRate * 100, 2),
    horizonYears: String(p.value.horizonYears),
    downgradeGraceDays: String(p.downgradeGraceDays),
    pointsMultiplier: tiered(ALL_TIERS, (k) => trimNumber(p.pointsMultiplier[k])),
    feeDiscountPercent: tiered(ALL_TIERS, (k) => String(p.feeDiscountPercent[k])),
  };
}

/** A typed number ("" and words are NaN, which the policy check reports as out of range). */
export function num(text: string): number {
  const s = text.trim();
  return s === '' ? Number.NaN : Number(s);
}

const percent = (text: string) => Math.round(num(text) * 100) / 10_000;

export function fromDraft(d: PolicyDraft): TierPolicy {
  return {
    mode: d.mode,
    thresholds:
      d.mode === 'value'
        ? {
            platinum: Math.round(num(d.valueThresholds.platinum) * 100),
            gold: Math.round(num(d.valueThresholds.gold) * 100),
            iron: Math.round(num(d.valueThresholds.iron) * 100),
          }
        : { platinum: num(d.percentThresholds.platinum), gold: num(d.percentThresholds.gold), iron: num(d.percentThresholds.iron) },
    value: {
      marginRate: percent(d.marginRate),
      retentionRate: percent(d.retentionRate),
      discountRate: percent(d.discountRate),
      horizonYears: num(d.horizonYears),
    },
    downgradeGraceDays: num(d.downgradeGraceDays),
    pointsMultiplier: {
      platinum: num(d.pointsMultiplier.platinum),
      gold: num(d.pointsMultiplier.gold),
      iron: num(d.pointsMultiplier.iron),
      lead: num(d.pointsMultiplier.lead),
    },
    feeDiscountPercent: {
      platinum: num(d.feeDiscountPercent.platinum),
      gold: num(d.feeDiscountPercent.gold),
      iron: num(d.feeDiscountPercent.iron),
      lead: num(d.feeDiscountPercent.lead),
    },
  };
}

/** Problems by the field they belong to (`thresholds.gold`, `value.marginRate`, `thresholds` for the order). */
export function problemsByPath(problems: readonly { path: string; problem: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of problems) out.set(p.path, [...(out.get(p.path) ?? []), p.problem]);
  return out;
}

/** 1234567 → "1,234,567" (by hand: WeChat's engines do not all carry Intl). */
export function grouped(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An override chosen as a hospital date lasts through that day: the instant 23:59:59 hospital time. */
export function overrideUntil(date: string, offset = hospitalOffsetMinutes()): string {
  return new Date(Date.parse(`${date}T23:59:59.000Z`) - offset * 60_000).toISOString();
}

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A month from today, the form's starting value. */
export function defaultOverrideDate(now: Date): string {
  return addDays(hospitalDate(now), 30);
}
