// 会员分析 in the browser build (marketing): the tier chart and table, revenue by tier, the migration heat map, the
// lifetime-value table of last year's first visits with its line chart, a CSV download; then on a phone in English and
// large type.
import { addPatients, recordHisVisit } from '@yiban/server/testing';
import { byTestId, describePage, fontSizeOf, openBrowser, shot, staffSignIn, startBrowserStack, visible, type BrowserStack, type Page } from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack({ QUIET_HOURS: '00:00-00:00' });
}, 120_000);
afterAll(() => env?.close());

const PAGE = '/#/packages/staff/pages/member-analytics/index';

async function waitOrExplain(page: Page, selector: string, timeout = 20_000): Promise<void> {
  await visible(page, selector)
    .first()
    .waitFor({ timeout })
    .catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await describePage(page)}`);
    });
}

describe('membership analytics (H5)', () => {
  it('marketing sees the tiers, the migration, the lifetime-value table and downloads the CSV', async () => {
    // Three patients first seen last year (hospital time): one spends ¥10,000 (gold), two come once.
    const today = new Date(Date.now() + 8 * 3_600_000);
    const dayOfYear = Math.floor((today.getTime() - Date.UTC(today.getUTCFullYear(), 0, 1)) / 86_400_000);
    const lastYear = today.getUTCFullYear() - 1;
    const [a, b, c] = await addPatients(env.stack, 3);
    for (const [p, amountSpent] of [
      [a!, 1_000_000],
      [b!, 20_000],
      [c!, 0],
    ] as const)
      await recordHisVisit(env.stack, { patientId: p.patientId, departmentCode: 'CARD', daysAgo: dayOfYear + 20, amountSpent });

    const staff = await openBrowser({ width: 1366, height: 900 });
    const s = staff.page;
    try {
      await staffSignIn(env, s, 'marketing.liu');
      await byTestId(s, 'staff-task-memberReports')
        .click({ timeout: 5_000 })
        .catch(() => s.goto(`${env.h5Url}${PAGE}`));
      await waitOrExplain(s, '[data-testid="member-tier-chart"] canvas');
      expect(await visible(s, '[data-testid="member-tier-row"][data-tier="gold"]').getAttribute('data-patients')).toBe('1');
      await waitOrExplain(s, '[data-testid="member-revenue-chart"] canvas');
      expect(await visible(s, '[data-testid="member-pareto"]').textContent()).toContain('%');
      // The last year's migration: the gold patient moved up from lead.
      await waitOrExplain(s, '[data-testid="member-migration-chart"] canvas');
      expect(Number(await visible(s, '[data-testid="member-migration"]').getAttribute('data-up'))).toBeGreaterThanOrEqual(1);
      // Last year's cohort, one-time patients kept.
      await waitOrExplain(s, `[data-testid="member-clv"][data-cohort="${lastYear}"]`);
      expect(await visible(s, '[data-testid="member-cohort-size"]').textContent()).toContain('3');
      expect(await visible(s, '[data-testid="member-clv-row"]').count()).toBe(5);
      await waitOrExplain(s, '[data-testid="member-ltv-chart"] canvas');
      expect(await visible(s, '[data-testid="member-clv-formula"]').textContent()).toContain('LTV');
      await shot(s, 'member-analytics');

      const [download] = await Promise.all([s.waitForEvent('download', { timeout: 20_000 }), byTestId(s, 'member-clv-csv').click()]);
      expect(download.suggestedFilename()).toBe(`clv-${lastYear}.csv`);
      expect(staff.errors).toEqual([]);
    } finally {
      await staff.close();
    }

    // On a phone, in English and large type.
    const phone = await openBrowser({ width: 390, height: 844 });
    const p = phone.page;
    try {
      await staffSignIn(env, p, 'marketing.liu');
      await p.evaluate(
        (value) => {
          const store = (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage;
          store.setItem('yiban.prefs', JSON.stringify({ data: JSON.stringify(value) }));
        },
        { locale: 'en', largeType: true },
      );
      await p.goto(`${env.h5Url}${PAGE}`);
      await p.reload();
      await p.locator('[data-large-type="on"][data-locale="en"]:visible').first().waitFor({ timeout: 20_000 });
      await waitOrExplain(p, '[data-testid="member-clv-table"]');
      const text = (await visible(p, '[data-testid="member-analytics"]').textContent()) ?? '';
      expect(text).toContain('Membership analytics');
      expect(text).toContain('Lifetime value by first-visit year');
      expect(await fontSizeOf(visible(p, '[data-testid="member-cohort-size"]'))).toBeGreaterThanOrEqual(17);
      await shot(p, 'member-analytics-phone-en');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 240_000);
});
