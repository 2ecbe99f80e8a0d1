import type { SimClock } from './clock.js';

export interface CodeGrant {
  code: string;
  openid: string;
  appid: string;
  expiresAt: number;
}

const SWEEP_EVERY = 1000;

/**
 * One-use codes bound to a user and an app: what `wx.login` and the phone-number button hand the
 * mini-program. A code is redeemable once, before it expires, and only by the app it was issued to.
 */
export class OneTimeCodes {
  private readonly grants = new Map<string, CodeGrant>();
  private issued = 0;

  constructor(
    private readonly clock: SimClock,
    private readonly ttlMs: number,
    private readonly generate: () => string,
  ) {}

  issue(openid: string, appid: string): CodeGrant {
    if (++this.issued % SWEEP_EVERY === 0) this.sweep();
    const grant: CodeGrant = { code: this.generate(), openid, appid, expiresAt: this.clock.now() + this.ttlMs };
    this.grants.set(grant.code, grant);
    return grant;
  }

  /** The grant when `code` is live and belongs to `appid`; it stays redeemable until `consume`. */
  find(code: string, appid: string): CodeGrant | undefined {
    const grant = this.grants.get(code);
    if (!grant || grant.appid !== appid || this.clock.now() >= grant.expiresAt) return undefined;
    return grant;
  }

  consume(code: string): void {
    this.grants.delete(code);
  }

  clear(): void {
    this.grants.clear();
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [code, grant] of this.grants) if (now >= grant.expiresAt) this.grants.delete(code);
  }
}
