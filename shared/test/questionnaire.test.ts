import {
  checkAnswers,
  checkDefinition,
  cleanDefinition,
  netPromoterScore,
  npsClass,
  ratingBox,
  redFlags,
  scoreAnswers,
  toFhirQuestionnaire,
  toFhirQuestionnaireResponse,
  visibleItems,
  type QuestionItem,
  type QuestionnaireDefinition,
} from '@yiban/shared';

const likert = (id: string, extra: Partial<QuestionItem> = {}): QuestionItem => ({ id, kind: 'likert', scale: 5, text: `题目 ${id}`, ...extra });

/** Two SERVQUAL pairs (reliability at booking, empathy at consultation), a plain rating, NPS, a complaint box. */
const SURVEY: QuestionnaireDefinition = {
  title: '满意度调查',
  items: [
    likert('rel_e', { dimension: 'reliability', touchpoint: 'booking', pair: { key: 'rel', role: 'expectation' }, required: true }),
    likert('rel_p', { dimension: 'reliability', touchpoint: 'booking', pair: { key: 'rel', role: 'perception' }, required: true }),
    likert('emp_e', { dimension: 'empathy', touchpoint: 'consultation', pair: { key: 'emp', role: 'expectation' } }),
    likert('emp_p', { dimension: 'empathy', touchpoint: 'consultation', pair: { key: 'emp', role: 'perception' } }),
    likert('emp2_e', { dimension: 'empathy', touchpoint: 'reception', pair: { key: 'emp2', role: 'expectation' } }),
    likert('emp2_p', { dimension: 'empathy', touchpoint: 'reception', pair: { key: 'emp2', role: 'perception' } }),
    likert('clean', { dimension: 'tangibles', touchpoint: 'reception' }),
    { id: 'nps', kind: 'nps', text: '您有多大可能向亲友推荐我院？', required: true },
    { id: 'why', kind: 'text', text: '哪里让您不满意？', complaint: true, showIf: { itemId: 'nps', atMost: 6 } },
  ],
};

const FOLLOW_UP: QuestionnaireDefinition = {
  title: '术后随访',
  items: [
    { id: 'temp', kind: 'number', text: '体温', unit: '°C', min: 34, max: 43, decimals: 1, redFlag: { above: 38.5 }, required: true },
    { id: 'pain', kind: 'likert', scale: 7, text: '疼痛程度', redFlag: { above: 5 } },
    {
      id: 'wound',
      kind: 'multiple',
      text: '伤口情况',
      options: [
        { value: 'normal', label: '正常' },
        { value: 'redness', label: '红肿' },
        { value: 'discharge', label: '渗液' },
      ],
      redFlag: { anyOf: ['discharge'] },
    },
    { id: 'glucose', kind: 'number', text: '空腹血糖', unit: 'mmol/L', min: 1, max: 35, redFlag: { above: 13.9, below: 3.9 } },
  ],
};

describe('checkDefinition: refuses a broken template before it is published', () => {
  it('passes the fixtures', () => {
    expect(checkDefinition(SURVEY)).toEqual([]);
    expect(checkDefinition(FOLLOW_UP)).toEqual([]);
  });

  it('names every problem with its path', () => {
    const broken: QuestionnaireDefinition = {
      title: ' ',
      items: [
        likert('a', { scale: 6 as 5 }),
        likert('a'),
        { id: 'B', kind: 'single', text: 'x', options: [{ value: 'one', label: '一' }] },
        { id: 'c', kind: 'text', text: 'x', redFlag: { anyOf: ['x'] }, showIf: { itemId: 'd', anyOf: ['x'] } },
        likert('d', { pair: { key: 'k', role: 'expectation' } }),
        { id: 'e', kind: 'number', text: 'x', min: 5, max: 5 },
        { id: 'f', kind: 'nps', text: 'x', showIf: { itemId: 'c', anyOf: ['x'] } },
      ],
    };
    expect(checkDefinition(broken)).toEqual([
      { path: 'title', problem: 'required' },
      { path: 'items[0].scale', problem: 'fiveOrSeven' },
      { path: 'items[1].id', problem: 'duplicate' },
      { path: 'items[2].id', problem: 'badId' },
      { path: 'items[2].options', problem: 'atLeastTwo' },
      { path: 'items[3].redFlag', problem: 'notForText' },
      { path: 'items[3].showIf', problem: 'mustReferToEarlierItem' },
      { path: 'items[4].dimension', problem: 'pairNeedsDimension' },
      { path: 'items[5].max', problem: 'notAboveMin' },
      { path: 'items[6].showIf', problem: 'notOnText' },
      { path: 'pairs.k', problem: 'incomplete' },
    ]);
    expect(checkDefinition({ title: 't', items: [] })).toEqual([{ path: 'items', problem: 'required' }]);
  });

  it('refuses pairs whose halves differ in scale or dimension, and red flags on values an item does not offer', () => {
    const d: QuestionnaireDefinition = {
      title: 't',
      items: [
        likert('e', { dimension: 'empathy', pair: { key: 'k', role: 'expectation' } }),
        likert('p', { scale: 7, dimension: 'assurance', pair: { key: 'k', role: 'perception' } }),
        {
          id: 's',
          kind: 'single',
          text: 'x',
          options: [
            { value: 'a', label: 'A' },
            { value: 'b', label: 'B' },
          ],
          redFlag: { anyOf: ['c'] },
        },
      ],
    };
    expect(checkDefinition(d)).toEqual([
      { path: 'items[2].redFlag', problem: 'choiceValues' },
      { path: 'pairs.k', problem: 'scalesDiffer' },
      { path: 'pairs.k', problem: 'dimensionsDiffer' },
    ]);
  });
});

