// 消息 as the notification centre, in the browser build: a patient who never allows any WeChat template books a
// visit and still finds 预约成功 in 消息, with an unread badge on the 消息 tab and the count on 首页; reads it in large
// type, then in English after switching the app's language; opening it clears the badge (also after a reload).
// A relative's news is pointed at from 消息 and read by switching to their profile.
import { appointmentRows, deliveryRows, grantRows, makeSlot, patientRows, wechatAccountRows } from '@yiban/server/testing';
import type { AppointmentWithPayment, DoctorView } from '@yiban/shared';
import { demoDoctor, familyMember, loginAs } from '../support/actors.js';
import {
  button,
  byTestId,
  completeRealName,
  describePage,
  firstLaunch,
  firstLaunchWithRealName,
  fontSizeOf,
  openBrowser,
  shot,
  startBrowserStack,
  type BrowserStack,
  type Page,
} from './h5-stack.js';

let env: BrowserStack;
let doctor: DoctorView;
beforeAll(async () => {
  env = await startBrowserStack();
  doctor = await demoDoctor(env.stack, '张伟');
}, 120_000);
afterAll(() => env?.close());

const beijingDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The H5 tab bar (Taro's): one per app, shown on tab pages. */
const tabItem = (page: Page, index: number) => page.locator('.weui-tabbar__item').nth(index);
const messagesBadge = (page: Page) => tabItem(page, 2).locator('.taro-tabbar-badge');

async function tab(page: Page, index: number): Promise<void> {
  await tabItem(page, index).click();
}

/** The badge is visible at the top right of the 消息 icon, inside its tab and not over the label (as in WeChat). */
async function expectBadgeBesideLabel(page: Page): Promise<void> {
  const badge = (await messagesBadge(page).boundingBox())!;
  const icon = (await tabItem(page, 2).locator('.weui-tabbar__icon').boundingBox())!;
  const label = (await tabItem(page, 2).locator('.weui-tabbar__label').boundingBox())!;
  const item = (await tabItem(page, 2).boundingBox())!;
  expect(badge.width).toBeGreaterThan(8);
  expect(badge.x).toBeGreaterThanOrEqual(icon.x + icon.width / 2);
  expect(badge.x + badge.width).toBeLessThanOrEqual(item.x + item.width);
  expect(badge.y + badge.height).toBeLessThanOrEqual(label.y + 2);
  expect(badge.y + badge.height).toBeLessThanOrEqual(page.viewportSize()!.height);
}

/**
 * Holds the 消息 list's answers: the server answers at once, the page gets them on `release`. `held` settles when a
 * list has been answered by the server and is being held.
 */
async function holdMessageLists(page: Page): Promise<{ held: Promise<void>; release: () => Promise<void> }> {
  let answered!: () => void;
  const held = new Promise<void>((resolve) => (answered = resolve));
  let letGo!: () => void;
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  const url = /\/me\/messages\?/;
  const handled: Promise<void>[] = [];
  await page.route(url, (route) => {
    const done = (async () => {
      const response = await route.fetch();
      answered();
      await gate;
      await route.fulfill({ response });
    })();
    handled.push(done);
    return done;
  });
  return {
    held,
    release: async () => {
      letGo();
      await Promise.all(handled);
      await page.unroute(url);
    },
  };
}

/** 我的 → 设置, change something, and back to where we were. */
async function inSettings(page: Page, change: (page: Page) => Promise<void>): Promise<void> {
  await tab(page, 3);
  await byTestId(page, 'me-settings').click();
  await byTestId(page, 'settings').waitFor({ timeout: 20_000 });
  await change(page);
  await page.goBack();
  await byTestId(page, 'me-settings').waitFor({ timeout: 20_000 });
}

describe('消息 as the notification centre (H5)', () => {
  it('a patient without any WeChat grant books, sees 预约成功 with a badge and on 首页, reads it in English, and opening it clears the badge', async () => {
    const slot = await makeSlot(env.stack, { fee: 0, daysAhead: 3 });
    const date = beijingDate(slot.startsAt);

    const browser = await openBrowser();
    const { page } = browser;
    try {
      // First launch: consents agreed, WeChat's reminders popup declined — no template is ever allowed. (The real name
      // the hospital asks before booking is completed through the API: patient.test.ts covers doing it in the app.)
      await firstLaunchWithRealName(env, page);
      expect(await messagesBadge(page).count()).toBe(0);
      expect(await byTestId(page, 'home-unread').count()).toBe(0);

      // Books Dr Zhang's free 09:00 visit.
      await page.goto(`${env.h5Url}/#/packages/booking/pages/doctor/index?id=${doctor.id}`);
      await page.locator(`[data-testid="strip-day"][data-date="${date}"]:visible`).click({ timeout: 20_000 });
      await byTestId(page, 'slot').filter({ hasText: '09:00–09:30' }).click({ timeout: 20_000 });
      await byTestId(page, 'confirm-submit').click({ timeout: 20_000 });
      const success = byTestId(page, 'result-success');
      await success.waitFor({ timeout: 30_000 });
      const appointmentId = (await success.getAttribute('data-appointment-id'))!;
      const appointment = await appointmentRows.one(env.stack, { id: appointmentId });
      expect(appointment.status).toBe('confirmed');
      // Nothing goes to WeChat: the patient allowed no template (a confirmation has none; the visit reminders queued
      // for later will find no grant), so 消息 is where the patient learns of it.
      expect((await grantRows.find(env.stack, { accountId: appointment.accountId })).filter((g) => g.remaining > 0 || g.longTerm)).toEqual([]);
      const deliveries = await deliveryRows.find(env.stack, { patientId: appointment.patientId });
      expect(deliveries.map((d) => d.messageKind).sort()).toEqual(['appointment_reminder', 'appointment_reminder']);
      expect(deliveries.filter((d) => d.sentAt !== null)).toEqual([]);
      const { openid } = await wechatAccountRows.one(env.stack, { id: appointment.accountId });
      const received = (await (await fetch(`${env.stack.simUrl}/__sim/messages?openid=${openid}&type=subscribe`)).json()) as { total: number };
      expect(received.total).toBe(0);

      // 首页: the card with the count and the newest title; the 消息 tab carries the badge.
      await page.goto(`${env.h5Url}/#/pages/home/index`);
      const card = byTestId(page, 'home-unread');
      await card.waitFor({ timeout: 20_000 });
      expect(await card.getAttribute('data-count')).toBe('1');
      await byTestId(page, 'home-unread-title').filter({ hasText: '预约成功' }).waitFor({ timeout: 10_000 });
      expect(await card.textContent()).toContain('1 条未读消息');
      await messagesBadge(page).filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 });
      await expectBadgeBesideLabel(page);
      await shot(page, 'notifications-1-home');

      // Large type on, then 消息: the confirmation, unread, with what it is about.
      await inSettings(page, async (p) => {
        await p.locator('.nut-switch:visible').first().click();
        await p.locator('[data-large-type="on"]:visible').first().waitFor();
      });
      await tab(page, 2);
      const message = page.locator('[data-testid="message-card"][data-kind="appointment_confirmed"]:visible');
      await message.waitFor({ timeout: 20_000 });
      expect(await message.getAttribute('data-unread')).toBe('yes');
      expect(await message.getAttribute('aria-label')).toMatch(/^未读消息：预约成功，今天 \d\d:\d\d$/);
      await message.locator('[data-testid="message-unread-dot"]').waitFor();
      const zh = (await message.textContent()) ?? '';
      for (const part of ['预约成功', '请按时就诊', '科室', '心血管内科', '医生', '张伟', '就诊时间', '查看详情']) expect(zh).toContain(part);
      expect(zh).toContain('王小明'); // the patient's real name, as registered
      expect(await byTestId(page, 'messages-unread-count').textContent()).toBe('1 条未读');
      await byTestId(page, 'messages-read-all').filter({ hasText: '全部已读' }).waitFor();
      expect(await fontSizeOf(message.locator('.yb-message__title'))).toBeGreaterThanOrEqual(26);
      expect(await fontSizeOf(message.locator('.yb-message__value').first())).toBeGreaterThanOrEqual(22);
      await shot(page, 'notifications-2-messages-zh-large');

      // English: the same message, rendered by the server in English; tabs renamed; the badge still there.
      await inSettings(page, async (p) => {
        await byTestId(p, 'settings-language').locator('[data-value="en"]').click();
        await p.locator('[data-locale="en"]:visible').first().waitFor();
      });
      await tab(page, 2);
      await tabItem(page, 2).filter({ hasText: 'Messages' }).waitFor({ timeout: 10_000 });
      await message.filter({ hasText: 'Appointment confirmed' }).waitFor({ timeout: 20_000 });
      const en = (await message.textContent()) ?? '';
      for (const part of ['Appointment confirmed', 'Your appointment is confirmed', 'Department', 'Cardiology', 'Doctor', 'Time', 'Open'])
        expect(en).toContain(part);
      expect(en).not.toMatch(/预约成功|就诊人|科室/);
      expect(await message.getAttribute('aria-label')).toMatch(/^Unread message: Appointment confirmed, Today \d\d:\d\d$/);
      expect(await byTestId(page, 'messages-unread-count').textContent()).toBe('1 unread');
      await byTestId(page, 'messages-read-all').filter({ hasText: 'Mark all read' }).waitFor();
      await messagesBadge(page).filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 });
      await expectBadgeBesideLabel(page);
      await shot(page, 'notifications-3-messages-en-large');

      // Opening it: its appointment page; back in 消息 it reads as read and the badge is gone.
      const read = page.waitForResponse((r) => r.url().includes('/me/messages/') && r.url().endsWith('/read') && r.request().method() === 'POST');
      await message.click();
      expect((await read).status()).toBe(200);
      await page.locator(`[data-testid="appointment"][data-appointment-id="${appointmentId}"]:visible`).waitFor({ timeout: 20_000 });
      // Back with the title bar, as a patient goes back (the app's navigateBack, not the browser's history).
      await page.waitForTimeout(450);
      await byTestId(page, 'nav-back').last().click();
      try {
        await page.locator('[data-testid="message-card"][data-unread="no"]:visible').waitFor({ timeout: 20_000 });
        await messagesBadge(page).waitFor({ state: 'detached', timeout: 10_000 });
        expect(await byTestId(page, 'messages-unread-count').textContent({ timeout: 10_000 })).toBe('All messages read');
      } catch (error) {
        console.log(`Back in 消息 after opening the message:\n${await describePage(page)}`);
        throw error;
      }
      expect(await byTestId(page, 'messages-read-all').count()).toBe(0);
      await tab(page, 0);
      await byTestId(page, 'home').waitFor();
      expect(await byTestId(page, 'home-unread').count()).toBe(0);

      // The server has it read: a fresh launch shows no badge and no card.
      const counted = page.waitForResponse((r) => r.url().includes('/me/messages/unread-count') && r.status() === 200, { timeout: 30_000 });
      await page.reload();
      expect(await (await counted).json()).toEqual({ count: 0, otherProfiles: 0 });
      await byTestId(page, 'home').waitFor({ timeout: 20_000 });
      await page.waitForTimeout(300);
      expect(await messagesBadge(page).count()).toBe(0);
      expect(await byTestId(page, 'home-unread').count()).toBe(0);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('news for a family member: 消息 says so and switches to them; their message, the badge, and “mark all read”', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunch(env, page);
      // The same WeChat user adds their mother on another device and books her a visit there.
      const self = (await patientRows.find(env.stack, { relationship: 'self' }))
        .filter((p) => p.name === null && p.accountId)
        .sort((a, b) => (a.id < b.id ? 1 : -1))[0]!;
      const { openid } = await wechatAccountRows.one(env.stack, { id: self.accountId! });
      const { token } = await loginAs(env.stack, openid);
      // Both registered by real name (the hospital asks before booking); she is reached through her child's phone.
      await completeRealName(env, page);
      const mumId = await familyMember(env.stack, token, '王秀英');
      const slot = await makeSlot(env.stack, { fee: 0, daysAhead: 4 });
      const booked = await env.stack.api.post<AppointmentWithPayment>('/appointments', { slotId: slot.id }, { token, patientId: mumId });
      expect(booked.body.appointment?.status).toBe('confirmed');

      // 消息 (acting for themself): nothing of their own, no badge, and a pointer to the family's news.
      await tab(page, 2);
      await page.getByText('还没有消息').first().waitFor({ timeout: 20_000 });
      const hint = byTestId(page, 'messages-family-unread');
      await hint.waitFor({ timeout: 10_000 });
      expect(await hint.textContent()).toContain('家人还有 1 条未读消息，切换就诊人查看');
      expect(await messagesBadge(page).count()).toBe(0);
      await shot(page, 'notifications-4-family-hint');

      // Switch to her: her confirmation, unread, with the badge; the pointer is gone (the account holder has none).
      await byTestId(page, 'messages-switch-profile').click();
      const member = page.locator('[data-testid="family-member"][data-name="王秀英"]:visible');
      await member.waitFor({ timeout: 20_000 });
      await member.locator('[data-testid="family-switch"]').click();
      await page.locator('[data-testid="family-member"][data-name="王秀英"][data-active="yes"]:visible').waitFor({ timeout: 10_000 });
      await page.goBack();
      await byTestId(page, 'messages-profile').filter({ hasText: '王秀英' }).waitFor({ timeout: 20_000 });
      const card = page.locator('[data-testid="message-card"][data-kind="appointment_confirmed"][data-unread="yes"]:visible');
      await card.waitFor({ timeout: 20_000 });
      expect(await card.textContent()).toContain('王秀英');
      await messagesBadge(page).filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 });
      await hint.waitFor({ state: 'detached', timeout: 10_000 });

      // 全部已读 while a list asked for before it is still on its way (the tab shown again a moment before the tap):
      // that list was answered unread and comes after the tap, and must not bring the card back unread.
      const { held, release } = await holdMessageLists(page);
      await tab(page, 0);
      await byTestId(page, 'home').waitFor({ timeout: 20_000 });
      await page.waitForTimeout(2_100); // 消息 loads again when shown, not twice within two seconds
      await tab(page, 2);
      await held;
      const readAll = page.waitForResponse((r) => r.url().endsWith('/me/messages/read-all'));
      await button(page, '全部已读').click();
      expect(await (await readAll).json()).toEqual({ count: 0, otherProfiles: 0 });
      await release();
      // Every card read at once, the badge gone, and the server agrees.
      await page.locator('[data-testid="message-card"][data-unread="no"]:visible').waitFor({ timeout: 10_000 });
      await page.waitForTimeout(500);
      expect(await page.locator('[data-testid="message-card"][data-unread="yes"]:visible').count()).toBe(0);
      await messagesBadge(page).waitFor({ state: 'detached', timeout: 10_000 });
      expect(await byTestId(page, 'messages-read-all').count()).toBe(0);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
