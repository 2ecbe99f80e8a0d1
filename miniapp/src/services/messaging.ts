import type { InboxMessageView, Page, RecordSubscriptionsRequest, SubscriptionGrantView } from '@yiban/shared';
import { platform } from '../platform';
import { patientApi } from './api';
import { askAndRecord, type AskOutcome, type SubscribeAsk } from './subscribe-flow';

/** The WeChat account's grants per message kind (the account, not a profile: no X-Patient-Id). */
export const listSubscriptions = () => patientApi.get<SubscriptionGrantView[]>('/me/subscriptions', { patientId: null });

export const recordSubscriptions = (body: RecordSubscriptionsRequest) =>
  patientApi.post<SubscriptionGrantView[]>('/me/subscriptions', body, { patientId: null });

/** Messages sent to the acting profile, newest first. */
export const listMessages = (cursor: string | null, limit = 20) =>
  patientApi.get<Page<InboxMessageView>>('/me/messages', { query: { limit, cursor: cursor ?? undefined } });

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
