// A patient's first visit in the browser build: silent WeChat sign-in (the simulator stands in for wx.login),
// the consent screen, the home page; a family member added and made the acting profile; English and large type.
// And real-name registration (实名): a new patient who tries to book is asked for their real name, ID card and phone,
// completes them and books the slot they chose; another, in English and large type, registers by passport (with
// nationality) from the consultation page and sends the question they had already written.
import { appointmentRows, consentRows, makeSlot, patientRows } from '@yiban/server/testing';
import { identity } from '../support/actors.js';
import {
  agreeToConsents,
  answerSubscribePopup,
  browserPatient,
  button,
  byTestId,
  fill,
  firstLaunch,
  fontSizeOf,
  openBrowser,
  shot,
  startBrowserStack,
  testPhone,
  type BrowserStack,
  type Page,
} from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack();
}, 120_000);
afterAll(() => env?.close());

const beijingDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** On the phone page: the H5 stand-in for WeChat's phone-number prompt, given `phone`, allowed with `allow`. */
async function bindPhoneAtPrompt(page: Page, buttonText: string, phone: string, allow: string): Promise<void> {
  await button(page, buttonText).click();
  await byTestId(page, 'phone-sim-prompt').waitFor({ timeout: 10_000 });
  await fill(page, 'phone-sim-number', phone);
  await button(page, allow).click();
}

