import { ARTICLE_READ_SECONDS_MAX, type ArticleStatus } from '@yiban/shared';

/** The API's origin from its base URL ("http://host:3000/api/v1" → "http://host:3000"). */
function origin(apiBase: string): string {
  return /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)/i.exec(apiBase.trim())?.[1] ?? '';
}

/** A cover or picture address from the API made absolute (our storage answers relative paths); full URLs unchanged. */
export function contentImageUrl(url: string, apiBase: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  return `${origin(apiBase)}${url.startsWith('/') ? url : `/${url}`}`;
}

/**
 * The server's sanitised article HTML made ready for `<RichText>`: pictures from our storage made absolute, and every
 * picture fitted to the screen's width (rich-text takes no stylesheet, only inline styles). Text size is the page's.
 */
export function articleHtml(body: string, apiBase: string): string {
  return body.replace(/<img\b([^>]*?)\s*\/?>/gi, (_whole, attrs: string) => {
    const fixed = attrs.replace(/\bsrc="(\/[^"]*)"/i, (_m, src: string) => `src="${contentImageUrl(src, apiBase)}"`);
    return `<img${fixed} style="max-width:100%;height:auto;display:block;margin:8px 0" />`;
  });
}

/**
 * Time on the page, counted only while it is shown: `show` starts (or resumes) the clock, `hide` stops it; `take` hands
 * over the whole seconds counted so far (capped as the API caps one report) and starts again from zero.
 */
export class ReadingClock {
  private shownSince: number | null = null;
  private ms = 0;

  show(now: number): void {
    if (this.shownSince === null) this.shownSince = now;
  }

  hide(now: number): void {
    if (this.shownSince !== null) this.ms += Math.max(0, now - this.shownSince);
    this.shownSince = null;
  }

  /** The whole seconds to report (0: nothing worth sending); the remainder below a second is kept. */
  take(now: number): number {
    const running = this.shownSince !== null;
    if (running) this.hide(now);
    const seconds = Math.floor(this.ms / 1000);
    this.ms -= seconds * 1000;
    if (running) this.show(now);
    return Math.min(seconds, ARTICLE_READ_SECONDS_MAX);
  }
}

/** The campaign that brought the reader: the landing link's `c` parameter, when it is an id. */
export function campaignFrom(params: Record<string, string | undefined>): string | undefined {
  const c = params.c;
  return c && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(c) ? c : undefined;
}

/** Which editorial actions a status offers in the console. */
export function articleActions(status: ArticleStatus): { edit: boolean; submit: boolean; review: boolean; archive: boolean } {
  return {
    edit: status !== 'archived',
    submit: status === 'draft',
    review: status === 'in_review',
    archive: status !== 'archived',
  };
}

/** A tag as the editor takes it: words split by commas (Chinese or Western) or new lines, trimmed, each once. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、\n]/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

/** The link a shared article opens (H5: copied to the clipboard). */
export function articleShareLink(origin: string, articleId: string): string {
  return `${origin.replace(/\/+$/, '')}/#/packages/content/pages/article/index?id=${encodeURIComponent(articleId)}`;
}

/** "YYYY-MM-DD HH:mm" on the hospital's clock (`offsetMinutes` east of UTC) → the instant, or null when it is not one. */
export function parsePublishAt(text: string, offsetMinutes: number): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi) - offsetMinutes * 60_000;
  const check = new Date(utc + offsetMinutes * 60_000);
  return check.getUTCDate() === d ? new Date(utc) : null;
}
