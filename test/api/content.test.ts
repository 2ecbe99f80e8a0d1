// Health education (issue #15): articles sanitised on the server, the editorial workflow and its roles (the author never
// approves their own; doctors review for medical accuracy; marketing writes but cannot approve), scheduled publishing by
// the durable job, the personalised feed (language, then departments visited, then tags of what was read), favourites,
// and time on page attributed to the campaign that brought the reader.
import type { ArticleCardsPage, ArticleView, PatientArticleView, StaffArticlesPage, StaffArticleView } from '@yiban/shared';
import { ArticlesReader } from '@yiban/server';
import { addVisit, runJobs, withClockAdvanced } from '@yiban/server/testing';
import { consentedPatient, departmentId, patientLogin, seed, staffLogin } from '../support/actors.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let marketing: string;
let admin: string;
let doctor: string;
let cardiology: string;

beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
  [marketing, admin, doctor] = await Promise.all([staffLogin(stack, 'marketing.liu'), staffLogin(stack, 'admin'), staffLogin(stack, 'doctor.zhang')]);
  cardiology = await departmentId(stack, 'CARD');
});
afterAll(() => stack.close());

const CAMPAIGN = '01JCAMPA1GN000000000000000';
let made = 0;

/** A draft written by `token`, with a tag unique to the test unless given. */
async function draft(token: string, fields: Record<string, unknown> = {}): Promise<StaffArticleView> {
  made += 1;
  const res = await stack.api.post<StaffArticleView>('/articles', { title: `文章${made}`, body: `<p>正文${made}</p>`, ...fields }, { token });
  if (res.status !== 201) throw new Error(`draft: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Written by marketing, submitted, approved by the doctor: published now. */
async function published(fields: Record<string, unknown> = {}): Promise<StaffArticleView> {
  const a = await draft(marketing, fields);
  expect((await stack.api.post(`/articles/${a.id}/submit`, undefined, { token: marketing })).status).toBe(200);
  const approved = await stack.api.post<StaffArticleView>(`/articles/${a.id}/approve`, {}, { token: doctor });
  expect(approved.body.status).toBe('published');
  return approved.body;
}

describe('sanitising', () => {
  it('removes scripts, event handlers, javascript: links, styles with url() and foreign iframes, and keeps the markup an article needs', async () => {
    const a = await draft(marketing, {
      body:
        '<h2>饮食</h2><p onclick="steal()">少盐<script>alert(1)</script><strong>多菜</strong><em>多走</em></p><ul><li>一</li></ul><blockquote>引</blockquote>' +
        '<img src="https://cdn.example.org/a.jpg" onerror="alert(1)" alt="图"><a href="javascript:alert(1)">点我</a><a href="/pages/booking/index">预约</a>' +
        '<p style="background:url(https://evil.example/t.png)">样式</p><iframe src="https://evil.example/"></iframe>',
    });
    expect(a.status).toBe('draft');
    expect(a.body).not.toMatch(/script|onerror|onclick|javascript|iframe|style=|evil/i);
    expect(a.body).toContain('<h2>饮食</h2>');
    expect(a.body).toContain('<strong>多菜</strong><em>多走</em>');
    expect(a.body).toContain('<ul><li>一</li></ul><blockquote>引</blockquote>');
    expect(a.body).toContain('<img src="https://cdn.example.org/a.jpg" alt="图" />');
    expect(a.body).toContain('<a>点我</a><a href="/pages/booking/index">预约</a>');
    // Edits are sanitised too.
    const edited = await stack.api.patch<StaffArticleView>(`/articles/${a.id}`, { body: '<p>新<img src=x onerror=alert(1)></p>' }, { token: marketing });
    expect(edited.body.body).toBe('<p>新</p>');
    // A body with nothing left to show is refused.
    const empty = await stack.api.post('/articles', { title: '空', body: '<script>alert(1)</script>' }, { token: marketing });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('the editorial workflow', () => {
  it('keeps unpublished articles from patients and the public; the author cannot approve; marketing cannot approve; a doctor can', async () => {
    const patient = await patientLogin(stack);
    const a = await draft(admin, { tags: ['工作流'] });
    const invisible = async () => {
      expect((await stack.api.get(`/articles/${a.id}`)).body.code).toBe('ARTICLE_NOT_FOUND');
      expect((await stack.api.get(`/me/articles/${a.id}`, { token: patient.token })).status).toBe(404);
      expect((await stack.api.get<ArticleCardsPage>(`/articles?tag=${encodeURIComponent('工作流')}`)).body.items).toEqual([]);
      expect((await stack.api.get<ArticleCardsPage>(`/me/articles/feed?tag=${encodeURIComponent('工作流')}`, { token: patient.token })).body.items).toEqual([]);
    };
    await invisible();
    // Not yet submitted.
    expect((await stack.api.post(`/articles/${a.id}/approve`, {}, { token: doctor })).body).toMatchObject({ code: 'ARTICLE_STATE_INVALID' });
    expect((await stack.api.post(`/articles/${a.id}/submit`, undefined, { token: marketing })).body.status).toBe('in_review');
    await invisible();

    const own = await stack.api.post(`/articles/${a.id}/approve`, {}, { token: admin, language: 'en' });
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ code: 'ARTICLE_SELF_REVIEW', message: 'You cannot review an article you wrote. Another reviewer must review it.' });
    const ownReject = await stack.api.post(`/articles/${a.id}/reject`, { comment: '自己退回' }, { token: admin });
    expect(ownReject.body.code).toBe('ARTICLE_SELF_REVIEW');
    const byMarketing = await stack.api.post(`/articles/${a.id}/approve`, {}, { token: marketing });
    expect(byMarketing.status).toBe(403);
    expect(byMarketing.body.code).toBe('FORBIDDEN_ROLE');
    await invisible();

    const approved = await stack.api.post<StaffArticleView>(`/articles/${a.id}/approve`, {}, { token: doctor });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'published', reviewerName: '张伟医生', publishedAt: expect.any(String) });
    expect((await stack.api.get<ArticleView>(`/articles/${a.id}`)).body).toMatchObject({ id: a.id, title: a.title, body: a.body });
    expect((await stack.api.get<ArticleCardsPage>(`/articles?tag=${encodeURIComponent('工作流')}`)).body.items.map((c) => c.id)).toEqual([a.id]);
    // Cards carry no body.
    expect((await stack.api.get<ArticleCardsPage>(`/articles?tag=${encodeURIComponent('工作流')}`)).body.items[0]).not.toHaveProperty('body');

    // Editing what patients read takes it back to review, and out of the feed until approved again.
    const edited = await stack.api.patch<StaffArticleView>(`/articles/${a.id}`, { summary: '改过的摘要' }, { token: marketing });
    expect(edited.body.status).toBe('in_review');
    await invisible();
    const rejected = await stack.api.post<StaffArticleView>(`/articles/${a.id}/reject`, { comment: '请补充参考文献' }, { token: doctor });
    expect(rejected.body).toMatchObject({ status: 'draft', reviewComment: '请补充参考文献' });
    await invisible();

    const archived = await stack.api.post<StaffArticleView>(`/articles/${a.id}/archive`, undefined, { token: marketing });
    expect(archived.body.status).toBe('archived');
    expect((await stack.api.patch(`/articles/${a.id}`, { title: '再改' }, { token: marketing })).body.code).toBe('ARTICLE_STATE_INVALID');
  });

  it('lists every status for staff with counts, by status and title words', async () => {
    const a = await draft(marketing, { title: '检索用的独特标题' });
    const page = await stack.api.get<StaffArticlesPage>(`/staff/articles?q=${encodeURIComponent('独特标题')}`, { token: doctor });
    expect(page.status).toBe(200);
    expect(page.body.items.map((i) => i.id)).toEqual([a.id]);
    expect(page.body.counts).toEqual({ draft: 1, in_review: 0, scheduled: 0, published: 0, archived: 0 });
    expect(page.body.items[0]).toMatchObject({ authorName: '刘市场', stats: { reads: 0, readers: 0, averageSeconds: 0, favourites: 0 } });
    const drafts = await stack.api.get<StaffArticlesPage>('/staff/articles?status=draft&limit=100', { token: marketing });
    expect(drafts.body.items.every((i) => i.status === 'draft')).toBe(true);
    expect(drafts.body.counts.draft).toBeGreaterThanOrEqual(1);
    expect((await stack.api.get('/staff/articles', { token: await staffLogin(stack, 'service.zhao') })).body.code).toBe('FORBIDDEN_ROLE');
  });
});

describe('scheduled publishing', () => {
  it('publishes at publishAt through the content.publish job, not before', async () => {
    const a = await draft(marketing, { tags: ['定时'] });
    await stack.api.post(`/articles/${a.id}/submit`, undefined, { token: marketing });
    const at = new Date(Date.now() + 2 * 3_600_000);
    const scheduled = await stack.api.post<StaffArticleView>(`/articles/${a.id}/approve`, { publishAt: at.toISOString() }, { token: admin });
    expect(scheduled.body).toMatchObject({ status: 'scheduled', publishAt: at.toISOString(), publishedAt: null });

    await runJobs(stack);
    expect((await stack.api.get(`/articles/${a.id}`)).status).toBe(404);
    await withClockAdvanced(stack, 3 * 3_600_000, () => runJobs(stack));
    const live = await stack.api.get<ArticleView>(`/articles/${a.id}`);
    expect(live.status).toBe(200);
    expect(live.body.publishedAt).toBe(at.toISOString());
  });

  it('does not publish an article archived while it waited', async () => {
    const a = await draft(marketing);
    await stack.api.post(`/articles/${a.id}/submit`, undefined, { token: marketing });
    await stack.api.post(`/articles/${a.id}/approve`, { publishAt: new Date(Date.now() + 3_600_000).toISOString() }, { token: doctor });
    await stack.api.post(`/articles/${a.id}/archive`, undefined, { token: marketing });
    await withClockAdvanced(stack, 2 * 3_600_000, () => runJobs(stack));
    expect((await stack.api.get<StaffArticleView>(`/staff/articles/${a.id}`, { token: marketing })).body.status).toBe('archived');
  });
});

describe('the feed, favourites and reads', () => {
  it('puts the reader’s language first, then departments visited, then tags of what they read; newest first within each', async () => {
    const tag = '个性化';
    const interest = '糖尿病饮食';
    const english = await published({ tags: [tag], language: 'en', title: 'Heart health in winter' });
    const visited = await published({ tags: [tag], departmentIds: [cardiology] });
    const liked = await published({ tags: [tag, interest] });
    const plain = await published({ tags: [tag] });
    const favourite = await published({ tags: [interest] });

    const reader = await consentedPatient(stack, '林feed');
    await stack.api.patch(`/me/patients/${reader.patientId}`, { language: 'en' }, { token: reader.token });
    await addVisit(stack, { patientId: reader.patientId, departmentCode: 'CARD', daysAgo: 30 });
    expect((await stack.api.post(`/me/articles/${favourite.id}/favourite`, undefined, { token: reader.token })).status).toBe(200);

    const feed = (cursor?: string) =>
      stack.api.get<ArticleCardsPage>(`/me/articles/feed?tag=${encodeURIComponent(tag)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: reader.token });
    const first = await feed();
    expect(first.body.items.map((c) => c.id)).toEqual([english.id, visited.id]);
    const second = await feed(first.body.nextCursor!);
    expect(second.body.items.map((c) => c.id)).toEqual([liked.id, plain.id]);
    expect(second.body.nextCursor).toBeNull();

    // A Chinese reader with no visits and nothing read: Chinese first, newest first; English last.
    const other = await patientLogin(stack);
    const plainFeed = await stack.api.get<ArticleCardsPage>(`/me/articles/feed?tag=${encodeURIComponent(tag)}`, { token: other.token });
    expect(plainFeed.body.items.map((c) => c.id)).toEqual([plain.id, liked.id, visited.id, english.id]);
    // The public list: newest first, by department.
    const byDepartment = await stack.api.get<ArticleCardsPage>(`/articles?tag=${encodeURIComponent(tag)}&departmentId=${cardiology}`);
    expect(byDepartment.body.items.map((c) => c.id)).toEqual([visited.id]);
  });

  it('saves favourites once, lists them, and forgets them', async () => {
    const a = await published({ title: '收藏测试' });
    const patient = await patientLogin(stack);
    for (let i = 0; i < 2; i++) {
      const saved = await stack.api.post<PatientArticleView>(`/me/articles/${a.id}/favourite`, undefined, { token: patient.token });
      expect(saved.body).toMatchObject({ id: a.id, favourite: true });
    }
    expect((await stack.api.get<PatientArticleView>(`/me/articles/${a.id}`, { token: patient.token })).body.favourite).toBe(true);
    const list = await stack.api.get<ArticleCardsPage>('/me/articles/favourites', { token: patient.token });
    expect(list.body.items.map((c) => c.id)).toEqual([a.id]);
    expect((await stack.api.get<StaffArticleView>(`/staff/articles/${a.id}`, { token: marketing })).body.stats.favourites).toBe(1);

    expect((await stack.api.delete(`/me/articles/${a.id}/favourite`, { token: patient.token })).status).toBe(204);
    expect((await stack.api.delete(`/me/articles/${a.id}/favourite`, { token: patient.token })).status).toBe(204);
    expect((await stack.api.get<ArticleCardsPage>('/me/articles/favourites', { token: patient.token })).body.items).toEqual([]);
    expect((await stack.api.get<PatientArticleView>(`/me/articles/${a.id}`, { token: patient.token })).body.favourite).toBe(false);

    const unpublished = await draft(marketing);
    expect((await stack.api.post(`/me/articles/${unpublished.id}/favourite`, undefined, { token: patient.token })).body.code).toBe('ARTICLE_NOT_FOUND');
  });

  it('adds up time on page per reader, attributed to the campaign that brought them', async () => {
    const a = await published({ title: '阅读统计' });
    const never = await draft(marketing);
    const [one, two] = [await patientLogin(stack), await patientLogin(stack)];
    const read = (token: string, body: Record<string, unknown>) => stack.api.post(`/me/articles/${a.id}/reads`, body, { token });
    expect((await read(one.token, { seconds: 30, campaignId: CAMPAIGN })).status).toBe(204);
    expect((await read(one.token, { seconds: 45, campaignId: CAMPAIGN })).status).toBe(204);
    expect((await read(one.token, { seconds: 15 })).status).toBe(204);
    expect((await read(two.token, { seconds: 10, campaignId: CAMPAIGN })).status).toBe(204);

    const stats = (await stack.api.get<StaffArticleView>(`/staff/articles/${a.id}`, { token: marketing })).body.stats;
    // Four reports by two readers: one read 90 s, the other 10 s.
    expect(stats).toEqual({ reads: 4, readers: 2, averageSeconds: 50, favourites: 0 });

    const rows = await stack.dataSource.query<{ campaignId: string; seconds: number; readCount: number }[]>(
      'SELECT campaignId, seconds, readCount FROM article_reads WHERE articleId = ? AND patientId = ? ORDER BY campaignId',
      [a.id, one.patient.id],
    );
    expect(rows.map((r) => [r.campaignId, Number(r.seconds), Number(r.readCount)])).toEqual([
      ['', 15, 1],
      [CAMPAIGN, 75, 2],
    ]);
    // What campaigns read: distinct readers the campaign brought, and the article as a landing.
    const reader = stack.app.get(ArticlesReader);
    expect(await reader.readsByCampaign(CAMPAIGN)).toBe(2);
    expect(await reader.readsByCampaign('01JNOCAMPA1GN0000000000000')).toBe(0);
    expect(await reader.published(a.id)).toEqual({ id: a.id, title: '阅读统计', language: 'zh-CN', publishedAt: new Date(a.publishedAt!) });
    expect(await reader.published(never.id)).toBeNull();

    expect((await read(one.token, { seconds: 5 })).status).toBe(204);
    expect((await stack.api.post(`/me/articles/${never.id}/reads`, { seconds: 5 }, { token: one.token })).body.code).toBe('ARTICLE_NOT_FOUND');
  });
});

