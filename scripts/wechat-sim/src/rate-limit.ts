import type { SimClock } from './clock.js';

const MINUTE_MS = 60_000;

/** WeChat's per-minute quotas count calls in fixed clock minutes: "retry next minute" means the next window. */
export class MinuteQuota {
  private readonly windows = new Map<string, { minute: number; count: number }>();

  constructor(
    private readonly clock: SimClock,
    private readonly limit: number,
  ) {}

  /** Counts one call for `key`; false once the key went over the limit in the current minute. */
  hit(key: string): boolean {
    const minute = Math.floor(this.clock.now() / MINUTE_MS);
    const window = this.windows.get(key);
    if (!window || window.minute !== minute) {
      this.windows.set(key, { minute, count: 1 });
      return true;
    }
    window.count++;
    return window.count <= this.limit;
  }

  clear(): void {
    this.windows.clear();
  }
}
