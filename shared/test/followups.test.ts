import { checkFollowupTemplate, cleanFollowupTemplate, type SaveFollowupTemplateRequest } from '@yiban/shared';

const DEPT = '01J0000000000000000000000A';
const sound: SaveFollowupTemplateRequest = {
  key: 'knee_replacement',
  name: '膝关节置换术后随访',
  nameEn: 'After a knee replacement',
  match: { on: 'discharge', departmentIds: [DEPT], diagnosisPrefixes: ['M17', 'Z96.65'] },
  steps: [
    { offsetDays: 14, kind: 'revisit', title: '拆线复诊' },
    { offsetDays: 1, kind: 'call', title: '出院次日电话' },
    { offsetDays: 3, kind: 'questionnaire', title: '术后问卷', questionnaireKey: 'post_op' },
    { offsetDays: 5, kind: 'education', title: '康复训练', articleTag: 'knee' },
  ],
  active: true,
};

describe('follow-up template check', () => {
  it('accepts a sound pathway and stores its steps in day order, trimmed, without stray fields', () => {
    expect(checkFollowupTemplate(sound)).toEqual([]);
    const clean = cleanFollowupTemplate({
      ...sound,
      name: '  膝关节置换术后随访 ',
      steps: [...sound.steps, { offsetDays: 0, kind: 'reminder', title: ' 带好出院小结 ', titleEn: '' }],
    });
    expect(clean.name).toBe('膝关节置换术后随访');
    expect(clean.steps.map((s) => s.offsetDays)).toEqual([0, 1, 3, 5, 14]);
    expect(clean.steps[0]).toEqual({ offsetDays: 0, kind: 'reminder', title: '带好出院小结' });
  });

  it('names every problem and where it is', () => {
    const problems = checkFollowupTemplate({
      key: 'Bad Key',
      name: ' ',
      match: { on: 'visit', departmentIds: [], diagnosisPrefixes: [] },
      steps: [
        { offsetDays: -1, kind: 'call', title: '' },
        { offsetDays: 2.5, kind: 'questionnaire', title: '问卷' },
        { offsetDays: 400, kind: 'fax' as never, title: 'x'.repeat(61) },
        { offsetDays: 3, kind: 'call', title: '电话', articleTag: 'x' },
      ],
      active: true,
    });
    expect(problems).toEqual([
      { path: 'key', problem: 'format' },
      { path: 'name', problem: 'required' },
      // An automatic enrolment with no department and no diagnosis would enrol every visit.
      { path: 'match', problem: 'tooBroad' },
      { path: 'steps.0.offsetDays', problem: 'range' },
      { path: 'steps.0.title', problem: 'required' },
      { path: 'steps.1.offsetDays', problem: 'range' },
      { path: 'steps.1.questionnaireKey', problem: 'required' },
      { path: 'steps.2.offsetDays', problem: 'range' },
      { path: 'steps.2.kind', problem: 'unknown' },
      { path: 'steps.2.title', problem: 'tooLong' },
      { path: 'steps.3.articleTag', problem: 'format' },
    ]);
  });

  it('refuses no steps, too many, bad prefixes and an unknown trigger', () => {
    expect(checkFollowupTemplate({ ...sound, steps: [] })).toEqual([{ path: 'steps', problem: 'count' }]);
    const many = Array.from({ length: 31 }, (_, i) => ({ offsetDays: i, kind: 'call' as const, title: `第 ${i} 天` }));
    expect(checkFollowupTemplate({ ...sound, steps: many })).toEqual([{ path: 'steps', problem: 'count' }]);
    expect(checkFollowupTemplate({ ...sound, match: { on: 'admission' as never, departmentIds: ['x'], diagnosisPrefixes: ['i10', 'I10'] } })).toEqual([
      { path: 'match.on', problem: 'unknown' },
      { path: 'match.departmentIds.0', problem: 'format' },
      { path: 'match.diagnosisPrefixes.0', problem: 'format' },
    ]);
    // Staff enrol by hand only: no rule needed.
    expect(checkFollowupTemplate({ ...sound, match: { on: null, departmentIds: [], diagnosisPrefixes: [] } })).toEqual([]);
  });
});
