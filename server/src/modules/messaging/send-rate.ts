import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

/**
 * The global WeChat send rate for bulk sources (`WECHAT_SEND_RATE_PER_SECOND`), shared by every worker and
 * instance through Redis when REDIS_URL is set (in memory otherwise: one process).
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
  /** Until when this process holds back after WeChat answered 45011. */
  private pausedUntil = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const rate = config.messaging.sendRatePerSecond;
    this.slotMs = rate >= 10 ? 100 : 1000;
    this.perSlot = Math.max(1, Math.floor((rate * this.slotMs) / 1000));
    this.redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true }) : null;
    this.redis?.on('error', () => undefined);
    const options = { points: this.perSlot, duration: 2, keyPrefix: `yiban:wechat-send:${config.wechat.appid}` };
    this.limiter = this.redis ? new RateLimiterRedis({ ...options, storeClient: this.redis }) : new RateLimiterMemory(options);
  }

  /** Resolves when one more send may go. */
  async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (now < this.pausedUntil) {
        await sleep(this.pausedUntil - now);
        continue;
      }
      const slot = Math.floor(now / this.slotMs);
      try {
        const res = await this.limiter.consume(String(slot), 1);
        const at = slot * this.slotMs + ((res.consumedPoints - 1) * this.slotMs) / this.perSlot;
        const wait = at - Date.now();
        if (wait > 0) await sleep(wait);
        return;
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const wait = (slot + 1) * this.slotMs - Date.now();
        if (wait > 0) await sleep(wait);
      }
    }
  }

  /** WeChat answered 45011 (over its rate): hold this process's sends for a little while (the next slots). */
  backOff(): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + 2 * this.slotMs + Math.random() * this.slotMs);
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
