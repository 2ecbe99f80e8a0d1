// The console's administration in the browser build (real server + simulator + the H5 console in Chromium):
// the admin creates a staff account (problems said beside their fields and gone once fixed), the new nurse reads a
// patient's record, and the admin finds that read in the audit log — who, with which roles, whose record (name and
// masked identifiers), why — narrows the log to the patient, then resets the nurse's password (her session ends)
// and disables the account. Service staff see a closed consultation's rating with its comment and the summary bars,
// the patient's name masked; on a phone in English and large type too.
import type { StaffAccountView } from '@yiban/shared';
import { makeSlot } from '@yiban/server/testing';
import { consentedPatient, departmentId, staffLogin } from '../support/actors.js';
import { book } from '../support/booking.js';
import { ask } from '../support/consult.js';
import { answerModal, byTestId, fontSizeOf, openBrowser, shot, staffSignIn, startBrowserStack, visible, type BrowserStack, type Page } from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack();
}, 120_000);
afterAll(() => env?.close());

/** The workbench → a task's tile. */
async function openTask(page: Page, task: string, pageTestId: string): Promise<void> {
  await page.goto(`${env.h5Url}/#/packages/staff/pages/home/index`);
  const tile = byTestId(page, `staff-task-${task}`);
  await tile.waitFor({ timeout: 20_000 });
  await tile.click();
  await byTestId(page, pageTestId).waitFor({ timeout: 20_000 });
}

async function type(page: Page, testId: string, value: string): Promise<void> {
  await byTestId(page, testId).locator('input').fill(value);
}

