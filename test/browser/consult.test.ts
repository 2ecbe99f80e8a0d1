// In-chat consultations in the browser build, two browsers at once: a patient asks a health question from the
// mini-program pages (H5), a doctor signed in on the desktop console finds it among the department's unassigned
// consultations, claims it and replies, and the reply reaches the patient's open chat over the socket — no reload;
// read receipts travel back the same way. And the follow-up gate: a patient without a visit who picks online
// follow-up is guided to book a clinic visit first. And a patient with a recent visit pays for an online follow-up,
// sends a picture, has a risky message refused (the words stay in the box) and a held one approved by service staff.
import { addVisit } from '@yiban/server/testing';
import {
  answerModal,
  browserPatient,
  byTestId,
  firstLaunch,
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
  // Online follow-up costs ¥20 here, as in the demo (a health question stays free).
  env = await startBrowserStack({ CONSULT_FOLLOWUP_FEE: '2000' });
}, 120_000);
afterAll(() => env?.close());

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

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
      await firstLaunchWithRealName(env, p);
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
      await staffSignIn(env, d, 'doctor.zhang');
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
      await firstLaunch(env, page);
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

  it('after a visit: online follow-up paid at the pay sheet, a picture, a risky message refused, a held one approved by service staff', async () => {
    const patient = await openBrowser();
    const service = await openBrowser({ width: 1366, height: 900 });
    const p = patient.page;
    try {
      await firstLaunchWithRealName(env, p);
      await addVisit(env.stack, { patientId: (await browserPatient(p)).patientId, departmentCode: 'CARD', daysAgo: 10 });

      // Eligible: follow-up is chosen by itself, with its fee.
      await p.goto(`${env.h5Url}/#/packages/consult/pages/start/index`);
      await byTestId(p, 'consult-department').filter({ hasText: '心血管内科' }).click();
      await byTestId(p, 'consult-kinds').waitFor({ timeout: 20_000 });
      expect(await byTestId(p, 'consult-kind-online_followup').getAttribute('data-selected')).toBe('yes');
      expect(await byTestId(p, 'consult-fee').textContent()).toContain('¥20.00');
      await byTestId(p, 'consult-question').locator('textarea').fill('上个月看过门诊，吃了降压药后脚踝有点肿，正常吗？');
      await byTestId(p, 'consult-submit').click();

      // The pay sheet (the simulator's stand-in for WeChat's), then the wait for the hospital's confirmation.
      expect(await answerModal(p, 'confirm')).toContain('¥20.00');
      const chat = visible(p, '[data-testid="consult-chat"][data-status="waiting_doctor"]');
      await chat.waitFor({ timeout: 30_000 });
      expect(await byTestId(p, 'consult-pay').count()).toBe(0);

      // A picture: chosen in the browser's file picker, uploaded, shown from its signed address.
      const [chooser] = await Promise.all([p.waitForEvent('filechooser'), byTestId(p, 'chat-image-button').click()]);
      await chooser.setFiles({ name: 'ankle.png', mimeType: 'image/png', buffer: PNG });
      const picture = visible(p, '[data-testid="chat-message"][data-kind="image"][data-state="visible"]').first();
      await picture.waitFor({ timeout: 20_000 });
      await p.waitForFunction(
        () => {
          type Img = { complete: boolean; naturalWidth: number; offsetParent: unknown };
          const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<Img> } }).document;
          return Array.from(doc.querySelectorAll('[data-testid="chat-message"][data-kind="image"] img')).some(
            (i) => i.offsetParent !== null && i.complete && i.naturalWidth > 0,
          );
        },
        undefined,
        { timeout: 15_000 },
      );

      // Risky words: refused with the reason, and the words stay in the box to be changed.
      const risky = '这个药是不是包治百病？';
      await byTestId(p, 'chat-input').locator('textarea').fill(risky);
      await byTestId(p, 'chat-send').click();
      await p.getByText('消息含有不适宜的内容').first().waitFor({ timeout: 15_000 });
      expect(await byTestId(p, 'chat-input').locator('textarea').inputValue()).toBe(risky);
      expect(await message(p, 'patient', '包治百病').count()).toBe(0);

      // Words WeChat wants a person to check: held, shown to its author as 审核中.
      await byTestId(p, 'chat-input').locator('textarea').fill('听说有个偏方可以降压，可以试试吗？');
      await byTestId(p, 'chat-send').click();
      const held = visible(p, '[data-testid="chat-message"][data-side="patient"][data-state="held"]').filter({ hasText: '偏方' });
      await held.waitFor({ timeout: 15_000 });
      expect(await held.textContent()).toContain('审核中');
      await shot(p, 'consult-9-follow-up-held');

      // Service staff approve it on the review page; the patient's bubble turns visible without a reload.
      const s = service.page;
      await staffSignIn(env, s, 'service.zhao');
      await byTestId(s, 'staff-task-reviews').click();
      const item = byTestId(s, 'review-item').filter({ hasText: '偏方' });
      await item.waitFor({ timeout: 20_000 });
      await shot(s, 'consult-10-review');
      await item.locator('[data-testid="review-approve"]').click();
      await item.getByText('已通过').waitFor({ timeout: 15_000 });
      await visible(p, '[data-testid="chat-message"][data-side="patient"][data-state="visible"]').filter({ hasText: '偏方' }).waitFor({ timeout: 15_000 });
      await shot(p, 'consult-11-approved');

      expect(patient.errors).toEqual([]);
      expect(service.errors).toEqual([]);
    } finally {
      await patient.close();
      await service.close();
    }
  }, 240_000);
});
