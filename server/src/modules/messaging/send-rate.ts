import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

/** The most places one call to the shared counter reserves. */
const MAX_RESERVE = 32;

/**
 * The global WeChat send rate (`WECHAT_SEND_RATE_PER_SECOND`) for every send of the outbound path, shared by every
 * worker and instance through Redis when REDIS_URL is set (in memory otherwise: one process).
 *
 * Time is cut into wall-clock slots of 100 ms, each allowing a tenth of the rate; a send takes a place in its slot
 * and waits for that place's moment, so sends are spread evenly rather than bursting at each second (WeChat and
 * the simulator count any sliding second). Rate limiting is infrastructure timing, so it reads the real clock.
 */
@Injectable()
export class SendRate implements OnModuleDestroy {
  private readonly slotMs: number;
  private readonly perSlot: number;
  private readonly limiter: RateLimiterAbstract;
  private readonly redis: Redis | null;
  /** Until when this process holds back after WeChat answered 45011 often. */
  private pausedUntil = 0;
  /** When WeChat answered 45011 within the last second. */
  private readonly refusals: number[] = [];
  private readonly refusalsToPause: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const rate = config.messaging.sendRatePerSecond;
    this.slotMs = rate >= 10 ? 100 : 1000;
    this.perSlot = Math.max(1, Math.floor((rate * this.slotMs) / 1000));
    this.refusalsToPause = Math.max(5, Math.ceil(rate / 10));
    this.redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true }) : null;
    this.redis?.on('error', () => undefined);
    const options = { points: this.perSlot, duration: 2, keyPrefix: `yiban:wechat-send:${config.wechat.appid}` };
    this.limiter = this.redis ? new RateLimiterRedis({ ...options, storeClient: this.redis }) : new RateLimiterMemory(options);
  }

  /** Sends waiting for a place, in arrival order. */
  private readonly waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private filling = false;

  /**
   * Resolves when one more send may go. Waiting sends are given places together: one call to the shared counter
   * reserves as many places as there are sends waiting (up to `MAX_RESERVE`), so a busy process asks Redis about
   * once per batch rather than once per send, and nothing is reserved that no send is waiting for.
   */
  take(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.filling) void this.fill();
    });
  }

  private async fill(): Promise<void> {
    this.filling = true;
    try {
      while (this.waiting.length) {
        const now = Date.now();
        if (now < this.pausedUntil) {
          await sleep(this.pausedUntil - now);
          continue;
        }
        const slot = Math.floor(now / this.slotMs);
        const want = Math.min(this.waiting.length, MAX_RESERVE, this.perSlot);
        let consumed: number;
        try {
          consumed = (await this.limiter.consume(String(slot), want)).consumedPoints;
        } catch (error) {
          if (!(error instanceof RateLimiterRes)) throw error;
          consumed = error.consumedPoints; // the slot is full: the places up to its size are still ours
        }
        const last = Math.min(consumed, this.perSlot);
        for (let place = consumed - want + 1; place <= last; place++) {
          const { resolve } = this.waiting.shift()!;
          const wait = slot * this.slotMs + ((place - 1) * this.slotMs) / this.perSlot - Date.now();
          if (wait > 0) setTimeout(resolve, wait);
          else resolve();
        }
        if (last < consumed) {
          const wait = (slot + 1) * this.slotMs - Date.now();
          if (wait > 0) await sleep(wait);
        }
      }
    } catch (error) {
      // The shared counter is unreachable: the sends waiting now fail (their drain is retried as a job).
      for (const w of this.waiting.splice(0)) w.reject(error);
    } finally {
      this.filling = false;
    }
  }

  /**
   * WeChat answered 45011 (over its rate); the refused send takes a later place again. An occasional refusal is
   * timing at the edge of WeChat's sliding second (sends paced at exactly the limit arrive with network jitter):
   * holding everything back for it cost a tenth of the throughput (docs/benchmarks.md). Many refusals within a second
   * (a tenth of the rate) mean the limit really is lower than configured — another sender shares the quota —, and
   * then this process holds its sends for a little while (the next slots).
   */
  backOff(): void {
    const now = Date.now();
    this.refusals.push(now);
    while (this.refusals.length && this.refusals[0]! <= now - 1000) this.refusals.shift();
    if (this.refusals.length >= this.refusalsToPause) this.pausedUntil = Math.max(this.pausedUntil, now + 2 * this.slotMs + Math.random() * this.slotMs);
  }

  /**
   * Closes the Redis connection. A lazy client that never connected is only disconnected (`quit` would first open a
   * connection); a connected one quits, and is cut after a second if Redis does not answer, so nothing keeps the
   * process (or a test worker) alive after the app closes.
   */
  async onModuleDestroy(): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'end') return;
    if (redis.status === 'wait') {
      redis.disconnect();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      redis.quit().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 1_000);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
    redis.disconnect();
  }
}
