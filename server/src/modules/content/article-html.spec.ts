import { sanitizeArticleHtml } from './article-html.js';

describe('sanitizeArticleHtml', () => {
  it('keeps the markup an article needs', () => {
    const html =
      '<h2>饮食</h2><p><strong>少盐</strong>，<em>多菜</em></p><ul><li>一</li></ul><ol><li>二</li></ol><blockquote>引用</blockquote>' +
      '<p><a href="https://www.who.int/zh">WHO</a> <a href="/packages/content/pages/article/index?id=01J">下一篇</a></p>' +
      '<img src="https://cdn.example.org/a.jpg" alt="图">';
    const out = sanitizeArticleHtml(html);
    expect(out).toContain('<h2>饮食</h2>');
    expect(out).toContain('<strong>少盐</strong>');
    expect(out).toContain('<em>多菜</em>');
    expect(out).toContain('<ul><li>一</li></ul>');
    expect(out).toContain('<blockquote>引用</blockquote>');
    expect(out).toContain('<a href="https://www.who.int/zh" rel="noopener noreferrer" target="_blank">WHO</a>');
    expect(out).toContain('<a href="/packages/content/pages/article/index?id=01J">下一篇</a>');
    expect(out).toContain('<img src="https://cdn.example.org/a.jpg" alt="图" />');
  });

  it('removes scripts, handlers, javascript: links, styles and frames', () => {
    const out = sanitizeArticleHtml(
      '<p onclick="steal()">文<script>alert(1)</script></p><img src="x" onerror="alert(1)"><img src="http://plain.example/a.jpg">' +
        '<a href="javascript:alert(1)">点我</a><a href="//evil.example/">协议相对</a><a href="/etc/passwd">文件</a>' +
        '<p style="background:url(https://evil.example/t.png)">样式</p><iframe src="https://evil.example/">框</iframe><style>p{}</style>',
    );
    expect(out).not.toMatch(/script|onerror|onclick|javascript|evil|iframe|style|passwd|plain\.example/i);
    expect(out).toContain('<p>文</p>');
    expect(out).toContain('<a>点我</a>');
    expect(out).toContain('<p>样式</p>');
  });

  it('is idempotent', () => {
    const once = sanitizeArticleHtml('<p>a<b>b</b><a href="https://x.org">x</a><img src="https://x.org/i.png"></p>');
    expect(sanitizeArticleHtml(once)).toBe(once);
  });
});
