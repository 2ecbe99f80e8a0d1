// The membership reports (issue #17, item 5): tier distribution and revenue by tier now, the migration matrix between
// two dates read back from the tier history, and the lifetime-value table of a first-visit cohort — each against
// figures worked out by hand from visits and payments made at set clock times; CSV; admins and marketing only.
import { addKeptPayment, addPatients, recordHisVisit, withClockAt, type AddedPatient } from '@yiban/server/testing';
import { CLV_FORMULA, type ClvReport, type MemberDetailView, type TierMigrationReport, type TierReport } from '@yiban/shared';
import { seed, staffLogin } from '../support/actors.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
/** Noon in the hospital (Asia/Shanghai) on a date. */
const noon = (date: string) => new Date(`${date}T04:00:00Z`);
const T1 = '2024-03-10';
const T2 = '2025-05-20';
const T3 = '2025-09-01';
/** "Today" for the reports: 2026 is under way. */
const NOW = noon('2026-06-01');

let p: AddedPatient[];

beforeAll(async () => {
  stack = await startStack({ QUIET_HOURS: '00:00-00:00' });
  await seed(stack);
  // P0 first came in 2023 (another cohort); P1–P4 first came on T1; P5 on T2.
  p = await addPatients(stack, 6);
  const visit = (i: number, amountSpent: number) => recordHisVisit(stack, { patientId: p[i]!.patientId, departmentCode: 'CARD', daysAgo: 0, amountSpent });
  await withClockAt(stack, noon('2023-11-02'), () => visit(0, 50_000));
  await withClockAt(stack, noon(T1), async () => {
    await visit(0, 20_000);
    await visit(1, 1_000_000); // gold
    await visit(2, 200_000); // iron
    await visit(3, 10_000); // lead, one visit
    await visit(4, 0); // lead, one visit, nothing spent
  });
  // ¥500 paid for P3 on 1 July 2024, ¥200 of it refunded: ¥300 kept.
  await withClockAt(stack, noon('2024-07-01'), () =>
    addKeptPayment(stack, { patientId: p[3]!.patientId, accountId: p[3]!.accountId, amount: 50_000, refunded: 20_000, paidAt: noon('2024-07-01') }),
  );
  await withClockAt(stack, noon(T2), async () => {
    await visit(1, 4_000_000); // gold → platinum
    await visit(2, 100_000); // stays iron
    await visit(5, 1_000_000); // new: lead → gold
  });
  // On T3 an admin sets P2 to lead for a month (a downgrade in the history).
  await withClockAt(stack, noon(T3), async () => {
    const admin = await staffLogin(stack, 'admin');
    const res = await stack.api.post<MemberDetailView>(
      `/membership/patients/${p[2]!.patientId}/override`,
      { tier: 'lead', until: noon('2025-10-01').toISOString(), reason: '报表测试' },
      { token: admin },
    );
    expect([res.status, res.body.tier]).toEqual([200, 'lead']);
  });
  // P2 pays ¥800 in February 2026 without a visit: still a customer that year.
  await withClockAt(stack, noon('2026-02-01'), () =>
    addKeptPayment(stack, { patientId: p[2]!.patientId, accountId: p[2]!.accountId, amount: 80_000, paidAt: noon('2026-02-01') }),
  );
}, 180_000);
afterAll(() => stack.close());

describe('tier distribution and revenue by tier', () => {
  it('counts every patient (lead without a value) and the net revenue per tier by hand, with the concentration', async () => {
    const marketing = await staffLogin(stack, 'marketing.liu');
    const res = await stack.api.get<TierReport>('/analytics/tiers', { token: marketing });
    expect(res.status).toBe(200);
    const r = res.body;
    // P1 platinum (¥50,000 kept), P5 gold (¥10,000), P2 iron (¥3,800: its override to lead ended on 1 October 2025 and
    // the February payment re-valued it, so the computed tier applies); P0, P3 and P4 lead with ¥700 + ¥400 + 0.
    const revenue = { platinum: 5_000_000, gold: 1_000_000, iron: 300_000 + 80_000, lead: 70_000 + 10_000 + 30_000 };
    const total = revenue.platinum + revenue.gold + revenue.iron + revenue.lead;
    expect(r.revenue).toBe(total);
    const lead = r.patients - 3;
    expect(r.tiers.map((t) => [t.tier, t.patients, t.revenue])).toEqual([
      ['platinum', 1, revenue.platinum],
      ['gold', 1, revenue.gold],
      ['iron', 1, revenue.iron],
      ['lead', lead, revenue.lead],
    ]);
    expect(r.tiers[0]).toMatchObject({
      share: Math.round((1 / r.patients) * 10_000) / 10_000,
      revenueShare: Math.round((5_000_000 / total) * 10_000) / 10_000,
    });
    expect(r.tiers[3]!.revenuePerPatient).toBe(Math.round(revenue.lead / lead));
    // Paying: P1 5,000,000; P5 1,000,000; P2 380,000; P0 70,000; P3 40,000 → 5. Top 20 % = 1 patient, top 50 % = 3.
    expect(r.payingPatients).toBe(5);
    expect(r.pareto.map((x) => [x.topPercent, x.patients, x.revenue])).toEqual([
      [1, 1, 5_000_000],
      [5, 1, 5_000_000],
      [10, 1, 5_000_000],
      [20, 1, 5_000_000],
      [50, 3, 6_380_000],
    ]);
    expect(r.pareto[4]!.revenueShare).toBe(Math.round((6_380_000 / total) * 10_000) / 10_000);
    // Aggregates only: no patient's id or name.
    const text = JSON.stringify(r);
    for (const x of p) expect(text).not.toContain(x.patientId);
    expect(text).not.toContain('测试患者');
  });
});

