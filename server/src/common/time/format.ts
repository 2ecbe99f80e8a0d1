import type { Locale } from '@yiban/shared';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** `2026-11-23 09:30` in the given zone: how times read in WeChat messages. */
export function formatLocal(at: Date, timeZone: string): string {
  return formatter(
    `local:${timeZone}`,
    () =>
      new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  )
    .format(at)
    .replace(/\//g, '-');
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parts(at: Date, timeZone: string): { year: number; month: number; day: number; hour: string; minute: string } {
  const p = Object.fromEntries(
    formatter(
      `parts:${timeZone}`,
      () =>
        new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    )
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: p.hour ?? '00', minute: p.minute ?? '00' };
}

/** An instant as a reader reads it on the hospital's clock: `12月8日 09:30` / `8 Dec 09:30` (the year when it is not this one). */
export function formatInstant(at: Date, locale: Locale, timeZone: string, now: Date): string {
  const p = parts(at, timeZone);
  const thisYear = parts(now, timeZone).year === p.year;
  if (locale === 'zh-CN') return `${thisYear ? '' : `${p.year}年`}${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
  return `${p.day} ${EN_MONTHS[p.month - 1]}${thisYear ? '' : ` ${p.year}`} ${p.hour}:${p.minute}`;
}

/** A calendar date (YYYY-MM-DD): `2026年12月8日` / `8 Dec 2026`. */
export function formatDate(isoDate: string, locale: Locale): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return locale === 'zh-CN' ? `${y}年${m}月${d}日` : `${d} ${EN_MONTHS[m - 1]} ${y}`;
}
