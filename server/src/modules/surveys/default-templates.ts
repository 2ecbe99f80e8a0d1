import type { QualityDimension, QuestionItem, QuestionnaireDefinition, Touchpoint } from '@yiban/shared';

/** What a shipped template is for: satisfaction surveys, or follow-up questionnaires (with red flags). */
export type TemplatePurpose = 'survey' | 'followup';

export interface DefaultTemplate {
  key: string;
  purpose: TemplatePurpose;
  definition: QuestionnaireDefinition;
}

/** An expectation/perception pair of one statement (SERVQUAL's wording: "an excellent hospital would …" / "this one did …"). */
function pair(key: string, dimension: QualityDimension, touchpoint: Touchpoint, e: [string, string], p: [string, string]): QuestionItem[] {
  return [
    { id: `${key}_e`, kind: 'likert', scale: 5, text: e[0], textEn: e[1], dimension, touchpoint, pair: { key, role: 'expectation' }, required: true },
    { id: `${key}_p`, kind: 'likert', scale: 5, text: p[0], textEn: p[1], dimension, touchpoint, pair: { key, role: 'perception' }, required: true },
  ];
}

const RECOMMEND: QuestionItem = {
  id: 'recommend',
  kind: 'nps',
  text: '您有多大可能向亲友推荐我院？（0 = 完全不可能，10 = 非常可能）',
  textEn: 'How likely are you to recommend our hospital to family or friends? (0 = not at all, 10 = extremely likely)',
  dimension: 'overall',
  required: true,
};

const COMPLAINT: QuestionItem = {
  id: 'complaint',
  kind: 'text',
  text: '有什么让您不满意的地方吗？请告诉我们，我们会尽快联系您。',
  textEn: 'Was anything not right? Tell us and we will contact you soon.',
  complaint: true,
};

/**
 * SERVQUAL (Parasuraman, Zeithaml and Berry): the five dimensions at the touchpoints where patients meet them, each
 * as expectation and perception on a 1–5 agreement scale, so the gap P − E is scored per dimension and touchpoint.
 */
const SERVQUAL: QuestionnaireDefinition = {
  title: '就医体验调查（服务质量）',
  titleEn: 'Your visit: service quality',
  intro: '每个问题请先评价“优秀的医院应当如何”，再评价“本次就诊实际如何”。1 = 非常不同意，5 = 非常同意。',
  introEn: 'For each statement, rate first what an excellent hospital should do, then what happened on this visit. 1 = strongly disagree, 5 = strongly agree.',
  items: [
    ...pair(
      'tangibles_reception',
      'tangibles',
      'reception',
      ['优秀的医院：候诊区整洁舒适，标识清楚', 'An excellent hospital: clean, comfortable waiting areas with clear signs'],
      ['本次就诊：候诊区整洁舒适，标识清楚', 'This visit: the waiting area was clean and comfortable, the signs clear'],
    ),
    ...pair(
      'reliability_booking',
      'reliability',
      'booking',
      ['优秀的医院：按预约时间准时就诊', 'An excellent hospital: sees you at the time booked'],
      ['本次就诊：按预约时间准时就诊', 'This visit: I was seen at the time I booked'],
    ),
    ...pair(
      'responsiveness_guidance',
      'responsiveness',
      'guidance',
      ['优秀的医院：导诊人员及时回应患者的询问', 'An excellent hospital: guides answer patients’ questions promptly'],
      ['本次就诊：导诊人员及时回应了我的询问', 'This visit: the guides answered my questions promptly'],
    ),
    ...pair(
      'assurance_consultation',
      'assurance',
      'consultation',
      ['优秀的医院：医生专业可信，解释清楚', 'An excellent hospital: doctors are competent and explain clearly'],
      ['本次就诊：医生专业可信，解释清楚', 'This visit: the doctor was competent and explained clearly'],
    ),
    ...pair(
      'empathy_consultation',
      'empathy',
      'consultation',
      ['优秀的医院：医护人员理解患者的需要与担心', 'An excellent hospital: staff understand patients’ needs and worries'],
      ['本次就诊：医护人员理解我的需要与担心', 'This visit: the staff understood my needs and worries'],
    ),
    ...pair(
      'responsiveness_pharmacy',
      'responsiveness',
      'pharmacy',
      ['优秀的医院：取药不必久等', 'An excellent hospital: you do not wait long for medicines'],
      ['本次就诊：取药没有久等', 'This visit: I did not wait long for my medicines'],
    ),
    ...pair(
      'reliability_billing',
      'reliability',
      'billing',
      ['优秀的医院：收费准确，明细清楚', 'An excellent hospital: bills are correct and itemised'],
      ['本次就诊：收费准确，明细清楚', 'This visit: the bill was correct and itemised'],
    ),
    RECOMMEND,
    COMPLAINT,
  ],
};

