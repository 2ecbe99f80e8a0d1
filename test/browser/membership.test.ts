// The tier card in the browser build: a gold patient (a visit with ¥10,000 kept) opens 我的 → 会员中心 and sees their
// tier, points, the way to platinum and what gold brings; the ledger lists the visit's points.
import { recordHisVisit } from '@yiban/server/testing';
import {
  browserPatient,
  byTestId,
  describePage,
  firstLaunchWithRealName,
  openBrowser,
  shot,
  startBrowserStack,
  visible,
  type BrowserStack,
} from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack({ QUIET_HOURS: '00:00-00:00' });
}, 120_000);
afterAll(() => env?.close());

describe('membership (H5)', () => {
  it('a gold patient sees their card, progress to platinum, benefits and points history', async () => {
    const patient = await openBrowser();
    const p = patient.page;
    try {
      await firstLaunchWithRealName(env, p, '金卡会员');
      const { patientId } = await browserPatient(p);
      await recordHisVisit(env.stack, { patientId, departmentCode: 'CARD', daysAgo: 30, amountSpent: 1_000_000 });
      await p.goto(`${env.h5Url}/#/pages/me/index`);
      await byTestId(p, 'me-membership').click();
      const card = visible(p, '[data-testid="membership-card"][data-tier="gold"]');
      await card.waitFor({ timeout: 20_000 }).catch(async (error: unknown) => {
        throw new Error(`${String(error)}\n${await describePage(p)}`);
      });
      expect(await visible(p, '[data-testid="membership-tier"]').textContent()).toContain('黄金会员');
      expect(await visible(p, '[data-testid="membership-points"]').textContent()).toContain('75');
      expect(await visible(p, '[data-testid="membership-progress"]').textContent()).toContain('白金');
      // The points multiplier, the fee discount at the checkout and first choice of reserved slots.
      expect(await visible(p, '[data-testid="membership-benefit"]').count()).toBe(3);
      await visible(p, '[data-testid="points-entry"]').filter({ hasText: '+75' }).waitFor();
      await shot(p, 'membership-card');
    } finally {
      await patient.close();
    }
  });
});
