import type { Locale } from './enums.js';

/**
 * The one rule for text the hospital enters in two languages (the catalogue): a Chinese reader gets the Chinese text;
 * an English reader gets the English text, or — when none was entered — the Chinese text, marked as a fallback so
 * the page can say so ("In Chinese") instead of passing it off as a translation.
 */
export function localized<T extends string | readonly string[]>(zh: T, en: T | null | undefined, locale: Locale): { value: T; fallback: boolean } {
  if (locale !== 'en') return { value: zh, fallback: false };
  const present = typeof en === 'string' ? en.trim().length > 0 : Array.isArray(en) && en.some((item: string) => item.trim().length > 0);
  return present ? { value: en as T, fallback: false } : { value: zh, fallback: true };
}

/**
 * Renders the listed texts of a record in `locale` by `localized`: the `…En` field beside each Chinese one.
 * Returns the rendered texts and the names of those shown in Chinese.
 */
export function renderTexts<K extends string, R extends Record<K, string | string[]> & Record<`${K}En`, string | string[]>>(
  record: R,
  keys: readonly K[],
  locale: Locale,
): { texts: { [P in K]: R[P] }; fallback: K[] } {
  const texts = {} as { [P in K]: R[P] };
  const fallback: K[] = [];
  for (const key of keys) {
    const { value, fallback: shownInChinese } = localized(record[key] as string | string[], record[`${key}En`] as string | string[], locale);
    texts[key] = value as R[K];
    if (shownInChinese) fallback.push(key);
  }
  return { texts, fallback };
}
