import { DEFAULT_LOCALE, type Locale } from '@yiban/shared';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type { MessageKey };

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** A message in `locale` with `{placeholders}` filled; unknown keys come back as the key (visible, never blank). */
export function translate(locale: Locale, key: MessageKey | string, params?: Record<string, string | number>): string {
  const catalogue = CATALOGUES[locale] ?? CATALOGUES[DEFAULT_LOCALE];
  const template = (catalogue as Record<string, string>)[key] ?? (CATALOGUES[DEFAULT_LOCALE] as Record<string, string>)[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

/** Money in fen → "¥25.00" (the API's amounts are integer fen). */
export { formatFen } from '../utils/money';
