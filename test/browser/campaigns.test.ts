// A push campaign end to end in the browser build (real server + simulator + the H5 console and mini-program in
// Chromium): marketing builds an audience on 人群, writes a campaign with an article landing in the wizard and submits
// it; an admin approves it in 推送审批 and schedules it; the worker sends it; the patient finds it in 消息 and opens
// the article; the campaign's results count the open and list it on the patient's row. From the message the patient
// reaches 推送偏好 and turns health articles off.
import type { CampaignView, MarketingPreferencesView, StaffArticleView } from '@yiban/shared';
import { runJobs } from '@yiban/server/testing';
import { staffLogin } from '../support/actors.js';
import {
  agreeToConsents,
  answerSubscribePopup,
  browserPatient,
  byTestId,
  fill,
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
  // No quiet hours: the campaign goes out whatever the time of the run.
  env = await startBrowserStack({ QUIET_HOURS: '00:00-00:00' });
}, 120_000);
afterAll(() => env?.close());

const SEGMENT = `接受推送的患者 ${process.pid}`;
const CAMPAIGN = `冬季养生推送 ${process.pid}`;

/** A published article to land on (the content library is another page's journey): marketing writes, a doctor approves. */
async function publishedArticle(): Promise<StaffArticleView> {
  const marketing = await staffLogin(env.stack, 'marketing.liu');
  const doctor = await staffLogin(env.stack, 'doctor.zhang');
  const created = await env.stack.api.post<StaffArticleView>(
    '/articles',
    { title: '冬季养生三件事', summary: '保暖、饮食、作息', body: '<h2>保暖</h2><p>注意头颈和脚部保暖。</p>', language: 'zh-CN' },
    { token: marketing },
  );
  expect(created.status).toBe(201);
  expect((await env.stack.api.post(`/articles/${created.body.id}/submit`, undefined, { token: marketing })).status).toBe(200);
  const approved = await env.stack.api.post<StaffArticleView>(`/articles/${created.body.id}/approve`, {}, { token: doctor });
  expect(approved.body.status).toBe('published');
  return approved.body;
}

/** The workbench → a task's tile. */
async function openTask(page: Page, task: string, pageTestId: string): Promise<void> {
  await page.goto(`${env.h5Url}/#/packages/staff/pages/home/index`);
  const tile = byTestId(page, `staff-task-${task}`);
  await tile.waitFor({ timeout: 20_000 });
  await tile.click();
  await byTestId(page, pageTestId).waitFor({ timeout: 20_000 });
}

