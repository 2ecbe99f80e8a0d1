import type { QuestionItem, QuestionKind, QuestionOption, QuestionnaireProblem } from '@yiban/shared';

/** The template editor's rules (pure): options as editable lines, new items, moving them, problems by item. */

/** Options as lines `value | 中文 | English` (what the editor's text box shows). */
export function optionsToText(options: readonly QuestionOption[] | undefined): string {
  return (options ?? []).map((o) => [o.value, o.label, o.labelEn ?? ''].join(' | ').replace(/ \| $/, '')).join('\n');
}

/**
 * Lines back to options. A line is `value | label | labelEn`, `label | labelEn` or just `label`; a missing or unusable
 * value becomes `option_<n>`. Blank lines are dropped. The server checks the result again.
 */
export function textToOptions(text: string): QuestionOption[] {
  const out: QuestionOption[] = [];
  for (const raw of text.split('\n')) {
    const parts = raw.split('|').map((p) => p.trim());
    if (!parts.some(Boolean)) continue;
    const hasValue = parts.length >= 3 || (parts.length === 2 && /^[a-z][a-z0-9_]*$/.test(parts[0]!));
    const [value, label, labelEn] = hasValue ? parts : ['', ...parts];
    const code = value && /^[a-z][a-z0-9_]{0,39}$/.test(value) ? value : `option_${out.length + 1}`;
    out.push({ value: code, label: label ?? '', ...(labelEn ? { labelEn } : {}) });
  }
  return out;
}

/** A new item of a kind, with an id no other item has. */
export function newItem(kind: QuestionKind, items: readonly QuestionItem[]): QuestionItem {
  const taken = new Set(items.map((i) => i.id));
  let n = items.length + 1;
  while (taken.has(`q${n}`)) n++;
  const id = `q${n}`;
  if (kind === 'likert') return { id, kind, scale: 5, text: '' };
  if (kind === 'single' || kind === 'multiple')
    return {
      id,
      kind,
      text: '',
      options: [
        { value: 'yes', label: '是', labelEn: 'Yes' },
        { value: 'no', label: '否', labelEn: 'No' },
      ],
    };
  return { id, kind, text: '' };
}

/** The items with one moved up (−1) or down (+1); unchanged at the ends. */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

/** The server's problems grouped by item index (`items[3].text` → 3); the rest (title, pairs) under -1. */
export function problemsByItem(problems: readonly QuestionnaireProblem[]): Map<number, QuestionnaireProblem[]> {
  const out = new Map<number, QuestionnaireProblem[]>();
  for (const p of problems) {
    const m = /^items\[(\d+)\]/.exec(p.path);
    const key = m ? Number(m[1]) : -1;
    out.set(key, [...(out.get(key) ?? []), p]);
  }
  return out;
}
