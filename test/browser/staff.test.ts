// Staff in a desktop browser: sign-in as each demo role shows that role's workbench (a console, not a stretched phone).
import type { StaffRole } from '@yiban/shared';
import { button, byTestId, fill, openBrowser, shot, staffSignIn, startBrowserStack, type BrowserStack } from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack();
}, 120_000);
afterAll(() => env?.close());

/** Exactly the tasks each role's workbench shows: pages that work today, never a 即将开放 card. */
const ACCOUNTS: { username: string; role: StaffRole; tasks: string[] }[] = [
  {
    username: 'admin',
    role: 'admin',
    tasks: [
      'staff',
      'audit',
      'breakGlass',
      'campaignApprovals',
      'articleReviews',
      'content',
      'campaigns',
      'segments',
      'serviceIssues',
      'serviceQuality',
      'memberReports',
      'followups',
      'followupTemplates',
      'surveyTemplates',
      'clubEvents',
      'membershipPolicy',
      'ratings',
      'inbox',
      'reviews',
      'schedule',
      'frontDesk',
      'departments',
    ],
  },
  { username: 'doctor.zhang', role: 'doctor', tasks: ['inbox', 'followups', 'frontDesk', 'schedule', 'articleReviews', 'departments'] },
  { username: 'nurse.wang', role: 'nurse', tasks: ['frontDesk', 'followups', 'inbox', 'schedule', 'departments'] },
  { username: 'cm.chen', role: 'case_manager', tasks: ['followups', 'followupTemplates', 'inbox', 'surveyTemplates', 'departments'] },
  {
    username: 'marketing.liu',
    role: 'marketing',
    tasks: ['campaigns', 'segments', 'campaignCalendar', 'content', 'clubEvents', 'serviceQuality', 'memberReports', 'departments'],
  },
  {
    username: 'service.zhao',
    role: 'service',
    tasks: ['serviceIssues', 'clubEvents', 'serviceQuality', 'surveyTemplates', 'reviews', 'ratings', 'departments'],
  },
];

describe('staff in the browser (H5, desktop width)', () => {
  it('refuses a wrong password with a message that says so', async () => {
    const browser = await openBrowser({ width: 1366, height: 900 });
    const { page } = browser;
    try {
      await page.goto(`${env.h5Url}/#/packages/staff/pages/login/index`);
      await byTestId(page, 'staff-login').waitFor({ timeout: 30_000 });
      await fill(page, 'staff-username', 'doctor.zhang');
      await fill(page, 'staff-password', 'not-the-password');
      await button(page, '登录').click();
      await page.getByText('用户名或密码错误').first().waitFor({ timeout: 15_000 });
      await shot(page, 'staff-0-wrong-password');
    } finally {
      await browser.close();
    }
  }, 60_000);

  for (const account of ACCOUNTS) {
    it(`${account.username} signs in and sees the ${account.role} workbench`, async () => {
      const browser = await openBrowser({ width: 1366, height: 900 });
      const { page } = browser;
      try {
        await staffSignIn(env, page, account.username);
        const home = byTestId(page, 'staff-home');
        expect((await home.getAttribute('data-roles'))?.split(',')).toContain(account.role);
        for (const task of account.tasks) await byTestId(page, `staff-task-${task}`).waitFor();
        const shown = await page
          .locator('.yb-tasks:visible [data-testid^="staff-task-"]')
          .evaluateAll((tiles) =>
            tiles.map((tile) => (tile as unknown as { getAttribute(name: string): string | null }).getAttribute('data-testid')!.replace('staff-task-', '')),
          );
        expect(shown).toEqual(account.tasks);
        expect(await page.locator('.yb-tasks:visible').textContent()).not.toContain('即将开放');
        // The desktop console: a sidebar beside the content, the content using the width.
        const sidebar = await page.locator('.yb-console__side:visible').boundingBox();
        const tasks = await page.locator('.yb-tasks:visible').boundingBox();
        expect(sidebar?.width).toBeGreaterThan(200);
        expect(tasks?.width).toBeGreaterThan(800);
        await shot(page, `staff-${account.role}`);
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 60_000);
  }
});
