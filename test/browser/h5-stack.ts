import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, type BrowserContext, type Locator, type Page } from '../../miniapp/scripts/chromium.mjs';
import { serveH5 } from '../../miniapp/scripts/serve-h5.mjs';
import { DEMO_STAFF_PASSWORD } from '@yiban/server';
import { identity, seed } from '../support/actors.js';
import { startStack, type Stack } from '../support/stack.js';

export { fontSizeOf } from '../../miniapp/scripts/chromium.mjs';
export type { Page };

export const ARTIFACTS = path.resolve(new URL('.', import.meta.url).pathname, '../../test-artifacts/browser');

export interface BrowserStack {
  stack: Stack;
  h5Url: string;
  close(): Promise<void>;
}

/** Simulator + fresh database (demo data) + server, and the built H5 app served against them; `overrides` replace server variables. */
export async function startBrowserStack(overrides: Record<string, string> = {}): Promise<BrowserStack> {
  const stack = await startStack(overrides);
  await seed(stack);
  const h5 = await serveH5({ port: 0, apiBaseUrl: `${stack.api.baseUrl}/api/v1`, wechatSimUrl: stack.simUrl });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    stack,
    h5Url: h5.url,
    async close() {
      await h5.close();
      await stack.close();
    },
  };
}

/** A new browser (fresh profile: a first launch) with one page; console errors are collected for the failure message. */
export async function openBrowser(viewport?: {
  width: number;
  height: number;
}): Promise<{ context: BrowserContext; page: Page; errors: string[]; close(): Promise<void> }> {
  const browser = await launchChromium({ viewport });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context: browser.context, page, errors, close: browser.close };
}

/**
 * The pictures in README.md and docs/: the journeys' own screenshots, copied to docs/screenshots/ as JPEG when the
 * browser tests run with DOCS_SCREENSHOTS=1 (`pnpm run screenshots`), so the docs show what the tests saw.
 */
export const DOCS_SHOTS: Readonly<Record<string, string>> = {
  'home-1-what-is-next': 'patient-home',
  'booking-1-doctor-slots': 'patient-doctor',
  'booking-4-qr': 'patient-check-in',
  'consult-6-patient-chat': 'patient-chat',
  'orders-3-refund': 'patient-orders',
  'english-3-doctor': 'patient-english',
  'notifications-2-messages-zh-large': 'patient-large-type',
  'booking-7-front-desk': 'console-front-desk',
  'consult-5-console-chat': 'console-chat',
  'admin-3-audit-log': 'console-audit-log',
  'ratings-1-service-desktop': 'console-ratings',
};
export const DOCS_SCREENSHOTS = path.resolve(new URL('.', import.meta.url).pathname, '../../docs/screenshots');

export async function shot(page: Page, name: string): Promise<void> {
  // Let Taro's page-slide transition finish so the picture shows one page, not two halves.
  await page.waitForTimeout(450);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const docs = DOCS_SHOTS[name];
  if (docs && process.env.DOCS_SCREENSHOTS === '1') {
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS_SCREENSHOTS, `${docs}.jpg`), type: 'jpeg', quality: 72, fullPage: true });
  }
}

/** Taro's H5 router keeps earlier pages in the DOM, hidden: only the visible copy counts. */
export function visible(page: Page, selector: string): Locator {
  return page.locator(`${selector}:visible`);
}

export function byTestId(page: Page, id: string): Locator {
  return visible(page, `[data-testid="${id}"]`);
}

/** NutUI buttons are <taro-button-core> elements: click the element with the text, not the text node. */
export function button(page: Page, text: string | RegExp): Locator {
  return page.locator('taro-button-core:visible', { hasText: text }).first();
}

/** Types into the input or textarea under a test id (or the element itself when it is the field). */
export async function fill(page: Page, testId: string, value: string): Promise<void> {
  const box = byTestId(page, testId).first();
  // A Taro field (<taro-input-core>) renders its <input> a moment after the element itself: wait for the inner field
  // unless the element is the field (an input, a textarea, an editable element). Counting the inner fields at once
  // raced that render under load and typed into the wrapper.
  const isField = await box.evaluate((el) => ['INPUT', 'TEXTAREA'].includes(el.tagName) || (el as { isContentEditable?: boolean }).isContentEditable === true);
  await (isField ? box : box.locator('input, textarea').first()).fill(value);
}

/**
 * The H5 build's stand-in for WeChat's subscribe popup (a Taro modal naming the templates): waits for it and taps
 * 允许 or 取消. Returns the modal's text (the template titles WeChat would list).
 */
export async function answerSubscribePopup(page: Page, choice: 'allow' | 'cancel'): Promise<string> {
  // The wrapper is 0×0 (its children are position: fixed): look for the dialog itself.
  const modal = page.locator('.taro__modal .taro-modal__content:visible');
  await modal.waitFor({ timeout: 15_000 });
  const text = (await modal.textContent()) ?? '';
  await modal.locator(`.taro-model__${choice === 'allow' ? 'confirm' : 'cancel'}`).click();
  await modal.waitFor({ state: 'hidden', timeout: 5_000 });
  return text;
}

/**
 * Any Taro modal (the H5 stand-ins for WeChat's pay sheet and subscribe popup, and the app's confirmations): waits for
 * it, returns its text and taps confirm or cancel; then waits until it is gone — or replaced by the next modal
 * (the subscribe popup right after the pay sheet).
 */
