// In-chat consultations in the browser build, two browsers at once: a patient asks a health question from the
// mini-program pages (H5), a doctor signed in on the desktop console finds it among the department's unassigned
// consultations, claims it and replies, and the reply reaches the patient's open chat over the socket — no reload;
// read receipts travel back the same way. And the follow-up gate: a patient without a visit who picks online
// follow-up is guided to book a clinic visit first.
import { answerSubscribePopup, button, byTestId, fill, openBrowser, shot, startBrowserStack, visible, type BrowserStack, type Page } from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack();
}, 120_000);
afterAll(() => env?.close());

async function firstLaunch(page: Page) {
  await page.goto(`${env.h5Url}/#/pages/home/index`);
  await byTestId(page, 'consent').waitFor({ timeout: 30_000 });
  await byTestId(page, 'consent-check-privacy_policy').click();
  await byTestId(page, 'consent-check-health_data').click();
  await button(page, '同意并继续').click();
  // Visit reminders and doctor replies: not now (so the chat's own ask is not answered for the patient).
  await answerSubscribePopup(page, 'cancel');
  await byTestId(page, 'home').waitFor({ timeout: 20_000 });
}

async function staffSignIn(page: Page, username: string) {
  await page.goto(`${env.h5Url}/#/packages/staff/pages/login/index`);
  await byTestId(page, 'staff-login').waitFor({ timeout: 30_000 });
  await fill(page, 'staff-username', username);
  await fill(page, 'staff-password', 'Yiban-demo-2026');
  await button(page, '登录').click();
  await byTestId(page, 'staff-home').waitFor({ timeout: 20_000 });
}

const message = (page: Page, side: 'patient' | 'staff', text: string) =>
  visible(page, `[data-testid="chat-message"][data-side="${side}"]`).filter({ hasText: text }).first();

