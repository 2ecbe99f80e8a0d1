import { addCohortPatient, clvTable, emptyCohortTotals, migrationMatrix, tierRows, topCount } from '@yiban/shared';

const SETTINGS = { marginRate: 0.3, discountRate: 0.1, retentionRate: 0.5 };

describe('tier distribution and revenue by tier', () => {
  it('counts patients without a membership row as lead and shares by hand', () => {
    const r = tierRows(
      [
        { tier: 'gold', patients: 2, revenue: 600_000 },
        { tier: 'iron', patients: 1, revenue: 200_000 },
        { tier: 'lead', patients: 3, revenue: 200_000 },
      ],
      10,
    );
    expect(r.patients).toBe(10);
    expect(r.revenue).toBe(1_000_000);
    expect(r.tiers.map((t) => [t.tier, t.patients, t.share, t.revenue, t.revenueShare, t.revenuePerPatient])).toEqual([
      ['platinum', 0, 0, 0, 0, null],
      ['gold', 2, 0.2, 600_000, 0.6, 300_000],
      ['iron', 1, 0.1, 200_000, 0.2, 200_000],
      ['lead', 7, 0.7, 200_000, 0.2, 28_571],
    ]);
    expect(tierRows([], 0).tiers[3]).toMatchObject({ patients: 0, share: null, revenueShare: null });
  });

  it('takes at least one patient for a top share', () => {
    expect([topCount(0, 20), topCount(3, 1), topCount(10, 20), topCount(11, 20)]).toEqual([0, 1, 2, 3]);
  });
});

describe('the migration matrix', () => {
  it('puts every patient not counted in lead → lead and counts moves up and down', () => {
    const m = migrationMatrix(
      [
        { from: 'lead', to: 'gold', patients: 2, newcomers: 1 },
        { from: 'gold', to: 'iron', patients: 1, newcomers: 0 },
        { from: 'platinum', to: 'platinum', patients: 1, newcomers: 0 },
        { from: 'lead', to: 'lead', patients: 1, newcomers: 0 },
      ],
      10,
    );
    expect(m.matrix).toEqual([
      [1, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 0],
      [0, 2, 0, 6],
    ]);
    expect(m.newcomers[3]).toEqual([0, 1, 0, 0]);
    expect([m.patients, m.upgraded, m.downgraded, m.unchanged]).toEqual([10, 2, 1, 7]);
    expect(m.onFrom).toEqual({ platinum: 1, gold: 1, iron: 0, lead: 8 });
    expect(m.onTo).toEqual({ platinum: 1, gold: 2, iron: 1, lead: 6 });
  });
});

describe('the lifetime-value table', () => {
  it('keeps one-time customers and computes every figure by hand', () => {
    const t = emptyCohortTotals();
    // Four patients first seen in 2021: two come back in 2022, one of them again in 2023; one never pays.
    addCohortPatient(t, { visits: [1, 0, 0, 0, 0], revenue: [100_000, 0, 0, 0, 0] });
    addCohortPatient(t, { visits: [1, 0, 0, 0, 0], revenue: [0, 0, 0, 0, 0] });
    addCohortPatient(t, { visits: [2, 1, 0, 0, 0], revenue: [200_000, 100_000, 0, 0, 0] });
    // A payment kept in 2023 without a visit still makes the patient active that year.
    addCohortPatient(t, { visits: [1, 1, 0, 0, 0], revenue: [100_000, 50_000, 40_000, 0, 0] });
    expect(t).toEqual({ size: 4, oneTime: 2, customers: [4, 2, 1, 0, 0], revenue: [400_000, 150_000, 40_000, 0, 0] });
    const rows = clvTable(t, SETTINGS, 2021, 2026);
    expect(rows.every((r) => r.basis === 'observed')).toBe(true);
    expect(rows.map((r) => [r.calendarYear, r.customers, r.retentionRate, r.revenue, r.variableCost, r.netProfit])).toEqual([
      [2021, 4, null, 400_000, 280_000, 120_000],
      [2022, 2, 0.5, 150_000, 105_000, 45_000],
      [2023, 1, 0.5, 40_000, 28_000, 12_000],
      [2024, 0, 0, 0, 0, 0],
      [2025, 0, null, 0, 0, 0],
    ]);
    // Discounted: 120,000 + 45,000 / 1.1 + 12,000 / 1.21 = 120,000 + 40,909.09 + 9,917.36 = 170,826.45
    expect(rows.map((r) => r.cumulativeDiscountedProfit)).toEqual([120_000, 160_909, 170_826, 170_826, 170_826]);
    expect(rows.map((r) => r.lifetimeValue)).toEqual([30_000, 40_227, 42_707, 42_707, 42_707]);
    expect(rows[1]!.discountFactor).toBe(0.9091);
  });

  it('projects the years to come with the policy’s retention from the last year that is over', () => {
    const t = emptyCohortTotals();
    for (let i = 0; i < 10; i++) addCohortPatient(t, { visits: [1, i < 4 ? 1 : 0], revenue: [100_000, i < 4 ? 50_000 : 0] });
    // Cohort 2025 seen from 2026: 2025 is over, 2026 is under way, 2027–2029 are projected from 2025's ¥1,000 per customer.
    const rows = clvTable(t, SETTINGS, 2025, 2026);
    expect(rows.map((r) => r.basis)).toEqual(['observed', 'partial', 'projected', 'projected', 'projected']);
    expect(rows.map((r) => r.customers)).toEqual([10, 4, 2, 1, 0.5]);
    expect(rows.map((r) => r.revenue)).toEqual([1_000_000, 200_000, 200_000, 100_000, 50_000]);
    expect(rows.map((r) => r.retentionRate)).toEqual([null, 0.4, 0.5, 0.5, 0.5]);
    const exact = [300_000, 60_000 / 1.1, 60_000 / 1.21, 30_000 / 1.331, 15_000 / 1.4641];
    expect(rows[4]!.cumulativeDiscountedProfit).toBe(Math.round(exact.reduce((s, x) => s + x, 0)));
    expect(rows[4]!.lifetimeValue).toBe(Math.round(exact.reduce((s, x) => s + x, 0) / 10));
  });

  it('is all zeros for an empty cohort', () => {
    const rows = clvTable(emptyCohortTotals(), SETTINGS, 2024, 2026);
    expect(rows.map((r) => [r.customers, r.revenue, r.lifetimeValue])).toEqual(rows.map(() => [0, 0, 0]));
  });
});
