// The VIP club in the browser build: marketing creates and publishes a gold-and-platinum event with a fee in the
// console; a gold patient (one HIS visit of ¥10,000 a month ago) sees their card, finds the event, registers, pays at
// the simulator's pay sheet and gets the check-in QR; staff check them in with the code in the console (a second
// scan says so); the patient sees they attended. A lead patient opens the same event and sees why they cannot
// register, with no register button.
import { recordHisVisit } from '@yiban/server/testing';
import {
  answerModal,
  browserPatient,
  button,
  byTestId,
  describePage,
  fill,
  firstLaunchWithRealName,
  openBrowser,
  shot,
  staffSignIn,
  startBrowserStack,
  visible,
  type BrowserStack,
  type Page,
} from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack({ QUIET_HOURS: '00:00-00:00' });
}, 120_000);
afterAll(() => env?.close());

/** "2026-12-07 14:05" in Beijing time (the console's time fields), `minutes` from now, to the minute. */
const beijingText = (minutes: number) =>
  new Date(Math.ceil(Date.now() / 60_000) * 60_000 + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

async function waitFor(page: Page, selector: string, timeout = 20_000): Promise<void> {
  await visible(page, selector)
    .first()
    .waitFor({ timeout })
    .catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await describePage(page)}`);
    });
}

describe('VIP club events (H5)', () => {
  it('marketing publishes a gold-only paid event; a gold patient registers, pays and is checked in; a lead patient sees why not', async () => {
    const staff = await openBrowser({ width: 1280, height: 900 });
    const gold = await openBrowser();
    const lead = await openBrowser();
    const s = staff.page;
    const p = gold.page;
    const l = lead.page;
    try {
      // ---- marketing creates the event in the console (starting within the hour, so the door is open for check-in)
      await staffSignIn(env, s, 'marketing.liu');
      await s.goto(`${env.h5Url}/#/packages/staff/pages/club-events/index`);
      await waitFor(s, '[data-testid="club-admin"]');
      await byTestId(s, 'club-new').click();
      await waitFor(s, '[data-testid="club-editor"]');
      // Saving an empty form runs the shared check first: the problems appear beside their fields.
      await fill(s, 'club-capacity', '');
      await byTestId(s, 'club-save').click();
      await waitFor(s, '[data-testid="club-problem"][data-field="title"]');
      expect(await visible(s, '[data-testid="club-problem"][data-field="startsAt"]').count()).toBe(1);

      await fill(s, 'club-title', '糖尿病饮食健康讲座');
      await fill(s, 'club-title-en', 'Eating well with diabetes');
      await byTestId(s, 'club-kind-lecture').click();
      await fill(s, 'club-starts', beijingText(50));
      await fill(s, 'club-ends', beijingText(170));
      await fill(s, 'club-venue', '门诊楼 5 楼报告厅');
      await fill(s, 'club-capacity', '20');
      await byTestId(s, 'club-tier-gold').click();
      await byTestId(s, 'club-tier-platinum').click();
      await byTestId(s, 'club-price-fee').click();
      await fill(s, 'club-fee', '50');
      await shot(s, 'club-1-console-editor');
      await byTestId(s, 'club-save').click();

      // Saved as a draft: the event's page, then publish.
      await waitFor(s, '[data-testid="club-event-admin"][data-status="draft"]');
      await byTestId(s, 'club-publish').click();
      await waitFor(s, '[data-testid="club-event-admin"][data-status="published"]');
      const eventUrl = s.url();
      expect(await byTestId(s, 'club-admin-summary').textContent()).toContain('¥50.00');
      expect(await byTestId(s, 'club-admin-summary').textContent()).toContain('黄金、白金会员');

      // ---- a gold patient: their card, then the event
      await firstLaunchWithRealName(env, p, '金卡会员');
      const { patientId } = await browserPatient(p);
      await recordHisVisit(env.stack, { patientId, departmentCode: 'CARD', daysAgo: 30, amountSpent: 1_000_000 });
      await p.goto(`${env.h5Url}/#/pages/me/index`);
      await byTestId(p, 'me-membership').click();
      await waitFor(p, '[data-testid="membership-card"][data-tier="gold"]');
      expect(await byTestId(p, 'membership-progress').textContent()).toContain('白金');

      // (我的 → 俱乐部活动 is taken by the lead patient below; here the list is opened directly.)
      await p.goto(`${env.h5Url}/#/packages/club/pages/list/index`);
      await waitFor(p, '[data-testid="club-list"]');
      const card = visible(p, '[data-testid="club-event"][data-eligible="yes"]').filter({ hasText: '糖尿病饮食健康讲座' });
      await card.waitFor({ timeout: 20_000 });
      expect(await card.getAttribute('data-closed')).toBe('open');
      expect(await card.textContent()).toContain('¥50.00');
      expect(await card.textContent()).toContain('剩余 20 个名额');
      await shot(p, 'club-2-patient-list');
      await card.click();

      await waitFor(p, '[data-testid="club-event-page"][data-status="none"]');
      const register = byTestId(p, 'club-register');
      expect(await register.textContent()).toContain('报名并支付 ¥50.00');
      await register.click();
      // The pay sheet (the simulator's stand-in for WeChat's) names the event and the fee.
      const sheet = await answerModal(p, 'confirm');
      expect(sheet).toContain('¥50.00');
      expect(sheet).toContain('糖尿病饮食健康讲座');
      await waitFor(p, '[data-testid="club-event-page"][data-status="registered"]', 40_000);
      const qr = byTestId(p, 'club-qr');
      await qr.waitFor({ timeout: 10_000 });
      const code = (await qr.getAttribute('data-code'))!;
      expect(code).toMatch(/^[0-9A-Z]{6,}$/);
      expect((await byTestId(p, 'club-code').textContent())?.trim()).toBe(code);
      await shot(p, 'club-3-patient-qr');

      // ---- staff at the door: an unknown code, then the patient's code, then the same code again
      await s.goto(eventUrl);
      await waitFor(s, '[data-testid="club-checkin-box"]');
      await fill(s, 'club-checkin-code', 'ZZZZ999999');
      await byTestId(s, 'club-checkin-submit').click();
      await waitFor(s, '[data-testid="club-checkin-error"]');
      expect(await byTestId(s, 'club-checkin-error').textContent()).toContain('未找到该签到码');

      await fill(s, 'club-checkin-code', code);
      await byTestId(s, 'club-checkin-submit').click();
      await waitFor(s, '[data-testid="club-checkin-result"][data-already="no"]');
      expect(await byTestId(s, 'club-checkin-result').textContent()).toContain('黄金会员');
      expect(await byTestId(s, 'club-checkin-result').textContent()).toContain('签到成功');
      await waitFor(s, '[data-testid="club-registration"][data-status="attended"]');
      await shot(s, 'club-4-console-checked-in');

      await fill(s, 'club-checkin-code', code);
      await byTestId(s, 'club-checkin-submit').click();
      await waitFor(s, '[data-testid="club-checkin-result"][data-already="yes"]');
      expect(await byTestId(s, 'club-checkin-result').textContent()).toContain('已于');

      // ---- the patient sees they attended
      await p.reload();
      await waitFor(p, '[data-testid="club-event-page"][data-status="attended"]');
      await byTestId(p, 'club-attended').waitFor();
      expect(await byTestId(p, 'club-cancel').count()).toBe(0);

      // ---- a lead patient: the event is listed among the others, with the tiers named; no register button
      await firstLaunchWithRealName(env, l, '铅卡会员');
      await l.goto(`${env.h5Url}/#/pages/me/index`);
      await byTestId(l, 'me-club').click();
      await waitFor(l, '[data-testid="club-list"]');
      const closed = visible(l, '[data-testid="club-event"][data-eligible="no"]').filter({ hasText: '糖尿病饮食健康讲座' });
      await closed.waitFor({ timeout: 20_000 });
      expect(await closed.getAttribute('data-closed')).toBe('tier');
      expect(await closed.locator('[data-testid="club-event-reason"]').textContent()).toContain('仅限黄金、白金会员');
      await closed.click();
      await waitFor(l, '[data-testid="club-event-page"][data-closed="tier"]');
      expect(await byTestId(l, 'club-closed-reason').textContent()).toContain('仅限黄金、白金会员');
      expect(await byTestId(l, 'club-register').count()).toBe(0);
      await shot(l, 'club-5-lead-closed');
      expect(await button(l, '立即报名').count()).toBe(0);

      // The same in English and large type: the event's English title, the tiers named in English.
      await l.evaluate(() => {
        const store = (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage;
        store.setItem('yiban.prefs', JSON.stringify({ data: JSON.stringify({ locale: 'en', largeType: true }) }));
      });
      await l.reload();
      await waitFor(l, '[data-testid="club-event-page"][data-closed="tier"]');
      expect(await byTestId(l, 'club-event-title').textContent()).toBe('Eating well with diabetes');
      expect(await byTestId(l, 'club-closed-reason').textContent()).toBe('For Gold, Platinum members only');
      expect(await byTestId(l, 'club-register').count()).toBe(0);
      await shot(l, 'club-6-lead-closed-en-large');

      expect([...staff.errors, ...gold.errors, ...lead.errors]).toEqual([]);
    } finally {
      await staff.close();
      await gold.close();
      await lead.close();
    }
  }, 300_000);
});
