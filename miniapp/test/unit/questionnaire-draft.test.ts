import { moveItem, newItem, optionsToText, problemsByItem, textToOptions } from '../../src/utils/questionnaire-draft';

describe('the template editor’s rules', () => {
  it('shows options as lines and reads them back, making up values where a line has none', () => {
    const options = [
      { value: 'healing', label: '愈合良好', labelEn: 'Healing well' },
      { value: 'redness', label: '红肿' },
    ];
    expect(optionsToText(options)).toBe('healing | 愈合良好 | Healing well\nredness | 红肿');
    expect(textToOptions(optionsToText(options))).toEqual(options);
    expect(textToOptions('\n  渗液 | Weeping\nBad Value | 裂开 | Opened\n\n')).toEqual([
      { value: 'option_1', label: '渗液', labelEn: 'Weeping' },
      { value: 'option_2', label: '裂开', labelEn: 'Opened' },
    ]);
    expect(textToOptions('只有中文')).toEqual([{ value: 'option_1', label: '只有中文' }]);
  });

  it('adds items with fresh ids and sensible defaults, and moves them within bounds', () => {
    const items = [newItem('likert', [])];
    expect(items[0]).toEqual({ id: 'q1', kind: 'likert', scale: 5, text: '' });
    const second = newItem('single', [...items, { id: 'q2', kind: 'text', text: 'x' }]);
    expect(second.id).toBe('q3');
    expect(second.options?.map((o) => o.value)).toEqual(['yes', 'no']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('groups the server’s problems by item', () => {
    const grouped = problemsByItem([
      { path: 'title', problem: 'required' },
      { path: 'items[2].options', problem: 'atLeastTwo' },
      { path: 'items[2].text', problem: 'required' },
      { path: 'pairs.k', problem: 'incomplete' },
    ]);
    expect(grouped.get(2)?.map((p) => p.problem)).toEqual(['atLeastTwo', 'required']);
    expect(grouped.get(-1)?.map((p) => p.path)).toEqual(['title', 'pairs.k']);
  });
});
