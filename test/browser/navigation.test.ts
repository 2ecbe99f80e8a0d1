// Finding your way in the browser build (#14): every sub-page has a title bar with back (to the page before, or home —
// the console's home for staff — when opened directly), English titles in English mode; large type reaches the tab
// bar and the date chips; a patient who declines consent can still browse departments and doctors and is asked when
// booking; the payment countdown in words; and the consultation's ⋯ menu, its confirmation, the expected reply time and
// the rating card that folds away from the doctor's last advice.
import type { ConsultationView } from '@yiban/shared';
import { makeSlot } from '@yiban/server/testing';
import { departmentId, staffLogin } from '../support/actors.js';
import { ask } from '../support/consult.js';
import {
  agreeToConsents,
  answerModal,
  answerSubscribePopup,
  browserPatient,
  button,
  byTestId,
  firstLaunch,
  firstLaunchWithRealName,
  fontSizeOf,
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
  env = await startBrowserStack();
}, 120_000);
afterAll(() => env?.close());

const beijingDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Taps the title bar's back on the page in front (Taro's slide keeps the page behind visible for a moment). */
async function tapBack(page: Page): Promise<void> {
  await page.waitForTimeout(450);
  await byTestId(page, 'nav-back').last().click();
}

/** Opens `hash` directly (a fresh load: no history), checks its title bar, taps back and waits for `landing`. */
async function backFromDirectVisit(page: Page, hash: string, landing: string): Promise<string> {
  await page.goto(`${env.h5Url}/#${hash}`);
  await page.reload();
  const back = byTestId(page, 'nav-back');
  await back.waitFor({ timeout: 20_000 });
  const title = ((await byTestId(page, 'nav-title').textContent()) ?? '').trim();
  expect(title.length).toBeGreaterThan(0);
  await back.click();
  await byTestId(page, landing).waitFor({ timeout: 20_000 });
  await page.waitForTimeout(450);
  return title;
}

