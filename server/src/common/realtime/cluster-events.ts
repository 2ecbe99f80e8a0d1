import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { EventEmitter } from 'node:events';

/**
 * Small messages every server instance must hear (a session ended, a cache entry is stale). In one process an
 * EventEmitter; with `REDIS_URL`, Redis pub/sub, so every instance — the sender included — hears each message once.
 */
export abstract class ClusterEvents {
  abstract publish(topic: string, payload: unknown): Promise<void>;
  abstract subscribe(topic: string, listener: (payload: unknown) => void): void;
  /** Resolves once the subscriptions made so far are live. */
  async ready(): Promise<void> {}
}

export class LocalClusterEvents extends ClusterEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(topic: string, payload: unknown): Promise<void> {
    this.emitter.emit(topic, payload);
  }

  subscribe(topic: string, listener: (payload: unknown) => void): void {
    this.emitter.on(topic, listener);
  }
}

const CHANNEL_PREFIX = 'yiban:cluster:';

export class RedisClusterEvents extends ClusterEvents implements OnApplicationShutdown {
  private readonly logger = new Logger('ClusterEvents');
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly listeners = new Map<string, ((payload: unknown) => void)[]>();
  private readonly subscribing: Promise<unknown>[] = [];
  /** Resolves when the subscriber connection is ready (connected, its database selected). */
  private readonly connected: Promise<void>;

  constructor(url: string) {
    super();
    this.pub = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
    this.sub = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connected = new Promise((resolve) => this.sub.once('ready', () => resolve()));
    for (const connection of [this.pub, this.sub]) connection.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    this.sub.on('message', (channel: string, raw: string) => {
      const listeners = this.listeners.get(channel.slice(CHANNEL_PREFIX.length));
      if (!listeners) return;
      let payload: unknown;
      try {
        payload = JSON.parse(raw);
      } catch {
        return;
      }
      for (const listener of listeners) listener(payload);
    });
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    await this.pub.publish(CHANNEL_PREFIX + topic, JSON.stringify(payload));
  }

  subscribe(topic: string, listener: (payload: unknown) => void): void {
    const listeners = this.listeners.get(topic) ?? [];
    // Only once the connection is ready: with a database in the URL (…/3) ioredis selects it on connect, and a
    // SUBSCRIBE queued before that SELECT puts the connection in subscriber mode first — the SELECT, and with it the
    // first subscription, then failed ("only subscriber commands may be used"), so no other instance heard of ended
    // sessions as soon as three modules subscribed at start.
    if (!listeners.length)
      this.subscribing.push(
        this.connected.then(() => this.sub.subscribe(CHANNEL_PREFIX + topic)).catch((error: Error) => this.logger.warn(`subscribe ${topic}: ${error.message}`)),
      );
    listeners.push(listener);
    this.listeners.set(topic, listeners);
  }

  /** Resolves once the subscriptions made so far are live (startup waits for it). */
  override async ready(): Promise<void> {
    await Promise.all(this.subscribing);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