/** Grönroos's six criteria of good perceived service quality, rated as experienced on this visit (1–5). */
const SIX_CRITERIA: QuestionnaireDefinition = {
  title: '就医体验调查（六项标准）',
  titleEn: 'Your visit: six criteria of good service',
  intro: '请根据本次就诊的实际感受评分。1 = 非常不同意，5 = 非常同意。',
  introEn: 'Rate this visit as you experienced it. 1 = strongly disagree, 5 = strongly agree.',
  items: [
    {
      id: 'professionalism',
      kind: 'likert',
      scale: 5,
      dimension: 'professionalism',
      touchpoint: 'consultation',
      required: true,
      text: '医护人员具备解决我问题的专业知识和技能',
      textEn: 'The staff had the knowledge and skills to solve my problem',
    },
    {
      id: 'attitudes',
      kind: 'likert',
      scale: 5,
      dimension: 'attitudes_behaviour',
      touchpoint: 'reception',
      required: true,
      text: '工作人员主动、友善地关心我',
      textEn: 'The staff cared about me in a friendly, willing way',
    },
    {
      id: 'accessibility',
      kind: 'likert',
      scale: 5,
      dimension: 'accessibility_flexibility',
      touchpoint: 'booking',
      required: true,
      text: '预约方便，时间安排灵活',
      textEn: 'Booking was easy and the times were flexible',
    },
    {
      id: 'reliability',
      kind: 'likert',
      scale: 5,
      dimension: 'reliability_trustworthiness',
      touchpoint: 'consultation',
      required: true,
      text: '医院说到做到，我可以信赖',
      textEn: 'The hospital kept its promises; I can rely on it',
    },
    {
      id: 'recovery',
      kind: 'likert',
      scale: 5,
      dimension: 'service_recovery',
      touchpoint: 'guidance',
      text: '出现问题时，医院能及时主动地解决',
      textEn: 'When something went wrong, the hospital put it right promptly',
    },
    {
      id: 'reputation',
      kind: 'likert',
      scale: 5,
      dimension: 'reputation_credibility',
      required: true,
      text: '我相信这家医院的声誉和服务水平',
      textEn: 'I trust this hospital’s reputation and standards',
    },
    RECOMMEND,
    COMPLAINT,
  ],
};

const NPS: QuestionnaireDefinition = {
  title: '推荐意愿调查',
  titleEn: 'Would you recommend us?',
  items: [
    RECOMMEND,
    {
      id: 'reason',
      kind: 'text',
      text: '您给出这个分数的主要原因是什么？',
      textEn: 'What is the main reason for your score?',
      showIf: { itemId: 'recommend', atLeast: 7 },
    },
    {
      ...COMPLAINT,
      text: '我们哪里做得不好？请告诉我们，我们会尽快联系您。',
      textEn: 'What did we get wrong? Tell us and we will contact you soon.',
      showIf: { itemId: 'recommend', atMost: 6 },
    },
  ],
};

/** Post-operative follow-up (day 1–14): temperature, pain, the wound; each with its red flag. */
const POST_OP: QuestionnaireDefinition = {
  title: '术后随访问卷',
  titleEn: 'After your operation',
  intro: '请如实填写。如有高热、剧烈疼痛或伤口渗液，个案管理师会尽快联系您；紧急情况请立即就医或拨打 120。',
  introEn: 'Please answer as things are. A high fever, severe pain or a weeping wound alerts your case manager; in an emergency go to hospital or call 120.',
  items: [
    {
      id: 'temperature',
      kind: 'number',
      unit: '°C',
      min: 34,
      max: 43,
      decimals: 1,
      redFlag: { above: 38.5 },
      required: true,
      text: '今天最高体温',
      textEn: 'Your highest temperature today',
    },
    {
      id: 'pain',
      kind: 'number',
      unit: '/10',
      min: 0,
      max: 10,
      decimals: 0,
      redFlag: { above: 6 },
      required: true,
      text: '疼痛评分（0 = 不痛，10 = 最痛）',
      textEn: 'Pain score (0 = none, 10 = worst imaginable)',
    },
    {
      id: 'wound',
      kind: 'multiple',
      required: true,
      text: '伤口情况（可多选）',
      textEn: 'Your wound (choose all that apply)',
      options: [
        { value: 'healing', label: '愈合良好', labelEn: 'Healing well' },
        { value: 'redness', label: '红肿', labelEn: 'Red or swollen' },
        { value: 'discharge', label: '渗液或流脓', labelEn: 'Weeping or pus' },
        { value: 'opened', label: '裂开', labelEn: 'Opened' },
      ],
      redFlag: { anyOf: ['discharge', 'opened'] },
    },
    {
      id: 'stitches',
      kind: 'single',
      text: '拆线是否已安排？',
      textEn: 'Is the removal of your stitches arranged?',
      options: [
        { value: 'done', label: '已拆线', labelEn: 'Already removed' },
        { value: 'booked', label: '已预约', labelEn: 'Booked' },
        { value: 'not_yet', label: '还没有安排', labelEn: 'Not yet' },
      ],
    },
    { id: 'notes', kind: 'text', text: '其他想告诉医生的情况', textEn: 'Anything else you want your doctor to know' },
  ],
};