describe('bad input', () => {
  it('answers 4xx with a code and writes nothing', async () => {
    const patient = await patientLogin(stack);
    const a = await published();
    const cases: [string, string, unknown, string, number][] = [
      ['POST', '/articles', { body: '<p>无标题</p>' }, 'VALIDATION_FAILED', 400],
      ['POST', '/articles', { title: '标签', body: '<p>x</p>', tags: ['<script>'] }, 'VALIDATION_FAILED', 400],
      ['POST', '/articles', { title: '语言', body: '<p>x</p>', language: 'fr' }, 'VALIDATION_FAILED', 400],
      ['POST', '/articles', { title: '封面', body: '<p>x</p>', coverUrl: 'javascript:alert(1)' }, 'VALIDATION_FAILED', 400],
      ['POST', '/articles', { title: '科室', body: '<p>x</p>', departmentIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] }, 'DEPARTMENT_NOT_FOUND', 404],
      ['POST', '/articles', { title: '多余', body: '<p>x</p>', status: 'published' }, 'UNKNOWN_FIELD', 400],
      ['POST', `/articles/${a.id}/reject`, { comment: '\u200b\u3000' }, 'VALIDATION_FAILED', 400],
      ['POST', `/articles/${a.id}/approve`, { publishAt: 'tomorrow' }, 'VALIDATION_FAILED', 400],
      ['POST', '/articles/not-an-id/submit', undefined, 'VALIDATION_FAILED', 400],
    ];
    for (const [method, path, body, code, status] of cases) {
      const res = await stack.api.request(method, path, body, { token: admin });
      expect([path, res.status, res.body.code]).toEqual([path, status, code]);
    }
    const reads: [unknown, string][] = [
      [{ seconds: 0 }, 'VALIDATION_FAILED'],
      [{ seconds: 3601 }, 'VALIDATION_FAILED'],
      [{ seconds: '30' }, 'VALIDATION_FAILED'],
      [{ seconds: 30, campaignId: 'abc' }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of reads) {
      const res = await stack.api.post(`/me/articles/${a.id}/reads`, body, { token: patient.token });
      expect([res.status, res.body.code]).toEqual([400, code]);
    }
    expect((await stack.api.get('/me/articles/feed?limit=500', { token: patient.token })).status).toBe(400);
    expect((await stack.api.get('/articles?cursor=abc')).status).toBe(400);
    const rows = await stack.dataSource.query<{ n: unknown }[]>('SELECT COUNT(*) AS n FROM article_reads WHERE patientId = ?', [patient.patient.id]);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('takes an uploaded cover re-encoded, and refuses what is not a picture', async () => {
    const a = await draft(marketing);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const upload = async (bytes: Buffer, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([bytes]), name);
      const res = await fetch(`${stack.api.baseUrl}/api/v1/articles/${a.id}/cover`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${marketing}` },
      });
      return { status: res.status, body: (await res.json()) as StaffArticleView & { code?: string } };
    };
    const bad = await upload(Buffer.from('not a picture'), 'x.png');
    expect([bad.status, bad.body.code]).toEqual([422, 'ARTICLE_COVER_INVALID']);
    const ok = await upload(png, 'c.png');
    expect(ok.status).toBe(200);
    expect(ok.body.coverUrl).toMatch(/^\/api\/v1\/articles\/covers\/[0-9A-Z]{26}$/);
    const image = await fetch(`${stack.api.baseUrl}${ok.body.coverUrl}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await image.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });
});
