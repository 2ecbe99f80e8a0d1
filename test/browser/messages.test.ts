// The 消息 tab in the browser build: the subscribe popup only on taps (after the first-run consent, on "turn on
// reminders"), each answer recorded at the simulator (WeChat's side) and in the server's ledger; then messages the
// server sends show up, newest first, page by page, in the patient's language and in large type.
import { DEVELOPMENT_TEMPLATES } from '@yiban/server';
import { grantRows, notify, patientRows, runJobs, wechatAccountRows, type AnyNotifyInput, type PatientRow } from '@yiban/server/testing';
import { demoDoctor } from '../support/actors.js';
import {
  agreeToConsents,
  answerSubscribePopup,
  button,
  byTestId,
  firstLaunch,
  fontSizeOf,
  openBrowser,
  shot,
  startBrowserStack,
  type BrowserStack,
  type Page,
} from './h5-stack.js';

const APPT = DEVELOPMENT_TEMPLATES.appointment_reminder.id;
const REPLIED = DEVELOPMENT_TEMPLATES.doctor_replied.id;
const HEALTH = DEVELOPMENT_TEMPLATES.health_education.id;
const FOLLOW = DEVELOPMENT_TEMPLATES.follow_up_reminder.id;

let env: BrowserStack;
beforeAll(async () => {
  // No quiet hours: the messages go out whatever the time of the run.
  env = await startBrowserStack({ QUIET_HOURS: '00:00-00:00' });
}, 120_000);
afterAll(() => env?.close());

/** The newest WeChat user's own profile and account (demo patients all have names; a first launch has none). */
async function newestPatient(): Promise<{ patient: PatientRow; openid: string }> {
  const patients = (await patientRows.find(env.stack, { relationship: 'self' })).filter((p) => p.name === null && p.accountId);
  const patient = [...patients].sort((a, b) => (a.id < b.id ? 1 : -1))[0]!;
  const account = await wechatAccountRows.one(env.stack, { id: patient.accountId! });
  return { patient, openid: account.openid };
}

async function ledger(accountId: string): Promise<Record<string, { remaining: number; longTerm: boolean; lastResult: string | null }>> {
  const rows = await grantRows.find(env.stack, { accountId });
  return Object.fromEntries(rows.map((g) => [g.templateId, { remaining: g.remaining, longTerm: g.longTerm, lastResult: g.lastResult }]));
}

async function simGrants(openid: string): Promise<Record<string, { remaining: number | null; active: boolean; lastResult: string }>> {
  const res = await fetch(`${env.stack.simUrl}/__sim/subscriptions?openid=${openid}`);
  const body = (await res.json()) as { grants: { templateId: string; remaining: number | null; active: boolean; lastResult: string }[] };
  return Object.fromEntries(body.grants.map((g) => [g.templateId, { remaining: g.remaining, active: g.active, lastResult: g.lastResult }]));
}

/** Tells the patient through the notification centre (消息, and WeChat against a grant), then runs the job handlers until idle. */
async function deliver(messages: AnyNotifyInput[]): Promise<void> {
  for (const message of messages) {
    await notify(env.stack, message);
    await new Promise((resolve) => setTimeout(resolve, 3)); // distinct times, in send order
  }
  await runJobs(env.stack);
}

async function tab(page: Page, label: string): Promise<void> {
  await page.locator('.weui-tabbar__label', { hasText: label }).first().click();
}

