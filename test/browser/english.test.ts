// English everywhere a patient looks: the booking journey (departments → doctors → doctor → confirm) in English for
// a department whose texts the hospital entered in English shows no Chinese of our own — only the patient's own
// name, which is theirs; a text with no English yet is shown in Chinese and marked "In Chinese". The staff console
// switches language on its sign-in page and keeps it; the admin enters a missing English text, and patients see it.
import type { CreateSchedulesRequest, CreateSchedulesResponse, DoctorView } from '@yiban/shared';
import { demoDoctor, staffLogin } from '../support/actors.js';
import { button, byTestId, fill, firstLaunchWithRealName, openBrowser, shot, startBrowserStack, type BrowserStack, type Page } from './h5-stack.js';
import { DEMO_STAFF_PASSWORD } from '@yiban/server';

/** CJK ideographs, CJK punctuation and full-width forms: any of them on an English page is Chinese left behind. */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+/g;
const PATIENT_NAME = '王小明';

let env: BrowserStack;
let doctor: DoctorView;
beforeAll(async () => {
  env = await startBrowserStack();
  doctor = await demoDoctor(env.stack, '张伟');
}, 120_000);
afterAll(() => env?.close());

const BEIJING_MS = 8 * 3_600_000;
const beijingDate = (d: Date) => new Date(d.getTime() + BEIJING_MS).toISOString().slice(0, 10);
const isoWeekday = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
};

/** The app's settings as the H5 build keeps them (Taro wraps stored values as {data}); read at the next launch. */
async function setPrefs(page: Page, prefs: { locale: 'zh-CN' | 'en'; largeType: boolean }): Promise<void> {
  await page.evaluate((value) => {
    const store = (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage;
    store.setItem('yiban.prefs', JSON.stringify({ data: JSON.stringify(value) }));
  }, prefs);
}

/**
 * The Chinese on the visible page (what a reader sees: hidden pages Taro keeps in the DOM do not count), less what is
 * legitimately Chinese: the patient's own name.
 */
async function chineseOnPage(page: Page, allowed: string[] = []): Promise<string[]> {
  await page.waitForTimeout(450); // Taro's page transition: the page before is still on screen until it ends
  const text = await page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText);
  const lines = text
    .split('\n')
    .map((line) => allowed.reduce((l, a) => l.split(a).join(''), line))
    .filter((line) => CJK.test(line));
  CJK.lastIndex = 0;
  return lines;
}

