// The health record in the browser build (real server + simulator + the H5 mini-program and console in Chromium): a
// patient finds 健康档案 under 我的, records two blood-pressure readings and sees their trend, adds an allergy; a
// doctor whose department holds the patient's consultation sees the record beside the chat; once the patient
// withdraws the health-data consent, the panel says the record is hidden.
import { CURRENT_CONSENT_VERSIONS } from '@yiban/shared';
import { departmentId } from '../support/actors.js';
import { ask } from '../support/consult.js';
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
  env = await startBrowserStack();
}, 120_000);
afterAll(() => env?.close());

describe('the health record (H5)', () => {
  it('a patient records blood pressure and an allergy and sees the trend; the doctor sees the record beside the chat', async () => {
    const patient = await openBrowser();
    const p = patient.page;
    const staff = await openBrowser({ width: 1366, height: 900 });
    const s = staff.page;
    try {
      await firstLaunchWithRealName(env, p, '林静');
      const { token, patientId } = await browserPatient(p);

      // 我的 → 健康档案: empty sections say what to add.
      await p.goto(`${env.h5Url}/#/pages/me/index`);
      await byTestId(p, 'me-health-record').click();
      const record = visible(p, '[data-testid="health-record"]');
      await record.waitFor({ timeout: 20_000 }).catch(async (e) => {
        throw new Error(`${String(e)}\n${await describePage(p)}`);
      });
      expect(await visible(p, '[data-testid="health-sharing"]').getAttribute('data-shared')).toBe('yes');
      expect(await visible(p, '[data-testid="health-section-allergy"]').textContent()).toContain('没有记录过敏');
      await shot(p, 'health-record-1-empty');

      // 记一次 blood pressure: a typo is caught before sending, then two readings draw the trend.
      await visible(p, '[data-testid="health-record-blood_pressure"]').click();
      await visible(p, '[data-testid="reading-form"][data-kind="blood_pressure"]').waitFor({ timeout: 20_000 });
      await fill(p, 'reading-systolic', '1380');
      await fill(p, 'reading-diastolic', '88');
      await visible(p, '[data-testid="reading-save"]').click();
      await visible(p, '.yb-inline-error').getByText('50–260').waitFor({ timeout: 5_000 });
      await fill(p, 'reading-systolic', '138');
      await visible(p, '[data-testid="reading-save"]').click();
      await visible(p, '[data-testid="trend-chart"][data-points="1"]').waitFor({ timeout: 20_000 });
      await visible(p, '[data-testid="trend-add"]').click();
      await fill(p, 'reading-systolic', '126');
      await fill(p, 'reading-diastolic', '80');
      await visible(p, '[data-testid="reading-save"]').click();
      const chart = visible(p, '[data-testid="trend-chart"][data-kind="blood_pressure"][data-points="2"]');
      await chart.waitFor({ timeout: 20_000 });
      expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
      expect(await visible(p, '[data-testid="health-reading"]').count()).toBe(2);
      expect(await visible(p, '[data-testid="health-reading"]').first().textContent()).toContain('126/80 mmHg');
      await shot(p, 'health-record-2-trend');

      // An allergy to penicillin, severe.
      await p.goto(`${env.h5Url}/#/packages/health-record/pages/index/index`);
      await visible(p, '[data-testid="health-add-allergy"]').click();
      await visible(p, '[data-testid="entry-form"][data-kind="allergy"]').waitFor({ timeout: 20_000 });
      await fill(p, 'entry-name', '青霉素');
      await visible(p, '[data-testid="entry-category-drug"]').click();
      await visible(p, '[data-testid="entry-severity-severe"]').click();
      await visible(p, '[data-testid="entry-save"]').click();
      const allergy = visible(p, '[data-testid="health-entry"][data-kind="allergy"]');
      await allergy.waitFor({ timeout: 20_000 });
      expect(await allergy.textContent()).toContain('青霉素');
      expect(await allergy.textContent()).toContain('重度');
      expect(await visible(p, '[data-testid="health-latest-blood_pressure"]').textContent()).toContain('126/80');
      await shot(p, 'health-record-3-overview');

      // The patient asks Cardiology: doctor.zhang's department pool holds the consultation (a care relationship).
      const cardiology = await departmentId(env.stack, 'CARD');
      const { consultation } = await ask(env.stack, token, { kind: 'health_consult', departmentId: cardiology, question: '最近血压有点高，需要调药吗？' });
      await staffSignIn(env, s, 'doctor.zhang');
      await s.goto(`${env.h5Url}/#/packages/staff/pages/consult/index?id=${consultation.id}`);
      const panel = visible(s, `[data-testid="health-record-panel"][data-patient-id="${patientId}"]`);
      await panel.waitFor({ timeout: 30_000 }).catch(async (e) => {
        throw new Error(`${String(e)}\n${await describePage(s)}`);
      });
      expect(await panel.locator('[data-testid="health-panel-allergies"]').textContent()).toContain('青霉素');
      expect(await panel.locator('[data-testid="health-panel-latest-blood_pressure"]').textContent()).toContain('126/80');
      await panel.locator('[data-testid="trend-chart"][data-kind="blood_pressure"][data-points="2"]').waitFor({ timeout: 10_000 });
      await shot(s, 'health-record-4-console');

      // The patient withdraws the health-data consent: the panel says the record is hidden, and shows none of it.
      const withdrawn = await env.stack.api.post(
        '/me/consents',
        { kind: 'health_data', version: CURRENT_CONSENT_VERSIONS.health_data, granted: false },
        { token },
      );
      expect(withdrawn.status).toBe(200);
      await s.reload();
      const hidden = visible(s, '[data-testid="health-record-hidden"]');
      await hidden.waitFor({ timeout: 30_000 });
      expect(await hidden.textContent()).toContain('健康档案不可见');
      expect(await visible(s, '[data-testid="health-record-panel"]').count()).toBe(0);
      await shot(s, 'health-record-5-hidden');

      expect(patient.errors).toEqual([]);
      expect(staff.errors).toEqual([]);
    } finally {
      await patient.close();
      await staff.close();
    }
  }, 300_000);
});
