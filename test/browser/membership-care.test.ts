// The one-to-one side of membership in the browser build: a patient's invitation code on 会员中心; a second new
// patient enters it and sees it taken; entering one's own code is refused in words (REFERRAL_OWN_FAMILY); the inviter
// sees the invitation counted; a platinum patient (a visit with ¥35,000 kept) sees their health butler, 陈健康管家.
import { recordHisVisit } from '@yiban/server/testing';
import {
  browserPatient,
  byTestId,
  describePage,
  fill,
  firstLaunchWithRealName,
  openBrowser,
  shot,
  startBrowserStack,
  visible,
  type BrowserStack,
  type Page,
} from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack({ QUIET_HOURS: '00:00-00:00' });
}, 120_000);
afterAll(() => env?.close());

const CARD_PAGE = '#/packages/membership/pages/card/index';

/** Opens 会员中心 and waits for the card (with the page's state in the failure message). */
async function openCard(p: Page, selector = '[data-testid="membership-card"]'): Promise<void> {
  await p.goto(`${env.h5Url}/${CARD_PAGE}`);
  await visible(p, selector)
    .first()
    .waitFor({ timeout: 20_000 })
    .catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await describePage(p)}`);
    });
}

describe('membership care (H5)', () => {
  it('a patient’s invitation code is entered by a new patient; their own code is refused; the inviter sees it counted', async () => {
    const inviter = await openBrowser();
    const friend = await openBrowser();
    try {
      const p = inviter.page;
      await firstLaunchWithRealName(env, p, '邀请人');
      await openCard(p, '[data-testid="referral-code"]');
      const code = (await byTestId(p, 'referral-code').getAttribute('data-code')) ?? '';
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
      expect((await byTestId(p, 'referral-code').textContent())?.replace(/\s/g, '')).toBe(code);
      expect(await byTestId(p, 'referral').textContent()).toContain('200 积分');
      expect(await byTestId(p, 'referral-invited').getAttribute('data-n')).toBe('0');

      // Their own code: refused, in words.
      await fill(p, 'referral-input', code);
      await byTestId(p, 'referral-submit').click();
      await byTestId(p, 'referral-form').filter({ hasText: '不能填写自己或家人的邀请码' }).waitFor({ timeout: 15_000 });
      await shot(p, 'membership-care-1-own-code');

      // A new patient enters it (typed in small letters with a space) and sees it taken.
      const f = friend.page;
      await firstLaunchWithRealName(env, f, '新朋友');
      await openCard(f, '[data-testid="referral-form"]');
      await fill(f, 'referral-input', `${code.slice(0, 4).toLowerCase()} ${code.slice(4).toLowerCase()}`);
      await byTestId(f, 'referral-submit').click();
      await byTestId(f, 'referral-entered').waitFor({ timeout: 15_000 });
      expect(await byTestId(f, 'referral-form').count()).toBe(0);
      await shot(f, 'membership-care-2-code-entered');

      // Coming back later: it says so, with no form.
      await f.reload();
      await byTestId(f, 'referral-invited-by').waitFor({ timeout: 20_000 });
      expect(await byTestId(f, 'referral-form').count()).toBe(0);

      // The inviter's card counts the invitation.
      await p.reload();
      await visible(p, '[data-testid="referral-invited"][data-n="1"]').waitFor({ timeout: 20_000 });
    } finally {
      await inviter.close();
      await friend.close();
    }
  });

  it('a platinum patient sees their health butler', async () => {
    const patient = await openBrowser();
    const p = patient.page;
    try {
      await firstLaunchWithRealName(env, p, '白金会员');
      const { patientId } = await browserPatient(p);
      await recordHisVisit(env.stack, { patientId, departmentCode: 'ENDO', daysAgo: 10, amountSpent: 3_500_000 });
      await openCard(p, '[data-testid="membership-card"][data-tier="platinum"]');
      await byTestId(p, 'membership-butler').waitFor({ timeout: 20_000 });
      expect(await byTestId(p, 'membership-butler-name').textContent()).toContain('陈健康管家');
      const butler = (await byTestId(p, 'membership-butler').textContent()) ?? '';
      expect(butler).toContain('专属健康管家');
      expect(butler).toContain('复诊');
      expect(await byTestId(p, 'membership-butler-pending').count()).toBe(0);
      await visible(p, '[data-testid="membership-benefit"]').filter({ hasText: '专属健康管家' }).waitFor();
      // After a visit it is too late to enter anyone's code.
      expect(await byTestId(p, 'referral-form').count()).toBe(0);
      await shot(p, 'membership-care-3-butler');
    } finally {
      await patient.close();
    }
  });
});
