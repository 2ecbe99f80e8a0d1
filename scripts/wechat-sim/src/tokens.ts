import type { SimClock } from './clock.js';
import { newAccessToken } from './ids.js';

/** `basic` from GET /cgi-bin/token, `stable` from POST /cgi-bin/stable_token: WeChat keeps the two fully apart. */
export type TokenKind = 'basic' | 'stable';

export interface AccessTokenRecord {
  value: string;
  appid: string;
  kind: TokenKind;
  issuedAt: number;
  expiresAt: number;
  /** When a newer token (or a forced refresh) retired this one; from then on WeChat answers 40001. */
  invalidAt: number | null;
}

export type TokenCheck = { ok: true; appid: string } | { ok: false; errcode: 40001 | 42001 };

const LIFETIME_MS = 7200_000;
/** A superseded token keeps working this long, so a fleet can switch over without failures. */
const OVERLAP_MS = 300_000;
const FORCE_REFRESH_MIN_INTERVAL_MS = 30_000;
const FORCE_REFRESH_DAILY_LIMIT = 20;
const DAY_MS = 86_400_000;
/** WeChat's daily quotas reset at midnight Beijing time. */
const BEIJING_OFFSET_MS = 8 * 3600_000;
const FORGET_AFTER_MS = DAY_MS;

export class AccessTokens {
  private readonly byValue = new Map<string, AccessTokenRecord>();
  private readonly latest = new Map<string, AccessTokenRecord>();
  private readonly forceRefreshes = new Map<string, { day: number; count: number; lastAt: number }>();

  constructor(private readonly clock: SimClock) {}

  /** GET /cgi-bin/token: always a fresh token; the previous one lives on for the overlap. */
  issueBasic(appid: string): AccessTokenRecord {
    return this.rotate('basic', appid, this.clock.now() + OVERLAP_MS);
  }

  /**
   * POST /cgi-bin/stable_token. Normal mode hands back the current token until its last five minutes,
   * then rotates. Forced mode retires the current token at once, at most once per 30 s (inside that
   * interval the current token is returned unchanged) and 20 times a day (then 45009).
   */
  issueStable(appid: string, forceRefresh: boolean): AccessTokenRecord | { errcode: 45009 } {
    const now = this.clock.now();
    const current = this.latest.get(key('stable', appid));
    const live = current && this.isLive(current, now) ? current : undefined;
    if (!forceRefresh) {
      return live && live.expiresAt - now > OVERLAP_MS ? live : this.rotate('stable', appid, now + OVERLAP_MS);
    }

    const day = Math.floor((now + BEIJING_OFFSET_MS) / DAY_MS);
    const quota = this.forceRefreshes.get(appid);
    if (live && quota && now - quota.lastAt < FORCE_REFRESH_MIN_INTERVAL_MS) return live;
    const count = quota?.day === day ? quota.count : 0;
    if (count >= FORCE_REFRESH_DAILY_LIMIT) return { errcode: 45009 };
    this.forceRefreshes.set(appid, { day, count: count + 1, lastAt: now });
    return this.rotate('stable', appid, now);
  }

  check(value: string): TokenCheck {
    const record = this.byValue.get(value);
    if (!record) return { ok: false, errcode: 40001 };
    const now = this.clock.now();
    if (this.isLive(record, now)) return { ok: true, appid: record.appid };
    const expiredFirst = record.invalidAt === null || record.expiresAt <= record.invalidAt;
    return { ok: false, errcode: expiredFirst ? 42001 : 40001 };
  }

  /** Rounded up, so a token issued in this very call reads 7200 even when the clock ticked a millisecond since. */
  expiresInSeconds(record: AccessTokenRecord): number {
    return Math.max(0, Math.ceil((record.expiresAt - this.clock.now()) / 1000));
  }

  /** Control API: every live token (of one app, or all) expires now, so the next call answers 42001. */
  expireAll(appid?: string): number {
    const now = this.clock.now();
    let expired = 0;
    for (const record of this.byValue.values()) {
      if ((appid === undefined || record.appid === appid) && this.isLive(record, now)) {
        record.expiresAt = now;
        expired++;
      }
    }
    return expired;
  }

  clear(): void {
    this.byValue.clear();
    this.latest.clear();
    this.forceRefreshes.clear();
  }

  private rotate(kind: TokenKind, appid: string, retirePreviousAt: number): AccessTokenRecord {
    const now = this.clock.now();
    this.forgetOld(now);
    const previous = this.latest.get(key(kind, appid));
    if (previous) previous.invalidAt = Math.min(previous.invalidAt ?? Infinity, retirePreviousAt);
    const record: AccessTokenRecord = { value: newAccessToken(), appid, kind, issuedAt: now, expiresAt: now + LIFETIME_MS, invalidAt: null };
    this.byValue.set(record.value, record);
    this.latest.set(key(kind, appid), record);
    return record;
  }

  private isLive(record: AccessTokenRecord, now: number): boolean {
    return now < record.expiresAt && (record.invalidAt === null || now < record.invalidAt);
  }

  private forgetOld(now: number): void {
    for (const [value, record] of this.byValue) {
      const end = Math.min(record.expiresAt, record.invalidAt ?? Infinity);
      if (end < now - FORGET_AFTER_MS) this.byValue.delete(value);
    }
  }
}

function key(kind: TokenKind, appid: string): string {
  return `${kind}:${appid}`;
}
