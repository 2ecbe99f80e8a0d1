// The satisfaction loop in the browser build (real server + simulator + the H5 mini-program and console in Chromium):
// a patient's visit is completed; two hours later they are invited; they find the survey under 我的 → 问卷调查,
// answer it with a low score and a complaint, and are told someone will contact them. Service staff find the issue in
// 服务补救, read the patient's words, note a call and resolve it, and see the answer in 服务质量; the patient reads
// the resolution in 消息.
import { makeSlot, runJobs, withClockAt } from '@yiban/server/testing';
import { staffLogin } from '../support/actors.js';
import { book } from '../support/booking.js';
import {
  browserPatient,
  byTestId,
  fill,
  describePage,
  firstLaunchWithRealName,
  openBrowser,
  shot,
  staffSignIn,
  startBrowserStack,
  visible,
  type BrowserStack,
} from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack({ QUIET_HOURS: '00:00-00:00' });
}, 120_000);
afterAll(() => env?.close());

describe('satisfaction surveys and service recovery (H5)', () => {
  it('a patient answers their visit’s survey, service staff resolve the complaint, the patient reads the resolution', async () => {
    const patient = await openBrowser();
    const p = patient.page;
    const staff = await openBrowser({ width: 1366, height: 900 });
    const s = staff.page;
    const pageErrors: string[] = [];
    s.on('pageerror', (e) => pageErrors.push(String(e)));
    s.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    try {
      await firstLaunchWithRealName(env, p, '林小雨');
      const { token } = await browserPatient(p);

      // The visit: booked, checked in and completed by the clinic; the survey comes two hours after.
      const slot = await makeSlot(env.stack, { fee: 0 });
      const appointment = (await book(env.stack, token, slot.id)).appointment;
      await withClockAt(env.stack, new Date(slot.startsAt.getTime() - 30 * 60_000), async () => {
        const [nurse, doctor] = [await staffLogin(env.stack, 'nurse.wang'), await staffLogin(env.stack, 'doctor.zhang')];
        expect((await env.stack.api.post(`/appointments/${appointment.id}/check-in`, {}, { token: nurse })).status).toBe(200);
        expect((await env.stack.api.post(`/appointments/${appointment.id}/complete`, {}, { token: doctor })).status).toBe(200);
      });
      await withClockAt(env.stack, new Date(slot.startsAt.getTime() + 3 * 3_600_000), () => runJobs(env.stack));

      // 我的 → 问卷调查 → the pending survey.
      await p.goto(`${env.h5Url}/#/pages/me/index`);
      await byTestId(p, 'me-surveys').click();
      const row = visible(p, '[data-testid="survey-invitation"][data-status="pending"]');
      await row.waitFor({ timeout: 20_000 });
      await row.click();
      await byTestId(p, 'survey-form').waitFor({ timeout: 20_000 });
      await shot(p, 'survey-answer');

      // Sending with nothing answered marks what is required.
      await byTestId(p, 'survey-submit').click();
      await visible(p, '.yb-survey-item--missing').first().waitFor({ timeout: 10_000 });

      // The six criteria: good marks but a 1 for accessibility, a 3 to recommend, and the complaint box (shown to a detractor).
      for (const [item, value] of [
        ['professionalism', 5],
        ['attitudes', 4],
        ['accessibility', 1],
        ['reliability', 4],
        ['recovery', 3],
        ['reputation', 4],
      ] as const)
        await byTestId(p, `survey-item-${item}-scale-${value}`).click();
      await byTestId(p, 'survey-item-recommend-scale-3').click();
      await fill(p, 'survey-item-complaint-text', '挂号太难，电话一直打不通');
      await byTestId(p, 'survey-submit').click();
      const done = visible(p, '[data-testid="survey-done"]');
      await done.waitFor({ timeout: 20_000 });
      expect(await done.getAttribute('data-service-issue')).toBe('yes');
      await shot(p, 'survey-done');

      // Service staff: 服务补救 → the patient's issue → their words → a note → resolved.
      await staffSignIn(env, s, 'service.zhao');
      await byTestId(s, 'staff-task-serviceIssues').click();
      await byTestId(s, 'service-issues').waitFor({ timeout: 20_000 });
      const issue = visible(s, '[data-testid="issue-row"]').filter({ hasText: '林小雨' }).first();
      await issue.waitFor({ timeout: 20_000 });
      await issue.locator('.yb-admin-row__head').click();
      await issue.locator('[data-testid="issue-patient-words"]').filter({ hasText: '挂号太难' }).waitFor({ timeout: 20_000 });
      await fill(s, 'issue-note-input', '已致电患者，说明了线上预约方式');
      await byTestId(s, 'issue-note-save').click();
      await issue.locator('[data-testid="issue-note"]').first().waitFor({ timeout: 10_000 });
      await fill(s, 'issue-resolution-input', '已为您开通专人预约协助，并致以歉意');
      await byTestId(s, 'issue-resolve').click();
      await issue.locator('[data-testid="issue-resolution"]').waitFor({ timeout: 20_000 });
      await shot(s, 'service-issue-resolved');

      // 服务质量: the answer counts — one response, the six criteria's ratings (no expectation pairs, so no heat-map
      // cells), a detractor's NPS.
      await s.goto(`${env.h5Url}/#/packages/staff/pages/service-quality/index`);
      await s.reload();
      await visible(s, '[data-testid="quality-tiles"]')
        .waitFor({ timeout: 20_000 })
        .catch(async (error: unknown) => {
          await shot(s, 'service-quality-failed');
          throw new Error(`${String(error)}\n${await describePage(s)}\n${pageErrors.join('\n')}`);
        });
      expect(Number(await visible(s, '[data-testid="quality-responses"]').textContent())).toBeGreaterThanOrEqual(1);
      await visible(s, '[data-testid="quality-trend"]').waitFor();
      await shot(s, 'service-quality');

      // The patient reads the resolution in 消息.
      await runJobs(env.stack);
      await p.goto(`${env.h5Url}/#/pages/messages/index`);
      await p.reload();
      const told = visible(p, '[data-testid="message-card"][data-kind="service_issue_resolved"]');
      await told.waitFor({ timeout: 20_000 }).catch(async (error: unknown) => {
        throw new Error(`${String(error)}\n${await describePage(p)}`);
      });
      expect(await told.textContent()).toContain('已为您开通专人预约协助');
      await shot(p, 'service-issue-message');
    } finally {
      await patient.close();
      await staff.close();
    }
  });

  it('service staff edit a questionnaire: a broken draft is refused with the problem beside the question, a sound one is published', async () => {
    const staff = await openBrowser({ width: 1366, height: 900 });
    const s = staff.page;
    try {
      await staffSignIn(env, s, 'service.zhao');
      await byTestId(s, 'staff-task-surveyTemplates').click();
      await byTestId(s, 'survey-templates').waitFor({ timeout: 20_000 });
      const nps = visible(s, '[data-testid="template-row"][data-key="nps"]');
      await nps.waitFor({ timeout: 20_000 });
      await nps.locator('[data-testid="template-edit"]').click();
      const editor = nps.locator('[data-testid="template-editor"]');
      await editor.waitFor();
      // A single-choice question with one option only: the server refuses it and says where.
      await editor.locator('[data-testid="template-add-single"]').click();
      const added = editor.locator('[data-testid="template-item"][data-kind="single"]').last();
      await added.locator('[data-testid="template-item-text"] input').fill('您是第几次来我院？');
      await added.locator('[data-testid="template-item-options"] textarea').fill('first | 第一次 | First time');
      await editor.locator('[data-testid="template-save"]').click();
      await added.locator('[data-testid="template-problem"]').filter({ hasText: '至少需要两个选项' }).waitFor({ timeout: 20_000 });
      await shot(s, 'survey-template-problem');
      await added.locator('[data-testid="template-item-options"] textarea').fill('first | 第一次 | First time\nagain | 复诊 | Return visit');
      await editor.locator('[data-testid="template-save"]').click();
      await visible(s, '[data-testid="template-row"][data-key="nps"][data-draft="yes"]').waitFor({ timeout: 20_000 });
      await visible(s, '[data-testid="template-row"][data-key="nps"] [data-testid="template-publish"]').click();
      await visible(s, '[data-testid="template-row"][data-key="nps"][data-draft="no"]').waitFor({ timeout: 20_000 });
      await visible(s, '[data-testid="template-row"][data-key="nps"]').filter({ hasText: '已发布第 2 版' }).waitFor();
      // Service staff read the automatic invitations; only admins change them.
      await visible(s, '[data-testid="survey-trigger"][data-trigger="visit_completed"]').waitFor();
      expect(await visible(s, '[data-testid="survey-trigger-save"]').count()).toBe(0);
    } finally {
      await staff.close();
    }
  });
});
