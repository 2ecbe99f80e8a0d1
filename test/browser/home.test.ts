// 首页 that knows the patient, and 我的订单, in the browser build: after booking and a doctor's answer, home shows the
// next visit (time, department, place, doctor, the way to the check-in code and its number) and the unread reply; a
// hold waiting for payment counts down in words; My orders shows a paid booking and, after cancelling, its refund.
import { appointmentRows, makeSlot, wechatAccountRows } from '@yiban/server/testing';
import { departmentId, staffLogin } from '../support/actors.js';
import { book, payAtSimulator, waitForAppointment } from '../support/booking.js';
import { ask } from '../support/consult.js';
import { answerModal, browserPatient, byTestId, firstLaunchWithRealName, openBrowser, shot, startBrowserStack, type BrowserStack } from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack();
}, 120_000);
afterAll(() => env?.close());

const grouped = (n: string) => `${n.slice(0, 3)} ${n.slice(3)}`;

describe('首页 and 我的订单 in the browser (H5)', () => {
  it('home shows the next visit and an unread reply after booking and a doctor’s answer', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunchWithRealName(env, page, '孙丽');
      // Nothing is due yet: no cards at all.
      expect(await byTestId(page, 'home-cards').count()).toBe(0);

      const { token } = await browserPatient(page);
      const visit = (await book(env.stack, token, (await makeSlot(env.stack, { fee: 0, daysAhead: 4 })).id)).appointment;
      const held = (await book(env.stack, token, (await makeSlot(env.stack, { fee: 5000, daysAhead: 6 })).id)).appointment;
      const c = (
        await ask(env.stack, token, { kind: 'health_consult', departmentId: await departmentId(env.stack, 'CARD'), question: '最近血压偏高，需要复查吗？' })
      ).consultation;
      const zhang = await staffLogin(env.stack, 'doctor.zhang');
      const answered = await env.stack.api.post(`/consultations/${c.id}/messages`, { text: '建议一周内来门诊复查血压。' }, { token: zhang });
      expect(answered.status).toBeLessThan(300);

      await page.reload();
      await byTestId(page, 'home-cards').waitFor({ timeout: 20_000 });
      // Most urgent first: the hold with its countdown in words (not a clock time), then the visit, then the reply.
      const order = await page
        .locator('[data-testid="home-cards"] > [data-testid]:visible')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
      expect(order.slice(0, 3)).toEqual(['home-pay', 'home-next-visit', 'home-replies']);
      const countdown = (await byTestId(page, 'home-pay-countdown').textContent()) ?? '';
      expect(countdown).toMatch(/^请在 1?\d分\d\d秒 内完成支付，超时号源将自动释放$/);
      expect(await byTestId(page, 'home-pay-button').textContent()).toContain('去支付 ¥50.00');
      // It ticks.
      await page.waitForFunction(
        (before) => {
          const el = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector(
            '[data-testid="home-pay-countdown"]',
          );
          return !!el && el.textContent !== before;
        },
        countdown,
        { timeout: 5_000 },
      );

      const next = byTestId(page, 'home-next-visit');
      expect(await next.getAttribute('data-appointment-id')).toBe(visit.id);
      const text = (await next.textContent()) ?? '';
      for (const part of ['下次就诊', '09:00–09:30', '心血管内科', '张伟', '出示签到码']) expect(text).toContain(part);
      const row = await appointmentRows.one(env.stack, { id: visit.id });
      expect(await byTestId(page, 'home-next-visit-number').textContent()).toContain(grouped(row.checkInNumber!));

      const replies = byTestId(page, 'home-replies');
      expect(await replies.getAttribute('data-total')).toBe('1');
      expect(await byTestId(page, 'home-replies-preview').textContent()).toContain('建议一周内来门诊复查血压');
      await shot(page, 'home-1-what-is-next');

      // The QR shortcut opens the visit's check-in code: the prompt, then the number below it.
      await byTestId(page, 'home-next-visit-code').click();
      await byTestId(page, 'checkin-qr').waitFor({ timeout: 20_000 });
      expect(await byTestId(page, 'checkin-number').getAttribute('data-number')).toBe(row.checkInNumber);
      expect(await byTestId(page, 'checkin-prompt').textContent()).toBe('请向工作人员出示二维码或报出下方号码');
      await shot(page, 'home-2-check-in-number');
      await page.goto(`${env.h5Url}/#/pages/home/index`);
      await byTestId(page, 'home-replies').waitFor({ timeout: 20_000 });

      // Reading the reply: back on home the card is gone; the visit and the hold stay.
      // The chat marks the reply read as it is shown (listened for before the tap: the answer can come before the text).
      const markedRead = page.waitForResponse((r) => r.url().includes(`/consultations/${c.id}/read`) && r.request().method() === 'POST', {
        timeout: 20_000,
      });
      await byTestId(page, 'home-replies').click();
      await page.getByText('建议一周内来门诊复查血压。').first().waitFor({ timeout: 20_000 });
      await markedRead;
      // Back with the title bar: 首页 asks again as it shows.
      await page.waitForTimeout(450);
      await byTestId(page, 'nav-back').last().click();
      await byTestId(page, 'home-next-visit').waitFor({ timeout: 20_000 });
      await byTestId(page, 'home-pay').waitFor({ timeout: 20_000 });
      // Gone from the page, not just hidden by a page transition.
      await page.locator('[data-testid="home-replies"]').waitFor({ state: 'detached', timeout: 20_000 });
      expect(held.status).toBe('pending_payment');
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('My orders shows a paid booking and a refund after cancelling', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunchWithRealName(env, page, '周敏');
      // Nothing paid yet: the empty state says what to do.
      await page.goto(`${env.h5Url}/#/pages/me/index`);
      await byTestId(page, 'me-orders').click();
      const empty = byTestId(page, 'empty-state');
      await empty.waitFor({ timeout: 20_000 });
      expect(await empty.textContent()).toContain('还没有订单');
      expect(await byTestId(page, 'orders-book').textContent()).toContain('去预约挂号');
      await shot(page, 'orders-1-empty');

      const { token } = await browserPatient(page);
      const held = await book(env.stack, token, (await makeSlot(env.stack, { fee: 5000, daysAhead: 5 })).id);
      const { openid } = await wechatAccountRows.one(env.stack, { id: (await appointmentRows.one(env.stack, { id: held.appointment.id })).accountId });
      await payAtSimulator(env.stack, openid, held.payment!);
      await waitForAppointment(env.stack, token, held.appointment.id, (a) => a.status === 'confirmed');

      await page.reload();
      const order = page.locator(`[data-testid="order"][data-subject-id="${held.appointment.id}"]:visible`);
      await order.waitFor({ timeout: 20_000 });
      expect(await order.getAttribute('data-state')).toBe('paid');
      const text = (await order.textContent()) ?? '';
      for (const part of ['挂号 · 心血管内科 · 张伟', '已支付', '¥50.00', '订单号']) expect(text).toContain(part);
      await shot(page, 'orders-2-paid');

      // The order leads to its appointment; cancelling there gives the money back, and the order shows the refund.
      await order.click();
      await page.locator(`[data-testid="appointment"][data-appointment-id="${held.appointment.id}"]:visible`).waitFor({ timeout: 20_000 });
      await byTestId(page, 'appt-cancel').click();
      expect(await answerModal(page, 'confirm')).toContain('¥50.00');
      await page
        .locator('[data-testid="appointment"][data-status="cancelled"]:visible, [data-testid="appointment"][data-status="refunded"]:visible')
        .waitFor({ timeout: 20_000 });
      await page.goBack();
      const refunded = page.locator(
        `[data-testid="order"][data-subject-id="${held.appointment.id}"][data-state="refunding"]:visible, [data-testid="order"][data-subject-id="${held.appointment.id}"][data-state="refunded"]:visible`,
      );
      await refunded.waitFor({ timeout: 20_000 });
      const refund = refunded.locator('[data-testid="order-refund"]');
      expect(await refund.textContent()).toContain('¥50.00');
      expect(['processing', 'succeeded']).toContain(await refund.getAttribute('data-state'));
      await shot(page, 'orders-3-refund');
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
