import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ConsultServerFrame } from '@yiban/shared';
import { Redis } from 'ioredis';
import { EventEmitter } from 'node:events';

/**
 * A frame for every socket subscribed to one of the targets: `account:<id>` (the patient's WeChat account),
 * `staff:<id>`, `dept:<departmentId>` (clinical staff of a department), `staff:all` (admins), `reviewers`.
 */
export interface ConsultEvent {
  targets: string[];
  frame: ConsultServerFrame;
}

/** How long a socket counts as present after its last sign of life (the client pings every 25 s). */
export const PRESENCE_TTL_MS = 70_000;

/**
 * Chat events and presence, shared by every server instance. In one process an EventEmitter does; with
 * `REDIS_URL` events go through Redis pub/sub (every instance, the sender included, hears each one once) and
 * presence lives in a Redis sorted set per account, so "is the patient connected anywhere?" has one answer.
 */
export abstract class ConsultEventBus {
  abstract publish(event: ConsultEvent): Promise<void>;
  abstract subscribe(listener: (event: ConsultEvent) => void): void;
  /** A socket of this account is alive until `until` (refreshed by its pings). */
  abstract markPresent(accountId: string, socketId: string, until: Date): Promise<void>;
  abstract markGone(accountId: string, socketId: string): Promise<void>;
  abstract isPresent(accountId: string, now: Date): Promise<boolean>;
}

export class LocalConsultEventBus extends ConsultEventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly presence = new Map<string, Map<string, number>>();

  async publish(event: ConsultEvent): Promise<void> {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: ConsultEvent) => void): void {
    this.emitter.on('event', listener);
  }

  async markPresent(accountId: string, socketId: string, until: Date): Promise<void> {
    const sockets = this.presence.get(accountId) ?? new Map<string, number>();
    sockets.set(socketId, until.getTime());
    this.presence.set(accountId, sockets);
  }

  async markGone(accountId: string, socketId: string): Promise<void> {
    const sockets = this.presence.get(accountId);
    sockets?.delete(socketId);
    if (sockets && !sockets.size) this.presence.delete(accountId);
  }

  async isPresent(accountId: string, now: Date): Promise<boolean> {
    return [...(this.presence.get(accountId)?.values() ?? [])].some((until) => until > now.getTime());
  }
}

const CHANNEL = 'yiban:consult-events';
const presenceKey = (accountId: string) => `yiban:consult-presence:${accountId}`;

export class RedisConsultEventBus extends ConsultEventBus implements OnApplicationShutdown {
  private readonly logger = new Logger('ConsultEvents');
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly listeners: ((event: ConsultEvent) => void)[] = [];
  private subscribed: Promise<unknown> | null = null;

  constructor(url: string) {
    super();
    // Commands fail fast while Redis is away (the caller logs; clients catch up with `sync` on their next reconnect).
    this.pub = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    this.sub = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
    for (const connection of [this.pub, this.sub]) connection.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    this.sub.on('message', (channel: string, raw: string) => {
      if (channel !== CHANNEL) return;
      let event: ConsultEvent;
      try {
        event = JSON.parse(raw) as ConsultEvent;
      } catch {
        return;
      }
      for (const listener of this.listeners) listener(event);
    });
  }

  /** Resolves once this instance hears the channel (tests and startup wait for it). */
  ready(): Promise<unknown> {
    this.subscribed ??= this.sub.subscribe(CHANNEL);
    return this.subscribed;
  }

  async publish(event: ConsultEvent): Promise<void> {
    await this.pub.publish(CHANNEL, JSON.stringify(event));
  }

  subscribe(listener: (event: ConsultEvent) => void): void {
    this.listeners.push(listener);
    void this.ready();
  }

  async markPresent(accountId: string, socketId: string, until: Date): Promise<void> {
    const key = presenceKey(accountId);
    await this.pub
      .multi()
      .zadd(key, until.getTime(), socketId)
      .pexpire(key, PRESENCE_TTL_MS * 2)
      .exec();
  }

  async markGone(accountId: string, socketId: string): Promise<void> {
    await this.pub.zrem(presenceKey(accountId), socketId);
  }

  async isPresent(accountId: string, now: Date): Promise<boolean> {
    return (await this.pub.zcount(presenceKey(accountId), `(${now.getTime()}`, '+inf')) > 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