describe('consultations in the browser (H5)', () => {
  it('a patient asks, a doctor on the console claims and replies, the patient sees the reply without reloading', async () => {
    const patient = await openBrowser();
    const doctor = await openBrowser({ width: 1366, height: 900 });
    const p = patient.page;
    const d = doctor.page;
    try {
      // The patient: 首页 → 在线咨询 → 心血管内科 → a health question (the page says it is not a diagnosis).
      await firstLaunch(p);
      await byTestId(p, 'tile-consult').click();
      await byTestId(p, 'consult-start').waitFor({ timeout: 20_000 });
      await byTestId(p, 'consult-department').filter({ hasText: '心血管内科' }).click();
      await byTestId(p, 'consult-kinds').waitFor({ timeout: 20_000 });
      expect(await byTestId(p, 'consult-kind-health_consult').getAttribute('data-selected')).toBe('yes');
      expect(await byTestId(p, 'consult-kind-online_followup').getAttribute('data-allowed')).toBe('no');
      expect(await byTestId(p, 'consult-disclaimer').textContent()).toContain('仅提供健康咨询，不作为诊断依据');
      const question = '最近早上量血压 150/95，有点头晕，需要注意什么？';
      await byTestId(p, 'consult-question').locator('textarea').fill(question);
      expect(await byTestId(p, 'consult-fee').textContent()).toContain('免费');
      await shot(p, 'consult-1-start');
      await byTestId(p, 'consult-submit').click();

      // The chat: the question is there, waiting for a doctor of the department.
      const chat = byTestId(p, 'consult-chat');
      await chat.waitFor({ timeout: 20_000 });
      const consultationId = (await chat.getAttribute('data-consultation-id'))!;
      expect(await chat.getAttribute('data-status')).toBe('waiting_doctor');
      await message(p, 'patient', question).waitFor({ timeout: 15_000 });
      expect(await byTestId(p, 'consult-status').textContent()).toBe('等待医生接诊');
      await shot(p, 'consult-2-asked');

      // The doctor: workbench → 患者咨询 → 待接诊 (the department's pool) → the patient's question.
      await staffSignIn(d, 'doctor.zhang');
      await byTestId(d, 'staff-task-inbox').click();
      await byTestId(d, 'staff-inbox').waitFor({ timeout: 20_000 });
      await byTestId(d, 'inbox-box-unassigned').click();
      await visible(d, '[data-testid="inbox-list"][data-box="unassigned"]').waitFor({ timeout: 10_000 });
      const item = visible(d, `[data-testid="inbox-item"][data-consultation-id="${consultationId}"]`);
      await item.waitFor({ timeout: 20_000 });
      expect(Number(await byTestId(d, 'inbox-box-unassigned').getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
      await item.click();

      // Three columns on a desktop: the list, the chat, the patient beside it.
      const staffChat = visible(d, `[data-testid="staff-chat"][data-consultation-id="${consultationId}"]`);
      await staffChat.waitFor({ timeout: 20_000 });
      await message(d, 'patient', question).waitFor({ timeout: 15_000 });
      await byTestId(d, 'patient-summary').waitFor({ timeout: 15_000 });
      const [list, chatBox, summary] = await Promise.all([
        byTestId(d, 'inbox-list').boundingBox(),
        staffChat.boundingBox(),
        byTestId(d, 'patient-summary').boundingBox(),
      ]);
      expect(list!.x).toBeLessThan(chatBox!.x);
      expect(chatBox!.x + chatBox!.width).toBeLessThanOrEqual(summary!.x + 1);
      await shot(d, 'consult-3-console-unassigned');

      // Claim, then reply.
      await byTestId(d, 'chat-claim').click();
      await visible(d, `[data-testid="staff-chat"][data-consultation-id="${consultationId}"]:not([data-assignee=""])`).waitFor({ timeout: 15_000 });
      const reply = '您好，先别紧张。请连续一周早晚各量一次血压并记录，少盐饮食；如出现胸痛或持续头痛请立即就医。';
      await byTestId(d, 'chat-input').locator('textarea').fill(reply);
      await byTestId(d, 'chat-send').click();
      await visible(d, '[data-testid="chat-message"][data-side="staff"]:not([data-state^="local"])')
        .filter({ hasText: '先别紧张' })
        .waitFor({ timeout: 15_000 });

      // The patient's open chat shows it without a reload, and the status says the doctor replied.
      await message(p, 'staff', '先别紧张').waitFor({ timeout: 15_000 });
      await byTestId(p, 'consult-status').filter({ hasText: '医生已回复' }).waitFor({ timeout: 15_000 });
      await visible(p, '[data-testid="consult-chat"][data-status="waiting_patient"]').waitFor({ timeout: 15_000 });
      // The doctor read the question: 已读 under it.
      await message(p, 'patient', question).locator('[data-testid="receipt"][data-state="read"]').waitFor({ timeout: 15_000 });
      await shot(p, 'consult-4-reply-arrived');

      // And back: the patient answers, the doctor sees it live; the patient has read the reply (已读 on the console).
      await byTestId(p, 'chat-input').locator('textarea').fill('好的，谢谢医生，我这周记录一下。');
      await byTestId(p, 'chat-send').click();
      await message(d, 'patient', '我这周记录一下').waitFor({ timeout: 15_000 });
      await message(d, 'staff', '先别紧张').locator('[data-testid="receipt"][data-state="read"]').waitFor({ timeout: 15_000 });

      // A private note stays on the console.
      await byTestId(d, 'chat-mode-note').click();
      await byTestId(d, 'chat-input').locator('textarea').fill('血压偏高，下周复查时关注用药。');
      await byTestId(d, 'chat-send').click();
      await visible(d, '[data-testid="chat-message"][data-kind="note"]').filter({ hasText: '下周复查' }).waitFor({ timeout: 15_000 });
      await shot(d, 'consult-5-console-chat');
      await p.waitForTimeout(1_500);
      expect(await visible(p, '[data-testid="chat-message"][data-kind="note"]').count()).toBe(0);
      expect(await p.getByText('下周复查').count()).toBe(0);
      await shot(p, 'consult-6-patient-chat');

      // My consultations: it is under 进行中.
      await p.goto(`${env.h5Url}/#/packages/consult/pages/list/index`);
      await visible(p, `[data-testid="consult-item"][data-consultation-id="${consultationId}"]`).waitFor({ timeout: 20_000 });
      expect(await byTestId(p, 'consult-tab-open').getAttribute('data-selected')).toBe('yes');
      await shot(p, 'consult-7-history');

      expect(patient.errors).toEqual([]);
      expect(doctor.errors).toEqual([]);
    } finally {
      await patient.close();
      await doctor.close();
    }
  }, 240_000);

  it('a patient without a visit who picks online follow-up is told to book a clinic visit first', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunch(page);
      await page.goto(`${env.h5Url}/#/packages/consult/pages/start/index`);
      await byTestId(page, 'consult-start').waitFor({ timeout: 20_000 });
      await byTestId(page, 'consult-department').filter({ hasText: '心血管内科' }).click();
      await byTestId(page, 'consult-kinds').waitFor({ timeout: 20_000 });
      await byTestId(page, 'consult-kind-online_followup').click();
      const gate = byTestId(page, 'consult-book-first');
      await gate.waitFor({ timeout: 10_000 });
      expect(await gate.textContent()).toContain('在线复诊仅限近');
      expect(await byTestId(page, 'consult-submit').count()).toBe(0);
      await shot(page, 'consult-8-follow-up-gate');

      // "先预约线下门诊" leads to booking in that department.
      await byTestId(page, 'consult-book-visit').click();
      await visible(page, '[data-testid="doctor-link"]').first().waitFor({ timeout: 20_000 });
      expect(page.url()).toContain('packages/booking/pages/doctors/index');
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