/** The app's settings as the H5 build keeps them; read at the next launch. */
async function setPrefs(page: Page, prefs: { locale: 'zh-CN' | 'en'; largeType: boolean }): Promise<void> {
  await page.evaluate((value) => {
    const store = (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage;
    store.setItem('yiban.prefs', JSON.stringify({ data: JSON.stringify(value) }));
  }, prefs);
}

describe('administration (H5)', () => {
  it('admin creates a staff account and finds a patient read in the audit log', async () => {
    // A patient with a Cardiology appointment: Cardiology's nurses care for her.
    const patient = await consentedPatient(env.stack, '审计测试');
    await book(env.stack, patient.token, (await makeSlot(env.stack, { fee: 0 })).id);

    const admin = await openBrowser({ width: 1366, height: 900 });
    const a = admin.page;
    try {
      await staffSignIn(env, a, 'admin');
      await openTask(a, 'staff', 'staff-accounts');
      await visible(a, '[data-testid="account-row"][data-username="nurse.wang"]').waitFor({ timeout: 20_000 });
      await shot(a, 'admin-1-accounts');

      // 新建账号: what is missing is said beside each field, and goes away as soon as it is fixed.
      await byTestId(a, 'account-new').click();
      const editor = byTestId(a, 'account-editor');
      await editor.waitFor({ timeout: 10_000 });
      await type(a, 'account-username', 'nurse.zhou');
      await type(a, 'account-display-name', '周护士');
      await type(a, 'account-password', 'short1');
      await byTestId(a, 'account-save').click();
      expect(await byTestId(a, 'account-problem-password').textContent()).toContain('至少 10 位');
      expect(await byTestId(a, 'account-problem-roles').textContent()).toContain('至少选择一个角色');
      await editor.locator('[data-testid="account-roles"] [data-value="nurse"]').click();
      expect(await byTestId(a, 'account-problem-roles').count()).toBe(0);
      expect(await byTestId(a, 'account-problem-departmentId').textContent()).toContain('医生和护士需要选择所在科室');
      await editor.locator('[data-testid="account-departments"]').getByText('心血管内科', { exact: true }).click();
      expect(await byTestId(a, 'account-problem-departmentId').count()).toBe(0);
      await type(a, 'account-password', 'Nurse-zhou-2026');
      expect(await byTestId(a, 'account-problem-password').count()).toBe(0);
      await shot(a, 'admin-2-new-account');
      const created = a.waitForResponse((r) => r.url().endsWith('/api/v1/staff') && r.request().method() === 'POST');
      await byTestId(a, 'account-save').click();
      const account = (await (await created).json()) as StaffAccountView;
      expect(account).toMatchObject({ username: 'nurse.zhou', roles: ['nurse'], departmentId: await departmentId(env.stack, 'CARD'), active: true });
      // The panel now edits the new account; the list has it.
      await visible(a, '[data-testid="account-editor"][data-mode="edit"]').waitFor({ timeout: 10_000 });
      await byTestId(a, 'account-close').click();
      const row = visible(a, '[data-testid="account-row"][data-username="nurse.zhou"]');
      await row.waitFor({ timeout: 10_000 });
      expect(await row.textContent()).toContain('从未登录');

      // The new nurse reads the patient's record.
      const nurse = await staffLogin(env.stack, 'nurse.zhou', 'Nurse-zhou-2026');
      expect((await env.stack.api.get(`/patients/${patient.patientId}`, { token: nurse })).status).toBe(200);

      // 审计日志: the read, who, her roles then, whose record (name, masked phone and ID), why.
      await openTask(a, 'audit', 'audit-log');
      const entry = visible(a, `[data-testid="audit-entry"][data-action="patient.read"][data-patient-id="${patient.patientId}"]`);
      await entry.waitFor({ timeout: 20_000 });
      expect(await entry.locator('[data-testid="audit-actor"]').textContent()).toBe('周护士');
      expect(await entry.locator('[data-testid="audit-roles"]').textContent()).toBe('当时角色：护士');
      expect(await entry.locator('[data-testid="audit-action"]').textContent()).toBe('查看患者资料');
      const who = (await entry.locator('[data-testid="audit-patient"]').textContent()) ?? '';
      expect(who).toContain('审计测试');
      expect(who).toMatch(/138\*{4}\d{4}/);
      expect(who).toMatch(/\d{4}\*{10}\d{3}[\dX]/);
      expect(await entry.locator('[data-testid="audit-purpose"]').textContent()).toBe('用途：view profile');
      await shot(a, 'admin-3-audit-log');

      // Tap the patient's name: only entries about her.
      await entry.locator('[data-testid="audit-patient-name"]').click();
      await byTestId(a, 'audit-clear-patient').waitFor({ timeout: 10_000 });
      expect(await byTestId(a, 'audit-clear-patient').textContent()).toContain('只看患者：审计测试');
      await a.waitForFunction(
        (id) => {
          type El = { offsetParent: unknown; getAttribute(name: string): string | null };
          const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<El> } }).document;
          const shown = Array.from(doc.querySelectorAll('[data-testid="audit-entry"]')).filter((e) => e.offsetParent !== null);
          return shown.length > 0 && shown.every((e) => e.getAttribute('data-patient-id') === id);
        },
        patient.patientId,
        { timeout: 15_000 },
      );
      await shot(a, 'admin-4-audit-one-patient');

      // Reset the nurse's password: her session ends at once.
      await openTask(a, 'staff', 'staff-accounts');
      await type(a, 'account-search', 'zhou');
      const zhou = visible(a, '[data-testid="account-row"][data-username="nurse.zhou"]');
      await zhou.waitFor({ timeout: 10_000 });
      await a.waitForFunction(() => {
        const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ offsetParent: unknown }> } }).document;
        return Array.from(doc.querySelectorAll('[data-testid="account-row"]')).filter((e) => e.offsetParent !== null).length === 1;
      });
      await zhou.click();
      await visible(a, '[data-testid="account-editor"][data-mode="edit"]').waitFor({ timeout: 10_000 });
      await type(a, 'account-new-password', 'abc');
      await byTestId(a, 'account-reset-submit').click();
      expect(await byTestId(a, 'account-problem-newPassword').textContent()).toContain('至少 10 位');
      await type(a, 'account-new-password', 'Nurse-zhou-2027');
      expect(await byTestId(a, 'account-problem-newPassword').count()).toBe(0);
      await byTestId(a, 'account-reset-submit').click();
      expect(await answerModal(a, 'confirm')).toContain('确定为 周护士 设置新密码吗');
      await a.getByText('已重置 周护士 的密码').first().waitFor({ timeout: 10_000 });
      expect((await env.stack.api.get('/me', { token: nurse })).status).toBe(401);
      expect(await staffLogin(env.stack, 'nurse.zhou', 'Nurse-zhou-2027')).toEqual(expect.any(String));

      // Disable: asked first, then shown as 已停用.
      await byTestId(a, 'account-disable').click();
      expect(await answerModal(a, 'confirm')).toContain('确定停用 周护士 的账号吗');
      await byTestId(a, 'account-enable').waitFor({ timeout: 10_000 });
      await byTestId(a, 'account-close').click();
      await visible(a, '[data-testid="account-row"][data-username="nurse.zhou"][data-active="no"]').waitFor({ timeout: 10_000 });
      expect((await env.stack.api.post('/auth/staff/login', { username: 'nurse.zhou', password: 'Nurse-zhou-2027' })).body.code).toBe('AUTH_ACCOUNT_DISABLED');
      await shot(a, 'admin-5-account-disabled');

      expect(admin.errors).toEqual([]);
    } finally {
      await admin.close();
    }
  }, 240_000);

  it('service staff see a consultation’s rating', async () => {
    // A patient asks Cardiology; Dr Zhang answers; the patient closes the consultation and rates it.
    const patient = await consentedPatient(env.stack, '李小龙');
    const cardiology = await departmentId(env.stack, 'CARD');
    const { consultation } = await ask(env.stack, patient.token, { kind: 'health_consult', departmentId: cardiology, question: '血压偏高需要调整用药吗？' });
    const zhang = await staffLogin(env.stack, 'doctor.zhang');
    expect((await env.stack.api.post(`/consultations/${consultation.id}/claim`, {}, { token: zhang })).status).toBeLessThan(300);
    expect((await env.stack.api.post(`/consultations/${consultation.id}/messages`, { text: '先不用调整，每天测两次血压。' }, { token: zhang })).status).toBe(
      201,
    );
    expect((await env.stack.api.post(`/consultations/${consultation.id}/close`, {}, { token: patient.token })).status).toBeLessThan(300);
    const comment = '等了两个小时才回复，希望能快一点';
    expect((await env.stack.api.post(`/consultations/${consultation.id}/rating`, { score: 2, comment }, { token: patient.token })).status).toBeLessThan(300);

    const service = await openBrowser({ width: 1366, height: 900 });
    const s = service.page;
    try {
      await staffSignIn(env, s, 'service.zhao');
      await openTask(s, 'ratings', 'consult-ratings');
      const item = visible(s, `[data-testid="rating-item"][data-consultation-id="${consultation.id}"]`);
      await item.waitFor({ timeout: 20_000 });
      expect(await item.getAttribute('data-score')).toBe('2');
      expect(await item.locator('[data-testid="rating-comment"]').textContent()).toBe(comment);
      const who = item.locator('[data-testid="rating-patient"]');
      expect(await who.textContent()).toBe('患者：李*龙');
      expect(await who.getAttribute('data-masked')).toBe('yes');
      const text = (await item.textContent()) ?? '';
      expect(text).toContain('心血管内科');
      expect(text).toContain('接诊：张伟医生');
      expect(text).not.toContain('每天测两次血压'); // the chat itself is never shown
      // The summary: one rating, average 2.0, the 2-star bar full and the others empty.
      const summary = byTestId(s, 'ratings-summary');
      expect(await summary.getAttribute('data-count')).toBe('1');
      expect(await byTestId(s, 'ratings-average').textContent()).toBe('2.0');
      expect(await byTestId(s, 'ratings-bar-2').getAttribute('data-count')).toBe('1');
      const [full, empty] = await Promise.all([
        byTestId(s, 'ratings-bar-2').locator('.yb-rating-bar__fill').boundingBox(),
        byTestId(s, 'ratings-bar-5').locator('.yb-rating-bar__fill').boundingBox(),
      ]);
      expect(full!.width).toBeGreaterThan(100);
      expect(empty?.width ?? 0).toBe(0);
      await shot(s, 'ratings-1-service-desktop');

      // 3 星及以下 keeps it; 1–2 星 too.
      await byTestId(s, 'ratings-filter-score').getByText('1–2 星').click();
      await visible(s, '[data-testid="ratings-filter-score"] [data-value="2"][data-on="yes"]').waitFor();
      await item.waitFor({ timeout: 10_000 });
      expect(await byTestId(s, 'ratings-summary').getAttribute('data-count')).toBe('1');
      expect(service.errors).toEqual([]);
    } finally {
      await service.close();
    }

    // On a phone, in English and large type.
    const phone = await openBrowser({ width: 390, height: 844 });
    const p = phone.page;
    try {
      await staffSignIn(env, p, 'service.zhao');
      await setPrefs(p, { locale: 'en', largeType: true });
      await p.goto(`${env.h5Url}/#/packages/staff/pages/ratings/index`);
      await p.reload();
      await p.locator('[data-large-type="on"][data-locale="en"]:visible').first().waitFor({ timeout: 20_000 });
      const item = visible(p, `[data-testid="rating-item"][data-consultation-id="${consultation.id}"]`);
      await item.waitFor({ timeout: 20_000 });
      const text = (await item.textContent()) ?? '';
      expect(text).toContain('2 out of 5');
      expect(text).toContain('Cardiology');
      expect(text).toContain('Patient: 李*龙');
      expect(await byTestId(p, 'ratings-summary').textContent()).toContain('Average 2.0 · Ratings: 1');
      expect(await fontSizeOf(item.locator('[data-testid="rating-comment"]'))).toBeGreaterThanOrEqual(22);
      // Nothing wider than the phone.
      const box = await byTestId(p, 'ratings-summary').boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      await shot(p, 'ratings-2-service-phone-en');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 240_000);
});
