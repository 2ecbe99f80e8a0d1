import type { TemplateKind } from './templates.js';

/** What `wx.requestSubscribeMessage` reports per template: the user's choice, or WeChat's own block. */
export type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter';

export const SUBSCRIBE_RESULTS: readonly SubscribeResult[] = ['accept', 'reject', 'ban', 'filter'];

/** One user × template line of the grant ledger. */
export interface Grant {
  openid: string;
  templateId: string;
  kind: TemplateKind;
  lastResult: SubscribeResult;
  /** One-time sends still allowed (each acceptance adds one); always 0 for long-term templates. */
  remaining: number;
  /** A long-term template the user accepted and has not switched off since. */
  longTerm: boolean;
  /** Acceptances so far, and successful sends made against them. */
  accepted: number;
  sent: number;
  updatedAt: number;
}

/**
 * The grants users gave in the subscribe popup. One-time acceptances accumulate and never expire; each
 * successful send uses one. Long-term acceptances allow any number of sends. `reject`, `ban` and `filter`
 * switch the template off for the user: unused one-time allowances are voided and a long-term grant ends,
 * until the next acceptance.
 */
export class SubscriptionLedger {
  /** openid → templateId → grant. */
  private readonly grants = new Map<string, Map<string, Grant>>();

  record(openid: string, templateId: string, kind: TemplateKind, result: SubscribeResult, now: number): Grant {
    let byTemplate = this.grants.get(openid);
    if (!byTemplate) this.grants.set(openid, (byTemplate = new Map()));
    const grant = byTemplate.get(templateId) ?? {
      openid,
      templateId,
      kind,
      lastResult: result,
      remaining: 0,
      longTerm: false,
      accepted: 0,
      sent: 0,
      updatedAt: now,
    };
    grant.kind = kind;
    grant.lastResult = result;
    grant.updatedAt = now;
    if (result === 'accept') {
      grant.accepted++;
      if (kind === 'one_time') grant.remaining++;
      else grant.longTerm = true;
    } else {
      grant.remaining = 0;
      grant.longTerm = false;
    }
    byTemplate.set(templateId, grant);
    return { ...grant };
  }

  /** Whether a send of this template to this user is allowed now. */
  allows(openid: string, templateId: string, kind: TemplateKind): boolean {
    const grant = this.grants.get(openid)?.get(templateId);
    if (!grant) return false;
    return kind === 'long_term' ? grant.longTerm : grant.remaining > 0;
  }

  /** Records a successful send: uses up one one-time allowance. Call only after `allows`. */
  use(openid: string, templateId: string, kind: TemplateKind, now: number): void {
    const grant = this.grants.get(openid)?.get(templateId);
    if (!grant) return;
    if (kind === 'one_time') grant.remaining = Math.max(0, grant.remaining - 1);
    grant.sent++;
    grant.updatedAt = now;
  }

  /** One user's grants, or everyone's, in the order first recorded. */
  list(openid?: string): Grant[] {
    const users = openid === undefined ? [...this.grants.values()] : [this.grants.get(openid) ?? new Map<string, Grant>()];
    return users.flatMap((byTemplate) => [...byTemplate.values()].map((grant) => ({ ...grant })));
  }

  clear(): void {
    this.grants.clear();
  }
}
