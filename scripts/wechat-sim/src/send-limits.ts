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
  private readonly recent = new Map<string, number[]>();
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
    return this.get();
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
    if (sendPerDay !== null && countToday >= sendPerDay) return 45009;

    const span = sendPerMinute !== null ? MINUTE_MS : SECOND_MS;
    const times = (this.recent.get(key) ?? []).filter((t) => t > now - span && t <= now);
    if (sendPerSecond !== null && times.filter((t) => t > now - SECOND_MS).length >= sendPerSecond) return 45011;
    if (sendPerMinute !== null && times.length >= sendPerMinute) return 45011;

    times.push(now);
    this.recent.set(key, times);
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
  }
}