describe('checkDefinition against any JSON', () => {
  it('refuses values of the wrong type without tripping over them', () => {
    const d = {
      title: 't',
      items: [
        { id: 'a', kind: 'single', text: 'x', options: 'no' },
        { id: 'b', kind: 'likert', scale: 5, text: 'y', showIf: { itemId: 'a', anyOf: 5 } },
        'junk',
        { id: 'c', kind: 'number', text: 'z', redFlag: { above: '38' } },
      ],
    } as unknown as QuestionnaireDefinition;
    expect(checkDefinition(d)).toEqual([
      { path: 'items[0].options', problem: 'badShape' },
      { path: 'items[1].showIf', problem: 'badShape' },
      { path: 'items[2]', problem: 'notAnObject' },
      { path: 'items[3].redFlag', problem: 'badShape' },
    ]);
    expect(checkDefinition(null as unknown as QuestionnaireDefinition)).toEqual([{ path: '', problem: 'notAnObject' }]);
  });

  it('keeps only the fields the engine knows', () => {
    const messy = {
      title: 't',
      extra: 1,
      items: [{ id: 'a', kind: 'text', text: 'x', script: '<b>', options: undefined }],
    } as unknown as QuestionnaireDefinition;
    expect(cleanDefinition(messy)).toEqual({ title: 't', items: [{ id: 'a', kind: 'text', text: 'x' }] });
  });
});

describe('checkAnswers and visibleItems', () => {
  const base = [
    { itemId: 'rel_e', value: 5 },
    { itemId: 'rel_p', value: 3 },
  ];

  it('shows a conditional item only when its condition holds', () => {
    expect(visibleItems(SURVEY, new Map([['nps', 9]])).has('why')).toBe(false);
    expect(visibleItems(SURVEY, new Map([['nps', 6]])).has('why')).toBe(true);
    expect(visibleItems(SURVEY, new Map()).has('why')).toBe(false);
  });

  it('accepts sound answers and refuses each kind of bad one with its path', () => {
    expect(checkAnswers(SURVEY, [...base, { itemId: 'nps', value: 6 }, { itemId: 'why', value: '等了很久' }]).problems).toEqual([]);
    const { problems } = checkAnswers(SURVEY, [
      { itemId: 'rel_e', value: 6 },
      { itemId: 'rel_p', value: 3.5 },
      { itemId: 'nope', value: 1 },
      { itemId: 'nps', value: 9 },
      { itemId: 'nps', value: 8 },
      { itemId: 'why', value: '...' },
    ]);
    expect(problems).toEqual([
      { path: 'answers[0].value', problem: 'outOfScale' },
      { path: 'answers[1].value', problem: 'outOfScale' },
      { path: 'answers[2].itemId', problem: 'unknownItem' },
      { path: 'answers[4].itemId', problem: 'duplicate' },
      { path: 'answers[5].itemId', problem: 'notShown' },
      { path: 'items.rel_e', problem: 'required' },
      { path: 'items.rel_p', problem: 'required' },
    ]);
  });

  it('checks numbers against bounds and decimals, choices against options', () => {
    const bad = checkAnswers(FOLLOW_UP, [
      { itemId: 'temp', value: 37.25 },
      { itemId: 'pain', value: 8 },
      { itemId: 'wound', value: ['normal', 'normal'] },
      { itemId: 'glucose', value: 40 },
    ]).problems.map((p) => p.problem);
    expect(bad).toEqual(['tooManyDecimals', 'outOfScale', 'duplicate', 'outOfRange', 'required']);
    expect(
      checkAnswers(FOLLOW_UP, [
        { itemId: 'temp', value: 37.2 },
        { itemId: 'wound', value: [] },
      ]).problems.map((p) => p.problem),
    ).toEqual(['chooseAtLeastOne']);
  });
});

