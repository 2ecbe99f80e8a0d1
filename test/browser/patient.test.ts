// A patient's first visit in the browser build: silent WeChat sign-in (the simulator stands in for wx.login),
// the consent screen, the home page; a family member added and made the acting profile; English and large type.
import { consentRows, patientRows } from '@yiban/server/testing';
import {
  agreeToConsents,
  answerSubscribePopup,
  button,
  byTestId,
  fill,
  firstLaunch,
  fontSizeOf,
  openBrowser,
  shot,
  startBrowserStack,
  type BrowserStack,
} from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack();
}, 120_000);
afterAll(() => env?.close());

describe('patient in the browser (H5)', () => {
  it('first launch → consent (each choice recorded) → signed-in home', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(`${env.h5Url}/#/pages/home/index`);
      await byTestId(page, 'consent').waitFor({ timeout: 30_000 });
      await shot(page, 'patient-1-consent');

      // Agreeing without the required ticks explains what is missing and records nothing.
      await button(page, '同意并继续').click();
      await page.getByText('这两项是使用服务所必需的').first().waitFor();
      await shot(page, 'patient-2-consent-required');

      await agreeToConsents(page, true);
      await answerSubscribePopup(page, 'allow');

      await byTestId(page, 'home').waitFor({ timeout: 20_000 });
      await byTestId(page, 'acting-profile').waitFor();
      await shot(page, 'patient-3-home');

      // The new WeChat user's own profile (the demo data's patients all have names).
      const mine = (await patientRows.find(env.stack)).filter((p) => p.name === null);
      expect(mine).toHaveLength(1);
      const rows = await consentRows.find(env.stack, { patientId: mine[0]!.id });
      expect(rows.map((r) => [r.kind, r.granted]).sort()).toEqual([
        ['health_data', true],
        ['marketing', true],
        ['privacy_policy', true],
      ]);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('adds a family member and switches the acting profile to them', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunch(env, page);
      await byTestId(page, 'tile-family').click();
      await byTestId(page, 'family').waitFor();
      await button(page, '添加家庭成员').click();
      await byTestId(page, 'family-edit').waitFor();
      await fill(page, 'field-name', '王秀英');
      await byTestId(page, 'field-relationship').locator('[data-value="parent"]').click();
      await byTestId(page, 'field-gender').locator('[data-value="female"]').click();
      await fill(page, 'field-year', '1952');
      await fill(page, 'field-month', '3');
      await fill(page, 'field-day', '14');
      await byTestId(page, 'family-authorize').click();
      await shot(page, 'patient-4-family-add');
      await button(page, '保存').click();

      const mum = byTestId(page, 'family-member').filter({ hasText: '王秀英' });
      await mum.waitFor({ timeout: 20_000 });
      await mum.getByText('切换为当前').click();
      await page.locator('[data-testid="family-member"][data-active="yes"]:visible', { hasText: '王秀英' }).waitFor({ timeout: 10_000 });
      await shot(page, 'patient-5-family-switched');

      await page.goto(`${env.h5Url}/#/pages/home/index`);
      await page.reload();
      await byTestId(page, 'acting-profile-name').filter({ hasText: '王秀英' }).waitFor({ timeout: 20_000 });
      await shot(page, 'patient-6-home-acting-for-mum');

      const mumRow = await patientRows.one(env.stack, { relationship: 'parent' });
      expect(mumRow.birthDate).toBe('1952-03-14');
      // Consent given on her behalf when she was added: she can be acted for without a second consent screen.
      const consents = await consentRows.find(env.stack, { patientId: mumRow.id });
      expect(consents.map((c) => c.kind).sort()).toEqual(['health_data', 'privacy_policy']);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('switches to English and to large type, and every page shows it', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunch(env, page);
      await byTestId(page, 'tile-settings').click();
      await byTestId(page, 'settings').waitFor();
      const preview = byTestId(page, 'settings-preview');
      const before = await fontSizeOf(preview);

      await byTestId(page, 'settings-language').locator('[data-value="en"]').click();
      await preview.filter({ hasText: 'Preview: this is how body text looks' }).waitFor();
      await page.locator('.nut-switch:visible').first().click();
      await page.locator('[data-large-type="on"]:visible').first().waitFor();
      const after = await fontSizeOf(preview);
      expect(after).toBeGreaterThanOrEqual(before * 1.25);
      await shot(page, 'patient-7-settings-english-large');

      // Another page, after a reload: the choice is remembered and applied there too.
      await page.goto(`${env.h5Url}/#/pages/home/index`);
      await page.reload();
      await byTestId(page, 'home').waitFor({ timeout: 20_000 });
      await page.getByText('Services').first().waitFor();
      const home = page.locator('.yb-page:visible').first();
      expect(await home.getAttribute('data-large-type')).toBe('on');
      expect(await home.getAttribute('data-locale')).toBe('en');
      const greeting = await fontSizeOf(byTestId(page, 'home-greeting'));
      expect(greeting).toBeGreaterThanOrEqual(30);
      await shot(page, 'patient-8-home-english-large');
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
