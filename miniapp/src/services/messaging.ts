import type { NotificationView, Page, RecordSubscriptionsRequest, SubscriptionGrantView, UnreadNotifications } from '@yiban/shared';
import { platform } from '../platform';
import { patientApi } from './api';
import { askAndRecord, type AskOutcome, type SubscribeAsk } from './subscribe-flow';

/** The WeChat account's grants per message kind (the account, not a profile: no X-Patient-Id). */
export const listSubscriptions = () => patientApi.get<SubscriptionGrantView[]>('/me/subscriptions', { patientId: null });

export const recordSubscriptions = (body: RecordSubscriptionsRequest) =>
  patientApi.post<SubscriptionGrantView[]>('/me/subscriptions', body, { patientId: null });

/** The acting profile's notifications (消息), newest first, in the app's language (Accept-Language). */
export const listMessages = (cursor: string | null, limit = 20) =>
  patientApi.get<Page<NotificationView>>('/me/messages', { query: { limit, cursor: cursor ?? undefined } });

/** Unread for a profile (the acting one unless given), and for the account's other profiles. */
export const unreadMessages = (patientId?: string) => patientApi.get<UnreadNotifications>('/me/messages/unread-count', patientId ? { patientId } : {});

export const markMessageRead = (id: string) => patientApi.post<NotificationView>(`/me/messages/${encodeURIComponent(id)}/read`);

/** Marks everything the acting profile has received read; answers the unread counts after it. */
export const markAllMessagesRead = () => patientApi.post<UnreadNotifications>('/me/messages/read-all');

/**
 * The subscribe popup for one ask, recorded at the server. Call it first thing in a tap handler: the popup is
 * opened synchronously, before anything else is awaited (WeChat refuses it otherwise).
 */
export function askForSubscriptions(ask: SubscribeAsk): Promise<AskOutcome> {
  return askAndRecord(ask, {
    request: (templateIds, kind) => platform.requestSubscribeMessage(templateIds, kind),
    record: recordSubscriptions,
  });
}
