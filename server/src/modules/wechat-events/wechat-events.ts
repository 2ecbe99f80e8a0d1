import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { Transactions } from '../../common/database/transactions.js';
import { WechatPushEvent } from './wechat-push-event.entity.js';

/** An event as WeChat pushes it in JSON mode: `{ToUserName, FromUserName, CreateTime, MsgType, Event, …}`. */
export type WechatPushBody = Record<string, unknown>;

/** What runs once the handler's transaction has committed (publishing to sockets, say). */
export type AfterCommit = () => Promise<void>;

/** What a module does with one kind of event (`Event`), registered when it starts. */
export interface WechatEventHandler {
  /** What identifies one event of this kind (a trace id); null = malformed, answered but not handled. */
  key(event: WechatPushBody): string | null;
  /** Applies the event inside the transaction that records it; duplicates of a recorded event never get here. */
  handle(m: EntityManager, event: WechatPushBody): Promise<AfterCommit | void>;
}

export type ReceiveOutcome = 'handled' | 'duplicate' | 'ignored';

/**
 * The events WeChat pushes to the mini-program's message-push URL, dispatched by `Event` to the handler a module
 * registered (media-check verdicts → consultations). This module depends on none of them: they register here, as
 * selling modules register payment purposes with the checkout.
 */
@Injectable()
export class WechatEvents {
  private readonly logger = new Logger('WechatPush');
  private readonly handlers = new Map<string, WechatEventHandler>();

  constructor(@Inject(Transactions) private readonly tx: Transactions) {}

  on(event: string, handler: WechatEventHandler): void {
    if (this.handlers.has(event)) throw new Error(`WeChat event ${event} already has a handler`);
    this.handlers.set(event, handler);
  }

  /** Records and applies a verified push once per (event, key); unknown kinds are answered and dropped. */
  async receive(body: WechatPushBody): Promise<ReceiveOutcome> {
    const event = typeof body.Event === 'string' ? body.Event : null;
    const handler = event ? this.handlers.get(event) : undefined;
    if (!event || !handler) {
      this.logger.log(`push ${String(body.MsgType)}/${event ?? '-'} has no handler here; answered and dropped`);
      return 'ignored';
    }
    const key = handler.key(body);
    if (!key || key.length > 128) {
      this.logger.warn(`push ${event} without a usable key; answered and dropped`);
      return 'ignored';
    }
    const after = await this.tx.run(async (m) => {
      if (await m.getRepository(WechatPushEvent).existsBy({ event, eventKey: key })) return 'duplicate' as const;
      const row = m.getRepository(WechatPushEvent).create({ event, eventKey: key, payload: body });
      // The payload is free-form JSON, which TypeORM's deep-partial type cannot describe.
      await m.insert(WechatPushEvent, row as QueryDeepPartialEntity<WechatPushEvent>);
      return (await handler.handle(m, body)) ?? null;
    });
    if (after === 'duplicate') return 'duplicate';
    if (after) await after();
    return 'handled';
  }

  /**
   * An event of this kind and key that already arrived, read in the caller's transaction with a lock where the
   * database has one: a push still being recorded is waited for, so a module storing a trace id cannot miss a
   * verdict that raced it (a later push finds the stored trace id instead).
   */
  async received(m: EntityManager, event: string, key: string): Promise<WechatPushBody | null> {
    const qb = m.getRepository(WechatPushEvent).createQueryBuilder('e').where('e.event = :event AND e.eventKey = :key', { event, key });
    if (m.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
    return (await qb.getOne())?.payload ?? null;
  }
}
