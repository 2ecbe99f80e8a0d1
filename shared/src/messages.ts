/**
 * What the hospital sends a patient through WeChat subscribe messages. Each kind maps to one approved
 * template (configured per hospital) and declares how it is treated on the one outbound path.
 */
export const MESSAGE_KINDS = [
  'appointment_reminder',
  'appointment_changed',
  'waitlist_offer',
  'doctor_replied',
  'survey_invitation',
  'event_reminder',
  'health_education',
  'follow_up_reminder',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export type SubscriptionKind = 'one_time' | 'long_term';
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;
export type SubscribeResult = (typeof SUBSCRIBE_RESULTS)[number];

export interface MessagePolicy {
  /** Marketing needs the marketing opt-in, respects the frequency cap, and is never resent after an unknown outcome. */
  marketing: boolean;
  /** Held back during quiet hours (and sent after them) rather than sent at night. */
  respectsQuietHours: boolean;
  /** After a timeout or a crash mid-send: resend (a duplicate reminder beats a missed visit) or give up. */
  onUnknownOutcome: 'resend' | 'give_up';
}

export const MESSAGE_POLICIES: Record<MessageKind, MessagePolicy> = {
  appointment_reminder: { marketing: false, respectsQuietHours: true, onUnknownOutcome: 'resend' },
  // A cancelled clinic or a refund must reach the patient even at night; a duplicate is better than a wasted trip.
  appointment_changed: { marketing: false, respectsQuietHours: false, onUnknownOutcome: 'resend' },
  // The offer lasts minutes: holding it until morning would waste it.
  waitlist_offer: { marketing: false, respectsQuietHours: false, onUnknownOutcome: 'give_up' },
  doctor_replied: { marketing: false, respectsQuietHours: true, onUnknownOutcome: 'give_up' },
  survey_invitation: { marketing: false, respectsQuietHours: true, onUnknownOutcome: 'give_up' },
  event_reminder: { marketing: false, respectsQuietHours: true, onUnknownOutcome: 'resend' },
  health_education: { marketing: true, respectsQuietHours: true, onUnknownOutcome: 'give_up' },
  follow_up_reminder: { marketing: false, respectsQuietHours: true, onUnknownOutcome: 'resend' },
};

export interface SubscriptionTemplateView {
  messageKind: MessageKind;
  templateId: string;
  kind: SubscriptionKind;
}

export interface SubscriptionGrantView extends SubscriptionTemplateView {
  /** One-time sends the patient has allowed and that are not used yet. */
  remaining: number;
  /** A long-term template the patient accepted. */
  longTerm: boolean;
  lastResult: SubscribeResult | null;
  updatedAt: string | null;
}

export interface RecordSubscriptionsRequest {
  /** The template ids asked in one wx.requestSubscribeMessage call (1–3). */
  templateIds: string[];
  /** What the popup returned per template id. */
  results: Record<string, SubscribeResult>;
}

/** How each message kind reads in the patient's 消息 list: a title and labelled lines for the template keywords. */
export const MESSAGE_LAYOUTS: Record<MessageKind, { title: { 'zh-CN': string; en: string }; fields: { key: string; 'zh-CN': string; en: string }[] }> = {
  appointment_reminder: {
    title: { 'zh-CN': '就诊提醒', en: 'Appointment reminder' },
    fields: [
      { key: 'name1', 'zh-CN': '就诊人', en: 'Patient' },
      { key: 'thing2', 'zh-CN': '科室', en: 'Department' },
      { key: 'name3', 'zh-CN': '医生', en: 'Doctor' },
      { key: 'time4', 'zh-CN': '就诊时间', en: 'Time' },
      { key: 'thing5', 'zh-CN': '温馨提示', en: 'Note' },
    ],
  },
  appointment_changed: {
    title: { 'zh-CN': '预约变更通知', en: 'Appointment changed' },
    fields: [
      { key: 'name1', 'zh-CN': '就诊人', en: 'Patient' },
      { key: 'thing2', 'zh-CN': '科室医生', en: 'Doctor' },
      { key: 'time3', 'zh-CN': '原就诊时间', en: 'Time' },
      { key: 'phrase4', 'zh-CN': '变更类型', en: 'Change' },
      { key: 'thing5', 'zh-CN': '说明', en: 'Details' },
    ],
  },
  waitlist_offer: {
    title: { 'zh-CN': '候补成功通知', en: 'A place for you' },
    fields: [
      { key: 'name1', 'zh-CN': '就诊人', en: 'Patient' },
      { key: 'thing2', 'zh-CN': '科室医生', en: 'Doctor' },
      { key: 'time3', 'zh-CN': '就诊时间', en: 'Time' },
      { key: 'time4', 'zh-CN': '保留至', en: 'Held until' },
      { key: 'thing5', 'zh-CN': '温馨提示', en: 'Note' },
    ],
  },
  doctor_replied: {
    title: { 'zh-CN': '医生回复通知', en: 'Your doctor replied' },
    fields: [
      { key: 'name1', 'zh-CN': '医生', en: 'Doctor' },
      { key: 'thing2', 'zh-CN': '回复内容', en: 'Reply' },
      { key: 'time3', 'zh-CN': '回复时间', en: 'Time' },
      { key: 'thing4', 'zh-CN': '温馨提示', en: 'Note' },
    ],
  },
  survey_invitation: {
    title: { 'zh-CN': '问卷调查邀请', en: 'Survey invitation' },
    fields: [
      { key: 'thing1', 'zh-CN': '问卷名称', en: 'Survey' },
      { key: 'thing2', 'zh-CN': '调查机构', en: 'From' },
      { key: 'date3', 'zh-CN': '截止日期', en: 'Due' },
      { key: 'thing4', 'zh-CN': '备注', en: 'Note' },
    ],
  },
  event_reminder: {
    title: { 'zh-CN': '活动开始提醒', en: 'Event reminder' },
    fields: [
      { key: 'thing1', 'zh-CN': '活动名称', en: 'Event' },
      { key: 'time2', 'zh-CN': '开始时间', en: 'Starts' },
      { key: 'thing3', 'zh-CN': '活动地点', en: 'Place' },
      { key: 'thing4', 'zh-CN': '备注', en: 'Note' },
    ],
  },
  health_education: {
    title: { 'zh-CN': '健康宣教通知', en: 'Health education' },
    fields: [
      { key: 'thing1', 'zh-CN': '文章标题', en: 'Article' },
      { key: 'thing2', 'zh-CN': '发布机构', en: 'From' },
      { key: 'date3', 'zh-CN': '发布日期', en: 'Date' },
    ],
  },
  follow_up_reminder: {
    title: { 'zh-CN': '随访提醒', en: 'Follow-up reminder' },
    fields: [
      { key: 'name1', 'zh-CN': '患者', en: 'Patient' },
      { key: 'thing2', 'zh-CN': '随访项目', en: 'Follow-up' },
      { key: 'time3', 'zh-CN': '随访时间', en: 'Time' },
      { key: 'name4', 'zh-CN': '医生', en: 'Doctor' },
      { key: 'thing5', 'zh-CN': '备注', en: 'Note' },
    ],
  },
};

/** One message the patient received, as the 消息 page shows it. */
export interface InboxMessageView {
  id: string;
  kind: MessageKind;
  /** The template keyword values, by keyword (label them with MESSAGE_LAYOUTS). */
  data: Record<string, string>;
  /** The mini-program page the message opens, if any. */
  page: string | null;
  sentAt: string;
}
