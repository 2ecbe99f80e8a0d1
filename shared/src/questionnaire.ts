/**
 * The questionnaire engine shared by satisfaction surveys and follow-up questionnaires: the definition staff edit (and
 * the defaults ship), the check that refuses a broken definition before it is published, the check of a patient's
 * answers, which items are shown (conditional items), red flags, and the scores — per-dimension gap P − E (the gap
 * model), top/middle/bottom box shares (as HCAHPS reports them) and the NPS class. Pure: the server and the
 * mini-program run the same rules. Texts are the hospital's, entered in Chinese with English beside (`textEn`), as the
 * catalogue does; everything else is codes.
 */

export const QUESTION_KINDS = ['likert', 'single', 'multiple', 'nps', 'number', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** SERVQUAL's five dimensions and Grönroos's six criteria (codes; labels in `QUALITY_DIMENSION_LABELS`). */
export const SERVQUAL_DIMENSIONS = ['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy'] as const;
export const SIX_CRITERIA = [
  'professionalism',
  'attitudes_behaviour',
  'accessibility_flexibility',
  'reliability_trustworthiness',
  'service_recovery',
  'reputation_credibility',
] as const;
export const QUALITY_DIMENSIONS = [...SERVQUAL_DIMENSIONS, ...SIX_CRITERIA, 'overall'] as const;
export type QualityDimension = (typeof QUALITY_DIMENSIONS)[number];

/** Where in the patient's journey an item asks about (预约 接待 导诊 问诊 检查 抽血 手术 取药 结账). */
export const TOUCHPOINTS = ['booking', 'reception', 'guidance', 'consultation', 'examination', 'blood_draw', 'surgery', 'pharmacy', 'billing'] as const;
export type Touchpoint = (typeof TOUCHPOINTS)[number];

export const QUALITY_DIMENSION_LABELS: Record<QualityDimension, { zh: string; en: string }> = {
  tangibles: { zh: '有形性', en: 'Tangibles' },
  reliability: { zh: '可靠性', en: 'Reliability' },
  responsiveness: { zh: '响应性', en: 'Responsiveness' },
  assurance: { zh: '保证性', en: 'Assurance' },
  empathy: { zh: '移情性', en: 'Empathy' },
  professionalism: { zh: '专业性与技能', en: 'Professionalism and skills' },
  attitudes_behaviour: { zh: '态度与行为', en: 'Attitudes and behaviour' },
  accessibility_flexibility: { zh: '可及性与灵活性', en: 'Accessibility and flexibility' },
  reliability_trustworthiness: { zh: '可靠性与可信度', en: 'Reliability and trustworthiness' },
  service_recovery: { zh: '服务补救', en: 'Service recovery' },
  reputation_credibility: { zh: '声誉与信用', en: 'Reputation and credibility' },
  overall: { zh: '总体', en: 'Overall' },
};

export const TOUCHPOINT_LABELS: Record<Touchpoint, { zh: string; en: string }> = {
  booking: { zh: '预约', en: 'Booking' },
  reception: { zh: '接待', en: 'Reception' },
  guidance: { zh: '导诊', en: 'Guidance' },
  consultation: { zh: '问诊', en: 'Consultation' },
  examination: { zh: '检查', en: 'Examination' },
  blood_draw: { zh: '抽血', en: 'Blood draw' },
  surgery: { zh: '手术', en: 'Surgery' },
  pharmacy: { zh: '取药', en: 'Pharmacy' },
  billing: { zh: '结账', en: 'Billing' },
};

export interface QuestionOption {
  /** A code, `[a-z0-9_]`, unique within the item. */
  value: string;
  label: string;
  labelEn?: string;
}

/** When an item is shown: another (earlier) item's answer equals a value, is one of values, or lies in a range. */
export interface ShowIf {
  itemId: string;
  anyOf?: (string | number)[];
  atLeast?: number;
  atMost?: number;
}

/** A red flag: a number outside bounds, or a choice among values. Crossing one escalates (follow-ups). */
export interface RedFlag {
  above?: number;
  below?: number;
  anyOf?: string[];
}

export interface QuestionItem {
  /** Stable within the template across versions, `[a-z][a-z0-9_]{0,39}`. */
  id: string;
  kind: QuestionKind;
  text: string;
  textEn?: string;
  required?: boolean;
  /** Likert: 5 or 7 points (1 = worst / strongly disagree). */
  scale?: 5 | 7;
  /** Single and multiple choice. */
  options?: QuestionOption[];
  /** Number: the unit (mmHg, mmol/L, °C …) and the bounds an answer must lie in. */
  unit?: string;
  min?: number;
  max?: number;
  /** Number: decimals allowed (0 = whole numbers; 1 when not given). */
  decimals?: number;
  redFlag?: RedFlag;
  dimension?: QualityDimension;
  touchpoint?: Touchpoint;
  /** Gap scoring: the expectation and the perception of one statement share a `pair` key. */
  pair?: { key: string; role: 'expectation' | 'perception' };
  /** Free text that, when written, is a complaint (opens a service issue). */
  complaint?: boolean;
  showIf?: ShowIf;
}

export interface QuestionnaireDefinition {
  title: string;
  titleEn?: string;
  /** A sentence shown before the first item. */
  intro?: string;
  introEn?: string;
  items: QuestionItem[];
}

export type AnswerValue = number | string | string[];
export interface Answer {
  itemId: string;
  value: AnswerValue;
}

export const MAX_ITEMS = 100;
export const MAX_TEXT_ANSWER = 1000;

/** A problem found in a definition or in answers: where (a path such as `items[3].options`) and what (a code). */
export interface QuestionnaireProblem {
  path: string;
  problem: string;
}

const ID = /^[a-z][a-z0-9_]{0,39}$/;

/** The check that refuses a broken definition before it is published (empty when it is sound). */
export function checkDefinition(d: QuestionnaireDefinition): QuestionnaireProblem[] {
  const out: QuestionnaireProblem[] = [];
  const add = (path: string, problem: string) => out.push({ path, problem });
  if (!isObj(d)) return [{ path: '', problem: 'notAnObject' }];
  if (!nonEmpty(d.title)) add('title', 'required');
  if (!Array.isArray(d.items) || !d.items.length) return [...out, { path: 'items', problem: 'required' }];
  if (d.items.length > MAX_ITEMS) add('items', 'tooMany');
  const seen = new Map<string, number>();
  const pairs = new Map<string, { expectation?: QuestionItem; perception?: QuestionItem }>();
  if (d.titleEn !== undefined && typeof d.titleEn !== 'string') add('titleEn', 'notText');
  if (d.intro !== undefined && typeof d.intro !== 'string') add('intro', 'notText');
  if (d.introEn !== undefined && typeof d.introEn !== 'string') add('introEn', 'notText');
  d.items.forEach((item, i) => {
    const at = `items[${i}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) return add(at, 'notAnObject');
    const shape = shapeProblem(item);
    if (shape) return add(`${at}.${shape}`, 'badShape');
    if (typeof item.id !== 'string' || !ID.test(item.id)) add(`${at}.id`, 'badId');
    else if (seen.has(item.id)) add(`${at}.id`, 'duplicate');
    if (!(QUESTION_KINDS as readonly string[]).includes(item.kind)) add(`${at}.kind`, 'unknown');
    if (!nonEmpty(item.text)) add(`${at}.text`, 'required');
    const choice = item.kind === 'single' || item.kind === 'multiple';
    if (item.kind === 'likert' && item.scale !== 5 && item.scale !== 7) add(`${at}.scale`, 'fiveOrSeven');
    if (item.kind !== 'likert' && item.scale !== undefined) add(`${at}.scale`, 'onlyLikert');
    if (choice) {
      if (!Array.isArray(item.options) || item.options.length < 2) add(`${at}.options`, 'atLeastTwo');
      else {
        const values = new Set<string>();
        item.options.forEach((o, j) => {
          if (!o || typeof o.value !== 'string' || !ID.test(o.value)) add(`${at}.options[${j}].value`, 'badId');
          else if (values.has(o.value)) add(`${at}.options[${j}].value`, 'duplicate');
          else values.add(o.value);
          if (!o || !nonEmpty(o.label)) add(`${at}.options[${j}].label`, 'required');
        });
      }
    } else if (item.options !== undefined) add(`${at}.options`, 'onlyChoice');
    if (item.kind === 'number') {
      if (item.min !== undefined && item.max !== undefined && !(item.min < item.max)) add(`${at}.max`, 'notAboveMin');
      if (item.decimals !== undefined && !(Number.isInteger(item.decimals) && item.decimals >= 0 && item.decimals <= 3)) add(`${at}.decimals`, 'zeroToThree');
    } else if (item.unit !== undefined || item.min !== undefined || item.max !== undefined) add(`${at}.unit`, 'onlyNumber');
    if (item.redFlag) {
      const rf = item.redFlag;
      if (item.kind === 'number') {
        if (rf.anyOf !== undefined || (rf.above === undefined && rf.below === undefined)) add(`${at}.redFlag`, 'numberBounds');
      } else if (choice) {
        const values = new Set((item.options ?? []).map((o) => o.value));
        if (rf.above !== undefined || rf.below !== undefined || !rf.anyOf?.length || rf.anyOf.some((v) => !values.has(v))) add(`${at}.redFlag`, 'choiceValues');
      } else if (item.kind === 'likert' || item.kind === 'nps') {
        if (rf.anyOf !== undefined || (rf.above === undefined && rf.below === undefined)) add(`${at}.redFlag`, 'numberBounds');
      } else add(`${at}.redFlag`, 'notForText');
    }
    if (item.dimension !== undefined && !(QUALITY_DIMENSIONS as readonly string[]).includes(item.dimension)) add(`${at}.dimension`, 'unknown');
    if (item.touchpoint !== undefined && !(TOUCHPOINTS as readonly string[]).includes(item.touchpoint)) add(`${at}.touchpoint`, 'unknown');
    if (item.complaint && item.kind !== 'text') add(`${at}.complaint`, 'onlyText');
    if (item.pair) {
      if (item.kind !== 'likert') add(`${at}.pair`, 'onlyLikert');
      else if (typeof item.pair.key !== 'string' || !ID.test(item.pair.key) || (item.pair.role !== 'expectation' && item.pair.role !== 'perception'))
        add(`${at}.pair`, 'badPair');
      else {
        const p = pairs.get(item.pair.key) ?? {};
        if (p[item.pair.role]) add(`${at}.pair`, 'duplicate');
        p[item.pair.role] = item;
        pairs.set(item.pair.key, p);
      }
      if (!item.dimension) add(`${at}.dimension`, 'pairNeedsDimension');
    }
    if (item.showIf) {
      const target = d.items.findIndex((x) => x?.id === item.showIf!.itemId);
      if (target < 0 || target >= i) add(`${at}.showIf`, 'mustReferToEarlierItem');
      else {
        const t = d.items[target]!;
        const s = item.showIf;
        const numeric = t.kind === 'likert' || t.kind === 'nps' || t.kind === 'number';
        if (s.anyOf === undefined && s.atLeast === undefined && s.atMost === undefined) add(`${at}.showIf`, 'noCondition');
        if ((s.atLeast !== undefined || s.atMost !== undefined) && !numeric) add(`${at}.showIf`, 'rangeNeedsNumber');
        if (s.anyOf !== undefined && (t.kind === 'single' || t.kind === 'multiple')) {
          const values = new Set((t.options ?? []).map((o) => o.value));
          if (!s.anyOf.length || s.anyOf.some((v) => !values.has(String(v)))) add(`${at}.showIf`, 'unknownValue');
        }
        if (t.kind === 'text') add(`${at}.showIf`, 'notOnText');
      }
    }
    if (typeof item.id === 'string') seen.set(item.id, i);
  });
  for (const [key, p] of pairs) {
    const where = `pairs.${key}`;
    if (!p.expectation || !p.perception) add(where, 'incomplete');
    else {
      if (p.expectation.scale !== p.perception.scale) add(where, 'scalesDiffer');
      if (p.expectation.dimension !== p.perception.dimension) add(where, 'dimensionsDiffer');
    }
  }
  return out;
}

const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first field of an item whose JSON type is wrong (the rules above assume the types), or null. */
function shapeProblem(item: QuestionItem): string | null {
  const x = item as unknown as Record<string, unknown>;
  for (const k of ['id', 'kind', 'text'] as const) if (typeof x[k] !== 'string') return k;
  for (const k of ['textEn', 'unit'] as const) if (x[k] !== undefined && typeof x[k] !== 'string') return k;
  for (const k of ['scale', 'min', 'max', 'decimals'] as const) if (x[k] !== undefined && !isNum(x[k])) return k;
  for (const k of ['required', 'complaint'] as const) if (x[k] !== undefined && typeof x[k] !== 'boolean') return k;
  for (const k of ['dimension', 'touchpoint'] as const) if (x[k] !== undefined && typeof x[k] !== 'string') return k;
  if (x.options !== undefined) {
    if (!Array.isArray(x.options) || x.options.length > 30) return 'options';
    if (
      x.options.some(
        (o) => !isObj(o) || typeof o.value !== 'string' || typeof o.label !== 'string' || (o.labelEn !== undefined && typeof o.labelEn !== 'string'),
      )
    )
      return 'options';
  }
  if (x.redFlag !== undefined) {
    const r = x.redFlag;
    if (!isObj(r) || (r.above !== undefined && !isNum(r.above)) || (r.below !== undefined && !isNum(r.below))) return 'redFlag';
    if (r.anyOf !== undefined && !(Array.isArray(r.anyOf) && r.anyOf.every((v) => typeof v === 'string'))) return 'redFlag';
  }
  if (x.pair !== undefined && !(isObj(x.pair) && typeof x.pair.key === 'string' && typeof x.pair.role === 'string')) return 'pair';
  if (x.showIf !== undefined) {
    const c = x.showIf;
    if (!isObj(c) || typeof c.itemId !== 'string') return 'showIf';
    if ((c.atLeast !== undefined && !isNum(c.atLeast)) || (c.atMost !== undefined && !isNum(c.atMost))) return 'showIf';
    if (c.anyOf !== undefined && !(Array.isArray(c.anyOf) && c.anyOf.every((v) => typeof v === 'string' || isNum(v)))) return 'showIf';
  }
  return null;
}

/** A sound definition with only the fields the engine knows (what is stored; anything else a client sent is dropped). */
export function cleanDefinition(d: QuestionnaireDefinition): QuestionnaireDefinition {
  const pick = <T extends object>(o: T, keys: readonly (keyof T)[]): T => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as T;
  return {
    ...pick(d, ['title', 'titleEn', 'intro', 'introEn']),
    items: d.items.map((i) => ({
      ...pick(i, ['id', 'kind', 'text', 'textEn', 'required', 'scale', 'unit', 'min', 'max', 'decimals', 'dimension', 'touchpoint', 'complaint']),
      ...(i.options && { options: i.options.map((o) => pick(o, ['value', 'label', 'labelEn'])) }),
      ...(i.redFlag && { redFlag: pick(i.redFlag, ['above', 'below', 'anyOf']) }),
      ...(i.pair && { pair: pick(i.pair, ['key', 'role']) }),
      ...(i.showIf && { showIf: pick(i.showIf, ['itemId', 'anyOf', 'atLeast', 'atMost']) }),
    })),
  };
}

/** The item ids shown for these answers (an item whose condition's item is hidden is hidden too). */
export function visibleItems(d: QuestionnaireDefinition, answers: ReadonlyMap<string, AnswerValue>): Set<string> {
  const shown = new Set<string>();
  for (const item of d.items) {
    if (!item.showIf) {
      shown.add(item.id);
      continue;
    }
    const s = item.showIf;
    if (!shown.has(s.itemId)) continue;
    const v = answers.get(s.itemId);
    if (v === undefined) continue;
    const values = Array.isArray(v) ? v : [v];
    const inList = s.anyOf === undefined || values.some((x) => s.anyOf!.map(String).includes(String(x)));
    const n = typeof v === 'number' ? v : null;
    const inRange = (s.atLeast === undefined || (n !== null && n >= s.atLeast)) && (s.atMost === undefined || (n !== null && n <= s.atMost));
    if (inList && inRange) shown.add(item.id);
  }
  return shown;
}

/**
 * Checks a patient's answers against the definition: each answer to a shown item of the right shape, each required
 * shown item answered, nothing answered twice. Answers the problems (empty when sound) and the answers by item.
 */
export function checkAnswers(d: QuestionnaireDefinition, answers: readonly Answer[]): { problems: QuestionnaireProblem[]; byItem: Map<string, AnswerValue> } {
  const problems: QuestionnaireProblem[] = [];
  const byItem = new Map<string, AnswerValue>();
  const items = new Map(d.items.map((i) => [i.id, i]));
  answers.forEach((a, i) => {
    const at = `answers[${i}]`;
    const item = items.get(a.itemId);
    if (!item) return problems.push({ path: `${at}.itemId`, problem: 'unknownItem' });
    if (byItem.has(a.itemId)) return problems.push({ path: `${at}.itemId`, problem: 'duplicate' });
    const bad = valueProblem(item, a.value);
    if (bad) return problems.push({ path: `${at}.value`, problem: bad });
    byItem.set(a.itemId, a.value);
  });
  const shown = visibleItems(d, byItem);
  answers.forEach((a, i) => {
    if (byItem.has(a.itemId) && !shown.has(a.itemId)) problems.push({ path: `answers[${i}].itemId`, problem: 'notShown' });
  });
  for (const item of d.items) if (item.required && shown.has(item.id) && !byItem.has(item.id)) problems.push({ path: `items.${item.id}`, problem: 'required' });
  return { problems, byItem };
}

function valueProblem(item: QuestionItem, v: unknown): string | null {
  switch (item.kind) {
    case 'likert':
      return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= (item.scale ?? 5) ? null : 'outOfScale';
    case 'nps':
      return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10 ? null : 'zeroToTen';
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'notANumber';
      if ((item.min !== undefined && v < item.min) || (item.max !== undefined && v > item.max)) return 'outOfRange';
      const decimals = item.decimals ?? 1;
      return Math.abs(Math.round(v * 10 ** decimals) - v * 10 ** decimals) < 1e-9 ? null : 'tooManyDecimals';
    }
    case 'single':
      return typeof v === 'string' && (item.options ?? []).some((o) => o.value === v) ? null : 'notAnOption';
    case 'multiple': {
      if (!Array.isArray(v) || !v.length) return 'chooseAtLeastOne';
      if (new Set(v).size !== v.length) return 'duplicate';
      return v.every((x) => typeof x === 'string' && (item.options ?? []).some((o) => o.value === x)) ? null : 'notAnOption';
    }
    case 'text':
      return typeof v === 'string' && v.trim().length > 0 && v.length <= MAX_TEXT_ANSWER ? null : 'textLength';
  }
}

/** The items whose answers cross their red flags. */
export function redFlags(d: QuestionnaireDefinition, byItem: ReadonlyMap<string, AnswerValue>): string[] {
  const out: string[] = [];
  for (const item of d.items) {
    const rf = item.redFlag;
    const v = byItem.get(item.id);
    if (!rf || v === undefined) continue;
    if (typeof v === 'number') {
      if ((rf.above !== undefined && v > rf.above) || (rf.below !== undefined && v < rf.below)) out.push(item.id);
    } else if (rf.anyOf) {
      const values = Array.isArray(v) ? v : [v];
      if (values.some((x) => rf.anyOf!.includes(x))) out.push(item.id);
    }
  }
  return out;
}

export type NpsClass = 'promoter' | 'passive' | 'detractor';
export function npsClass(score: number): NpsClass {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/** HCAHPS-style boxes of one rating: top = the best point, bottom = the two worst, middle = the rest. */
export type RatingBox = 'top' | 'middle' | 'bottom';
export function ratingBox(value: number, scale: 5 | 7): RatingBox {
  return value >= scale ? 'top' : value <= 2 ? 'bottom' : 'middle';
}

/** One pair's gap, kept per dimension and touchpoint for reports. */
export interface GapScore {
  key: string;
  dimension: QualityDimension;
  touchpoint: Touchpoint | null;
  expectation: number;
  perception: number;
  gap: number;
}

export interface QuestionnaireScores {
  /** Mean P − E per dimension over the pairs answered (negative: below what the patient expected). */
  gap?: Partial<Record<QualityDimension, number>>;
  /** Each answered pair (for reports by dimension × touchpoint). */
  gaps: GapScore[];
  /** Ratings (perception and plain Likert items; expectations are not ratings) by box: counts. */
  boxes: Record<RatingBox, number>;
  /** Share of ratings in the top box, 0–1 (null when none). */
  topBoxShare: number | null;
  nps?: number;
  npsClass?: NpsClass;
  /** Ratings in the bottom box (item ids): a low score. */
  lowRatings: string[];
  /** Written complaints (item ids of complaint items answered). */
  complaints: string[];
  redFlags: string[];
}

/** Scores a checked set of answers. Means are rounded to two decimals. */
export function scoreAnswers(d: QuestionnaireDefinition, byItem: ReadonlyMap<string, AnswerValue>): QuestionnaireScores {
  const boxes: Record<RatingBox, number> = { top: 0, middle: 0, bottom: 0 };
  const lowRatings: string[] = [];
  const complaints: string[] = [];
  const pairs = new Map<string, { e?: number; p?: number; item?: QuestionItem }>();
  let nps: number | undefined;
  for (const item of d.items) {
    const v = byItem.get(item.id);
    if (v === undefined) continue;
    if (item.kind === 'likert' && typeof v === 'number') {
      if (item.pair) {
        const p = pairs.get(item.pair.key) ?? {};
        if (item.pair.role === 'expectation') p.e = v;
        else {
          p.p = v;
          p.item = item;
        }
        pairs.set(item.pair.key, p);
      }
      if (item.pair?.role !== 'expectation') {
        const box = ratingBox(v, item.scale ?? 5);
        boxes[box]++;
        if (box === 'bottom') lowRatings.push(item.id);
      }
    } else if (item.kind === 'nps' && typeof v === 'number' && nps === undefined) nps = v;
    else if (item.kind === 'text' && item.complaint && typeof v === 'string' && v.trim()) complaints.push(item.id);
  }
  const gaps: GapScore[] = [];
  for (const [key, p] of pairs)
    if (p.e !== undefined && p.p !== undefined && p.item?.dimension)
      gaps.push({ key, dimension: p.item.dimension, touchpoint: p.item.touchpoint ?? null, expectation: p.e, perception: p.p, gap: p.p - p.e });
  const byDimension = new Map<QualityDimension, number[]>();
  for (const g of gaps) byDimension.set(g.dimension, [...(byDimension.get(g.dimension) ?? []), g.gap]);
  const rated = boxes.top + boxes.middle + boxes.bottom;
  return {
    ...(byDimension.size && { gap: Object.fromEntries([...byDimension].map(([dim, xs]) => [dim, round2(xs.reduce((a, b) => a + b, 0) / xs.length)])) }),
    gaps,
    boxes,
    topBoxShare: rated ? round2(boxes.top / rated) : null,
    ...(nps !== undefined && { nps, npsClass: npsClass(nps) }),
    lowRatings,
    complaints,
    redFlags: redFlags(d, byItem),
  };
}

/** The net promoter score of a set of 0–10 answers: % promoters − % detractors (−100…100), null when none. */
export function netPromoterScore(scores: readonly number[]): number | null {
  if (!scores.length) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return Math.round(((promoters - detractors) / scores.length) * 1000) / 10;
}

/**
 * The definition as a FHIR R4 `Questionnaire` (for an export; nothing reads it back): Likert and NPS as integers with
 * their bounds, choices as `choice` (`repeats` for multiple), numbers as `decimal`, conditions as `enableWhen`.
 */
export function toFhirQuestionnaire(d: QuestionnaireDefinition, ref: { id: string; version: number; status: 'draft' | 'active' | 'retired' }) {
  const type: Record<QuestionKind, string> = { likert: 'integer', nps: 'integer', number: 'decimal', single: 'choice', multiple: 'choice', text: 'text' };
  return {
    resourceType: 'Questionnaire' as const,
    id: ref.id,
    version: String(ref.version),
    status: ref.status,
    title: d.title,
    item: d.items.map((i) => ({
      linkId: i.id,
      text: i.text,
      type: type[i.kind],
      required: Boolean(i.required),
      ...(i.kind === 'multiple' && { repeats: true }),
      ...(i.options && { answerOption: i.options.map((o) => ({ valueCoding: { code: o.value, display: o.label } })) }),
      ...(i.showIf && {
        enableWhen: [
          ...(i.showIf.anyOf ?? []).map((v) =>
            typeof v === 'number'
              ? { question: i.showIf!.itemId, operator: '=', answerInteger: v }
              : { question: i.showIf!.itemId, operator: '=', answerCoding: { code: v } },
          ),
          ...(i.showIf.atLeast !== undefined ? [{ question: i.showIf.itemId, operator: '>=', answerDecimal: i.showIf.atLeast }] : []),
          ...(i.showIf.atMost !== undefined ? [{ question: i.showIf.itemId, operator: '<=', answerDecimal: i.showIf.atMost }] : []),
        ],
        enableBehavior: i.showIf.anyOf && i.showIf.anyOf.length > 1 ? 'any' : 'all',
      }),
    })),
  };
}

/** Answers as a FHIR R4 `QuestionnaireResponse` of the given questionnaire. */
export function toFhirQuestionnaireResponse(
  d: QuestionnaireDefinition,
  byItem: ReadonlyMap<string, AnswerValue>,
  ref: { questionnaireId: string; patientId: string; authored: string },
) {
  const kinds = new Map(d.items.map((i) => [i.id, i.kind]));
  return {
    resourceType: 'QuestionnaireResponse' as const,
    questionnaire: `Questionnaire/${ref.questionnaireId}`,
    status: 'completed' as const,
    subject: { reference: `Patient/${ref.patientId}` },
    authored: ref.authored,
    item: [...byItem].map(([linkId, v]) => ({
      linkId,
      answer: (Array.isArray(v) ? v : [v]).map((x) =>
        typeof x === 'number'
          ? kinds.get(linkId) === 'number'
            ? { valueDecimal: x }
            : { valueInteger: x }
          : kinds.get(linkId) === 'text'
            ? { valueString: x }
            : { valueCoding: { code: x } },
      ),
    })),
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function nonEmpty(s: unknown): boolean {
  return typeof s === 'string' && s.trim().length > 0;
}
