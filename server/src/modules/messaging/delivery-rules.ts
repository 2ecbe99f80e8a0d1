import { MESSAGE_POLICIES, type MessageKind } from '@yiban/shared';
import type { DeliveryReason, DeliveryStatus } from './message-delivery.entity.js';
import { quietUntil } from './quiet-hours.js';

/** What is known about a delivery's patient when deciding it (read one by one, or for a whole batch at once). */
export interface DeliveryFacts {
  /** The profile; null when it no longer exists. */
  patient: { deletedAt: Date | null; timeZone: string | null } | null;
  /** The marketing consent in force (only read for marketing kinds). */
  marketingConsent: boolean;
  /** The patient turned this marketing topic off. */
  topicOff: boolean;
  /** Marketing messages the account received in the last 7 days (all marketing kinds, counted per account). */
  sentThisWeek: number;
  /** The account's openid; null when the account is gone. */
  openid: string | null;
}

export interface DeliveryRuleConfig {
  now: Date;
  quietHours: { start: number; end: number };
  /** For patients without their own time zone. */
  timeZone: string;
  marketingCapPerWeek: number;
}

export type DeliveryFate =
  /** Send it now (the caller spends the grant in the same transaction). */
  | { action: 'send' }
  /** Done without sending: skipped with a reason, or `unknown` (a send that may have gone, not to be repeated). */
  | { action: 'finish'; status: Extract<DeliveryStatus, 'skipped' | 'unknown'>; reason: DeliveryReason }
  /** Not now: back to the queue until `until` (the end of the patient's night). */
  | { action: 'defer'; until: Date; reason: 'quiet_hours' }
  /** Not due, or not in a state to send: leave it. */
  | { action: 'leave' };

/**
 * The fate of one delivery, decided the same way for single messages (the `messaging.deliver` job) and for bulk
 * sources (the drain, which reads the facts for a whole batch at once). `status` is the row's status as claimed:
 * `sending` means a worker died between claiming and recording it.
 */
export function decideDelivery(
  row: { messageKind: MessageKind; status: DeliveryStatus; notBefore: Date; expiresAt: Date | null },
  facts: DeliveryFacts,
  rules: DeliveryRuleConfig,
): DeliveryFate {
  const policy = MESSAGE_POLICIES[row.messageKind];
  const { now } = rules;
  const finish = (status: 'skipped' | 'unknown', reason: DeliveryReason): DeliveryFate => ({ action: 'finish', status, reason });
  if (row.status === 'sending') {
    // The message may have gone out: marketing (and anything else not worth a duplicate) is never sent twice.
    if (policy.onUnknownOutcome === 'give_up') return finish('unknown', 'unknown_outcome');
  } else if (row.status !== 'queued') {
    return { action: 'leave' };
  } else if (row.notBefore > now) {
    return { action: 'leave' };
  }
  if (row.expiresAt && row.expiresAt <= now) return finish('skipped', 'expired');
  // A profile removed from its account gets nothing more (its reminders and notices are moot).
  if (!facts.patient || facts.patient.deletedAt) return finish('skipped', 'withdrawn');
  if (policy.marketing && !facts.marketingConsent) return finish('skipped', 'no_consent');
  if (policy.marketing && facts.topicOff) return finish('skipped', 'opted_out');
  if (policy.respectsQuietHours) {
    // Quiet hours are the patient's night: their own time zone when they set one (international patients).
    const until = quietUntil(now, rules.quietHours, facts.patient.timeZone ?? rules.timeZone);
    if (until) {
      if (row.expiresAt && row.expiresAt <= until) return finish('skipped', 'expired');
      return { action: 'defer', until, reason: 'quiet_hours' };
    }
  }
  if (policy.marketing && row.status === 'queued' && facts.sentThisWeek >= rules.marketingCapPerWeek) return finish('skipped', 'frequency_cap');
  if (!facts.openid) return finish('skipped', 'no_grant');
  return { action: 'send' };
}
