import {
  SUBSCRIBE_RESULTS,
  type MessageKind,
  type RecordSubscriptionsRequest,
  type SubscribeResult,
  type SubscriptionGrantView,
  type SubscriptionKind,
} from '@yiban/shared';

/**
 * The subscribe popup (wx.requestSubscribeMessage) as a flow: which template ids are asked together, and what
 * is recorded at POST /me/subscriptions. Pure (no Taro, no network): the page passes the platform and the API in.
 *
 * WeChat's rules: only from a tap (or a payment callback) — and the call must come first in the tap handler,
 * before any network round trip, or WeChat answers "can only be invoked by user TAP gesture"; so the template
 * ids are loaded beforehand (GET /me/subscriptions) and one tap makes exactly one call. At most 3 ids per call,
 * all one-time or all long-term.
 */

/** The kinds a patient turns on from the 消息 tab: the transactional reminders. */
export const REMINDER_KINDS: readonly MessageKind[] = ['appointment_reminder', 'doctor_replied', 'follow_up_reminder'];
/** Asked right after the first-run consent (health education is added only with the marketing opt-in). */
export const FIRST_RUN_KINDS: readonly MessageKind[] = ['appointment_reminder', 'doctor_replied'];
export const MARKETING_KIND: MessageKind = 'health_education';

export const MAX_TEMPLATES_PER_ASK = 3;

/** One wx.requestSubscribeMessage call: up to 3 template ids of one subscription kind. */
export interface SubscribeAsk {
  kind: SubscriptionKind;
  templateIds: string[];
  messageKinds: MessageKind[];
}

/** The patient (or WeChat) said no before: asking again unprompted would be nagging. */
export function refused(grant: SubscriptionGrantView): boolean {
  return grant.lastResult !== null && grant.lastResult !== 'accept';
}

/**
 * Splits the wanted kinds into calls WeChat accepts: one-time and long-term never together, at most 3 ids
 * per call, each template once, in the order the kinds were given. Kinds the server has no template for are
 * left out; `skip` leaves out grants the caller does not want to ask about (e.g. ones refused before).
 */
export function planAsks(
  grants: readonly SubscriptionGrantView[],
  kinds: readonly MessageKind[],
  skip: (grant: SubscriptionGrantView) => boolean = () => false,
): SubscribeAsk[] {
  const asks: SubscribeAsk[] = [];
  const seen = new Set<string>();
  for (const messageKind of kinds) {
    const grant = grants.find((g) => g.messageKind === messageKind);
    if (!grant || !grant.templateId || skip(grant)) continue;
    if (seen.has(grant.templateId)) {
      asks.find((a) => a.templateIds.includes(grant.templateId))?.messageKinds.push(messageKind);
      continue;
    }
    seen.add(grant.templateId);
    let ask = asks.find((a) => a.kind === grant.kind && a.templateIds.length < MAX_TEMPLATES_PER_ASK);
    if (!ask) {
      ask = { kind: grant.kind, templateIds: [], messageKinds: [] };
      asks.push(ask);
    }
    ask.templateIds.push(grant.templateId);
    ask.messageKinds.push(messageKind);
  }
  return asks;
}

/**
 * What to record from the popup's answer: one result per asked template WeChat answered for. `errMsg` (and
 * anything else that is not an asked id) is dropped; WeChat's newer acceptances (`acceptWithAudio`,
 * `acceptWithAlert`) are acceptances; a value WeChat may add later that is not one of ours is left out rather
 * than guessed.
 */
export function resultsFrom(templateIds: readonly string[], answer: Record<string, unknown>): Record<string, SubscribeResult> {
  const results: Record<string, SubscribeResult> = {};
  for (const id of templateIds) {
    const value = answer[id];
    if (typeof value !== 'string') continue;
    if ((SUBSCRIBE_RESULTS as readonly string[]).includes(value)) results[id] = value as SubscribeResult;
    else if (value.startsWith('accept')) results[id] = 'accept';
  }
  return results;
}

export interface SubscribeDeps {
  /** platform.requestSubscribeMessage */
  request(templateIds: string[], kind: SubscriptionKind): Promise<Record<string, unknown>>;
  /** POST /me/subscriptions → the account's grants */
  record(body: RecordSubscriptionsRequest): Promise<SubscriptionGrantView[]>;
}

export type AskOutcome =
  /** The popup answered. `grants` is the server's ledger after recording, null if recording failed (`recordError`). */
  | { status: 'answered'; results: Record<string, SubscribeResult>; grants: SubscriptionGrantView[] | null; recordError?: unknown }
  /** The popup could not be shown (the user switched subscriptions off in WeChat, no tap, …): nothing to record. */
  | { status: 'failed'; error: unknown };

/**
 * Shows the popup for one ask and records the answer. The platform is called synchronously — before this
 * function returns — so it still runs inside the tap that called it; the network comes after.
 */
export function askAndRecord(ask: SubscribeAsk, deps: SubscribeDeps): Promise<AskOutcome> {
  let asked: Promise<Record<string, unknown>>;
  try {
    asked = deps.request([...ask.templateIds], ask.kind);
  } catch (error) {
    asked = Promise.reject(error);
  }
  return asked.then(
    async (answer): Promise<AskOutcome> => {
      const results = resultsFrom(ask.templateIds, answer ?? {});
      const templateIds = ask.templateIds.filter((id) => id in results);
      if (templateIds.length === 0) return { status: 'answered', results, grants: null };
      try {
        return { status: 'answered', results, grants: await deps.record({ templateIds, results }) };
      } catch (recordError) {
        return { status: 'answered', results, grants: null, recordError };
      }
    },
    (error): AskOutcome => ({ status: 'failed', error }),
  );
}

/** How one message kind stands, for the 消息 tab's reminder list. */
export type ReminderState =
  | { state: 'remaining'; remaining: number }
  | { state: 'long_term' }
  | { state: 'used_up' }
  | { state: 'off' }
  /** Banned or filtered by WeChat: asking cannot turn it on. */
  | { state: 'unavailable' };

export function reminderState(grant: SubscriptionGrantView): ReminderState {
  if (grant.kind === 'long_term' && grant.longTerm) return { state: 'long_term' };
  if (grant.kind === 'one_time' && grant.remaining > 0) return { state: 'remaining', remaining: grant.remaining };
  if (grant.lastResult === 'ban' || grant.lastResult === 'filter') return { state: 'unavailable' };
  if (grant.lastResult === 'accept' && grant.kind === 'one_time') return { state: 'used_up' };
  return { state: 'off' };
}

/** Whether a kind can still gain something from asking (a one-time kind always can: every "allow" adds a send). */
export function worthAsking(grant: SubscriptionGrantView): boolean {
  const { state } = reminderState(grant);
  return state !== 'long_term' && state !== 'unavailable';
}
