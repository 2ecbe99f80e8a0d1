import { isObject } from './validation.js';

/** One-time: each acceptance allows exactly one send. Long-term: repeated sends (medical, government and similar categories). */
export type TemplateKind = 'one_time' | 'long_term';

export const TEMPLATE_KINDS: readonly TemplateKind[] = ['one_time', 'long_term'];

export interface SubscribeTemplate {
  templateId: string;
  kind: TemplateKind;
  /** The title shown in the subscribe popup, e.g. 就诊提醒. */
  title: string;
  /** The template's keywords, WeChat style: a type prefix and a number (`thing1`, `time4`); a send must fill each. */
  keys: string[];
}

/**
 * The templates the app has picked in the admin console, as seeded at start and after every reset.
 * Ids have the shape of real ones (43 URL-safe characters) with a readable stem.
 */
export const DEFAULT_TEMPLATES: readonly SubscribeTemplate[] = [
  // 就诊人 / 就诊科室 / 医生 / 就诊时间 / 温馨提示
  { templateId: 'ApptReminder_f60YExvZyWsnpoiq_FJWZD2CZhnYJM', kind: 'one_time', title: '就诊提醒', keys: ['name1', 'thing2', 'name3', 'time4', 'thing5'] },
  // 就诊人 / 科室医生 / 原就诊时间 / 变更类型 / 说明
  {
    templateId: 'ApptChanged_Qm3vT8xLw2NcR5yHd9KpE4sZbJ7uFgA',
    kind: 'one_time',
    title: '预约变更通知',
    keys: ['name1', 'thing2', 'time3', 'phrase4', 'thing5'],
  },
  // 就诊人 / 科室医生 / 就诊时间 / 保留至 / 温馨提示
  { templateId: 'WaitlistOffer_Xr6nB2kVq8LmT4wYc1HsD9pZeG5jU', kind: 'one_time', title: '候补成功通知', keys: ['name1', 'thing2', 'time3', 'time4', 'thing5'] },
  // 医生 / 回复内容 / 回复时间 / 温馨提示
  { templateId: 'DoctorReplied_VkHXJumUGZ5xPoXviQVNHMRgA4WRP', kind: 'one_time', title: '医生回复通知', keys: ['name1', 'thing2', 'time3', 'thing4'] },
  // 问卷名称 / 调查机构 / 截止日期 / 备注
  { templateId: 'SurveyInvite_hJ3JuyzfTvrEVgpN5aFTYbsjgEg9yP', kind: 'one_time', title: '问卷调查邀请', keys: ['thing1', 'thing2', 'date3', 'thing4'] },
  // 活动名称 / 开始时间 / 活动地点 / 备注
  { templateId: 'EventReminder_d8cc7H7mPWYoNrIc3SK_axj6vseZa', kind: 'one_time', title: '活动开始提醒', keys: ['thing1', 'time2', 'thing3', 'thing4'] },
  // 文章标题 / 发布机构 / 发布日期
  { templateId: 'HealthEdu_jGsyS99sJf1gLOwgntHJTSixxCM9dHxIY', kind: 'one_time', title: '健康宣教通知', keys: ['thing1', 'thing2', 'date3'] },
  // 患者 / 随访项目 / 随访时间 / 医生 / 备注
  { templateId: 'FollowUpReminder_eFeM_XmvG-O2qQB75XL0cDaZAz', kind: 'long_term', title: '随访提醒', keys: ['name1', 'thing2', 'time3', 'name4', 'thing5'] },
  // 关怀主题 / 关怀内容 / 发送机构
  { templateId: 'CareGreeting_VFzd2hNPaRSa9TeST9WwFn65QZ9mfV', kind: 'one_time', title: '健康关怀提醒', keys: ['thing1', 'thing2', 'thing3'] },
  // 活动名称 / 活动介绍 / 主办单位
  { templateId: 'EventInvite_n6bCiREucX5ny9xY4vCRnfik4l3lU6Z', kind: 'one_time', title: '活动邀请通知', keys: ['thing1', 'thing2', 'thing3'] },
  // 当前等级 / 原等级 / 温馨提示
  { templateId: 'TierUpgraded_Wq7pNc3Lx9RbT2vKm5YsH8dZfA4gJe', kind: 'one_time', title: '会员等级变更通知', keys: ['thing1', 'thing2', 'thing3'] },
  // 活动名称 / 活动时间 / 确认截止 / 温馨提示
  { templateId: 'EventOffer_Mb4tQx8Rk2LwN6yVc9PsE3hZjD7uFaXq', kind: 'one_time', title: '活动候补成功通知', keys: ['thing1', 'time2', 'time3', 'thing4'] },
];

export const TEMPLATE_ID = /^[A-Za-z0-9_-]{1,128}$/;
export const TEMPLATE_KEY = /^[a-z]+(?:_[a-z]+)*\d+$/;

/** Longest value WeChat accepts per keyword type, in characters; types not listed are not length-checked. */
const MAX_CHARS: Record<string, number> = {
  thing: 20,
  number: 32,
  letter: 32,
  symbol: 5,
  character_string: 32,
  phone_number: 17,
  car_number: 8,
  phrase: 5,
  name: 10,
};
/** `name` allows 10 Chinese characters or 20 Latin letters. */
const MAX_LATIN_NAME = 20;

export class TemplateRegistry {
  private readonly templates = new Map<string, SubscribeTemplate>();

  constructor() {
    this.reset();
  }

  get(templateId: string): SubscribeTemplate | undefined {
    return this.templates.get(templateId);
  }

  list(): SubscribeTemplate[] {
    return [...this.templates.values()].map(copy);
  }

  /** Adds or replaces a template; true when it is new. */
  put(template: SubscribeTemplate): boolean {
    const isNew = !this.templates.has(template.templateId);
    this.templates.set(template.templateId, copy(template));
    return isNew;
  }

  /** Back to the defaults: added templates are forgotten, replaced defaults restored. */
  reset(): void {
    this.templates.clear();
    for (const template of DEFAULT_TEMPLATES) this.templates.set(template.templateId, copy(template));
  }
}

export function isDefaultTemplate(templateId: string): boolean {
  return DEFAULT_TEMPLATES.some((t) => t.templateId === templateId);
}

/**
 * Checks a send's `data` against the template: an object of `{key: {value: string}}` filling every keyword of
 * the template and nothing else, each value non-empty and within its type's length. The problem, as WeChat
 * words it after "argument invalid!", or undefined when the data is fine.
 */
export function templateDataProblem(template: SubscribeTemplate, data: unknown): string | undefined {
  if (!isObject(data)) return 'data must be an object';
  for (const key of Object.keys(data)) if (!template.keys.includes(key)) return `data.${key} is not a keyword of the template`;
  for (const key of template.keys) {
    const entry = data[key];
    if (entry === undefined) return `data.${key}.value is empty`;
    if (!isObject(entry) || typeof entry.value !== 'string') return `data.${key}.value must be a string`;
    const length = [...entry.value].length;
    if (length === 0) return `data.${key}.value is empty`;
    const type = key.replace(/\d+$/, '');
    let max = MAX_CHARS[type];
    if (type === 'name' && /^[\x20-\x7e]*$/.test(entry.value)) max = MAX_LATIN_NAME;
    if (max !== undefined && length > max) return `data.${key}.value invalid: ${type} allows at most ${max} characters`;
  }
  return undefined;
}

function copy(template: SubscribeTemplate): SubscribeTemplate {
  return { ...template, keys: [...template.keys] };
}
