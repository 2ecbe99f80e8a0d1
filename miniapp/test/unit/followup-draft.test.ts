import { blankPathway, newStep, prefixesFromText, problemsByStep, toRequest } from '../../src/utils/followup-draft';

describe('the follow-up pathway editor', () => {
  it('adds a step a week after the last one, never past a year', () => {
    expect(newStep('call', []).offsetDays).toBe(0);
    expect(newStep('questionnaire', [{ offsetDays: 3, kind: 'call', title: 'a' }])).toEqual({
      offsetDays: 10,
      kind: 'questionnaire',
      title: '',
      questionnaireKey: 'post_op',
    });
    expect(newStep('call', [{ offsetDays: 362, kind: 'call', title: 'a' }]).offsetDays).toBe(365);
  });

  it('reads diagnosis prefixes however they are typed', () => {
    expect(prefixesFromText(' i10，E11、k35.8  I10 ')).toEqual(['I10', 'E11', 'K35.8']);
    expect(prefixesFromText('')).toEqual([]);
  });

  it('groups the server’s problems by step, the pathway’s own first', () => {
    const by = problemsByStep([
      { path: 'name', problem: 'required' },
      { path: 'steps.2.title', problem: 'required' },
      { path: 'steps.2.offsetDays', problem: 'range' },
    ]);
    expect(by.get(-1)).toEqual([{ path: 'name', problem: 'required' }]);
    expect(by.get(2)?.map((p) => p.path)).toEqual(['steps.2.title', 'steps.2.offsetDays']);
  });

  it('sends blank optional words as null, the key only when creating, an article tag only on an education step', () => {
    const draft = {
      ...blankPathway(),
      key: 'knee',
      name: '膝关节',
      nameEn: ' ',
      steps: [
        { offsetDays: 1, kind: 'call' as const, title: '电话', titleEn: '', articleTag: 'x' },
        { offsetDays: 2, kind: 'education' as const, title: '文章', articleTag: 'knee' },
      ],
    };
    const created = toRequest(draft, true);
    expect(created).toMatchObject({ key: 'knee', nameEn: null, description: null });
    expect(created.steps).toEqual([
      { offsetDays: 1, kind: 'call', title: '电话' },
      { offsetDays: 2, kind: 'education', title: '文章', articleTag: 'knee' },
    ]);
    expect('key' in toRequest(draft, false)).toBe(false);
  });
});
