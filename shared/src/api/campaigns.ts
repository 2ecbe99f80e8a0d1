import type { MessageKind } from '../messages.js';

/**
 * Push campaigns: a segment, a WeChat subscribe-message kind meant for marketing, a landing page, a schedule, and a
 * review by an admin who is not the author. Delivery goes through the one outbound path (message_deliveries, source
 * `campaign:<id>`), which keeps every recipient's outcome.
 */
export const CAMPAIGN_STATUSES = ['draft', 'in_review', 'approved', 'scheduled', 'sending', 'paused', 'done', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const LANDING_TYPES = ['article', 'event', 'survey', 'booking'] as const;
export type LandingType = (typeof LANDING_TYPES)[number];

export interface CampaignLanding {
  type: LandingType;
  /** The article, event or survey; for booking, an optional department id. */
  id?: string;
}

export const FESTIVALS = [
  'spring_festival', // 春节 lunar 1-1
  'lantern', // 元宵 lunar 1-15
  'dragon_boat', // 端午 lunar 5-5
  'qixi', // 七夕 lunar 7-7
  'mid_autumn', // 中秋 lunar 8-15
  'double_ninth', // 重阳 lunar 9-9
  'new_year', // 元旦 1-1
  'womens_day', // 妇女节 3-8
  'labour_day', // 劳动节 5-1
  'childrens_day', // 儿童节 6-1
  'national_day', // 国庆 10-1
  'doctors_day', // 中国医师节 8-19
] as const;
export type Festival = (typeof FESTIVALS)[number];

export type CampaignSchedule =
  | { type: 'once'; at?: string }
  | { type: 'recurring'; cron: string; until?: string }
  | { type: 'trigger'; trigger: 'birthday'; sendAt?: string /* HH:mm local, default 09:00 */ }
  | { type: 'trigger'; trigger: 'festival'; festival: Festival; daysBefore?: number; sendAt?: string }
  | { type: 'trigger'; trigger: 'after_visit'; departmentId?: string; days: number; sendAt?: string };

export interface CampaignContent {
  title: string;
  body: string;
}

/** `POST /campaigns`. */
export interface CreateCampaignRequest {
  name: string;
  segmentId: string;
  messageKind: MessageKind;
  content: CampaignContent;
  landing?: CampaignLanding;
  schedule?: CampaignSchedule;
}

/** `PATCH /campaigns/{id}` (draft only; an approved campaign edited goes back to draft and needs review again). */
export type UpdateCampaignRequest = Partial<CreateCampaignRequest>;

export interface CampaignReviewView {
  action: 'submitted' | 'approved' | 'rejected';
  by: { id: string; name: string };
  comment: string | null;
  at: string;
}

export interface CampaignView {
  id: string;
  name: string;
  status: CampaignStatus;
  /** Why it is paused: by staff, or WeChat's daily limit (45009). */
  pausedReason: 'staff' | 'daily_limit' | null;
  segment: { id: string; name: string };
  messageKind: MessageKind;
  content: CampaignContent;
  landing: CampaignLanding | null;
  schedule: CampaignSchedule | null;
  /** The next send the schedule will make (once, recurring or triggered), hospital time ISO. */
  nextRunAt: string | null;
  author: { id: string; name: string };
  reviews: CampaignReviewView[];
  createdAt: string;
  updatedAt: string;
}

/** `GET /campaigns/{id}/stats`: the contract's fields, plus the open and conversion windows. */
export interface CampaignStats {
  targeted: number;
  sent: number;
  skipped: Record<string, number>;
  failed: Record<string, number>;
  /** Queued or being sent right now. */
  pending: number;
  opened: number;
  /** Booked, registered or answered within 7 days of the send. */
  converted: number;
}

/** `GET /campaigns/{id}/timeline?bucket=hour|day`. */
export interface CampaignTimelinePoint {
  at: string;
  sent: number;
  failed: number;
  opened: number;
}

export type RecipientOutcome = 'queued' | 'sending' | 'sent' | 'skipped' | 'failed' | 'unknown' | 'held' | 'cancelled';

/** `GET /campaigns/{id}/recipients?status=&cursor=` — marketing sees contact state, never clinical detail. */
export interface CampaignRecipientView {
  patientId: string;
  /** Masked (张*明). */
  patientName: string | null;
  status: RecipientOutcome;
  reason: string | null;
  errcode: number | null;
  sentAt: string | null;
  openedAt: string | null;
}

/** `GET /campaigns/calendar?month=YYYY-MM`: every send planned or made in the month. */
export interface CampaignCalendarEntry {
  campaignId: string;
  name: string;
  status: CampaignStatus;
  at: string;
  kind: 'once' | 'recurring' | 'trigger';
}

/** `GET /campaigns/message-kinds`: a kind a campaign may send, with the WeChat subscribe template it goes out on. */
export interface CampaignMessageKindView {
  messageKind: MessageKind;
  templateId: string;
  templateKind: 'one_time' | 'long_term';
  /** The template's keywords the campaign's words fill (thing1, thing2 …). */
  fields: string[];
  titleMaxChars: number;
  bodyMaxChars: number;
}

/** `POST /campaigns/{id}/reject` body. */
export interface RejectCampaignRequest {
  comment: string;
}

/** `POST /me/campaign-opens`: the patient opened a campaign's landing page (the link carries `c=<campaignId>`). */
export interface CampaignOpenRequest {
  campaignId: string;
}

/** Marketing topics a patient can turn off one by one (the marketing message kinds). */
export interface MarketingPreferencesView {
  /** The marketing consent itself (off → nothing marketing at all). */
  marketingOptIn: boolean;
  topics: { topic: MessageKind; enabled: boolean }[];
}

export interface UpdateMarketingPreferencesRequest {
  topics: { topic: MessageKind; enabled: boolean }[];
}