export async function answerModal(page: Page, choice: 'confirm' | 'cancel'): Promise<string> {
  const modal = page.locator('.taro__modal .taro-modal__content:visible');
  await modal.waitFor({ timeout: 15_000 });
  const text = (await modal.textContent()) ?? '';
  await modal.locator(`.taro-model__${choice}`).click();
  await page.waitForFunction(
    (before) => {
      // Runs in the page (this package's types have no DOM).
      type ModalElement = { offsetParent: unknown; textContent: string | null };
      const doc = (globalThis as unknown as { document: { querySelectorAll(selector: string): ArrayLike<ModalElement> } }).document;
      const shown = Array.from(doc.querySelectorAll('.taro__modal .taro-modal__content')).find((e) => e.offsetParent !== null);
      return !shown || shown.textContent !== before;
    },
    text,
    { timeout: 5_000 },
  );
  return text;
}

/** On the consent screen: ticks the two required consents (and marketing when asked) and taps "agree". */
export async function agreeToConsents(page: Page, marketing = false): Promise<void> {
  await byTestId(page, 'consent-check-privacy_policy').click();
  await byTestId(page, 'consent-check-health_data').click();
  if (marketing) await byTestId(page, 'consent-check-marketing').click();
  await button(page, '同意并继续').click();
}

/** A new patient's first launch: the consent screen agreed to, the reminders popup declined, then the home page. */
export async function firstLaunch(env: BrowserStack, page: Page): Promise<void> {
  await page.goto(`${env.h5Url}/#/pages/home/index`);
  await byTestId(page, 'consent').waitFor({ timeout: 30_000 });
  await agreeToConsents(page);
  await answerSubscribePopup(page, 'cancel');
  await byTestId(page, 'home').waitFor({ timeout: 20_000 });
}

/** What the H5 build keeps in localStorage under `key` (Taro wraps each value as {data}), parsed as JSON when it is. */
async function stored<T>(page: Page, key: string): Promise<T | null> {
  const raw = await page.evaluate((k) => {
    // Runs in the page (this package's types have no DOM).
    const store = (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage;
    return store.getItem(k);
  }, key);
  if (!raw) return null;
  let value: unknown = raw;
  try {
    const wrapped = JSON.parse(raw) as { data?: unknown };
    value = wrapped && typeof wrapped === 'object' && 'data' in wrapped ? wrapped.data : wrapped;
    if (typeof value === 'string') value = JSON.parse(value);
  } catch {
    // a plain string
  }
  return value as T;
}

/** The browser's patient session: its access token and the profile it acts for. */
export async function browserPatient(page: Page): Promise<{ token: string; patientId: string }> {
  const tokens = await stored<{ token: string }>(page, 'yiban.patient.tokens');
  const patientId = await stored<string>(page, 'yiban.activePatient');
  if (!tokens?.token || !patientId) throw new Error('no patient session in the browser');
  return { token: tokens.token, patientId: String(patientId) };
}

let phones = 0;
/** A mainland mobile number no other test patient has. */
export function testPhone(): string {
  return `137${String(process.pid % 10_000).padStart(4, '0')}${String(++phones).padStart(4, '0')}`;
}

/**
 * For tests that are not about real names (实名): the browser patient's own profile gets a name, a resident ID card
 * and a phone through the API (as if done on another device), and the app is reloaded to see it.
 */
export async function completeRealName(env: BrowserStack, page: Page, name = '王小明'): Promise<void> {
  const { token, patientId } = await browserPatient(page);
  const res = await env.stack.api.patch(
    `/me/patients/${patientId}`,
    { name, idType: 'resident_id', idNumber: identity().idNumber, phone: testPhone() },
    { token },
  );
  if (res.status !== 200) throw new Error(`completing the real name failed: ${res.status} ${JSON.stringify(res.body)}`);
  await page.reload();
  await byTestId(page, 'home').waitFor({ timeout: 20_000 });
}

/** A first launch (see firstLaunch) by a patient who then completes their real name, so they may book and consult. */
export async function firstLaunchWithRealName(env: BrowserStack, page: Page, name = '王小明'): Promise<void> {
  await firstLaunch(env, page);
  await completeRealName(env, page, name);
}

/** A demo staff member signs in on the staff login page and reaches the workbench. */
export async function staffSignIn(env: BrowserStack, page: Page, username: string): Promise<void> {
  await page.goto(`${env.h5Url}/#/packages/staff/pages/login/index`);
  await byTestId(page, 'staff-login').waitFor({ timeout: 30_000 });
  await fill(page, 'staff-username', username);
  await fill(page, 'staff-password', DEMO_STAFF_PASSWORD);
  await button(page, '登录').click();
  await byTestId(page, 'staff-home').waitFor({ timeout: 20_000 });
}

/**
 * What the page shows, for a failure message: the URL, the Taro pages in the DOM (which one is visible) and the
 * test ids visible now. Taro keeps earlier pages hidden in the DOM, so "not visible" can mean "another page shows".
 */
export async function describePage(page: Page): Promise<string> {
  // Runs in the page (a string: this project's TypeScript has no DOM types).
  const state = (await page.evaluate(`(() => {
    const shown = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const pages = [...document.querySelectorAll('.taro_page')].map((p) => (p.id || '?') + (shown(p) ? ' (visible)' : ''));
    const ids = [...document.querySelectorAll('[data-testid]')].filter(shown).map((el) => {
      const extra = [...el.attributes].filter((a) => a.name.startsWith('data-') && a.name !== 'data-testid').map((a) => a.name + '=' + a.value);
      return el.getAttribute('data-testid') + (extra.length ? '[' + extra.join(' ') + ']' : '');
    });
    return { pages, ids: [...new Set(ids)].slice(0, 60) };
  })()`)) as { pages: string[]; ids: string[] };
  return `url ${page.url()}\npages: ${state.pages.join(', ')}\nvisible test ids: ${state.ids.join(', ')}`;
}
