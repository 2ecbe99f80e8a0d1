// Health education in the browser build (real server + simulator + the H5 app in Chromium): marketing writes an
// article in the console's rich-text editor (tiptap) and submits it; a doctor approves it in 文章审核; a patient finds
// it in 健康科普, reads it (the sanitised body in the rich-text component) and saves it to 我的收藏.
import type { StaffArticleView } from '@yiban/shared';
import { staffLogin } from '../support/actors.js';
import { byTestId, firstLaunch, openBrowser, shot, staffSignIn, startBrowserStack, visible, type BrowserStack, type Page } from './h5-stack.js';

let env: BrowserStack;
beforeAll(async () => {
  env = await startBrowserStack();
}, 120_000);
afterAll(() => env?.close());

async function openTask(page: Page, task: string, pageTestId: string): Promise<void> {
  await page.goto(`${env.h5Url}/#/packages/staff/pages/home/index`);
  const tile = byTestId(page, `staff-task-${task}`);
  await tile.waitFor({ timeout: 20_000 });
  await tile.click();
  await byTestId(page, pageTestId).waitFor({ timeout: 20_000 });
}

const TITLE = '浏览器里写的控糖文章';

describe('health education (H5)', () => {
  it('marketing writes and submits, a doctor approves, a patient reads it in the feed and saves it', async () => {
    // Marketing writes the article in the console.
    const marketing = await openBrowser({ width: 1366, height: 900 });
    const m = marketing.page;
    let articleId = '';
    try {
      await staffSignIn(env, m, 'marketing.liu');
      await openTask(m, 'content', 'article-library');
      await byTestId(m, 'article-new').click();
      await byTestId(m, 'article-editor').waitFor({ timeout: 20_000 });
      await byTestId(m, 'article-title').locator('input').fill(TITLE);
      await byTestId(m, 'article-summary').locator('textarea').fill('三餐怎么吃，血糖更平稳');
      await byTestId(m, 'article-tags').locator('input').fill('糖尿病，浏览器');
      const body = m.locator('[data-testid="article-body"] .ProseMirror');
      await body.click();
      await byTestId(m, 'editor-h2').click();
      // Chinese arrives as an input method commits it, a phrase at a time (insertText), not key by key: typed one
      // character at a time right after the bold toggle, a loaded machine let the next character land before the
      // editor had moved the first out of the bold run.
      await m.keyboard.insertText('先吃菜');
      await m.keyboard.press('Enter');
      await byTestId(m, 'editor-bold').click();
      await m.keyboard.insertText('再吃肉');
      await byTestId(m, 'editor-bold').click();
      await m.keyboard.insertText('，最后吃主食。');
      await byTestId(m, 'article-preview-toggle').click();
      await byTestId(m, 'article-preview').waitFor({ timeout: 10_000 });
      expect(await byTestId(m, 'article-preview').textContent()).toContain('再吃肉');
      await byTestId(m, 'article-preview-toggle').click();
      await shot(m, 'content-1-editor');
      const submitted = m.waitForResponse((r) => /\/api\/v1\/articles\/[0-9A-Z]{26}\/submit$/.test(r.url()) && r.request().method() === 'POST');
      await byTestId(m, 'article-submit').click();
      const article = (await (await submitted).json()) as StaffArticleView;
      articleId = article.id;
      expect(article).toMatchObject({ status: 'in_review', title: TITLE, tags: ['糖尿病', '浏览器'] });
      expect(article.body).toContain('<h2>先吃菜</h2>');
      expect(article.body).toContain('<p><strong>再吃肉</strong>，最后吃主食。</p>');
      await visible(m, '[data-testid="article-editor"][data-status="in_review"]').waitFor({ timeout: 10_000 });
    } catch (error) {
      throw new Error(`${String(error)}\npage errors: ${marketing.errors.join('\n')}`, { cause: error });
    } finally {
      await marketing.close();
    }

    // A doctor approves it in 文章审核.
    const doctor = await openBrowser({ width: 1366, height: 900 });
    const d = doctor.page;
    try {
      await staffSignIn(env, d, 'doctor.zhang');
      await openTask(d, 'articleReviews', 'article-reviews');
      const row = visible(d, `[data-testid="article-row"][data-article-id="${articleId}"]`);
      await row.waitFor({ timeout: 20_000 });
      await row.locator('[data-testid="article-row-title"]').click();
      await row.locator('[data-testid="review-body"]').waitFor({ timeout: 10_000 });
      expect(await row.locator('[data-testid="review-body"]').textContent()).toContain('最后吃主食');
      await shot(d, 'content-2-review');
      const approved = d.waitForResponse((r) => r.url().endsWith(`/api/v1/articles/${articleId}/approve`));
      await row.locator('[data-testid="review-approve"]').click();
      expect(((await (await approved).json()) as StaffArticleView).status).toBe('published');
      await row.waitFor({ state: 'detached', timeout: 10_000 });
    } finally {
      await doctor.close();
    }

    // A patient reads it in 健康科普 and saves it.
    const patient = await openBrowser();
    const p = patient.page;
    try {
      await firstLaunch(env, p);
      await p.goto(`${env.h5Url}/#/pages/me/index`);
      await byTestId(p, 'me-content').click();
      await byTestId(p, 'content-feed').waitFor({ timeout: 20_000 });
      const card = visible(p, `[data-testid="article-card"][data-article-id="${articleId}"]`);
      await card.waitFor({ timeout: 20_000 });
      await shot(p, 'content-3-feed');
      await card.click();
      await visible(p, `[data-testid="article"][data-article-id="${articleId}"]`).waitFor({ timeout: 20_000 });
      expect(await byTestId(p, 'article-title').textContent()).toBe(TITLE);
      expect(await byTestId(p, 'article-body').textContent()).toContain('再吃肉，最后吃主食。');
      await byTestId(p, 'article-favourite').click();
      await visible(p, '[data-testid="article-favourite"][data-on="yes"]').waitFor({ timeout: 10_000 });
      await shot(p, 'content-4-article');

      await p.goto(`${env.h5Url}/#/packages/content/pages/favourites/index`);
      await byTestId(p, 'content-favourites').waitFor({ timeout: 20_000 });
      await visible(p, `[data-testid="content-favourites"] [data-testid="article-card"][data-article-id="${articleId}"]`).waitFor({ timeout: 20_000 });
    } catch (error) {
      throw new Error(`${String(error)}\npage errors: ${patient.errors.join('\n')}`, { cause: error });
    } finally {
      await patient.close();
    }
    const staffView = await env.stack.api.get<StaffArticleView>(`/staff/articles/${articleId}`, { token: await staffLogin(env.stack, 'marketing.liu') });
    expect(staffView.body.stats.favourites).toBe(1);
  });
});