describe('patient in the browser (H5)', () => {
  it('first launch → consent (each choice recorded) → signed-in home', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(`${env.h5Url}/#/pages/home/index`);
      await byTestId(page, 'consent').waitFor({ timeout: 30_000 });
      await shot(page, 'patient-1-consent');

      // Agreeing without the required ticks explains what is missing and records nothing.
      await button(page, '同意并继续').click();
      await page.getByText('这两项是使用服务所必需的').first().waitFor();
      await shot(page, 'patient-2-consent-required');

      await agreeToConsents(page, true);
      await answerSubscribePopup(page, 'allow');

      await byTestId(page, 'home').waitFor({ timeout: 20_000 });
      await byTestId(page, 'acting-profile').waitFor();
      await shot(page, 'patient-3-home');

      // The new WeChat user's own profile (the demo data's patients all have names).
      const mine = (await patientRows.find(env.stack)).filter((p) => p.name === null);
      expect(mine).toHaveLength(1);
      const rows = await consentRows.find(env.stack, { patientId: mine[0]!.id });
      expect(rows.map((r) => [r.kind, r.granted]).sort()).toEqual([
        ['health_data', true],
        ['marketing', true],
        ['privacy_policy', true],
      ]);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('adds a family member and switches the acting profile to them', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunch(env, page);
      await byTestId(page, 'tile-family').click();
      await byTestId(page, 'family').waitFor();
      await button(page, '添加家庭成员').click();
      await byTestId(page, 'family-edit').waitFor();
      await fill(page, 'field-name', '王秀英');
      await byTestId(page, 'field-relationship').locator('[data-value="parent"]').click();
      await byTestId(page, 'field-gender').locator('[data-value="female"]').click();
      await fill(page, 'field-year', '1952');
      await fill(page, 'field-month', '3');
      await fill(page, 'field-day', '14');
      await byTestId(page, 'family-authorize').click();
      await shot(page, 'patient-4-family-add');
      await button(page, '保存').click();

      const mum = byTestId(page, 'family-member').filter({ hasText: '王秀英' });
      await mum.waitFor({ timeout: 20_000 });
      // Added without an ID card: marked as not yet registered by real name, with the way to complete it.
      expect(await mum.getAttribute('data-real-name')).toBe('missing');
      expect(await mum.locator('[data-testid="real-name-badge"]').textContent()).toBe('实名信息待补全');
      await mum.locator('[data-testid="family-complete"]').waitFor();
      await mum.getByText('切换为当前').click();
      await page.locator('[data-testid="family-member"][data-active="yes"]:visible', { hasText: '王秀英' }).waitFor({ timeout: 10_000 });
      await shot(page, 'patient-5-family-switched');

      await page.goto(`${env.h5Url}/#/pages/home/index`);
      await page.reload();
      await byTestId(page, 'acting-profile-name').filter({ hasText: '王秀英' }).waitFor({ timeout: 20_000 });
      await shot(page, 'patient-6-home-acting-for-mum');

      const mumRow = await patientRows.one(env.stack, { relationship: 'parent' });
      expect(mumRow.birthDate).toBe('1952-03-14');
      // Consent given on her behalf when she was added: she can be acted for without a second consent screen.
      const consents = await consentRows.find(env.stack, { patientId: mumRow.id });
      expect(consents.map((c) => c.kind).sort()).toEqual(['health_data', 'privacy_policy']);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('switches to English and to large type, and every page shows it', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunch(env, page);
      await byTestId(page, 'tile-settings').click();
      await byTestId(page, 'settings').waitFor();
      const preview = byTestId(page, 'settings-preview');
      const before = await fontSizeOf(preview);

      await byTestId(page, 'settings-language').locator('[data-value="en"]').click();
      await preview.filter({ hasText: 'Preview: this is how body text looks' }).waitFor();
      await page.locator('.nut-switch:visible').first().click();
      await page.locator('[data-large-type="on"]:visible').first().waitFor();
      const after = await fontSizeOf(preview);
      expect(after).toBeGreaterThanOrEqual(before * 1.25);
      await shot(page, 'patient-7-settings-english-large');

      // Another page, after a reload: the choice is remembered and applied there too.
      await page.goto(`${env.h5Url}/#/pages/home/index`);
      await page.reload();
      await byTestId(page, 'home').waitFor({ timeout: 20_000 });
      await page.getByText('Services').first().waitFor();
      const home = page.locator('.yb-page:visible').first();
      expect(await home.getAttribute('data-large-type')).toBe('on');
      expect(await home.getAttribute('data-locale')).toBe('en');
      const greeting = await fontSizeOf(byTestId(page, 'home-greeting'));
      expect(greeting).toBeGreaterThanOrEqual(30);
      await shot(page, 'patient-8-home-english-large');
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('a new patient tries to book, is asked for their real name, completes it (resident ID card, then phone) and books the slot they chose', async () => {
    const slot = await makeSlot(env.stack, { fee: 0, daysAhead: 3 });
    const { idNumber } = identity({ birthDate: '1948-10-01', gender: 'male' });
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunch(env, page);
      const { patientId } = await browserPatient(page);
      // 首页 already says what booking will ask for.
      await byTestId(page, 'home-real-name').filter({ hasText: '实名信息待补全' }).waitFor({ timeout: 10_000 });
      await byTestId(page, 'acting-profile').locator('[data-testid="real-name-badge"]').waitFor();

      // Dr Zhang's 09:00 visit → the confirmation: in place of the button, what is missing and why.
      await page.goto(`${env.h5Url}/#/packages/booking/pages/doctor/index?id=${slot.doctorId}`);
      await page.locator(`[data-testid="strip-day"][data-date="${beijingDate(slot.startsAt)}"]:visible`).click({ timeout: 20_000 });
      await byTestId(page, 'slot').filter({ hasText: '09:00–09:30' }).click({ timeout: 20_000 });
      await byTestId(page, 'confirm').waitFor({ timeout: 20_000 });
      const card = byTestId(page, 'real-name-card');
      await card.waitFor({ timeout: 10_000 });
      expect(await card.getAttribute('data-missing')).toBe('name,idDocument,phone');
      const said = (await card.textContent()) ?? '';
      expect(said).toContain('还需要：真实姓名、有效证件、手机号');
      expect(said).toContain('根据国家实名就医要求，挂号和问诊需要就诊人真实姓名和有效证件；证件号码加密保存，仅用于就诊登记。');
      expect(said).toContain('已选的就诊时间不变');
      expect(await byTestId(page, 'confirm-patient').textContent()).toContain('实名信息待补全');
      expect(await byTestId(page, 'confirm-submit').count()).toBe(0);
      await card.scrollIntoViewIfNeeded();
      await shot(page, 'patient-9-real-name-card');

      // 去补全 → 我的资料: a name alone is not enough; the ID card number fills in the birth date and sex.
      await byTestId(page, 'real-name-complete').click();
      await byTestId(page, 'profile-edit').waitFor({ timeout: 20_000 });
      await fill(page, 'field-name', '李建国');
      await byTestId(page, 'profile-save').click();
      await page.getByText('请填写证件号码').first().waitFor({ timeout: 5_000 });
      await fill(page, 'field-id-number', `${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}`); // a wrong check digit
      await byTestId(page, 'profile-save').click();
      await page.getByText('身份证号码不正确').first().waitFor({ timeout: 5_000 });
      await fill(page, 'field-id-number', idNumber);
      const facts = byTestId(page, 'field-fixed-facts');
      await facts.waitFor({ timeout: 5_000 });
      expect(await facts.textContent()).toContain('男 · 1948年10月1日');
      await byTestId(page, 'real-name-pending').scrollIntoViewIfNeeded();
      await shot(page, 'patient-10-real-name-form');
      await byTestId(page, 'profile-save').click();

      // Only the phone left: straight on to binding it, then back to the confirmation — the same slot.
      await byTestId(page, 'phone-current').waitFor({ timeout: 20_000 });
      await bindPhoneAtPrompt(page, '使用微信手机号', testPhone(), '允许');
      const submit = byTestId(page, 'confirm-submit');
      await submit.waitFor({ timeout: 20_000 });
      expect(await byTestId(page, 'real-name-card').count()).toBe(0);
      expect(await byTestId(page, 'confirm-time').textContent()).toContain('09:00–09:30');
      const patientRow = byTestId(page, 'confirm-patient');
      expect(await patientRow.textContent()).toContain('李建国');
      expect(await patientRow.textContent()).not.toContain('实名信息待补全');
      await shot(page, 'patient-11-real-name-done');
      await submit.click();
      const success = byTestId(page, 'result-success');
      await success.waitFor({ timeout: 30_000 });

      const appointment = await appointmentRows.one(env.stack, { id: (await success.getAttribute('data-appointment-id'))! });
      expect(appointment).toMatchObject({ slotId: slot.id, patientId, status: 'confirmed' });
      const row = await patientRows.one(env.stack, { id: patientId });
      expect(row).toMatchObject({ name: '李建国', idType: 'resident_id', nationality: 'CHN', birthDate: '1948-10-01', gender: 'male' });
      expect(row.idNumberEnc).not.toContain(idNumber.slice(6, 14)); // encrypted at rest
      expect(row.phoneEnc).toBeTruthy();
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('in English and large type: registers by passport with its nationality from the consultation page, and sends the question written before', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunch(env, page);
      const { patientId } = await browserPatient(page);
      await byTestId(page, 'tile-settings').click();
      await byTestId(page, 'settings').waitFor();
      await byTestId(page, 'settings-language').locator('[data-value="en"]').click();
      await page.locator('.nut-switch:visible').first().click();
      await page.locator('[data-large-type="on"][data-locale="en"]:visible').first().waitFor();

      // Online consultation: the card first, in English and large type; the question can be written meanwhile.
      await page.goto(`${env.h5Url}/#/packages/consult/pages/start/index`);
      const card = byTestId(page, 'real-name-card');
      await card.waitFor({ timeout: 20_000 });
      expect(await card.textContent()).toContain('Still needed: real name, identity document, phone number');
      expect(await card.textContent()).toContain('booking and consultations need the patient’s real name and a valid identity document');
      expect(await fontSizeOf(card.locator('.yb-h2'))).toBeGreaterThanOrEqual(26);
      await byTestId(page, 'consult-department').filter({ hasText: 'Cardiology' }).click();
      const question = 'My ankles have been swollen for a week. Should I see a doctor?';
      await byTestId(page, 'consult-question').locator('textarea').fill(question);
      await byTestId(page, 'real-name-notice').waitFor({ timeout: 20_000 });
      expect(await byTestId(page, 'consult-submit').count()).toBe(0);
      await card.scrollIntoViewIfNeeded();
      await shot(page, 'patient-12-real-name-consult-en-large');

      // The phone first (its own button), then the passport.
      await byTestId(page, 'real-name-phone').click();
      await byTestId(page, 'phone-current').waitFor({ timeout: 20_000 });
      await bindPhoneAtPrompt(page, 'Use my WeChat phone number', testPhone(), 'Allow');
      await page.locator('[data-testid="real-name-card"][data-missing="name,idDocument"]:visible').waitFor({ timeout: 20_000 });
      await byTestId(page, 'real-name-complete').click();
      await byTestId(page, 'profile-edit').waitFor({ timeout: 20_000 });
      await fill(page, 'field-name', 'John Smith');
      await byTestId(page, 'field-id-type').locator('[data-value="passport"]').click();
      await fill(page, 'field-id-number', 'e1234 5678');
      await byTestId(page, 'field-gender').locator('[data-value="male"]').click();
      await fill(page, 'field-year', '1980');
      await fill(page, 'field-month', '5');
      await fill(page, 'field-day', '2');
      await byTestId(page, 'profile-save').click();
      await page.getByText('Please choose the nationality on the passport').first().waitFor({ timeout: 5_000 });
      await byTestId(page, 'field-nationality').locator('[data-value="USA"]').click();
      expect(await fontSizeOf(byTestId(page, 'field-id-type').locator('[data-value="passport"]'))).toBeGreaterThanOrEqual(20);
      await shot(page, 'patient-13-passport-en-large');
      await byTestId(page, 'profile-save').click();

      // Back where they were: no card, the question still there, and it goes.
      const submit = byTestId(page, 'consult-submit');
      await submit.waitFor({ timeout: 20_000 });
      expect(await byTestId(page, 'real-name-card').count()).toBe(0);
      expect(await byTestId(page, 'consult-question').locator('textarea').inputValue()).toBe(question);
      await submit.click();
      await byTestId(page, 'consult-chat').waitFor({ timeout: 20_000 });

      const row = await patientRows.one(env.stack, { id: patientId });
      expect(row).toMatchObject({ name: 'John Smith', idType: 'passport', nationality: 'USA', birthDate: '1980-05-02', gender: 'male' });
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