/** Chronic disease follow-up (diabetes, hypertension): readings with their red flags, adherence. */
const CHRONIC: QuestionnaireDefinition = {
  title: '慢病随访问卷',
  titleEn: 'Living with your condition',
  intro: '请填写最近一次测量的结果。数值异常时，个案管理师会联系您。',
  introEn: 'Enter your latest readings. If one is out of range your case manager will contact you.',
  items: [
    {
      id: 'glucose',
      kind: 'number',
      unit: 'mmol/L',
      min: 1,
      max: 35,
      decimals: 1,
      redFlag: { above: 13.9, below: 3.9 },
      text: '空腹血糖',
      textEn: 'Fasting blood glucose',
    },
    {
      id: 'systolic',
      kind: 'number',
      unit: 'mmHg',
      min: 60,
      max: 260,
      decimals: 0,
      redFlag: { above: 180, below: 90 },
      text: '收缩压（高压）',
      textEn: 'Systolic blood pressure (upper number)',
    },
    {
      id: 'diastolic',
      kind: 'number',
      unit: 'mmHg',
      min: 30,
      max: 160,
      decimals: 0,
      redFlag: { above: 110 },
      text: '舒张压（低压）',
      textEn: 'Diastolic blood pressure (lower number)',
    },
    {
      id: 'adherence',
      kind: 'single',
      required: true,
      text: '过去一周是否按时服药？',
      textEn: 'Did you take your medicines as prescribed this past week?',
      options: [
        { value: 'always', label: '每天按时', labelEn: 'Every day' },
        { value: 'mostly', label: '偶尔漏服', labelEn: 'Missed once or twice' },
        { value: 'often_missed', label: '经常漏服', labelEn: 'Missed often' },
        { value: 'stopped', label: '已自行停药', labelEn: 'Stopped on my own' },
      ],
      redFlag: { anyOf: ['stopped'] },
    },
    {
      id: 'symptoms',
      kind: 'multiple',
      text: '最近有无以下症状？',
      textEn: 'Have you had any of these lately?',
      options: [
        { value: 'none', label: '都没有', labelEn: 'None' },
        { value: 'dizziness', label: '头晕', labelEn: 'Dizziness' },
        { value: 'chest_pain', label: '胸痛或胸闷', labelEn: 'Chest pain or tightness' },
        { value: 'thirst', label: '口渴多尿', labelEn: 'Thirst, passing much urine' },
        { value: 'vision', label: '视物模糊', labelEn: 'Blurred vision' },
      ],
      redFlag: { anyOf: ['chest_pain'] },
    },
  ],
};

/**
 * After an online consultation: the patient's 1–5 stars and words. A rating given in the chat answers it (the two are
 * one judgement, asked once); a low one opens a service issue like any survey.
 */
export const CONSULT_RATING_ITEMS = { score: 'overall', comment: 'comment' } as const;
const CONSULT_RATING: QuestionnaireDefinition = {
  title: '在线咨询评价',
  titleEn: 'Your online consultation',
  intro: '您的评价会帮助医生改进服务。',
  introEn: 'Your rating helps the doctor improve.',
  items: [
    {
      id: CONSULT_RATING_ITEMS.score,
      kind: 'likert',
      scale: 5,
      text: '您对这次在线咨询满意吗？（1 = 很不满意，5 = 非常满意）',
      textEn: 'How satisfied are you with this consultation? (1 = very dissatisfied, 5 = very satisfied)',
      dimension: 'overall',
      touchpoint: 'consultation',
      required: true,
    },
    {
      id: CONSULT_RATING_ITEMS.comment,
      kind: 'text',
      text: '还有什么想告诉医生的吗？（选填）',
      textEn: 'Anything else you would like to tell the doctor? (optional)',
    },
  ],
};

/** The templates every hospital starts with (created once; staff may publish new versions). */
export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = [
  { key: 'servqual', purpose: 'survey', definition: SERVQUAL },
  { key: 'six_criteria', purpose: 'survey', definition: SIX_CRITERIA },
  { key: 'nps', purpose: 'survey', definition: NPS },
  { key: 'consult_rating', purpose: 'survey', definition: CONSULT_RATING },
  { key: 'post_op', purpose: 'followup', definition: POST_OP },
  { key: 'chronic_disease', purpose: 'followup', definition: CHRONIC },
];
