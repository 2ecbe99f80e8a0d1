// The follow-up loop in the browser build (real server + simulator + the H5 mini-program and console in Chromium): a
// patient discharged three days ago finds their plan under 我的 → 我的随访, answers the day's post-operative
// questionnaire with a fever, and is told the care team will call; the case manager finds the red flag at the top of
// 随访工作台, records the call, and the patient's plan shows the step done.
import { runJobs } from '@yiban/server/testing';
import { departmentId, staffLogin } from '../support/actors.js';
import {
  browserPatient,
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
} from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack({ QUIET_HOURS: '00:00-00:00' });
}, 120_000);
afterAll(() => env?.close());

const hospitalDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: env.stack.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('follow-up plans (H5)', () => {
  it('a patient answers a follow-up questionnaire with a red flag; the case manager sees it first and records the call', async () => {
    const patient = await openBrowser();
    const p = patient.page;
    const staff = await openBrowser({ width: 1366, height: 900 });
    const s = staff.page;
    try {
      await firstLaunchWithRealName(env, p, '周建国');
      const { patientId } = await browserPatient(p);

      // Discharged from cardiology three days ago after an appendectomy (recorded by the ward nurse): the post-operative
      // pathway starts on the discharge date, so today's step is the day-3 questionnaire.
      const nurse = await staffLogin(env.stack, 'nurse.wang');
      const discharged = await env.stack.api.post(
        '/visits',
        {
          patientId,
          departmentId: await departmentId(env.stack, 'CARD'),
          // Before 09:00 in Beijing today's steps have not run yet (they run at 09:00 hospital time): then the day-3
          // questionnaire is yesterday's, sent at once.
          date: addDays(hospitalDate(new Date()), new Date(Date.now() + 8 * 3_600_000).getUTCHours() < 9 ? -4 : -3),
          encounterClass: 'inpatient',
          diagnosisCodes: ['K35.8'],
          externalRef: `ZY-${patientId}`,
        },
        { token: nurse },
      );
      expect(discharged.status).toBe(201);
      await runJobs(env.stack);

      // 我的 → 我的随访: the plan as a timeline, the questionnaire ready to answer.
      await p.goto(`${env.h5Url}/#/pages/me/index`);
      await byTestId(p, 'me-followups').click();
      const plan = visible(p, '[data-testid="followup-plan"]');
      await plan.waitFor({ timeout: 20_000 }).catch(async (error: unknown) => {
        throw new Error(`${String(error)}\n${await describePage(p)}`);
      });
      await shot(p, 'followup-plan');
      await visible(p, '[data-testid="followup-answer"]').first().click();
      await byTestId(p, 'survey-form').waitFor({ timeout: 20_000 });

      // 39.2 °C, pain 4, the wound healing, stitches not yet arranged.
      await fill(p, 'survey-item-temperature-number', '39.2');
      await fill(p, 'survey-item-pain-number', '4');
      await byTestId(p, 'survey-item-wound-option-healing').click();
      await byTestId(p, 'survey-item-stitches-option-not_yet').click();
      await byTestId(p, 'survey-submit').click();
      const done = visible(p, '[data-testid="survey-done"]');
      await done.waitFor({ timeout: 20_000 });
      expect(await done.getAttribute('data-red-flag')).toBe('yes');
      expect(await done.textContent()).toContain('120');
      await shot(p, 'followup-red-flag');

      // The plan says the care team will call.
      await p.goto(`${env.h5Url}/#/packages/followups/pages/plan/index`);
      await p.reload();
      await visible(p, '[data-testid="followup-red-flag"]').waitFor({ timeout: 20_000 });

      // The case manager: 随访工作台 opens on the red flags; the fever is named; the call's outcome is recorded.
      await staffSignIn(env, s, 'cm.chen');
      await byTestId(s, 'staff-task-followups').click();
      await byTestId(s, 'followup-workbench').waitFor({ timeout: 20_000 });
      const task = visible(s, '[data-testid="followup-task"][data-escalated="yes"]').filter({ hasText: '周建国' }).first();
      await task.waitFor({ timeout: 20_000 }).catch(async (error: unknown) => {
        throw new Error(`${String(error)}\n${await describePage(s)}`);
      });
      expect(await task.locator('[data-testid="followup-flags"]').textContent()).toContain('39.2');
      // The whole questionnaire behind the flag, the flagged answer marked.
      await task.locator('[data-testid="followup-show-answers"]').click();
      await task.locator('[data-testid="followup-answer-line"][data-red-flag="yes"]').filter({ hasText: '39.2 °C' }).waitFor({ timeout: 20_000 });
      await shot(s, 'followup-workbench');
      await task.locator('[data-testid="followup-outcome-advised_visit"]').click();
      await task.locator('textarea').first().fill('体温 39.2，已嘱今日来院复查');
      await task.locator('[data-testid="followup-save"]').click();
      // Recorded: it leaves the red flags and is listed under 已完成 with its outcome.
      await task.waitFor({ state: 'detached', timeout: 20_000 });
      await byTestId(s, 'followup-box-done').click();
      await visible(s, '[data-testid="followup-task"][data-escalated="yes"]')
        .filter({ hasText: '周建国' })
        .locator('[data-testid="followup-outcome"]')
        .filter({ hasText: '已嘱来院就诊' })
        .waitFor({ timeout: 20_000 });
      await shot(s, 'followup-call-recorded');

      // The day's questionnaire is done on the patient's timeline; the alert is gone once the call is recorded.
      await p.reload();
      await visible(p, '[data-testid="followup-step"][data-kind="questionnaire"][data-status="done"]').first().waitFor({ timeout: 20_000 });
      expect(await visible(p, '[data-testid="followup-red-flag"]').count()).toBe(0);
    } finally {
      await patient.close();
      await staff.close();
    }
  });

  it('a case manager adds a pathway: a step without a name is refused beside the step, then saved and listed', async () => {
    const staff = await openBrowser({ width: 1366, height: 900 });
    const s = staff.page;
    try {
      await staffSignIn(env, s, 'cm.chen');
      await byTestId(s, 'staff-task-followupTemplates').click();
      await byTestId(s, 'pathways').waitFor({ timeout: 20_000 });
      await visible(s, '[data-testid="pathway-row"][data-key="post_op"]').waitFor({ timeout: 20_000 });
      await byTestId(s, 'pathway-new').click();
      const editor = visible(s, '[data-testid="pathway-editor"]');
      await editor.waitFor();
      await fill(s, 'pathway-key', 'knee_replacement');
      await fill(s, 'pathway-name', '膝关节置换术后随访');
      await byTestId(s, 'pathway-on-discharge').click();
      await fill(s, 'pathway-prefixes', 'm17, z96.65');
      await byTestId(s, 'pathway-add-call').click();
      await byTestId(s, 'pathway-add-questionnaire').click();
      await byTestId(s, 'pathway-save').click();
      await editor.locator('[data-testid="pathway-step"]').first().locator('[data-testid="pathway-problem"]').waitFor({ timeout: 20_000 });
      await shot(s, 'pathway-problem');
      const steps = editor.locator('[data-testid="pathway-step"]');
      await steps.nth(0).locator('[data-testid="pathway-step-title"] input').fill('出院次日电话');
      await steps.nth(1).locator('[data-testid="pathway-step-title"] input').fill('术后第 7 天问卷');
      await byTestId(s, 'pathway-save').click();
      const row = visible(s, '[data-testid="pathway-row"][data-key="knee_replacement"]');
      await row.waitFor({ timeout: 20_000 });
      expect(await row.textContent()).toContain('M17, Z96.65');
      expect(await row.textContent()).toContain('术后第 7 天问卷');
    } finally {
      await staff.close();
    }
  });
});
