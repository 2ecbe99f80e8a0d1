import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { Transactions } from '../../common/database/transactions.js';
import { WechatAccessToken } from './wechat-access-token.entity.js';

const LEASE_MS = 15_000;
const WAIT_STEP_MS = 100;
/**
 * How long this process reuses the token it last read before reading the row again. Every WeChat call needs the
 * token, and a campaign makes thousands a second: without this each send read the row. A token another instance
 * fetched meanwhile is picked up within this time; the old one stays valid for five minutes after a refresh anyway,
 * and a refusal (40001/42001) drops the cached token at once (`forget`).
 */
const CACHE_MS = 10_000;
/** A token this close to its expiry is read again rather than reused from the cache. */
const EXPIRY_MARGIN_MS = 60_000;

export interface StoredToken {
  accessToken: string;
  /** epoch ms */
  expireTime: number;
}

/**
 * Keeps the WeChat access token in the database for every instance, with a lease so exactly
 * one instance fetches a new one at a time (fetching invalidates the old token after 5 minutes).
 * Plugged into co-wechat-api through its getToken/saveToken hooks.
 */
@Injectable()
export class WechatTokenStore {
  /** Identifies this process as a lease holder. */
  readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(WechatAccessToken);
  }

  /** Reused tokens per appid, with when they were read (Date.now(): infrastructure timing, like the lease). */
  private readonly cache = new Map<string, { token: StoredToken; readAt: number }>();

  /** Reads of the row under way, per appid: calls needing it at once share one SELECT. */
  private readonly reading = new Map<string, Promise<StoredToken | null>>();

  /** The stored token, read from the database now (never from the cache; a read already under way is shared). */
  read(appid: string): Promise<StoredToken | null> {
    const running = this.reading.get(appid);
    if (running) return running;
    const read = this.readRow(appid).finally(() => this.reading.delete(appid));
    this.reading.set(appid, read);
    return read;
  }

  private async readRow(appid: string): Promise<StoredToken | null> {
    const row = await this.repo.findOneBy({ appid });
    if (!row?.accessToken || !row.expiresAt) {
      this.cache.delete(appid);
      return null;
    }
    const token = { accessToken: row.accessToken, expireTime: row.expiresAt.getTime() };
    this.cache.set(appid, { token, readAt: Date.now() });
    return token;
  }

  /** The token for a call: this process's copy when it was read a moment ago and is not about to expire, else `read`. */
  async current(appid: string): Promise<StoredToken | null> {
    const hit = this.cache.get(appid);
    const now = Date.now();
    if (hit && now - hit.readAt < CACHE_MS && hit.token.expireTime - now > EXPIRY_MARGIN_MS) return hit.token;
    return this.read(appid);
  }

  /** WeChat refused the token this process used: the next call reads the row again. */
  forget(appid: string): void {
    this.cache.delete(appid);
  }

  async save(appid: string, token: StoredToken): Promise<void> {
    await this.ensureRow(appid);
    await this.tx.run((m) => m.update(WechatAccessToken, { appid }, { accessToken: token.accessToken, expiresAt: new Date(token.expireTime) }));
    this.cache.set(appid, { token, readAt: Date.now() });
  }

  /**
   * Try to become the one instance that refreshes. Returns true if this process holds the lease.
   * The conditional UPDATE is the lock: only one caller can move the lease from free/expired to itself.
   */
  async acquireLease(appid: string): Promise<boolean> {
    await this.ensureRow(appid);
    const now = new Date();
    const until = new Date(now.getTime() + LEASE_MS);
    const free = await this.tx.run((m) => m.update(WechatAccessToken, { appid, leaseUntil: IsNull() }, { leaseOwner: this.owner, leaseUntil: until }));
    if (free.affected) return true;
    const stale = await this.tx.run((m) => m.update(WechatAccessToken, { appid, leaseUntil: LessThan(now) }, { leaseOwner: this.owner, leaseUntil: until }));
    return Boolean(stale.affected);
  }

  async releaseLease(appid: string): Promise<void> {
    await this.tx.run((m) => m.update(WechatAccessToken, { appid, leaseOwner: this.owner }, { leaseOwner: null, leaseUntil: null }));
  }

  /** Wait for another instance's refresh to land. Null if it did not within the lease. */
  async waitForFresh(appid: string, replacing: string | null): Promise<StoredToken | null> {
    const deadline = Date.now() + LEASE_MS;
    while (Date.now() < deadline) {
      await sleep(WAIT_STEP_MS);
      const token = await this.read(appid);
      if (token && token.expireTime > Date.now() && token.accessToken !== replacing) return token;
    }
    return null;
  }

  private async ensureRow(appid: string): Promise<void> {
    await this.tx.run((m) => m.createQueryBuilder().insert().into(WechatAccessToken).values({ appid }).orIgnore().execute());
  }
}
