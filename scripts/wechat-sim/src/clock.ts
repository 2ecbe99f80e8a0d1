/**
 * The simulator's clock. Every expiry (tokens, codes, rate windows) reads `now()`, so tests can
 * jump hours ahead without waiting.
 */
export class SimClock {
  offsetMs = 0;
  /** Multiplies WeChat Pay notification retry delays: 1 = the real schedule, 0.001 turns 15 s into 15 ms. */
  notifyTimeScale = 1;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
    this.notifyTimeScale = 1;
  }

  snapshot(): { now: number; iso: string; offsetMs: number; notifyTimeScale: number } {
    const now = this.now();
    return { now, iso: new Date(now).toISOString(), offsetMs: this.offsetMs, notifyTimeScale: this.notifyTimeScale };
  }
}
