// The membership console in the browser build (admins): 会员政策 refuses a broken threshold in the page (the problem
// under its field, nothing sent), saves a good one; 全部重算 shows its progress until the run is done; from a patient's
// panel beside a consultation, 会员详情 shows the tier and value in detail, and a tier set by hand shows as one, with
// its end date — a refused date in Chinese, as the server words it.
import { recordHisVisit, runJobs } from '@yiban/server/testing';
import type { MembershipPolicyView, RecomputeView } from '@yiban/shared';
import { consentedPatient, departmentId, staffLogin } from '../support/actors.js';
import { ask } from '../support/consult.js';
import { byTestId, describePage, fill, openBrowser, shot, staffSignIn, startBrowserStack, visible, type BrowserStack, type Page } from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack({ QUIET_HOURS: '00:00-00:00' });
}, 120_000);
afterAll(() => env?.close());

/** The hospital date (UTC+8) `days` from now. */
const hospitalDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function waitOrExplain(page: Page, selector: string, timeout = 20_000): Promise<void> {
  await visible(page, selector)
    .first()
    .waitFor({ timeout })
    .catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await describePage(page)}`);
    });
}

describe('membership console (H5)', () => {
  it('an admin edits a threshold (a broken one refused in the page), recomputes everyone, and sets a tier by hand from the patient panel', async () => {
    const api = env.stack.api;
    const adminToken = await staffLogin(env.stack, 'admin');
    // A gold patient (¥10,000 kept, 30 days ago) who asked a question; the admin opened their record (break the glass).
    const patient = await consentedPatient(env.stack, '金卡患者');
    await recordHisVisit(env.stack, { patientId: patient.patientId, departmentCode: 'CARD', daysAgo: 30, amountSpent: 1_000_000 });
    const department = await departmentId(env.stack, 'CARD');
    const { consultation } = await ask(env.stack, patient.token, { kind: 'health_consult', departmentId: department, question: '血压偏高需要调整用药吗？' });
    const grant = await api.post(`/patients/${patient.patientId}/break-glass`, { reason: '会员等级复核：核对消费与就诊记录' }, { token: adminToken });
    expect(grant.status).toBe(201);

    const admin = await openBrowser({ width: 1366, height: 900 });
    const a = admin.page;
    try {
      // 会员政策 from the workbench.
      await staffSignIn(env, a, 'admin');
      await byTestId(a, 'staff-task-membershipPolicy').click();
      await waitOrExplain(a, '[data-testid="policy-editor"]');
      expect(await byTestId(a, 'policy-formula-inputs').textContent()).toContain('1.184');
      expect(await byTestId(a, 'policy-formula').textContent()).toContain('价值 = 已带来毛利 + 年均毛利 × Σ r^t/(1+d)^t × 仍在就诊的概率');

      // Gold above platinum: the problem shows under the thresholds, and saving sends nothing.
      let puts = 0;
      a.on('request', (r) => {
        if (r.method() === 'PUT' && r.url().endsWith('/membership/policy')) puts++;
      });
      await fill(a, 'policy-threshold-gold', '30000');
      await waitOrExplain(a, '[data-testid="policy-thresholds-problems"] [data-testid="policy-problem"]');
      expect(await byTestId(a, 'policy-thresholds-problems').textContent()).toContain('门槛顺序不对');
      await fill(a, 'policy-marginRate', '150');
      await waitOrExplain(a, '[data-testid="policy-marginRate-field"] [data-testid="policy-problem"]');
      await byTestId(a, 'policy-save').click();
      await visible(a, '.yb-inline-error').filter({ hasText: '请先改正 2 处' }).first().waitFor({ timeout: 5_000 });
      expect(puts).toBe(0);
      await shot(a, 'membership-admin-1-policy-refused');

      // Fixed: saved, and the server has it.
      await fill(a, 'policy-threshold-gold', '6000');
      await fill(a, 'policy-marginRate', '30');
      expect(await byTestId(a, 'policy-editor').getAttribute('data-problems')).toBe('0');
      const saved = a.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/membership/policy'));
      await byTestId(a, 'policy-save').click();
      expect((await saved).status()).toBe(200);
      const policy = (await api.get<MembershipPolicyView>('/membership/policy', { token: adminToken })).body.policy;
      expect(policy.thresholds).toEqual({ platinum: 2_000_000, gold: 600_000, iron: 100_000 });

      // 全部重算: running, then (the worker runs the job) done, with processed of total and when.
      const started = a.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/membership/recompute'));
      await byTestId(a, 'recompute-start').click();
      const { id: runId } = (await (await started).json()) as RecomputeView;
      await waitOrExplain(a, '[data-testid="recompute-run"][data-status="running"]');
      await runJobs(env.stack);
      await waitOrExplain(a, '[data-testid="recompute-run"][data-status="done"]');
      const run = (await api.get<RecomputeView>(`/membership/recompute/${runId}`, { token: adminToken })).body;
      expect(run).toMatchObject({ status: 'done' });
      expect(run.total).toBeGreaterThan(0);
      const progress = (await byTestId(a, 'recompute-progress').textContent()) ?? '';
      expect(progress).toContain(`已处理 ${run.processed} / ${run.total} 位患者`);
      expect(await byTestId(a, 'recompute').textContent()).toContain('完成于');
      await shot(a, 'membership-admin-2-recompute-done');

      // The patient's panel beside the consultation: gold, from value; 会员详情.
      await a.goto(`${env.h5Url}/#/packages/staff/pages/consult/index?id=${consultation.id}`);
      await waitOrExplain(a, '[data-testid="member-panel-tier"][data-tier="gold"][data-override="no"]');
      await byTestId(a, 'member-panel-open').click();
      await waitOrExplain(a, '[data-testid="member-tier"][data-tier="gold"][data-override="no"]');
      expect(await byTestId(a, 'member-tier-source').textContent()).toBe('按价值计算');
      expect(await byTestId(a, 'member-breakdown').textContent()).toContain('¥10000.00');
      expect(await visible(a, '[data-testid="member-history-row"][data-reason="upgrade"]').count()).toBe(1);

      // A reason is needed; a date in the past is refused by the server, in Chinese.
      await byTestId(a, 'member-override-tier-platinum').click();
      await fill(a, 'member-override-date', hospitalDay(-3));
      await byTestId(a, 'member-override-save').click();
      await byTestId(a, 'member-override-error').getByText('请填写理由').waitFor({ timeout: 5_000 });
      await fill(a, 'member-override-reason', '院长特批：长期合作单位');
      await byTestId(a, 'member-override-save').click();
      await byTestId(a, 'member-override-error').getByText('手动等级的有效期需在今天之后、一年之内').waitFor({ timeout: 10_000 });

      // Until a date 20 days ahead: platinum, marked as set by hand, with its end date.
      const until = hospitalDay(20);
      await fill(a, 'member-override-date', until);
      await byTestId(a, 'member-override-save').click();
      await waitOrExplain(a, '[data-testid="member-tier"][data-tier="platinum"][data-override="yes"]');
      expect(await byTestId(a, 'member-tier-source').textContent()).toBe('手动设定');
      const end = byTestId(a, 'member-override-until');
      expect(await end.getAttribute('data-until')).toBe(new Date(Date.parse(`${until}T23:59:59.000Z`) - 8 * 3_600_000).toISOString());
      const [y, m, d] = until.split('-').map(Number);
      expect(await end.textContent()).toContain(`有效至 ${y}年${m}月${d}日`);
      expect(await byTestId(a, 'member-computed-tier').textContent()).toContain('黄金');
      await waitOrExplain(a, '[data-testid="member-history-row"][data-reason="override"]');
      await shot(a, 'membership-admin-3-override');
      expect(admin.errors).toEqual([]);
    } finally {
      await admin.close();
    }
  }, 240_000);
});
