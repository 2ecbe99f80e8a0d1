import fc from 'fast-check';
import {
  DEFAULT_TIER_POLICY,
  applyComputedTier,
  checkTierPolicy,
  futureFactor,
  nextTier,
  patientValue,
  percentileCutoffs,
  tierForValue,
  tierRank,
  type MemberTier,
  type TierState,
} from '@yiban/shared';

const V = DEFAULT_TIER_POLICY.value;
const T = DEFAULT_TIER_POLICY.thresholds;

describe('the value model', () => {
  it('computes a patient’s value by hand: past margin plus the discounted, retained future', () => {
    // Two years of visits, ¥10,000 kept, last seen 30 days ago.
    const b = patientValue({ firstVisitOn: '2024-12-07', lastVisitOn: '2026-11-07', visits: 6, netSpend: 1_000_000 }, V, '2026-12-07');
    const factor = [1, 2, 3, 4, 5].reduce((s, t) => s + 0.6 ** t / 1.08 ** t, 0);
    expect(b.futureFactor).toBeCloseTo(factor, 3);
    expect(b).toMatchObject({ recencyDays: 30, frequency: 6, monetary: 1_000_000, pastMargin: 300_000, activeProbability: 1 });
    expect(b.yearsActive).toBeCloseTo(2, 1);
    expect(b.annualMargin).toBe(Math.round(300_000 / (730 / 365)));
    expect(b.value).toBe(Math.round(300_000 + (300_000 / 2) * factor));
  });

  it('keeps one-time patients: a single visit has a value and a future', () => {
    const once = patientValue({ firstVisitOn: '2026-12-01', lastVisitOn: '2026-12-01', visits: 1, netSpend: 5_000 }, V, '2026-12-07');
    expect(once.futureValue).toBeGreaterThan(0);
    expect(once.value).toBeGreaterThan(once.pastMargin);
  });

  it('fades the future of a patient not seen for years with the retention rate', () => {
    const recent = patientValue({ firstVisitOn: '2020-01-01', lastVisitOn: '2026-10-01', visits: 10, netSpend: 800_000 }, V, '2026-12-07');
    const lapsed = patientValue({ firstVisitOn: '2020-01-01', lastVisitOn: '2023-12-07', visits: 10, netSpend: 800_000 }, V, '2026-12-07');
    expect(lapsed.activeProbability).toBeCloseTo(0.6 ** 2, 2);
    expect(lapsed.value).toBeLessThan(recent.value);
    expect(futureFactor({ ...V, retentionRate: 0 })).toBe(0);
  });

  it('property: more net spend never lowers the value or the tier; thresholds are respected', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 2000 }),
        (spend, more, firstAgo, lastAgo) => {
          const first = new Date(Date.parse('2026-12-07T00:00:00Z') - Math.max(firstAgo, lastAgo) * 86_400_000).toISOString().slice(0, 10);
          const last = new Date(Date.parse('2026-12-07T00:00:00Z') - Math.min(firstAgo, lastAgo) * 86_400_000).toISOString().slice(0, 10);
          const a = patientValue({ firstVisitOn: first, lastVisitOn: last, visits: 3, netSpend: spend }, V, '2026-12-07');
          const b = patientValue({ firstVisitOn: first, lastVisitOn: last, visits: 3, netSpend: spend + more }, V, '2026-12-07');
          expect(b.value).toBeGreaterThanOrEqual(a.value);
          expect(tierRank(tierForValue(b.value, T))).toBeGreaterThanOrEqual(tierRank(tierForValue(a.value, T)));
          const tier = tierForValue(a.value, T);
          const next = nextTier(tier, T);
          if (next) expect(a.value).toBeLessThan(next.from);
          if (tier !== 'lead') expect(a.value).toBeGreaterThanOrEqual(T[tier]);
        },
      ),
    );
  });

  it('property: a refund can lower the tier (less net spend, lower or equal value)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000_000 }), fc.integer({ min: 1, max: 50_000_000 }), (spend, refund) => {
        const before = patientValue({ firstVisitOn: '2025-12-07', lastVisitOn: '2026-12-01', visits: 2, netSpend: spend }, V, '2026-12-07');
        const after = patientValue(
          { firstVisitOn: '2025-12-07', lastVisitOn: '2026-12-01', visits: 2, netSpend: Math.max(0, spend - refund) },
          V,
          '2026-12-07',
        );
        expect(after.value).toBeLessThanOrEqual(before.value);
      }),
    );
    const gold = patientValue({ firstVisitOn: '2025-12-07', lastVisitOn: '2026-12-01', visits: 2, netSpend: 900_000 }, V, '2026-12-07');
    const refunded = patientValue({ firstVisitOn: '2025-12-07', lastVisitOn: '2026-12-01', visits: 2, netSpend: 100_000 }, V, '2026-12-07');
    expect([tierForValue(gold.value, T), tierForValue(refunded.value, T)]).toEqual(['gold', 'lead']);
  });
});

