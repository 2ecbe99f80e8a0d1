export type SecuritySuggest = 'pass' | 'review' | 'risky';

export interface SecurityWord {
  word: string;
  suggest: Exclude<SecuritySuggest, 'pass'>;
  /** WeChat's label: 10001 ad, 20001 politics, 20002 porn, 20003 abuse, 20006 crime, 20008 fraud, 20012 vulgar, 21000 other. */
  label: number;
}

/**
 * The simulator's whole content-security model: a text containing one of these words (case-insensitive,
 * anywhere in content, title, nickname or signature) gets its suggest and label; risky words win over
 * review words, and within each group the first listed word found decides. Anything else passes (label 100).
 */
export const SECURITY_WORDS: readonly SecurityWord[] = [
  { word: '违禁词', suggest: 'risky', label: 20006 },
  { word: 'risky-word', suggest: 'risky', label: 20006 },
  { word: '政治敏感', suggest: 'risky', label: 20001 },
  { word: '色情', suggest: 'risky', label: 20002 },
  { word: '辱骂', suggest: 'risky', label: 20003 },
  { word: '包治百病', suggest: 'risky', label: 20008 },
  { word: '代开发票', suggest: 'risky', label: 20008 },
  { word: '低俗', suggest: 'risky', label: 20012 },
  { word: '需审核', suggest: 'review', label: 21000 },
  { word: 'review-word', suggest: 'review', label: 21000 },
  { word: '偏方', suggest: 'review', label: 21000 },
  { word: '加微信', suggest: 'review', label: 10001 },
];

export const PASS_LABEL = 100;
export const MAX_CONTENT_CHARS = 2500;

export interface SecurityVerdict {
  suggest: SecuritySuggest;
  label: number;
  /** The word that decided, when one did. */
  keyword?: string;
}

export function checkText(...texts: string[]): SecurityVerdict {
  const haystack = texts.join('\n').toLowerCase();
  const found = (suggest: SecurityWord['suggest']) => SECURITY_WORDS.find((w) => w.suggest === suggest && haystack.includes(w.word.toLowerCase()));
  const hit = found('risky') ?? found('review');
  return hit ? { suggest: hit.suggest, label: hit.label, keyword: hit.word } : { suggest: 'pass', label: PASS_LABEL };
}

/** The `detail` list of a v2 answer: the model's verdict, then the keyword strategy (with the word when one matched). */
export function verdictDetail(verdict: SecurityVerdict): Record<string, unknown>[] {
  const model = { strategy: 'content_model', errcode: 0, suggest: verdict.suggest, label: verdict.label, prob: verdict.suggest === 'pass' ? 0 : 90 };
  const keyword =
    verdict.keyword === undefined
      ? { strategy: 'keyword', errcode: 0 }
      : {
          strategy: 'keyword',
          errcode: 0,
          suggest: verdict.suggest,
          label: verdict.label,
          level: verdict.suggest === 'risky' ? 90 : 50,
          keyword: verdict.keyword,
        };
  return [model, keyword];
}