describe('push campaigns (H5)', () => {
  it('marketing builds an audience and a campaign, an admin approves it, the patient opens it, the results show the open', async () => {
    const article = await publishedArticle();

    // The patient: a first launch agreeing to health news too (campaigns reach only patients who opted in) and allowing
    // its WeChat message.
    const patient = await openBrowser();
    const p = patient.page;
    const marketing = await openBrowser({ width: 1366, height: 900 });
    const m = marketing.page;
    const admin = await openBrowser({ width: 1366, height: 900 });
    const a = admin.page;
    try {
      await p.goto(`${env.h5Url}/#/pages/home/index`);
      await byTestId(p, 'consent').waitFor({ timeout: 30_000 });
      await agreeToConsents(p, true);
      // WeChat's popup asks for the reminders and, with health news ticked, for health education too: allowed.
      await answerSubscribePopup(p, 'allow');
      await byTestId(p, 'home').waitFor({ timeout: 20_000 });
      const me = await browserPatient(p);

      // Marketing: 人群 — patients who agreed to health news, counted live, saved.
      await staffSignIn(env, m, 'marketing.liu');
      await m.goto(`${env.h5Url}/#/packages/staff/pages/segments/index`);
      await byTestId(m, 'segments-page').waitFor({ timeout: 20_000 });
      await byTestId(m, 'segment-add-condition').first().click();
      await byTestId(m, 'segment-field-picker').locator('[data-value="marketingOptIn"]').click();
      await visible(m, '[data-testid="segment-condition"][data-field="marketingOptIn"]').locator('.yb-choice').first().click();
      await visible(m, '[data-testid="segment-count"][data-state="done"]').waitFor({ timeout: 20_000 });
      const counted = Number(await byTestId(m, 'segment-count').getAttribute('data-count'));
      expect(counted).toBeGreaterThanOrEqual(1);
      await fill(m, 'segment-name', SEGMENT);
      await byTestId(m, 'segment-save').click();
      await visible(m, '[data-testid="segment-saved"]').first().waitFor({ timeout: 20_000 });

      // 推送活动 → 新建活动: the four steps.
      await openTask(m, 'campaigns', 'campaigns');
      await byTestId(m, 'campaigns-new').click();
      await visible(m, '[data-testid="campaign-wizard"][data-step="audience"]').waitFor({ timeout: 20_000 });
      // Nothing chosen: each problem is said.
      await byTestId(m, 'wizard-next').click();
      await byTestId(m, 'wizard-problem-name').waitFor({ timeout: 5_000 });
      await byTestId(m, 'wizard-problem-segment').waitFor({ timeout: 5_000 });
      await fill(m, 'wizard-name', CAMPAIGN);
      const segment = visible(m, `[data-testid="wizard-segment"][data-name="${SEGMENT}"]`);
      await segment.click();
      expect(await segment.locator('[data-testid="wizard-segment-count"]').textContent()).toContain(String(counted));
      await shot(m, 'campaign-1-audience');
      await byTestId(m, 'wizard-next').click();

      await visible(m, '[data-testid="campaign-wizard"][data-step="message"]').waitFor({ timeout: 10_000 });
      await visible(m, '[data-testid="wizard-kind"][data-kind="health_education"]').click();
      // WeChat's limit shown live: 21 characters are too many for the title.
      await fill(m, 'wizard-title', '一二三四五六七八九十一二三四五六七八九十一');
      await visible(m, '[data-testid="wizard-title-length"][data-over="yes"]').waitFor({ timeout: 5_000 });
      await fill(m, 'wizard-title', '冬季养生小贴士');
      expect(await byTestId(m, 'wizard-title-length').textContent()).toBe('7/20');
      await fill(m, 'wizard-body', '天冷了，医院为您整理了三条冬季养生建议，点开看看。');
      // Events and surveys are shown, and disabled with the reason.
      expect(await byTestId(m, 'wizard-landing').locator('[data-value="event"]').getAttribute('data-disabled')).toBe('yes');
      await byTestId(m, 'wizard-landing').locator('[data-value="article"]').click();
      await visible(m, `[data-testid="wizard-article"][data-article-id="${article.id}"]`).click();
      expect(await byTestId(m, 'campaign-preview-card').textContent()).toContain('冬季养生小贴士');
      expect(await byTestId(m, 'campaign-preview-inbox').textContent()).toContain('天冷了');
      await shot(m, 'campaign-2-message');
      await byTestId(m, 'wizard-next').click();

      await visible(m, '[data-testid="campaign-wizard"][data-step="schedule"]').waitFor({ timeout: 10_000 });
      // The cron helper: weekly on Monday at 09:00 → "0 9 * * 1"; then back to sending once approved.
      await byTestId(m, 'wizard-schedule-mode').locator('[data-value="recurring"]').click();
      expect(await byTestId(m, 'wizard-cron').textContent()).toContain('0 9 * * 1');
      await byTestId(m, 'wizard-schedule-mode').locator('[data-value="now"]').click();
      const saved = m.waitForResponse((r) => r.url().endsWith('/api/v1/campaigns') && r.request().method() === 'POST');
      await byTestId(m, 'wizard-next').click();
      const draft = (await (await saved).json()) as CampaignView;
      expect(draft).toMatchObject({ name: CAMPAIGN, status: 'draft', messageKind: 'health_education', landing: { type: 'article', id: article.id } });

      await visible(m, '[data-testid="campaign-wizard"][data-step="review"]').waitFor({ timeout: 10_000 });
      expect(await byTestId(m, 'wizard-review-audience').textContent()).toContain(SEGMENT);
      await shot(m, 'campaign-3-review');
      await byTestId(m, 'wizard-submit').click();
      await visible(m, `[data-testid="campaign-results"][data-campaign-id="${draft.id}"][data-status="in_review"]`).waitFor({ timeout: 20_000 });

      // The admin: 推送审批 — the author, the audience and the message; approve, then schedule (now).
      await staffSignIn(env, a, 'admin');
      await openTask(a, 'campaignApprovals', 'campaign-approvals');
      const card = visible(a, `[data-testid="approval-item"][data-campaign-id="${draft.id}"]`);
      await card.waitFor({ timeout: 20_000 });
      expect(await card.getAttribute('data-own')).toBe('no');
      expect(await card.locator('[data-testid="approval-author"]').textContent()).toContain('刘市场');
      expect(await card.locator('[data-testid="approval-audience"]').textContent()).toContain(SEGMENT);
      await shot(a, 'campaign-4-approval');
      await card.locator('[data-testid="approval-approve"]').click();
      await visible(a, `[data-testid="approval-item"][data-campaign-id="${draft.id}"][data-status="approved"]`).waitFor({ timeout: 20_000 });
      await card.locator('[data-testid="approval-schedule"]').click();
      await visible(a, `[data-testid="approval-item"][data-campaign-id="${draft.id}"][data-status="scheduled"]`).waitFor({ timeout: 20_000 });

      // The worker: recipients materialised, the deliveries drained through WeChat (the simulator).
      await runJobs(env.stack);
      await runJobs(env.stack);

      // The patient: 消息 has it; a tap opens the article from the campaign.
      await p.goto(`${env.h5Url}/#/pages/messages/index`);
      const message = visible(p, '[data-testid="message-card"][data-kind="health_education"]');
      await message.waitFor({ timeout: 30_000 });
      expect(await message.textContent()).toContain('天冷了');
      await message.locator('[data-testid="message-manage-marketing"]').waitFor({ timeout: 5_000 });
      await shot(p, 'campaign-5-messages');
      const opened = p.waitForResponse((r) => r.url().endsWith('/api/v1/me/campaign-opens') && r.request().method() === 'POST', { timeout: 30_000 });
      await message.click();
      expect((await opened).status()).toBe(200);
      await p.waitForURL(/packages\/content\/pages\/article\/index\?.*c=/, { timeout: 20_000 });
      await p.getByText('冬季养生三件事').first().waitFor({ timeout: 20_000 });
      await shot(p, 'campaign-6-article');

      // Marketing: the results count the open, and the patient's row says when.
      await m.goto(`${env.h5Url}/#/packages/staff/pages/campaign-results/index?id=${draft.id}`);
      await visible(m, '[data-testid="results-stat-opened"]').waitFor({ timeout: 20_000 });
      await m.waitForFunction(
        (id) => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document;
          return (
            Number(
              doc.querySelector(`[data-testid="campaign-results"][data-campaign-id="${id}"] [data-testid="results-stat-opened"]`)?.getAttribute('data-value'),
            ) >= 1
          );
        },
        draft.id,
        { timeout: 20_000 },
      );
      const row = visible(m, `[data-testid="recipient-item"][data-patient-id="${me.patientId}"]`);
      await row.waitFor({ timeout: 20_000 });
      expect(await row.getAttribute('data-opened')).toBe('yes');
      expect(await row.getAttribute('data-status')).toBe('sent');
      expect(Number(await byTestId(m, 'results-stat-targeted').getAttribute('data-value'))).toBeGreaterThanOrEqual(1);
      await byTestId(m, 'campaign-funnel').waitFor({ timeout: 10_000 });
      await shot(m, 'campaign-7-results');

      // The patient does not want more of these: 消息's link on the message → 推送偏好 → health articles off.
      await p.goto(`${env.h5Url}/#/pages/messages/index`);
      await visible(p, '[data-testid="message-card"][data-kind="health_education"] [data-testid="message-manage-marketing"]').click();
      const topic = visible(p, '[data-testid="marketing-topic"][data-topic="health_education"]');
      await topic.waitFor({ timeout: 20_000 });
      expect(await byTestId(p, 'marketing-preferences').getAttribute('data-opt-in')).toBe('yes');
      expect(await topic.getAttribute('data-enabled')).toBe('yes');
      const put = p.waitForResponse((r) => r.url().endsWith('/api/v1/me/marketing-preferences') && r.request().method() === 'PUT');
      await topic.locator('.nut-switch').click();
      expect((await put).status()).toBe(200);
      await visible(p, '[data-testid="marketing-topic"][data-topic="health_education"][data-enabled="no"]').waitFor({ timeout: 10_000 });
      const prefs = await env.stack.api.get<MarketingPreferencesView>('/me/marketing-preferences', { token: me.token });
      expect(prefs.body.topics.find((t) => t.topic === 'health_education')?.enabled).toBe(false);
      await shot(p, 'campaign-8-preferences');
    } finally {
      await patient.close();
      await marketing.close();
      await admin.close();
    }
  }, 300_000);
});
