import type { MessageKind, NotificationParams } from '@yiban/shared';
import { formatFen, MEMBER_TIER_LABELS } from '@yiban/shared';

/** Names and times in Chinese, as the approved WeChat templates read. */
export interface TemplateContext {
  department(id: string): { name: string; location: string } | undefined;
  doctor(id: string): { name: string } | undefined;
  /** `2026-12-08 09:30` on the hospital clock. */
  time(iso: string): string;
}

/** Longest value WeChat accepts per keyword type (the prefix of `thing2`, `name1` …), in characters. */
const MAX_CHARS: Record<string, number> = {
  thing: 20,
  name: 10,
  phrase: 5,
  character_string: 32,
  number: 32,
  letter: 32,
  symbol: 5,
  phone_number: 17,
  car_number: 8,
};

/** One value fitted to its keyword's rules: one line, within the length (cut with … when it must be), never empty. */
export function fitKeyword(keyword: string, value: string): string {
  const type = keyword.replace(/\d+$/, '');
  const max = MAX_CHARS[type];
  const text = [...value.replace(/\s+/g, ' ').trim()];
  if (!text.length) return type === 'name' ? '患者' : '—';
  if (!max || text.length <= max) return text.join('');
  return type === 'thing' ? `${text.slice(0, max - 1).join('')}…` : text.slice(0, max).join('');
}

/** Every keyword fitted in one place: what goes to WeChat never breaks a template's rules. */
export function fitTemplateData(data: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([keyword, value]) => [keyword, fitKeyword(keyword, value)]));
}

type Builders = { [K in MessageKind]: (p: NotificationParams[K], ctx: TemplateContext) => Record<string, string> };

const CHANGE_WORDS = { cancelled_by_hospital: '停诊取消', cancelled_by_staff: '已取消', rescheduled: '已改约', refunded_late_payment: '自动退款' } as const;

/** Each kind's template keywords, typed by the kind's parameters (the templates in DEFAULT_TEMPLATES of the simulator). */
const BUILDERS: Builders = {
  appointment_reminder: (p, ctx) => {
    const department = ctx.department(p.departmentId);
    return {
      name1: p.patientName ?? '就诊人',
      thing2: `${department?.name ?? ''} ${department?.location ?? ''}`,
      name3: ctx.doctor(p.doctorId)?.name ?? '',
      time4: ctx.time(p.startsAt),
      thing5: '请提前15分钟到达，携带身份证件',
    };
  },
  appointment_changed: (p, ctx) => ({
    name1: p.patientName ?? '就诊人',
    thing2: `${ctx.department(p.departmentId)?.name ?? ''} ${ctx.doctor(p.doctorId)?.name ?? ''}`,
    time3: ctx.time(p.startsAt),
    phrase4: CHANGE_WORDS[p.change],
    thing5:
      p.change === 'rescheduled' && p.newStartsAt
        ? `新时间 ${ctx.time(p.newStartsAt)}`
        : `${p.note ?? ''}${p.refund ? `${p.note ? '，' : ''}${formatFen(p.refund)}原路退回` : ''}` || '详情请在小程序中查看',
  }),
  waitlist_offer: (p, ctx) => ({
    name1: p.patientName ?? '就诊人',
    thing2: `${ctx.department(p.departmentId)?.name ?? ''} ${ctx.doctor(p.doctorId)?.name ?? ''}`,
    time3: ctx.time(p.startsAt),
    time4: ctx.time(p.holdUntil),
    thing5: '号源为您保留，请尽快确认',
  }),
  doctor_replied: (p, ctx) => ({
    name1: p.doctorName ?? '医生',
    thing2: p.preview ?? '[图片]',
    time3: ctx.time(p.repliedAt),
    thing4: '点击查看医生回复',
  }),
  survey_invitation: (p) => ({ thing1: p.title, thing2: '医院服务中心', date3: p.dueOn ?? '—', thing4: '您的意见帮助我们改进服务' }),
  event_reminder: (p, ctx) => ({ thing1: p.title, time2: ctx.time(p.startsAt), thing3: p.venue ?? '详见活动页面', thing4: '请准时参加' }),
  health_education: (p) => ({ thing1: p.title, thing2: '医院健康教育', date3: p.publishedOn }),
  follow_up_reminder: (p, ctx) => ({
    name1: p.patientName ?? '患者',
    thing2: p.item,
    time3: ctx.time(p.dueAt),
    name4: p.doctorName ?? '医生',
    thing5: '请按时完成随访',
  }),
  care_greeting: (p) => ({ thing1: p.title, thing2: p.body, thing3: '医院健康关怀' }),
  event_invitation: (p) => ({ thing1: p.title, thing2: p.body, thing3: '医院活动中心' }),
  tier_upgraded: (p) => ({ thing1: `${MEMBER_TIER_LABELS[p.to].zh}会员`, thing2: `${MEMBER_TIER_LABELS[p.from].zh}会员`, thing3: '点击查看新的会员权益' }),
  event_offer: (p, ctx) => ({ thing1: p.title, time2: ctx.time(p.startsAt), time3: ctx.time(p.offerExpiresAt), thing4: '名额为您保留，请尽快确认' }),
};

/** The WeChat subscribe message's data for a notification of a kind that has a template, fitted to WeChat's rules. */
export function templateData<K extends MessageKind>(kind: K, params: NotificationParams[K], ctx: TemplateContext): Record<string, string> {
  return fitTemplateData((BUILDERS[kind] as (p: NotificationParams[K], c: TemplateContext) => Record<string, string>)(params, ctx));
}