describe('English mode (H5)', () => {
  it('books through departments → doctors → doctor → confirm in English with no Chinese from the catalogue; a text with no English is marked', async () => {
    const date = beijingDate(new Date(Date.now() + 4 * 86_400_000));
    const token = await staffLogin(env.stack, 'admin');
    const pattern: CreateSchedulesRequest = {
      doctorId: doctor.id,
      fromDate: date,
      weeks: 1,
      pattern: [{ weekday: isoWeekday(date), period: 'morning', start: '09:00', end: '10:00', slotMinutes: 30, capacityPerSlot: 3, visitType: 'expert' }],
    };
    const created = await env.stack.api.post<CreateSchedulesResponse>('/schedules/bulk', pattern, { token });
    expect(created.status).toBeLessThan(300);

    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunchWithRealName(env, page, PATIENT_NAME);
      await setPrefs(page, { locale: 'en', largeType: false });
      // Read at launch: a new hash alone is no launch, so the page is loaded again.
      await page.goto(`${env.h5Url}/#/pages/booking/index`);
      await page.reload();
      await page.locator('[data-locale="en"]:visible').first().waitFor({ timeout: 20_000 });

      // 预约 in English: every department by its English name; the one location with no English is marked.
      await page.getByText('Cardiology').first().waitFor({ timeout: 20_000 });
      const checkUps = page.locator('.yb-row:visible', { hasText: 'Health Check Centre' });
      expect(await checkUps.textContent()).toContain('体检楼');
      expect(await checkUps.locator('[data-testid="in-chinese"]').textContent()).toBe('In Chinese');
      const departmentsPage = await chineseOnPage(page);
      // Only the unmarked fallback row may carry Chinese, and it carries the mark.
      expect(departmentsPage.every((line) => line.includes('体检楼'))).toBe(true);
      await shot(page, 'english-1-departments');

      // Doctors of Cardiology: department texts and every doctor card in English.
      await page.getByText('Cardiology').first().click();
      await page.locator(`[data-testid="doctor-link"][data-doctor-id="${doctor.id}"]:visible`).waitFor({ timeout: 20_000 });
      expect(await page.locator('.yb-page:visible').first().textContent()).toContain('Outpatient Building, floor 3, zone A');
      expect(await chineseOnPage(page)).toEqual([]);
      expect(await page.locator('[data-testid="in-chinese"]:visible').count()).toBe(0);
      await shot(page, 'english-2-doctors');

      // The doctor, the day, a slot.
      await page.locator(`[data-testid="doctor-link"][data-doctor-id="${doctor.id}"]:visible`).click();
      await byTestId(page, 'doctor-page').waitFor({ timeout: 20_000 });
      await page.locator(`[data-testid="strip-day"][data-date="${date}"]:visible`).click();
      const slot = byTestId(page, 'slot').filter({ hasText: '09:00–09:30' });
      await slot.waitFor({ timeout: 20_000 });
      expect(await chineseOnPage(page)).toEqual([]);
      await shot(page, 'english-3-doctor');
      await slot.click();

      // Confirm: doctor, department, place in English; the patient's own name is the one Chinese on the page.
      await byTestId(page, 'confirm').waitFor({ timeout: 20_000 });
      const confirm = (await byTestId(page, 'confirm').textContent()) ?? '';
      for (const part of ['Zhang Wei', 'Cardiology', 'Outpatient Building, floor 3, zone A', PATIENT_NAME]) expect(confirm).toContain(part);
      expect(await chineseOnPage(page, [PATIENT_NAME])).toEqual([]);
      await shot(page, 'english-4-confirm');
    } finally {
      await browser.close();
    }
    expect(browser.errors).toEqual([]);
  }, 180_000);

  it('the staff console switches to English on its sign-in page and keeps it; the admin enters a missing English text and patients read it', async () => {
    const browser = await openBrowser({ width: 1280, height: 900 });
    const { page } = browser;
    try {
      await page.goto(`${env.h5Url}/#/packages/staff/pages/login/index`);
      await byTestId(page, 'staff-login').waitFor({ timeout: 30_000 });
      expect(await byTestId(page, 'console-language-zh-CN').getAttribute('data-selected')).toBe('yes');
      await byTestId(page, 'console-language-en').click();
      await byTestId(page, 'staff-login').getByText('Staff sign-in').waitFor({ timeout: 10_000 });
      expect(await chineseOnPage(page, ['简体中文'])).toEqual([]);
      await shot(page, 'english-5-staff-login');

      await fill(page, 'staff-username', 'admin');
      await fill(page, 'staff-password', DEMO_STAFF_PASSWORD);
      await button(page, 'Sign in').click();
      await byTestId(page, 'staff-home').waitFor({ timeout: 20_000 });
      // The admin's own display name (系统管理员) is data, not ours; the language switch names Chinese in Chinese.
      expect(await chineseOnPage(page, ['系统管理员', '简体中文'])).toEqual([]);

      // Kept on this device: a reload opens the console in English.
      await page.reload();
      await byTestId(page, 'staff-home').waitFor({ timeout: 20_000 });
      expect(await byTestId(page, 'console-language-en').first().getAttribute('data-selected')).toBe('yes');

      // Departments and doctors: what still has no English, and an editor with both languages side by side.
      await page.locator('.yb-console__nav:visible', { hasText: 'Departments and doctors' }).click();
      await byTestId(page, 'catalog-editor').waitFor({ timeout: 20_000 });
      const checkUps = page.locator('[data-testid="catalog-department"][data-code="HCHK"]:visible');
      expect(await checkUps.locator('[data-testid="catalog-missing"][data-of="department"]').getAttribute('data-fields')).toBe('location');
      expect(await checkUps.locator('[data-testid="catalog-missing"][data-of="department"]').textContent()).toBe('No English: Location');
      const cardiology = page.locator('[data-testid="catalog-department"][data-code="CARD"]:visible');
      await cardiology.locator('[data-testid="catalog-complete"][data-of="department"]').waitFor();
      await shot(page, 'english-6-catalog');

      await checkUps.locator('[data-testid="catalog-edit-department"]').click();
      await byTestId(page, 'catalog-department-form').waitFor();
      expect(await byTestId(page, 'catalog-location-zh').locator('input').inputValue()).toBe('体检楼 1–2 层');
      await fill(page, 'catalog-location-en', 'Health Check Building, floors 1–2');
      await shot(page, 'english-7-catalog-edit');
      await byTestId(page, 'catalog-save').click();
      await checkUps.locator('[data-testid="catalog-complete"][data-of="department"]').waitFor({ timeout: 10_000 });

      const departments = await env.stack.api.get<{ code: string; location: string; fallback: string[] }[]>('/departments', { language: 'en' });
      expect(departments.body.find((d) => d.code === 'HCHK')).toMatchObject({ location: 'Health Check Building, floors 1–2', fallback: [] });

      // Back to Chinese from the sidebar: the console follows at once.
      await page.locator('.yb-console__side [data-testid="console-language-zh-CN"]').click();
      await page.locator('.yb-console__title:visible', { hasText: '科室与医生' }).waitFor({ timeout: 10_000 });
      expect(await byTestId(page, 'catalog-editor').textContent()).toContain('中英文齐全');
    } finally {
      await browser.close();
    }
    expect(browser.errors).toEqual([]);
  }, 180_000);
});
