import { articleActions, articleHtml, campaignFrom, contentImageUrl, parsePublishAt, parseTags, ReadingClock } from '../../src/utils/content';

const API = 'https://api.example.org/api/v1';

describe('articleHtml', () => {
  it('fits every picture to the width and makes our storage addresses absolute', () => {
    const html = articleHtml(
      '<p>文</p><img src="/api/v1/articles/covers/01J00000000000000000000000" alt="图" /><img src="https://cdn.example.org/a.jpg">',
      API,
    );
    expect(html).toBe(
      '<p>文</p><img src="https://api.example.org/api/v1/articles/covers/01J00000000000000000000000" alt="图" style="max-width:100%;height:auto;display:block;margin:8px 0" />' +
        '<img src="https://cdn.example.org/a.jpg" style="max-width:100%;height:auto;display:block;margin:8px 0" />',
    );
  });

  it('leaves text alone', () => {
    expect(articleHtml('<h2>标题</h2><p>正文 img 不是图片</p>', API)).toBe('<h2>标题</h2><p>正文 img 不是图片</p>');
  });
});

describe('contentImageUrl', () => {
  it('keeps full addresses and prefixes the API origin to paths', () => {
    expect(contentImageUrl('https://cdn.example.org/c.jpg', API)).toBe('https://cdn.example.org/c.jpg');
    expect(contentImageUrl('/api/v1/articles/covers/X', API)).toBe('https://api.example.org/api/v1/articles/covers/X');
  });
});

describe('ReadingClock', () => {
  it('counts only while the page is shown, hands over whole seconds and keeps the rest', () => {
    const clock = new ReadingClock();
    clock.show(0);
    clock.hide(10_400);
    // Hidden for a minute: not counted.
    clock.show(70_400);
    expect(clock.take(75_000)).toBe(15);
    // The 0.0 s left over plus what follows, still shown.
    expect(clock.take(75_900)).toBe(0);
    expect(clock.take(77_000)).toBe(2);
    clock.hide(77_000);
    expect(clock.take(500_000)).toBe(0);
  });

  it('ignores a second show and a hide while hidden, and caps one report', () => {
    const clock = new ReadingClock();
    clock.hide(5);
    clock.show(0);
    clock.show(50_000);
    expect(clock.take(2 * 3_600_000)).toBe(3600);
  });
});

describe('campaignFrom', () => {
  it('takes the landing link’s c only when it is an id', () => {
    expect(campaignFrom({ id: 'a', c: '01JCAMPA1GN000000000000000' })).toBe('01JCAMPA1GN000000000000000');
    expect(campaignFrom({ c: 'x' })).toBeUndefined();
    expect(campaignFrom({})).toBeUndefined();
  });
});

describe('parseTags', () => {
  it('splits on Chinese and Western commas and new lines, once each', () => {
    expect(parseTags('高血压，糖尿病, 饮食、高血压\n 冬季 ')).toEqual(['高血压', '糖尿病', '饮食', '冬季']);
    expect(parseTags(' , ')).toEqual([]);
  });
});

describe('parsePublishAt', () => {
  it('reads hospital time (UTC+8) and refuses what is not a time', () => {
    expect(parsePublishAt('2026-12-08 09:30', 480)?.toISOString()).toBe('2026-12-08T01:30:00.000Z');
    expect(parsePublishAt('2026-02-30 09:30', 480)).toBeNull();
    expect(parsePublishAt('2026-12-08 24:00', 480)).toBeNull();
    expect(parsePublishAt('tomorrow', 480)).toBeNull();
  });
});

describe('articleActions', () => {
  it('offers submit only for drafts, review only in review, nothing once archived', () => {
    expect(articleActions('draft')).toEqual({ edit: true, submit: true, review: false, archive: true });
    expect(articleActions('in_review')).toEqual({ edit: true, submit: false, review: true, archive: true });
    expect(articleActions('archived')).toEqual({ edit: false, submit: false, review: false, archive: false });
  });
});
