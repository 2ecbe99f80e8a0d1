import type {
  CampaignCalendarEntry,
  CampaignRecipientView,
  CampaignStats,
  CampaignStatus,
  CampaignTimelinePoint,
  CampaignView,
  CreateCampaignRequest,
  MessageKind,
  RecipientOutcome,
  SegmentView,
  StaffArticlesPage,
  UpdateCampaignRequest,
} from '@yiban/shared';
import { staffApi } from './api';

/** The console's push campaigns (marketing writes, an admin who is not the author approves). */

export interface CampaignListPage {
  items: CampaignView[];
  nextCursor: string | null;
  /** How many campaigns are in each status (all of them, whatever the filter), when the server says. */
  counts?: Partial<Record<CampaignStatus, number>>;
}

/** A marketing message kind and its subscribe template (`GET /campaigns/message-kinds`). */
export interface CampaignMessageKindView {
  messageKind: MessageKind;
  templateId: string;
  templateKind: 'one_time' | 'long_term';
  /** The template's keywords the campaign fills (thing1, thing2 …). */
  fields: string[];
  titleMaxChars: number;
  bodyMaxChars: number;
}

export interface CampaignListQuery {
  status?: CampaignStatus;
  cursor?: string | null;
  limit?: number;
}

const id = (value: string) => encodeURIComponent(value);

/** Lists come as a cursor page; an array is taken as one page. */
function asPage(answer: CampaignListPage | CampaignView[]): CampaignListPage {
  return Array.isArray(answer) ? { items: answer, nextCursor: null } : answer;
}

export const listCampaigns = async (query: CampaignListQuery = {}) =>
  asPage(
    await staffApi.get<CampaignListPage | CampaignView[]>('/campaigns', {
      query: { status: query.status, cursor: query.cursor ?? undefined, limit: query.limit },
    }),
  );

export const getCampaign = (campaignId: string) => staffApi.get<CampaignView>(`/campaigns/${id(campaignId)}`);

export const createCampaign = (body: CreateCampaignRequest) => staffApi.post<CampaignView>('/campaigns', body, { retry: false });

export const updateCampaign = (campaignId: string, body: UpdateCampaignRequest) =>
  staffApi.patch<CampaignView>(`/campaigns/${id(campaignId)}`, body, { retry: false });

export type CampaignAction = 'submit' | 'approve' | 'schedule' | 'pause' | 'resume' | 'cancel';

export const campaignAction = (campaignId: string, action: CampaignAction) =>
  staffApi.post<CampaignView>(`/campaigns/${id(campaignId)}/${action}`, undefined, { retry: false });

export const rejectCampaign = (campaignId: string, comment: string) =>
  staffApi.post<CampaignView>(`/campaigns/${id(campaignId)}/reject`, { comment }, { retry: false });

/** The author's own WeChat openid, recorded once, where test sends go. */
export const setTestRecipient = (openid: string) => staffApi.request<unknown>('/campaigns/test-recipient', { method: 'PUT', body: { openid }, retry: false });

export const testSendCampaign = (campaignId: string) => staffApi.post<unknown>(`/campaigns/${id(campaignId)}/test-send`, undefined, { retry: false });

export const campaignStats = (campaignId: string) => staffApi.get<CampaignStats>(`/campaigns/${id(campaignId)}/stats`);

export const campaignTimeline = async (campaignId: string, bucket: 'hour' | 'day') => {
  const answer = await staffApi.get<CampaignTimelinePoint[] | { items: CampaignTimelinePoint[] } | { points: CampaignTimelinePoint[] }>(
    `/campaigns/${id(campaignId)}/timeline`,
    { query: { bucket } },
  );
  if (Array.isArray(answer)) return answer;
  return 'items' in answer ? answer.items : answer.points;
};

export const campaignRecipients = (campaignId: string, query: { status?: RecipientOutcome; cursor?: string | null; limit?: number }) =>
  staffApi.get<{ items: CampaignRecipientView[]; nextCursor: string | null }>(`/campaigns/${id(campaignId)}/recipients`, {
    query: { status: query.status, cursor: query.cursor ?? undefined, limit: query.limit },
  });

/** The recipients as CSV text (UTF-8, with the BOM Excel wants). */
export const campaignRecipientsCsv = (campaignId: string) => staffApi.get<string>(`/campaigns/${id(campaignId)}/recipients.csv`);

export const campaignCalendar = async (month: string) => {
  const answer = await staffApi.get<CampaignCalendarEntry[] | { items: CampaignCalendarEntry[] } | { entries: CampaignCalendarEntry[] }>(
    '/campaigns/calendar',
    { query: { month } },
  );
  if (Array.isArray(answer)) return answer;
  return 'items' in answer ? answer.items : answer.entries;
};

export const campaignMessageKinds = async () => {
  const answer = await staffApi.get<CampaignMessageKindView[] | { items: CampaignMessageKindView[] }>('/campaigns/message-kinds');
  return Array.isArray(answer) ? answer : answer.items;
};

/** Saved segments to choose an audience from (one page of the 200 newest; a hospital keeps tens). */
export const listSegments = async () => (await staffApi.get<{ items: SegmentView[]; nextCursor: string | null }>('/segments', { query: { limit: 200 } })).items;

/** Published articles for an article landing (the content library's own list). */
export const listPublishedArticles = async () =>
  (await staffApi.get<StaffArticlesPage>('/staff/articles', { query: { status: 'published', limit: 100 } })).items;
