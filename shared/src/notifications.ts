import type { Locale } from './enums.js';
import { localized } from './localized.js';
import { MEMBER_TIER_LABELS } from './membership.js';
import { MESSAGE_KINDS, type MessageKind } from './messages.js';

/**
 * Everything the hospital tells a patient is a notification: an in-app message in 消息 (with read state), and —
 * for the kinds that have a WeChat template, against the patient's grant — a subscribe message as a second channel.
 * Stored as a kind with language-neutral parameters (ids, codes, ISO instants, fen); rendered in the reader's
 * language when read.
 */
export const NOTIFICATION_KINDS = [...MESSAGE_KINDS, 'appointment_confirmed', 'refund_completed', 'service_issue_resolved', 'event_cancelled'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** Kinds that also go out as a WeChat subscribe message (those with a template). */
export function hasWechatChannel(kind: NotificationKind): kind is MessageKind {
  return (MESSAGE_KINDS as readonly string[]).includes(kind);
}

/** Why an appointment changed, as the patient is told. */
export const APPOINTMENT_CHANGES = ['cancelled_by_hospital', 'cancelled_by_staff', 'rescheduled', 'refunded_late_payment'] as const;
export type AppointmentChange = (typeof APPOINTMENT_CHANGES)[number];

/** What a refund was for (a payment purpose). */
export type RefundSubject = 'appointment' | 'consultation' | 'event';

interface AppointmentRef {
  appointmentId: string;
  /** The profile's name at the time (a person's name is the same in every language); null → the line is left out. */
  patientName: string | null;
  departmentId: string;
  doctorId: string;
  startsAt: string;
}

/** The parameters each kind is stored with. Names of departments and doctors are looked up in the reader's language. */
export interface NotificationParams {
  appointment_confirmed: AppointmentRef & { fee: number };
  appointment_reminder: AppointmentRef & { lead: 'day_before' | 'two_hours_before' };
  appointment_changed: AppointmentRef & {
    change: AppointmentChange;
    /** Fen going back to the patient, if any. */
    refund: number | null;
    /** What staff wrote as the reason (their words, shown as written). */
    note: string | null;
    /** For a move: the new time. */
    newStartsAt: string | null;
  };
  waitlist_offer: { entryId: string; patientName: string | null; departmentId: string; doctorId: string; startsAt: string; holdUntil: string };
  doctor_replied: {
    consultationId: string;
    /** The staff member's display name. */
    doctorName: string | null;
    /** The start of the reply (the doctor's words); null for a picture. */
    preview: string | null;
    repliedAt: string;
  };
  refund_completed: { subject: RefundSubject; subjectId: string; amount: number };
  /** A service issue the patient's answers opened is resolved: what staff did, in their words. */
  service_issue_resolved: { issueId: string; resolution: string; resolvedAt: string };
  /** The patient's member tier went up (a downgrade is never announced). */
  tier_upgraded: { from: 'platinum' | 'gold' | 'iron' | 'lead'; to: 'platinum' | 'gold' | 'iron' | 'lead' };
  survey_invitation: { invitationId: string; title: string; dueOn: string | null };
  /** A seat of a club event freed up for the first on its waitlist: confirm before `offerExpiresAt`. */
  event_offer: { registrationId: string; eventId: string; title: string; titleEn?: string | null; startsAt: string; offerExpiresAt: string };
  /** The hospital cancelled a club event the patient had a place at; `refund` fen go back (0: nothing was paid). */
  event_cancelled: { eventId: string; title: string; titleEn?: string | null; startsAt: string; refund: number; points: number };
  /** The event's words as staff entered them, both languages (`…En` left out or null: English readers read the Chinese). */
  event_reminder: { eventId: string; title: string; titleEn?: string | null; startsAt: string; venue: string | null; venueEn?: string | null };
  health_education: {
    articleId: string;
    title: string;
    publishedOn: string;
    /** Set when a push campaign sent it. */
    campaignId?: string;
    /** The campaign's words (as staff wrote them), shown instead of the standard sentence. */
    body?: string;
  };
  follow_up_reminder: {
    taskId: string;
    patientName: string | null;
    item: string;
    /** The item in English, when the hospital entered it (readers of English see it; others `item`). */
    itemEn?: string;
    dueAt: string;
    doctorName: string | null;
    /** The step of a follow-up plan it is about (what the sentence asks the patient to do). */
    step?: 'call' | 'questionnaire' | 'reminder' | 'revisit' | 'education';
  };
  /** Holiday or birthday care from a campaign: the title and body as staff wrote them. */
  care_greeting: { campaignId: string; title: string; body: string };
  /** An invitation from a campaign: the title and body as staff wrote them; the event once events exist (#16). */
  event_invitation: { campaignId: string; title: string; body: string; eventId?: string | null };
}

export type AnyNotification = { [K in NotificationKind]: { kind: K; params: NotificationParams[K] } }[NotificationKind];

export interface NotificationLine {
  label: string;
  value: string;
}

export interface RenderedNotification {
  title: string;
  /** One sentence: what happened and what to do. */
  body: string;
  lines: NotificationLine[];
}

/** What a renderer needs from outside: names in the reader's language and times on the hospital's clock. */
export interface NotificationContext {
  department(id: string): { name: string; nameEn: string } | undefined;
  doctor(id: string): { name: string; nameEn: string } | undefined;
  /** An instant as the reader reads it, e.g. 12月8日 09:30 / 8 Dec 09:30. */
  time(iso: string, locale: Locale): string;
  /** A calendar date, e.g. 2026年12月8日 / 8 Dec 2026. */
  date(isoDate: string, locale: Locale): string;
}

export const NOTIFICATION_TITLES: Record<NotificationKind, Record<Locale, string>> = {
  appointment_confirmed: { 'zh-CN': '预约成功', en: 'Appointment confirmed' },
  appointment_reminder: { 'zh-CN': '就诊提醒', en: 'Appointment reminder' },
  appointment_changed: { 'zh-CN': '预约变更通知', en: 'Appointment changed' },
  waitlist_offer: { 'zh-CN': '候补成功通知', en: 'A place for you' },
  doctor_replied: { 'zh-CN': '医生回复通知', en: 'Your doctor replied' },
  refund_completed: { 'zh-CN': '退款到账', en: 'Refund completed' },
  service_issue_resolved: { 'zh-CN': '您反馈的问题已处理', en: 'We acted on your feedback' },
  tier_upgraded: { 'zh-CN': '会员等级提升', en: 'Your membership went up' },
  survey_invitation: { 'zh-CN': '问卷调查邀请', en: 'Survey invitation' },
  event_reminder: { 'zh-CN': '活动开始提醒', en: 'Event reminder' },
  event_offer: { 'zh-CN': '活动候补成功', en: 'A place at the event for you' },
  event_cancelled: { 'zh-CN': '活动取消通知', en: 'Event cancelled' },
  health_education: { 'zh-CN': '健康宣教通知', en: 'Health education' },
  follow_up_reminder: { 'zh-CN': '随访提醒', en: 'Follow-up reminder' },
  care_greeting: { 'zh-CN': '健康关怀', en: 'Care from your hospital' },
  event_invitation: { 'zh-CN': '活动邀请', en: 'Invitation' },
};

type Words = Record<Locale, string>;
const L = {
  patient: { 'zh-CN': '就诊人', en: 'Patient' },
  department: { 'zh-CN': '科室', en: 'Department' },
  doctor: { 'zh-CN': '医生', en: 'Doctor' },
  time: { 'zh-CN': '就诊时间', en: 'Time' },
  newTime: { 'zh-CN': '新的就诊时间', en: 'New time' },
  location: { 'zh-CN': '地点', en: 'Where' },
  fee: { 'zh-CN': '费用', en: 'Fee' },
  refund: { 'zh-CN': '退款', en: 'Refund' },
  reason: { 'zh-CN': '说明', en: 'Reason' },
  holdUntil: { 'zh-CN': '保留至', en: 'Held until' },
  reply: { 'zh-CN': '回复内容', en: 'Reply' },
  repliedAt: { 'zh-CN': '回复时间', en: 'Time' },
  amount: { 'zh-CN': '金额', en: 'Amount' },
  for: { 'zh-CN': '用途', en: 'For' },
  survey: { 'zh-CN': '问卷', en: 'Survey' },
  due: { 'zh-CN': '截止日期', en: 'Due' },
  event: { 'zh-CN': '活动', en: 'Event' },
  starts: { 'zh-CN': '开始时间', en: 'Starts' },
  venue: { 'zh-CN': '地点', en: 'Place' },
  article: { 'zh-CN': '文章', en: 'Article' },
  published: { 'zh-CN': '发布日期', en: 'Published' },
  followUp: { 'zh-CN': '随访项目', en: 'Follow-up' },
  subject: { 'zh-CN': '主题', en: 'Subject' },
  handled: { 'zh-CN': '处理时间', en: 'Handled' },
} satisfies Record<string, Words>;

const REFUND_SUBJECTS: Record<RefundSubject, Words> = {
  appointment: { 'zh-CN': '挂号费', en: 'Appointment fee' },
  consultation: { 'zh-CN': '在线咨询费', en: 'Consultation fee' },
  event: { 'zh-CN': '活动报名费', en: 'Event fee' },
};

/** ¥12.50 in either language (integer fen in, never floats kept). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function nameOf(found: { name: string; nameEn: string } | undefined, locale: Locale): string {
  if (!found) return '';
  return localized(found.name, found.nameEn, locale).value;
}

function line(label: Words, value: string | null | undefined, locale: Locale): NotificationLine[] {
  return value ? [{ label: label[locale], value }] : [];
}

function appointmentLines(p: AppointmentRef, locale: Locale, ctx: NotificationContext): NotificationLine[] {
  return [
    ...line(L.patient, p.patientName, locale),
    ...line(L.department, nameOf(ctx.department(p.departmentId), locale), locale),
    ...line(L.doctor, nameOf(ctx.doctor(p.doctorId), locale), locale),
    ...line(L.time, ctx.time(p.startsAt, locale), locale),
  ];
}

const CHANGE_BODIES: Record<AppointmentChange, Words> = {
  cancelled_by_hospital: {
    'zh-CN': '因医生停诊，您的预约已取消{refund}。给您带来不便，敬请谅解，可重新预约其他时间。',
    en: 'The doctor’s clinic was cancelled, so your appointment is cancelled{refund}. We are sorry; please book another time.',
  },
  cancelled_by_staff: {
    'zh-CN': '医院已为您取消预约{refund}。如有疑问请联系医院。',
    en: 'The hospital cancelled your appointment{refund}. Please contact the hospital if you have questions.',
  },
  rescheduled: { 'zh-CN': '医院已为您改约到新的时间，请按新时间就诊。', en: 'The hospital moved your appointment. Please come at the new time.' },
  refunded_late_payment: {
    'zh-CN': '支付到账时预约已失效，{amount}将原路退回，请重新预约。',
    en: 'Your payment arrived after the hold had ended; {amount} goes back to you. Please book again.',
  },
};

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

/** A notification as the reader reads it, in their language. */
export function renderNotification(n: AnyNotification, locale: Locale, ctx: NotificationContext): RenderedNotification {
  const title = NOTIFICATION_TITLES[n.kind][locale];
  const zh = locale === 'zh-CN';
  switch (n.kind) {
    case 'appointment_confirmed': {
      const p = n.params;
      return {
        title,
        body: zh ? '预约成功，请按时就诊。就诊当天出示预约二维码签到。' : 'Your appointment is confirmed. Show its QR code to check in on the day.',
        lines: [...appointmentLines(p, locale, ctx), ...(p.fee > 0 ? line(L.fee, formatFen(p.fee), locale) : [])],
      };
    }
    case 'appointment_reminder': {
      const p = n.params;
      const body =
        p.lead === 'day_before'
          ? zh
            ? '您明天有一个预约，请提前 15 分钟到达，携带身份证件。'
            : 'You have an appointment tomorrow. Please arrive 15 minutes early with your ID.'
          : zh
            ? '您的预约将在两小时后开始，请提前到达签到。'
            : 'Your appointment starts in two hours. Please arrive early to check in.';
      return { title, body, lines: appointmentLines(p, locale, ctx) };
    }
    case 'appointment_changed': {
      const p = n.params;
      const refund = p.refund ? (zh ? `，${formatFen(p.refund)}将原路退回` : `; ${formatFen(p.refund)} goes back to you`) : '';
      return {
        title,
        body: fill(CHANGE_BODIES[p.change][locale], { refund, amount: formatFen(p.refund ?? 0) }),
        lines: [
          ...appointmentLines(p, locale, ctx),
          ...line(L.newTime, p.newStartsAt ? ctx.time(p.newStartsAt, locale) : null, locale),
          ...line(L.refund, p.refund ? formatFen(p.refund) : null, locale),
          ...line(L.reason, p.note, locale),
        ],
      };
    }
    case 'waitlist_offer': {
      const p = n.params;
      return {
        title,
        body: zh
          ? `候补到号了！号源为您保留至 ${ctx.time(p.holdUntil, locale)}，请尽快确认。`
          : `A place is free for you, held until ${ctx.time(p.holdUntil, locale)}. Please confirm soon.`,
        lines: [
          ...line(L.patient, p.patientName, locale),
          ...line(L.department, nameOf(ctx.department(p.departmentId), locale), locale),
          ...line(L.doctor, nameOf(ctx.doctor(p.doctorId), locale), locale),
          ...line(L.time, ctx.time(p.startsAt, locale), locale),
          ...line(L.holdUntil, ctx.time(p.holdUntil, locale), locale),
        ],
      };
    }
    case 'doctor_replied': {
      const p = n.params;
      const who = p.doctorName ?? (zh ? '医生' : 'Your doctor');
      return {
        title,
        body: zh ? `${who}回复了您的咨询，点击查看。` : `${who} replied to your question. Tap to read it.`,
        lines: [
          ...line(L.doctor, p.doctorName, locale),
          ...line(L.reply, p.preview ?? (zh ? '[图片]' : '[Picture]'), locale),
          ...line(L.repliedAt, ctx.time(p.repliedAt, locale), locale),
        ],
      };
    }
    case 'refund_completed': {
      const p = n.params;
      return {
        title,
        body: zh ? `${formatFen(p.amount)}已原路退回，请留意微信支付账单。` : `${formatFen(p.amount)} has been refunded to your WeChat Pay.`,
        lines: [...line(L.for, REFUND_SUBJECTS[p.subject][locale], locale), ...line(L.amount, formatFen(p.amount), locale)],
      };
    }
    case 'service_issue_resolved': {
      const p = n.params;
      return {
        title,
        body: zh ? `感谢您的反馈。我们的处理：${p.resolution}` : `Thank you for telling us. What we did: ${p.resolution}`,
        lines: [...line(L.handled, ctx.time(p.resolvedAt, locale), locale)],
      };
    }
    case 'tier_upgraded': {
      const p = n.params;
      const name = (t: typeof p.to) => MEMBER_TIER_LABELS[t][zh ? 'zh' : 'en'];
      return {
        title,
        body: zh ? `恭喜您成为${name(p.to)}会员，点击查看新的会员权益。` : `You are now a ${name(p.to)} member. Tap to see what it brings.`,
        lines: [],
      };
    }
    case 'survey_invitation': {
      const p = n.params;
      return {
        title,
        body: zh ? '邀请您参与问卷，您的意见帮助我们改进服务。' : 'Please answer a short survey; it helps us improve.',
        lines: [...line(L.survey, p.title, locale), ...line(L.due, p.dueOn ? ctx.date(p.dueOn, locale) : null, locale)],
      };
    }
    case 'event_reminder': {
      const p = n.params;
      return {
        title,
        body: zh ? '您报名的活动即将开始。' : 'An event you signed up for starts soon.',
        lines: [
          ...line(L.event, localized(p.title, p.titleEn, locale).value, locale),
          ...line(L.starts, ctx.time(p.startsAt, locale), locale),
          ...line(L.venue, p.venue === null ? null : localized(p.venue, p.venueEn, locale).value, locale),
        ],
      };
    }
    case 'event_offer': {
      const p = n.params;
      return {
        title,
        body: zh
          ? `候补到名额了！请在 ${ctx.time(p.offerExpiresAt, locale)} 前确认，逾期名额将让给下一位。`
          : `A place is free for you. Please confirm by ${ctx.time(p.offerExpiresAt, locale)}, or it goes to the next person.`,
        lines: [
          ...line(L.event, localized(p.title, p.titleEn, locale).value, locale),
          ...line(L.starts, ctx.time(p.startsAt, locale), locale),
          ...line(L.holdUntil, ctx.time(p.offerExpiresAt, locale), locale),
        ],
      };
    }
    case 'event_cancelled': {
      const p = n.params;
      const back = [p.refund > 0 ? formatFen(p.refund) : null, p.points > 0 ? (zh ? `${p.points} 积分` : `${p.points} points`) : null]
        .filter(Boolean)
        .join(zh ? '和' : ' and ');
      return {
        title,
        body: zh
          ? `很抱歉，您报名的活动已取消${back ? `，${back}将退回` : ''}。`
          : `We are sorry: an event you signed up for was cancelled${back ? `; ${back} go back to you` : ''}.`,
        lines: [
          ...line(L.event, localized(p.title, p.titleEn, locale).value, locale),
          ...line(L.starts, ctx.time(p.startsAt, locale), locale),
          ...line(L.refund, p.refund > 0 ? formatFen(p.refund) : null, locale),
        ],
      };
    }
    case 'health_education': {
      const p = n.params;
      return {
        title,
        body: p.body ?? (zh ? '为您推荐一篇健康知识。' : 'A health article for you.'),
        lines: [...line(L.article, p.title, locale), ...line(L.published, ctx.date(p.publishedOn, locale), locale)],
      };
    }
    case 'follow_up_reminder': {
      const p = n.params;
      return {
        title,
        body:
          p.step === 'revisit'
            ? zh
              ? '按照您的随访计划，建议近期回院复诊，点击预约。'
              : 'Your follow-up plan suggests a return visit soon. Tap to book.'
            : p.step === 'education'
              ? zh
                ? '为您准备了一篇康复知识，点击阅读。'
                : 'We picked an article to help your recovery. Tap to read.'
              : zh
                ? '您有一项随访待完成。'
                : 'You have a follow-up to complete.',
        lines: [
          ...line(L.patient, p.patientName, locale),
          ...line(L.followUp, localized(p.item, p.itemEn ?? null, locale).value, locale),
          ...line(L.time, ctx.time(p.dueAt, locale), locale),
          ...line(L.doctor, p.doctorName, locale),
        ],
      };
    }
    case 'care_greeting': {
      const p = n.params;
      return { title, body: p.body, lines: line(L.subject, p.title, locale) };
    }
    case 'event_invitation': {
      const p = n.params;
      return { title, body: p.body, lines: line(L.event, p.title, locale) };
    }
  }
}

/** One notification in the patient's 消息 list, rendered in the reader's language. */
export interface NotificationView extends RenderedNotification {
  id: string;
  kind: NotificationKind;
  /** The profile it is about (a family member's messages carry their profile). */
  patientId: string;
  /** The mini-program page it opens (`packages/booking/pages/appointment/index?id=…`), if any. */
  link: string | null;
  /** When it arrived in 消息. */
  at: string;
  readAt: string | null;
}

export interface UnreadNotifications {
  /** Unread for the acting profile. */
  count: number;
  /** Unread for the account's other profiles (family members), so the app can point at them. */
  otherProfiles: number;
}