describe('tiers', () => {
  it('cuts percentiles from the patients with value; a tie at the edge goes up', () => {
    const values = [1000, 900, 800, 700, 600, 500, 400, 300, 200, 100, 0, 0];
    expect(percentileCutoffs(values, { platinum: 10, gold: 30, iron: 60 })).toEqual({ platinum: 1000, gold: 800, iron: 500 });
    expect(tierForValue(800, { platinum: 1000, gold: 800, iron: 500 })).toBe('gold');
    expect(tierForValue(0, { platinum: 0, gold: 0, iron: 0 })).toBe('lead');
    expect(percentileCutoffs([0, 0], { platinum: 10, gold: 30, iron: 60 }).platinum).toBe(Number.MAX_SAFE_INTEGER);
  });

  const state = (tier: MemberTier, extra: Partial<TierState> = {}): TierState => ({ tier, downgradeTo: null, downgradeAfter: null, override: null, ...extra });
  const now = new Date('2026-12-07T02:00:00Z');

  it('upgrades at once and downgrades quietly after the grace period, forgetting it if the value recovers', () => {
    expect(applyComputedTier(state('iron'), 'gold', now, 90).change).toEqual({ from: 'iron', to: 'gold', reason: 'upgrade' });
    const waiting = applyComputedTier(state('gold'), 'iron', now, 90);
    expect(waiting.change).toBeNull();
    expect(waiting.state).toMatchObject({ tier: 'gold', downgradeTo: 'iron', downgradeAfter: '2027-03-07T02:00:00.000Z' });
    // Seen lower again a month later: still waiting for the first date.
    const later = applyComputedTier(waiting.state, 'iron', new Date('2027-01-07T02:00:00Z'), 90);
    expect(later.state.downgradeAfter).toBe('2027-03-07T02:00:00.000Z');
    expect(applyComputedTier(waiting.state, 'iron', new Date('2027-03-08T00:00:00Z'), 90).change).toEqual({ from: 'gold', to: 'iron', reason: 'downgrade' });
    expect(applyComputedTier(waiting.state, 'gold', new Date('2027-01-07T02:00:00Z'), 90).state).toMatchObject({ tier: 'gold', downgradeTo: null });
    expect(applyComputedTier(state('gold'), 'iron', now, 0).change?.reason).toBe('downgrade');
  });

  it('property: an override stands until it expires and is never a floor afterwards', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<MemberTier>('platinum', 'gold', 'iron', 'lead'),
        fc.constantFrom<MemberTier>('platinum', 'gold', 'iron', 'lead'),
        (given, computed) => {
          const s = state(given, { override: { tier: given, until: '2027-01-01T00:00:00Z' } });
          expect(applyComputedTier(s, computed, now, 90).state.tier).toBe(given);
          const expired = applyComputedTier(s, computed, new Date('2027-01-02T00:00:00Z'), 90);
          expect(expired.state.tier).toBe(computed);
          expect(expired.state.override).toBeNull();
        },
      ),
    );
  });

  it('checks an admin’s policy', () => {
    expect(checkTierPolicy(DEFAULT_TIER_POLICY)).toEqual([]);
    const bad = checkTierPolicy({
      ...DEFAULT_TIER_POLICY,
      thresholds: { platinum: 100, gold: 500, iron: 50 },
      value: { ...V, retentionRate: 1.2 },
      feeDiscountPercent: { ...DEFAULT_TIER_POLICY.feeDiscountPercent, platinum: 80 },
    });
    expect(bad).toEqual([
      { path: 'thresholds', problem: 'order' },
      { path: 'value.retentionRate', problem: 'range' },
      { path: 'feeDiscountPercent.platinum', problem: 'range' },
    ]);
    expect(checkTierPolicy({ ...DEFAULT_TIER_POLICY, mode: 'percentile', thresholds: { platinum: 5, gold: 20, iron: 50 } })).toEqual([]);
  });
});