describe('scores (hand-computed)', () => {
  it('gap per dimension is the mean of its pairs’ P − E; boxes count ratings, not expectations; NPS classes', () => {
    const { byItem } = checkAnswers(SURVEY, [
      { itemId: 'rel_e', value: 5 },
      { itemId: 'rel_p', value: 3 }, // reliability −2
      { itemId: 'emp_e', value: 4 },
      { itemId: 'emp_p', value: 5 }, // empathy +1
      { itemId: 'emp2_e', value: 5 },
      { itemId: 'emp2_p', value: 2 }, // empathy −3 → mean −1
      { itemId: 'clean', value: 1 },
      { itemId: 'nps', value: 6 },
      { itemId: 'why', value: '挂号排队太久' },
    ]);
    const s = scoreAnswers(SURVEY, byItem);
    expect(s.gap).toEqual({ reliability: -2, empathy: -1 });
    expect(s.gaps.map((g) => [g.key, g.touchpoint, g.gap])).toEqual([
      ['rel', 'booking', -2],
      ['emp', 'consultation', 1],
      ['emp2', 'reception', -3],
    ]);
    // Ratings: rel_p 3 (middle), emp_p 5 (top), emp2_p 2 (bottom), clean 1 (bottom).
    expect(s.boxes).toEqual({ top: 1, middle: 1, bottom: 2 });
    expect(s.topBoxShare).toBe(0.25);
    expect(s.lowRatings).toEqual(['emp2_p', 'clean']);
    expect([s.nps, s.npsClass]).toEqual([6, 'detractor']);
    expect(s.complaints).toEqual(['why']);
  });

  it('an unanswered half leaves its pair out; no pairs, no gap', () => {
    const { byItem } = checkAnswers(SURVEY, [
      { itemId: 'rel_e', value: 4 },
      { itemId: 'rel_p', value: 4 },
      { itemId: 'emp_p', value: 4 },
      { itemId: 'nps', value: 10 },
    ]);
    const s = scoreAnswers(SURVEY, byItem);
    expect(s.gap).toEqual({ reliability: 0 });
    expect(s.npsClass).toBe('promoter');
    expect(scoreAnswers(FOLLOW_UP, new Map([['temp', 37]])).gap).toBeUndefined();
  });

  it('boxes, classes and the net promoter score at their edges', () => {
    expect([ratingBox(5, 5), ratingBox(4, 5), ratingBox(3, 5), ratingBox(2, 5), ratingBox(7, 7), ratingBox(6, 7), ratingBox(2, 7)]).toEqual([
      'top',
      'middle',
      'middle',
      'bottom',
      'top',
      'middle',
      'bottom',
    ]);
    expect([0, 6, 7, 8, 9, 10].map(npsClass)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    // 3 promoters, 1 passive, 2 detractors of 6: (3 − 2) / 6 = 16.7.
    expect(netPromoterScore([10, 9, 9, 8, 6, 0])).toBe(16.7);
    expect(netPromoterScore([])).toBeNull();
  });

  it('red flags: numbers outside bounds (either side), choices among the flagged values', () => {
    expect(
      redFlags(
        FOLLOW_UP,
        new Map<string, number | string[]>([
          ['temp', 38.5],
          ['pain', 5],
          ['wound', ['normal']],
          ['glucose', 5.6],
        ]),
      ),
    ).toEqual([]);
    expect(
      redFlags(
        FOLLOW_UP,
        new Map<string, number | string[]>([
          ['temp', 38.6],
          ['pain', 6],
          ['wound', ['redness', 'discharge']],
          ['glucose', 3.8],
        ]),
      ),
    ).toEqual(['temp', 'pain', 'wound', 'glucose']);
  });
});

describe('FHIR shapes', () => {
  it('maps items to Questionnaire items and answers to a QuestionnaireResponse', () => {
    const q = toFhirQuestionnaire(SURVEY, { id: 'q1', version: 2, status: 'active' });
    expect(q.version).toBe('2');
    expect(q.item.find((i) => i.linkId === 'why')).toMatchObject({ type: 'text', enableWhen: [{ question: 'nps', operator: '<=', answerDecimal: 6 }] });
    expect(toFhirQuestionnaire(FOLLOW_UP, { id: 'q2', version: 1, status: 'draft' }).item[2]).toMatchObject({ type: 'choice', repeats: true });
    const r = toFhirQuestionnaireResponse(
      FOLLOW_UP,
      new Map<string, number | string[]>([
        ['temp', 37.2],
        ['pain', 3],
        ['wound', ['normal']],
      ]),
      {
        questionnaireId: 'q2',
        patientId: 'p1',
        authored: '2026-12-07T10:00:00.000Z',
      },
    );
    expect(r.item).toEqual([
      { linkId: 'temp', answer: [{ valueDecimal: 37.2 }] },
      { linkId: 'pain', answer: [{ valueInteger: 3 }] },
      { linkId: 'wound', answer: [{ valueCoding: { code: 'normal' } }] },
    ]);
  });
});