describe('migration between two dates', () => {
  it('reads each patient’s tier at the end of both dates back from the history (4×4, by hand)', () =>
    withClockAt(stack, NOW, async () => {
      const admin = await staffLogin(stack, 'admin');
      const r = (await stack.api.get<TierMigrationReport>('/analytics/tiers/migration?from=2024-12-31&to=2025-09-05', { token: admin })).body;
      expect(r.tiers).toEqual(['platinum', 'gold', 'iron', 'lead']);
      // 31 Dec 2024: P1 gold, P2 iron, the rest lead (P5 not yet a patient: lead). 5 Sep 2025: P1 platinum, P2 lead
      // (the override), P5 gold.
      const rest = r.patients - 3;
      expect(r.matrix).toEqual([
        [0, 0, 0, 0],
        [1, 0, 0, 0],
        [0, 0, 0, 1],
        [0, 1, 0, rest],
      ]);
      expect(r.newcomers).toEqual([
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [0, 1, 0, 0],
      ]);
      expect([r.upgraded, r.downgraded, r.unchanged]).toEqual([2, 1, rest]);
      expect(r.onFrom).toEqual({ platinum: 0, gold: 1, iron: 1, lead: rest + 1 });
      expect(r.onTo).toEqual({ platinum: 1, gold: 1, iron: 0, lead: rest + 1 });
      const tiers = (await stack.api.get<TierReport>('/analytics/tiers', { token: admin })).body;
      expect(r.patients).toBe(tiers.patients);

      // The day before T1 everyone was lead; T1 itself counts the changes made that day.
      const before = (await stack.api.get<TierMigrationReport>('/analytics/tiers/migration?from=2024-01-01&to=2024-03-09', { token: admin })).body;
      expect(before.matrix[3]![3]).toBe(before.patients);
      const onT1 = (await stack.api.get<TierMigrationReport>(`/analytics/tiers/migration?from=2024-03-09&to=${T1}`, { token: admin })).body;
      expect([onT1.matrix[3]![1], onT1.matrix[3]![2], onT1.upgraded, onT1.newcomers[3]![1]]).toEqual([1, 1, 2, 1]);
      // From the override to now (June 2026): P2 lead → iron after the payment re-valued it.
      const later = (await stack.api.get<TierMigrationReport>('/analytics/tiers/migration?from=2025-09-05', { token: admin })).body;
      expect(later.to).toBe('2026-06-01');
      expect([later.matrix[0]![0], later.matrix[1]![1], later.matrix[3]![2], later.upgraded, later.downgraded]).toEqual([1, 1, 1, 1, 0]);
    }));

  it('refuses a date after today and dates the wrong way round', () =>
    withClockAt(stack, NOW, async () => {
      const admin = await staffLogin(stack, 'admin');
      for (const q of ['from=2025-01-01&to=2026-06-02', 'from=2025-06-01&to=2025-01-01', 'from=2025-13-01']) {
        const res = await stack.api.get<{ code: string }>(`/analytics/tiers/migration?${q}`, { token: admin });
        expect([q, res.status, res.body.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
      }
    }));
});

describe('the lifetime-value table by first-visit cohort', () => {
  it('computes the 2024 cohort’s five years by hand, one-time patients kept, 2026 so far and the years to come projected', () =>
    withClockAt(stack, NOW, async () => {
      const marketing = await staffLogin(stack, 'marketing.liu');
      const res = await stack.api.get<ClvReport>('/analytics/clv?cohort=2024', { token: marketing });
      expect(res.status).toBe(200);
      const r = res.body;
      // P1–P4 first came in 2024 (P0 in 2023 is another cohort even though it came back in 2024; P5 came in 2025).
      expect([r.cohort, r.cohortSize, r.oneTimeCustomers, r.formula]).toEqual([2024, 4, 2, CLV_FORMULA]);
      expect(r.inputs).toEqual({ marginRate: 0.3, discountRate: 0.08, retentionRate: 0.6, years: 5 });
      // 2024: P1 10,000 + P2 2,000 + P3 100 + 300 kept + P4 0 (yuan); 2025: P1 40,000 + P2 1,000; 2026 so far: P2's 800.
      // 2027–2028 projected from 2025: ¥41,000 over 2 customers = ¥20,500 each, customers × 0.6 a year.
      expect(r.rows.map((x) => [x.year, x.calendarYear, x.basis, x.customers, x.retentionRate, x.revenue, x.variableCost, x.netProfit])).toEqual([
        [1, 2024, 'observed', 4, null, 1_240_000, 868_000, 372_000],
        [2, 2025, 'observed', 2, 0.5, 4_100_000, 2_870_000, 1_230_000],
        [3, 2026, 'partial', 1, 0.5, 80_000, 56_000, 24_000],
        [4, 2027, 'projected', 0.6, 0.6, 1_230_000, 861_000, 369_000],
        [5, 2028, 'projected', 0.36, 0.6, 738_000, 516_600, 221_400],
      ]);
      const profits = [372_000, 1_230_000, 24_000, 369_000, 221_400];
      let cumulative = 0;
      profits.forEach((np, k) => {
        cumulative += np / 1.08 ** k;
        expect([r.rows[k]!.cumulativeDiscountedProfit, r.rows[k]!.lifetimeValue]).toEqual([Math.round(cumulative), Math.round(cumulative / 4)]);
      });
      expect(r.rows[1]!.discountFactor).toBe(0.9259);

      // The default cohort is last year, the most recent complete one: 2025 (P5 alone; it is still 2025's first year).
      const latest = (await stack.api.get<ClvReport>('/analytics/clv', { token: marketing })).body;
      expect([latest.cohort, latest.cohortSize, latest.rows[0]!.revenue, latest.rows[1]!.basis]).toEqual([2025, 1, 1_000_000, 'partial']);
      // A year without patients is all zeros; a year to come or before 2000 is refused.
      const empty = (await stack.api.get<ClvReport>('/analytics/clv?cohort=2019', { token: marketing })).body;
      expect([empty.cohortSize, empty.rows.every((x) => x.revenue === 0 && x.lifetimeValue === 0)]).toEqual([0, true]);
      for (const cohort of ['2027', '1999', '20x4']) {
        const bad = await stack.api.get<{ code: string }>(`/analytics/clv?cohort=${cohort}`, { token: marketing });
        expect([cohort, bad.status, bad.body.code]).toEqual([cohort, 400, 'VALIDATION_FAILED']);
      }
    }));
});

describe('CSV and who may read', () => {
  it('exports each report as CSV with a BOM, in the reader’s language', () =>
    withClockAt(stack, NOW, async () => {
      const admin = await staffLogin(stack, 'admin');
      const raw = await fetch(`${stack.api.baseUrl}/api/v1/analytics/clv.csv?cohort=2024`, {
        headers: { authorization: `Bearer ${admin}`, 'accept-language': 'en' },
      });
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-type')).toContain('text/csv');
      expect(raw.headers.get('content-disposition')).toContain('clv-2024.csv');
      const bytes = new Uint8Array(await raw.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const clv = new TextDecoder().decode(bytes);
      expect(clv).toContain('Year,Calendar year,Basis,Customers,Retention rate,Total revenue (CNY)');
      expect(clv).toContain('1,2024,Observed,4,,12400.00,8680.00,3720.00,1,3720.00,3720.00,930.00');
      expect(clv).toContain('4,2027,Projected,0.6,60%,12300.00');

      const tiers = await stack.api.get<string>('/analytics/tiers.csv', { token: admin });
      expect(tiers.status).toBe(200);
      expect(String(tiers.body)).toContain('等级,患者数,患者占比,净收入（元）,收入占比,人均净收入（元）');
      expect(String(tiers.body)).toContain('白金,1,');
      expect(String(tiers.body)).toContain('50%,3,63800.00,');

      const migration = await stack.api.get<string>('/analytics/tiers/migration.csv?from=2024-12-31&to=2025-09-05', { token: admin, language: 'en' });
      expect(migration.headers.get('content-disposition')).toContain('tier-migration-2024-12-31-2025-09-05.csv');
      const lines = String(migration.body).split(/\r?\n/);
      expect(lines[0]).toBe('Tier on 2024-12-31 \\ tier on 2025-09-05,Platinum,Gold,Iron,Lead,Total');
      expect(lines[2]).toBe('Gold,1,0,0,0,1');
      expect(lines[3]).toBe('Iron,0,0,0,1,1');
    }));

  it('is for admins and marketing: patients, doctors and service staff are refused', async () => {
    const patientToken = p[1]!.token;
    for (const path of ['/analytics/tiers', '/analytics/tiers/migration', '/analytics/clv', '/analytics/clv.csv']) {
      expect((await stack.api.get(path, { token: patientToken })).status).toBe(403);
      expect((await stack.api.get(path, { token: await staffLogin(stack, 'doctor.zhang') })).status).toBe(403);
      expect((await stack.api.get(path, { token: await staffLogin(stack, 'service.zhao') })).status).toBe(403);
      expect((await stack.api.get(path)).status).toBe(401);
    }
  });
});