describe('the 消息 tab (H5)', () => {
  it('first run: the popup on “agree” (no health education without marketing); a refusal is recorded and respected', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(`${env.h5Url}/#/pages/home/index`);
      await byTestId(page, 'consent').waitFor({ timeout: 30_000 });
      // Nothing asked on load: WeChat allows the popup only on a tap.
      await page.waitForTimeout(500);
      expect(await page.locator('.taro__modal .taro-modal__content:visible').count()).toBe(0);
      await agreeToConsents(page);
      const popup = await answerSubscribePopup(page, 'cancel');
      expect(popup).toContain('就诊提醒、医生回复通知');
      expect(popup).not.toContain('健康宣教');
      await byTestId(page, 'home').waitFor({ timeout: 20_000 });

      const { patient, openid } = await newestPatient();
      expect(await ledger(patient.accountId!)).toEqual({
        [APPT]: { remaining: 0, longTerm: false, lastResult: 'reject' },
        [REPLIED]: { remaining: 0, longTerm: false, lastResult: 'reject' },
      });
      expect((await simGrants(openid))[APPT]).toMatchObject({ lastResult: 'reject', active: false });

      // The 消息 tab neither asks again by itself nor scolds: the statuses just say "off".
      await tab(page, '消息');
      await byTestId(page, 'messages').waitFor({ timeout: 20_000 });
      await page.getByText('还没有消息').first().waitFor();
      await page.locator('[data-testid="reminder-appointment_reminder"][data-state="off"]:visible').waitFor();
      await page.waitForTimeout(500);
      expect(await page.locator('.taro__modal .taro-modal__content:visible').count()).toBe(0);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('with marketing ticked, health education is asked in the same popup', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(`${env.h5Url}/#/pages/home/index`);
      await byTestId(page, 'consent').waitFor({ timeout: 30_000 });
      await agreeToConsents(page, true);
      expect(await answerSubscribePopup(page, 'allow')).toContain('就诊提醒、医生回复通知、健康宣教通知');
      await byTestId(page, 'home').waitFor({ timeout: 20_000 });
      const { patient, openid } = await newestPatient();
      expect(await ledger(patient.accountId!)).toEqual({
        [APPT]: { remaining: 1, longTerm: false, lastResult: 'accept' },
        [REPLIED]: { remaining: 1, longTerm: false, lastResult: 'accept' },
        [HEALTH]: { remaining: 1, longTerm: false, lastResult: 'accept' },
      });
      expect((await simGrants(openid))[HEALTH]).toMatchObject({ remaining: 1, active: true });
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('turns on reminders in 消息, then sees what the hospital sends: newest first, load more, tap to open; English and large type', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunch(env, page);
      const { patient, openid } = await newestPatient();

      await tab(page, '消息');
      await byTestId(page, 'reminders').waitFor({ timeout: 20_000 });
      await shot(page, 'messages-1-empty');

      // One tap, one popup: the one-time kinds together …
      await button(page, '开启消息提醒').click();
      const oneTime = await answerSubscribePopup(page, 'allow');
      expect(oneTime).toContain('就诊提醒、医生回复通知');
      expect(oneTime).not.toContain('随访');
      await page.locator('[data-testid="reminder-appointment_reminder"][data-state="remaining"]:visible', { hasText: '还可提醒 1 次' }).waitFor();
      // … and follow-up reminders (long-term) on their own.
      await button(page, '开启随访提醒').click();
      expect(await answerSubscribePopup(page, 'allow')).toContain('随访提醒（长期）');
      await page.locator('[data-testid="reminder-follow_up_reminder"][data-state="long_term"]:visible').waitFor();
      await shot(page, 'messages-2-reminders-on');

      // WeChat's side (the simulator) and the server's ledger agree.
      expect(await simGrants(openid)).toMatchObject({
        [APPT]: { remaining: 1, active: true, lastResult: 'accept' },
        [REPLIED]: { remaining: 1, active: true, lastResult: 'accept' },
        [FOLLOW]: { active: true, lastResult: 'accept' },
      });
      expect(await ledger(patient.accountId!)).toEqual({
        [APPT]: { remaining: 1, longTerm: false, lastResult: 'accept' },
        [REPLIED]: { remaining: 1, longTerm: false, lastResult: 'accept' },
        [FOLLOW]: { remaining: 0, longTerm: true, lastResult: 'accept' },
      });

      // The hospital sends 21 follow-up reminders, then a visit reminder (the newest).
      const zhang = await demoDoctor(env.stack, '张伟');
      const visitAt = new Date(Date.now() + 86_400_000);
      const followUps: AnyNotifyInput[] = Array.from({ length: 21 }, (_, i) => ({
        patientId: patient.id,
        kind: 'follow_up_reminder' as const,
        params: { taskId: `T${i}`, patientName: '张三', item: `术后复查第${i + 1}次`, dueAt: visitAt.toISOString(), doctorName: '王医生' },
        dedupeKey: `browser-fu-${patient.id}-${i}`,
      }));
      await deliver([
        ...followUps,
        {
          patientId: patient.id,
          kind: 'appointment_reminder',
          params: {
            appointmentId: 'A1',
            patientName: '张三',
            departmentId: zhang.departmentId,
            doctorId: zhang.id,
            startsAt: visitAt.toISOString(),
            lead: 'day_before',
          },
          link: 'pages/booking/index',
          dedupeKey: `browser-appt-${patient.id}`,
        },
      ]);
      const received = (await (await fetch(`${env.stack.simUrl}/__sim/messages?openid=${openid}&type=subscribe`)).json()) as { total: number };
      expect(received.total).toBe(22);

      // Back to the tab (as after reading WeChat's notification): the list is fetched again.
      await tab(page, '首页');
      await byTestId(page, 'home').waitFor();
      await tab(page, '消息');
      const cards = page.locator('[data-testid="message-card"]:visible');
      await cards.nth(19).waitFor({ timeout: 20_000 });
      expect(await cards.count()).toBe(20);
      const first = cards.first();
      expect(await first.getAttribute('data-kind')).toBe('appointment_reminder');
      const text = (await first.textContent()) ?? '';
      for (const part of ['就诊提醒', '您明天有一个预约', '就诊人', '张三', '科室', '心血管内科', '医生', '张伟', '就诊时间', '今天']) {
        expect(text).toContain(part);
      }
      expect(await cards.nth(1).textContent()).toContain('术后复查第21次');
      // The one-time grant it used shows as used up once the panel is opened.
      await byTestId(page, 'reminders-expand').click();
      await page.locator('[data-testid="reminder-appointment_reminder"][data-state="used_up"]:visible').waitFor();
      await shot(page, 'messages-3-list');

      await button(page, '加载更多').click();
      await cards.nth(21).waitFor({ timeout: 20_000 });
      expect(await cards.count()).toBe(22);
      expect(await cards.last().textContent()).toContain('术后复查第1次');
      await byTestId(page, 'messages-end').waitFor();

      // A message that names a page opens it.
      await first.click();
      await page.locator('.yb-page:visible', { hasText: '预约挂号' }).first().waitFor({ timeout: 10_000 });

      // English and large type.
      await page.goto(`${env.h5Url}/#/packages/settings/pages/index/index`);
      await byTestId(page, 'settings').waitFor({ timeout: 20_000 });
      await byTestId(page, 'settings-language').locator('[data-value="en"]').click();
      await page.locator('.nut-switch:visible').first().click();
      await page.locator('[data-large-type="on"]:visible').first().waitFor();
      await page.goto(`${env.h5Url}/#/pages/messages/index`);
      await page.reload();
      const card = page.locator('[data-testid="message-card"]:visible').first();
      await card.waitFor({ timeout: 20_000 });
      const english = (await card.textContent()) ?? '';
      for (const part of ['Appointment reminder', 'You have an appointment tomorrow', 'Patient', 'Department', 'Cardiology', 'Doctor', 'Time', 'Today']) {
        expect(english).toContain(part);
      }
      expect(await fontSizeOf(card.locator('.yb-message__title'))).toBeGreaterThanOrEqual(26);
      expect(await fontSizeOf(card.locator('.yb-message__value').first())).toBeGreaterThanOrEqual(22);
      await shot(page, 'messages-4-english-large');
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