describe('navigation, large type and states in the browser (H5)', () => {
  it('every sub-page of the patient journeys has a title bar whose back works, with and without history, in both languages', async () => {
    const slot = await makeSlot(env.stack, { fee: 0, daysAhead: 2 });
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunchWithRealName(env, page);
      // Tab pages have WeChat's tab bar and no back.
      expect(await byTestId(page, 'nav-back').count()).toBe(0);

      // With history: 首页 → 家庭成员 → back → 首页; 首页 → 设置 → back → 首页.
      await byTestId(page, 'tile-family').click();
      await byTestId(page, 'family').waitFor({ timeout: 20_000 });
      await byTestId(page, 'nav-title').filter({ hasText: '家庭成员' }).waitFor({ timeout: 10_000 });
      await byTestId(page, 'family-add').click();
      await byTestId(page, 'family-edit').waitFor({ timeout: 20_000 });
      await tapBack(page);
      await byTestId(page, 'family').waitFor({ timeout: 20_000 });
      await tapBack(page);
      await byTestId(page, 'home').waitFor({ timeout: 20_000 });

      // Opened directly (a shared link, a reload): back falls back to home.
      const direct = [
        '/packages/settings/pages/index/index',
        '/packages/profile/pages/index/index',
        '/packages/profile/pages/phone/index',
        '/packages/family/pages/index/index',
        '/packages/family/pages/edit/index',
        '/packages/consent/pages/policy/index?kind=privacy_policy',
        `/packages/booking/pages/doctors/index?departmentId=${slot.departmentId}`,
        `/packages/booking/pages/doctor/index?id=${slot.doctorId}`,
        `/packages/booking/pages/confirm/index?doctorId=${slot.doctorId}&slotId=${slot.id}`,
        '/packages/booking/pages/appointments/index',
        '/packages/booking/pages/waitlist/index',
        '/packages/consult/pages/start/index',
        '/packages/consult/pages/list/index',
      ];
      const titles: string[] = [];
      for (const hash of direct) titles.push(await backFromDirectVisit(page, hash, 'home'));
      expect(titles).toContain('设置');
      await shot(page, 'nav-1-home-after-back');

      // The journey's own pages, in order, each back to the one before: doctor → confirm → back → doctor.
      await page.goto(`${env.h5Url}/#/packages/booking/pages/doctor/index?id=${slot.doctorId}`);
      await page.locator(`[data-testid="strip-day"][data-date="${beijingDate(slot.startsAt)}"]:visible`).click({ timeout: 20_000 });
      await byTestId(page, 'slot').first().click({ timeout: 20_000 });
      await byTestId(page, 'confirm').waitFor({ timeout: 20_000 });
      await shot(page, 'nav-2-confirm-title-bar');
      await tapBack(page);
      await byTestId(page, 'doctor-page').waitFor({ timeout: 20_000 });

      // English: the bar's title and back are English too.
      await page.goto(`${env.h5Url}/#/packages/settings/pages/index/index`);
      await byTestId(page, 'settings-language').locator('[data-value="en"]').click();
      await byTestId(page, 'nav-title').filter({ hasText: 'Settings' }).waitFor({ timeout: 10_000 });
      await page.waitForTimeout(450);
      expect(await byTestId(page, 'nav-back').last().textContent()).toContain('Back');
      await page.goto(`${env.h5Url}/#/packages/booking/pages/appointments/index`);
      await page.reload();
      const title = ((await byTestId(page, 'nav-title').textContent({ timeout: 20_000 })) ?? '').trim();
      expect(title).toBe('My appointments');
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 240_000);

  it('staff sub-pages go back to the console home when opened directly; the console has large type', async () => {
    const browser = await openBrowser({ width: 1366, height: 900 });
    const { page } = browser;
    try {
      await staffSignIn(env, page, 'admin');
      expect(await byTestId(page, 'nav-back').count()).toBe(0); // the console's home
      for (const hash of [
        '/packages/staff/pages/departments/index',
        '/packages/staff/pages/schedule/index',
        '/packages/staff/pages/appointments/index',
        '/packages/staff/pages/inbox/index',
        '/packages/staff/pages/reviews/index',
        '/packages/staff/pages/break-glass/index',
      ]) {
        await backFromDirectVisit(page, hash, 'staff-home');
      }

      // Large type: one switch in the sidebar, every size grows.
      const welcome = byTestId(page, 'staff-welcome');
      const before = await fontSizeOf(welcome);
      await byTestId(page, 'console-large-type-side').click();
      await page.locator('[data-large-type="on"]:visible').first().waitFor({ timeout: 5_000 });
      expect(await fontSizeOf(welcome)).toBeGreaterThanOrEqual(before * 1.2);
      await shot(page, 'nav-3-console-large-type');
      await byTestId(page, 'console-large-type-side').click();
      await page.locator('[data-large-type="off"]:visible').first().waitFor({ timeout: 5_000 });
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('large type reaches the tab bar, and the date chips hold their words (Tomorrow) without overflowing', async () => {
    // Tomorrow on the hospital's clock, 09:00.
    const startsAt = new Date(new Date(`${beijingDate(new Date())}T01:00:00Z`).getTime() + 86_400_000);
    const slot = await makeSlot(env.stack, { fee: 0, startsAt });
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunch(env, page);
      const label = visible(page, '.weui-tabbar__label').first();
      const icon = visible(page, '.weui-tabbar__icon').first();
      expect(await fontSizeOf(label)).toBe(15);
      expect((await icon.boundingBox())!.width).toBeGreaterThanOrEqual(24); // the tab icons are shown

      await byTestId(page, 'tile-settings').click();
      await byTestId(page, 'settings').waitFor();
      await byTestId(page, 'settings-language').locator('[data-value="en"]').click();
      await page.locator('.nut-switch:visible').first().click();
      await page.locator('[data-large-type="on"][data-locale="en"]:visible').first().waitFor();
      await page.goto(`${env.h5Url}/#/pages/booking/index`);
      await visible(page, '.weui-tabbar__label').first().waitFor({ timeout: 20_000 });
      expect(await fontSizeOf(visible(page, '.weui-tabbar__label').first())).toBeGreaterThanOrEqual(20);

      await page.goto(`${env.h5Url}/#/packages/booking/pages/doctor/index?id=${slot.doctorId}`);
      const tomorrow = page.locator(`[data-testid="strip-day"][data-date="${beijingDate(slot.startsAt)}"]:visible`);
      await tomorrow.waitFor({ timeout: 20_000 });
      expect(await tomorrow.textContent()).toContain('Tomorrow');
      const chips = await visible(page, '[data-testid="strip-day"]').evaluateAll((days) =>
        days.map((day) => {
          // Runs in the page (this package's types have no DOM).
          const el = day as unknown as { scrollWidth: number; clientWidth: number; children: ArrayLike<{ scrollWidth: number; clientWidth: number }> };
          const box = el.clientWidth;
          const words = Array.from(el.children).map((c) => c.scrollWidth);
          return { fits: el.scrollWidth <= box && words.every((w) => w <= box), box, words };
        }),
      );
      expect(chips.length).toBeGreaterThan(0);
      expect(chips.filter((c) => !c.fits)).toEqual([]);
      await shot(page, 'nav-4-chips-large-english');
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('declining consent still lets a patient browse departments and doctors; booking asks for consent and comes back', async () => {
    const slot = await makeSlot(env.stack, { fee: 0, daysAhead: 3 });
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(`${env.h5Url}/#/pages/home/index`);
      await byTestId(page, 'consent').waitFor({ timeout: 30_000 });
      await byTestId(page, 'consent-decline').click();
      await byTestId(page, 'consent-declined').waitFor();
      await shot(page, 'consent-declined-browse');
      await byTestId(page, 'consent-browse').click();

      // 预约 → a department → its doctors → a doctor's days and times, all without consent.
      await page.getByText('心血管内科').first().click({ timeout: 20_000 });
      await page.locator(`[data-testid="doctor-link"][data-doctor-id="${slot.doctorId}"]:visible`).click({ timeout: 20_000 });
      await byTestId(page, 'doctor-page').waitFor({ timeout: 20_000 });
      await byTestId(page, 'browse-notice').waitFor();
      await page.locator(`[data-testid="strip-day"][data-date="${beijingDate(slot.startsAt)}"]:visible`).click({ timeout: 20_000 });
      await byTestId(page, 'slot').first().click({ timeout: 20_000 });

      // Booking uses health data: the consent is asked here, and agreeing comes back to the same confirmation.
      await byTestId(page, 'consent-gate').waitFor({ timeout: 20_000 });
      await shot(page, 'consent-asked-at-booking');
      await byTestId(page, 'consent-gate-open').click();
      await byTestId(page, 'consent').waitFor({ timeout: 20_000 });
      await agreeToConsents(page);
      await answerSubscribePopup(page, 'cancel');
      await byTestId(page, 'confirm').waitFor({ timeout: 20_000 });
      expect(await byTestId(page, 'confirm-time').textContent()).toContain('09:00');
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('the payment countdown reads in minutes and seconds (请在 14分56秒 内完成支付), in English too', async () => {
    const slot = await makeSlot(env.stack, { fee: 5000, daysAhead: 4 });
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunchWithRealName(env, page);
      await page.goto(`${env.h5Url}/#/packages/booking/pages/confirm/index?doctorId=${slot.doctorId}&slotId=${slot.id}`);
      const submit = byTestId(page, 'confirm-submit');
      await submit.waitFor({ timeout: 20_000 });
      await submit.click();
      await answerModal(page, 'cancel'); // the pay sheet, closed
      const countdown = byTestId(page, 'pay-countdown');
      await countdown.waitFor({ timeout: 20_000 });
      expect(await countdown.textContent()).toMatch(/请在 1?\d分\d{2}秒 内完成支付/);
      await shot(page, 'pay-countdown-words');

      const appointmentId = page.url().match(/id=([^&]+)/)![1]!;
      await page.goto(`${env.h5Url}/#/packages/booking/pages/appointment/index?id=${appointmentId}`);
      await page
        .getByText(/请在 1?\d分\d{2}秒 内完成支付/)
        .first()
        .waitFor({ timeout: 20_000 });

      await page.goto(`${env.h5Url}/#/packages/settings/pages/index/index`);
      await byTestId(page, 'settings-language').locator('[data-value="en"]').click();
      await page.goto(`${env.h5Url}/#/packages/booking/pages/appointment/index?id=${appointmentId}`);
      await page
        .getByText(/Please pay within 1?\d min \d{1,2} s/)
        .first()
        .waitFor({ timeout: 20_000 });
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('a consultation: when to expect a reply, 结束咨询 in the ⋯ menu with a confirmation, a rating card that folds away from the last advice', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunchWithRealName(env, page);
      const { token } = await browserPatient(page);
      const asked = await ask(env.stack, token, {
        kind: 'health_consult',
        departmentId: await departmentId(env.stack, 'CARD'),
        question: '饭后血糖 9.8，需要注意什么？',
      });
      const id = asked.consultation.id;
      await page.goto(`${env.h5Url}/#/packages/consult/pages/chat/index?id=${id}`);
      await byTestId(page, 'consult-chat').waitFor({ timeout: 20_000 });

      // Waiting for the first answer: when to expect it.
      const expected = byTestId(page, 'consult-reply-expected');
      await expected.waitFor({ timeout: 10_000 });
      expect(await expected.textContent()).toMatch(/医生通常会在 .+ 前回复/);
      // 结束咨询 is not beside the status: it is in the ⋯ menu.
      expect(await byTestId(page, 'consult-close').count()).toBe(0);

      // A doctor answers (through the API the console uses).
      const zhang = await staffLogin(env.stack, 'doctor.zhang');
      expect((await env.stack.api.post<ConsultationView>(`/consultations/${id}/claim`, {}, { token: zhang })).status).toBeLessThan(300);
      const advice = '饭后散步二十分钟，少吃精米白面；一周后把空腹和饭后血糖记录发给我。';
      expect((await env.stack.api.post(`/consultations/${id}/messages`, { text: advice }, { token: zhang })).status).toBe(201);
      const last = visible(page, '[data-testid="chat-message"][data-side="staff"]').filter({ hasText: '饭后散步' });
      await last.waitFor({ timeout: 15_000 });
      await byTestId(page, 'consult-reply-expected')
        .waitFor({ state: 'detached', timeout: 10_000 })
        .catch(() => undefined);

      // The menu, then a confirmation: cancelling keeps the consultation open.
      await byTestId(page, 'consult-menu').click();
      await byTestId(page, 'consult-close').click();
      expect(await answerModal(page, 'cancel')).toContain('结束这次咨询');
      expect(await visible(page, '[data-testid="consult-chat"]').getAttribute('data-status')).toBe('waiting_patient');
      await byTestId(page, 'consult-menu').click();
      await shot(page, 'consult-menu-open');
      await byTestId(page, 'consult-close').click();
      await answerModal(page, 'confirm');
      const ended = byTestId(page, 'consult-ended');
      await ended.waitFor({ timeout: 15_000 });
      expect(await ended.getAttribute('data-folded')).toBe('no');
      await byTestId(page, 'consult-rating').waitFor();

      // The rating card never covers the doctor's last advice: the message ends above the card.
      await page.waitForTimeout(600); // the list's scroll to the newest message
      const noOverlap = async () => {
        const [message, card] = await Promise.all([last.boundingBox(), ended.boundingBox()]);
        expect(message).not.toBeNull();
        expect(message!.y + message!.height).toBeLessThanOrEqual(card!.y + 1);
      };
      await noOverlap();
      await shot(page, 'consult-rating-open');

      // Fold and unfold; rating folds it by itself.
      await byTestId(page, 'consult-rating-toggle').click();
      await visible(page, '[data-testid="consult-ended"][data-folded="yes"]').waitFor();
      expect(await byTestId(page, 'consult-rating').count()).toBe(0);
      await byTestId(page, 'consult-rating-toggle').click();
      await byTestId(page, 'consult-star-5').click();
      await byTestId(page, 'consult-rate-submit').click();
      await visible(page, '[data-testid="consult-ended"][data-folded="yes"]').waitFor({ timeout: 15_000 });
      expect(await byTestId(page, 'consult-rating-toggle').textContent()).toContain('★★★★★');
      await page.waitForTimeout(600);
      await noOverlap();
      await shot(page, 'consult-rating-folded');
      await button(page, '发起新的咨询').waitFor();
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
