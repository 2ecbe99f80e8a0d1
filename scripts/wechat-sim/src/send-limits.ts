import type { SimClock } from './clock.js';

/** The send APIs limits apply to; each keeps its own counters (per app). */
export type SendApi = 'subscribe' | 'custom';

export interface SendLimitConfig {
  /** Calls allowed in any 1 s / 60 s span of simulator time; null = no limit. Over it → 45011. */
  sendPerSecond: number | null;
  sendPerMinute: number | null;
  /** Calls allowed per day (midnight to midnight, Beijing time, simulator clock); null = no limit. Over it → 45009. */
  sendPerDay: number | null;
  /**
   * 0 = off. Otherwise every subscribe send takes this many real milliseconds and holds its user meanwhile:
   * a second send to the same openid while one is held → 43108, so serialised sends pass and concurrent ones do not.
   */
  concurrentHoldMs: number;
}

export const NO_LIMITS: Readonly<SendLimitConfig> = { sendPerSecond: null, sendPerMinute: null, sendPerDay: null, concurrentHoldMs: 0 };

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3600_000;

/**
 * Send quotas, off by default. Windows slide (any 1 s or 60 s span) rather than following clock seconds,
 * so a burst in a test never straddles a boundary by chance; the day follows the Beijing calendar like
 * WeChat's daily quotas. Every call that passes the access-token check counts, except those refused for a
 * limit. Setting limits starts the counting afresh.
 */
export class SendLimits {
  private config: SendLimitConfig = { ...NO_LIMITS };
  /** Per api and app: the calls counted, oldest first, from `head` on (a queue: no copying on every call). */
  private readonly recent = new Map<string, { times: number[]; head: number }>();
  /** Calls refused for a limit since the limits were set, by errcode. */
  private readonly refusedCount = new Map<45009 | 45011, number>();
  private readonly daily = new Map<string, { day: number; count: number }>();
  private readonly held = new Set<string>();

  constructor(private readonly clock: SimClock) {}

  get(): SendLimitConfig {
    return { ...this.config };
  }

  set(patch: Partial<SendLimitConfig>): SendLimitConfig {
    this.config = { ...this.config, ...patch };
    this.recent.clear();
    this.daily.clear();
    this.refusedCount.clear();
    return this.get();
  }

  /** How many calls were refused for a limit (45009, 45011) since the limits were last set. */
  refused(): { 45009: number; 45011: number } {
    return { 45009: this.refusedCount.get(45009) ?? 0, 45011: this.refusedCount.get(45011) ?? 0 };
  }

  private refuse(errcode: 45009 | 45011): 45009 | 45011 {
    this.refusedCount.set(errcode, (this.refusedCount.get(errcode) ?? 0) + 1);
    return errcode;
  }

  /** Counts one call; 0 when it may proceed, else 45009 (daily) or 45011 (per second / minute). */
  hit(api: SendApi, appid: string): 0 | 45009 | 45011 {
    const { sendPerSecond, sendPerMinute, sendPerDay } = this.config;
    if (sendPerSecond === null && sendPerMinute === null && sendPerDay === null) return 0;
    const now = this.clock.now();
    const key = `${api}:${appid}`;

    const day = Math.floor((now + BEIJING_OFFSET_MS) / DAY_MS);
    const today = this.daily.get(key);
    const countToday = today?.day === day ? today.count : 0;
    if (sendPerDay !== null && countToday >= sendPerDay) return this.refuse(45009);

    const span = sendPerMinute !== null ? MINUTE_MS : SECOND_MS;
    let window = this.recent.get(key);
    if (!window) this.recent.set(key, (window = { times: [], head: 0 }));
    const { times } = window;
    // The clock was set back (tests do): calls "after" now no longer count.
    if (times.length && times[times.length - 1]! > now) {
      window.times = times.slice(window.head).filter((t) => t <= now);
      window.head = 0;
    }
    while (window.head < window.times.length && window.times[window.head]! <= now - span) window.head++;
    if (window.head > 4096 && window.head * 2 > window.times.length) {
      window.times = window.times.slice(window.head);
      window.head = 0;
    }
    if (sendPerSecond !== null && window.times.length - firstAfter(window.times, window.head, now - SECOND_MS) >= sendPerSecond) return this.refuse(45011);
    if (sendPerMinute !== null && window.times.length - window.head >= sendPerMinute) return this.refuse(45011);

    window.times.push(now);
    this.daily.set(key, { day, count: countToday + 1 });
    return 0;
  }

  /** Takes the user for one subscribe send; false when another send to them is in progress (→ 43108). */
  hold(appid: string, openid: string): boolean {
    const key = `${appid}:${openid}`;
    if (this.held.has(key)) return false;
    this.held.add(key);
    return true;
  }

  release(appid: string, openid: string): void {
    this.held.delete(`${appid}:${openid}`);
  }

  reset(): void {
    this.config = { ...NO_LIMITS };
    this.recent.clear();
    this.daily.clear();
    this.held.clear();
    this.refusedCount.clear();
  }
}

/** The index of the first time after `after` in sorted `times` from `from` on (binary search). */
function firstAfter(times: readonly number[], from: number, after: number): number {
  let lo = from;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
