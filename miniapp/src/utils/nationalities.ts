import type { Locale } from '@yiban/shared';
import { translate } from '../i18n';

/** Shown as one-tap choices for a passport: the nationalities a hospital in China sees most (ISO 3166-1 alpha-3). */
export const COMMON_NATIONALITIES = ['CHN', 'USA', 'GBR', 'CAN', 'AUS', 'JPN', 'KOR', 'SGP', 'MYS', 'RUS', 'DEU', 'FRA'] as const;

/** The longer list behind “another country or region”; anything else is typed as its code. */
export const MORE_NATIONALITIES = [
  'ARE',
  'ARG',
  'AUT',
  'BEL',
  'BGD',
  'BLR',
  'BRA',
  'CHE',
  'CHL',
  'COL',
  'CZE',
  'DNK',
  'EGY',
  'ESP',
  'ETH',
  'FIN',
  'GRC',
  'HUN',
  'IDN',
  'IND',
  'IRL',
  'IRN',
  'ISR',
  'ITA',
  'KAZ',
  'KEN',
  'KGZ',
  'KHM',
  'LAO',
  'LKA',
  'MAR',
  'MEX',
  'MMR',
  'MNG',
  'NGA',
  'NLD',
  'NOR',
  'NPL',
  'NZL',
  'PAK',
  'PER',
  'PHL',
  'POL',
  'PRT',
  'ROU',
  'SAU',
  'SWE',
  'THA',
  'TUR',
  'UKR',
  'UZB',
  'VNM',
  'ZAF',
] as const;

export type ListedNationality = (typeof COMMON_NATIONALITIES)[number] | (typeof MORE_NATIONALITIES)[number];

/** A nationality's name in `locale`; a code the app has no name for is shown as the code itself. */
export function nationalityName(code: string, locale: Locale): string {
  const key = `nationality.${code}`;
  const name = translate(locale, key);
  return name === key ? code : name;
}

/** The longer list in the reader's alphabetical order (pinyin for Chinese where the runtime can collate it). */
export function moreNationalities(locale: Locale): { code: string; name: string }[] {
  const collator = locale === 'en' ? 'en' : 'zh-CN';
  return MORE_NATIONALITIES.map((code) => ({ code, name: nationalityName(code, locale) })).sort((a, b) => a.name.localeCompare(b.name, collator));
}

/** Which of the three ways of choosing fits a stored nationality: a common choice, the longer list, or a typed code. */
export function nationalityMode(code: string): 'common' | 'list' | 'code' {
  if (!code || (COMMON_NATIONALITIES as readonly string[]).includes(code)) return 'common';
  if ((MORE_NATIONALITIES as readonly string[]).includes(code)) return 'list';
  return 'code';
}
