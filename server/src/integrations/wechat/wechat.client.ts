import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import WechatAPI from 'co-wechat-api';
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { type StoredToken, WechatTokenStore } from './wechat-token-store.js';

/** Idle kept-alive connections to WeChat are closed after this, before a server's usual 5 s keep-alive timeout. */
const FREE_SOCKET_MS = 4_000;

/** An error WeChat answered with `{errcode, errmsg}`. */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat errcode ${errcode}: ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

/** WeChat could not be reached or answered garbage: the outcome is unknown. */
export class WechatUnavailableError extends Error {
  constructor(cause: unknown) {
    super('WeChat is unreachable', { cause });
    this.name = 'WechatUnavailableError';
  }
}

export interface WechatSession {
  openid: string;
  unionid: string | null;
}

export interface TextVerdict {
  suggest: 'pass' | 'review' | 'risky';
  /** WeChat's label (100 = normal, 20001 politics …); null when not given. */
  label: number | null;
}

export interface WechatPhone {
  /** With country code, e.g. +8613812345678 for non-mainland numbers; as WeChat gives it. */
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

interface SdkError {
  name?: string;
  code?: number | string;
  message?: string;
}

/** The access token the current SDK call sent, so a refusal is pinned on that token and not on a newer one. */
const tokenInFlight = new AsyncLocalStorage<string | null>();

/** co-wechat-api with the token kept centrally, single-flight refresh under a lease, and base URLs from config. */
class LeasedWechatAPI extends WechatAPI {
  private readonly seen: { token: string | null };

  constructor(
    appid: string,
    secret: string,
    private readonly store: WechatTokenStore,
  ) {
    // The hooks cannot use `this` before super(): they share a small holder instead.
    const seen = { token: null as string | null };
    super(
      appid,
      secret,
      async () => {
        const token = await store.current(appid);
        if (token) seen.token = token.accessToken;
        return token;
      },
      // co-wechat-api saves null when WeChat rejects a token; another instance may already have replaced it,
      // so nothing is erased in the database (getAccessToken below decides whether a new token is needed), only
      // this process's copy.
      async (token) => (token ? store.save(appid, token) : store.forget(appid)),
    );
    this.seen = seen;
  }

  /**
   * co-wechat-api calls this when it needs a new token (none stored, or WeChat refused the one it used).
   * If another instance already replaced the token this one used, take that; otherwise only the lease
   * holder fetches, and the rest wait for its token to appear.
   */
  override request<T = unknown>(url: string, opts?: Parameters<WechatAPI['request']>[1], retry?: number): Promise<T> {
    const used = new URL(url).searchParams.get('access_token');
    return tokenInFlight.run(used, () => super.request<T>(url, opts, retry));
  }

  /** The refresh under way in this process, and the token it replaces. */
  private refreshing: { failed: string | null; token: Promise<StoredToken> } | null = null;

  /**
   * Calls in flight at once in this process that need a new token in place of the same one share one refresh: a batch
   * of sends starting without a token made each its own lease attempt and wait (hundreds of statements per process).
   */
  override getAccessToken(): Promise<StoredToken> {
    const failed = tokenInFlight.getStore() ?? this.seen.token;
    if (this.refreshing?.failed === failed) return this.refreshing.token;
    const token = this.refresh(failed).finally(() => {
      if (this.refreshing?.token === token) this.refreshing = null;
    });
    this.refreshing = { failed, token };
    return token;
  }

  private async refresh(failed: string | null): Promise<StoredToken> {
    const replaced = await this.replacement(failed);
    if (replaced) return replaced;
    if (await this.store.acquireLease(this.appid)) {
      try {
        const meanwhile = await this.replacement(failed);
        if (meanwhile) return meanwhile;
        const fresh = await super.getAccessToken();
        this.seen.token = fresh.accessToken;
        return fresh;
      } finally {
        await this.store.releaseLease(this.appid);
      }
    }
    const awaited = await this.store.waitForFresh(this.appid, failed);
    if (awaited) {
      this.seen.token = awaited.accessToken;
      return awaited;
    }
    // The lease holder died or stalled past its lease: fetch ourselves rather than fail.
    const fresh = await super.getAccessToken();
    this.seen.token = fresh.accessToken;
    return fresh;
  }

  private async replacement(failed: string | null): Promise<StoredToken | null> {
    const current = await this.store.read(this.appid);
    if (current && current.expireTime > Date.now() && current.accessToken !== failed) {
      this.seen.token = current.accessToken;
      return current;
    }
    return null;
  }
}

/**
 * The server's only door to the WeChat mini-program APIs. In development and tests the base URL
 * points at the simulator; the code path is the production one.
 */
@Injectable()
export class WechatClient implements OnModuleDestroy {
  private readonly logger = new Logger(WechatClient.name);
  private readonly agent: http.Agent;
  readonly api: WechatAPI;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(WechatTokenStore) store: WechatTokenStore) {
    const { appid, secret, apiBase, timeoutMs } = config.wechat;
    this.api = new LeasedWechatAPI(appid, secret, store);
    this.api.prefix = `${apiBase}/cgi-bin/`;
    this.api.snsPrefix = `${apiBase}/sns/`;
    this.api.wxaPrefix = `${apiBase}/wxa/`;
    // Kept-alive connections, closed after FREE_SOCKET_MS unused: a server closes an idle connection after its own
    // keep-alive timeout (5 s in Node, the simulator), and a request sent on it just then is lost without an answer —
    // for a campaign message an unknown outcome, never sent again. httpx's default agent keeps idle sockets forever.
    const Agent = apiBase.startsWith('https:') ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, timeout: FREE_SOCKET_MS });
    this.api.setOpts({ timeout: timeoutMs, agent: this.agent });
  }

  onModuleDestroy(): void {
    this.agent.destroy();
  }

  /** Exchanges a `wx.login` code for the user's openid (code2Session). */
  async code2Session(code: string): Promise<WechatSession> {
    const result = await this.call('jscode2session', () => this.api.code2Session(code));
    if (!result?.openid) throw new WechatUnavailableError(new Error('jscode2session answered without openid'));
    return { openid: String(result.openid), unionid: result.unionid ? String(result.unionid) : null };
  }

  /** Exchanges a phone-number button code for the user's phone number. */
  async getPhoneNumber(code: string): Promise<WechatPhone> {
    const result = await this.call('getuserphonenumber', async () => {
      const token = await this.api.ensureAccessToken();
      return this.api.request<{ phone_info?: WechatPhone }>(`${this.api.wxaPrefix}business/getuserphonenumber?access_token=${token.accessToken}`, {
        method: 'POST',
        data: JSON.stringify({ code }),
        headers: { 'Content-Type': 'application/json' },
      });
    });
    if (!result?.phone_info?.purePhoneNumber) throw new WechatUnavailableError(new Error('getuserphonenumber answered without phone_info'));
    return result.phone_info;
  }

  /**
   * Sends a subscribe message. Sends to one openid go one at a time (WeChat answers 43108 to concurrent
   * sends to a user); a 40014 token refusal gets one fresh token and one retry (co-wechat-api itself only
   * retries 40001/42001). Returns WeChat's msgid.
   */
  async sendSubscribeMessage(openid: string, templateId: string, page: string | null, data: Record<string, { value: string }>): Promise<string> {
    return this.oneAtATime(openid, async () => {
      const result: unknown = await this.withFreshTokenOn40014(() =>
        this.call('subscribe/send', () => this.api.sendSubscribeMessage(openid, templateId, page ?? '', data)),
      );
      const msgid = (result as { msgid?: unknown } | null)?.msgid;
      return msgid === undefined || msgid === null ? '' : String(msgid);
    });
  }

  /** Sends a customer-service text message (allowed within 48 hours after the user last wrote to the app). */
  async sendCustomText(openid: string, content: string): Promise<void> {
    await this.oneAtATime(openid, () =>
      this.call('custom/send', async () => {
        const token = await this.api.ensureAccessToken();
        return this.api.request(`${this.api.prefix}message/custom/send?access_token=${token.accessToken}`, {
          method: 'POST',
          data: JSON.stringify({ touser: openid, msgtype: 'text', text: { content } }),
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
  }

  /**
   * Content security for text shown to others (`msg_sec_check`). With the writer's openid, version 2 (scene 2, a
   * comment): pass, review or risky. Without one (staff sign in with a password, not WeChat), version 1, which only
   * tells risky (87014) from the rest.
   */
  async checkText(content: string, openid: string | null): Promise<TextVerdict> {
    const send = async () => {
      const token = await this.api.ensureAccessToken();
      const body = openid ? { version: 2, openid, scene: 2, content } : { content };
      return this.api.request<{ result?: { suggest?: string; label?: number } }>(`${this.api.wxaPrefix}msg_sec_check?access_token=${token.accessToken}`, {
        method: 'POST',
        data: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json' },
      });
    };
    let result: { result?: { suggest?: string; label?: number } } | null;
    try {
      result = await this.withFreshTokenOn40014(() => this.call('msg_sec_check', send));
    } catch (error) {
      if (error instanceof WechatApiError && error.errcode === 87014) return { suggest: 'risky', label: null };
      throw error;
    }
    if (!openid) return { suggest: 'pass', label: null };
    const suggest = result?.result?.suggest;
    if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky')
      throw new WechatUnavailableError(new Error('msg_sec_check answered without a verdict'));
    return { suggest, label: typeof result?.result?.label === 'number' ? result.result.label : null };
  }

  /**
   * Asks WeChat to check a picture (`media_check_async`, version 2, media_type 2, scene 2 — a comment) that the
   * user with this openid shared, downloadable at `mediaUrl`. Returns WeChat's trace_id: the verdict arrives later
   * as a `wxa_media_check` event on the message push, matched by it.
   */
  async mediaCheckAsync(mediaUrl: string, openid: string): Promise<string> {
    const send = async () => {
      const token = await this.api.ensureAccessToken();
      return this.api.request<{ trace_id?: unknown }>(`${this.api.wxaPrefix}media_check_async?access_token=${token.accessToken}`, {
        method: 'POST',
        data: JSON.stringify({ media_url: mediaUrl, media_type: 2, version: 2, openid, scene: 2 }),
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const result = await this.withFreshTokenOn40014(() => this.call('media_check_async', send));
    const traceId = result?.trace_id;
    if (typeof traceId !== 'string' || !traceId) throw new WechatUnavailableError(new Error('media_check_async answered without trace_id'));
    return traceId;
  }

  /** A 40014 token refusal gets one fresh token and one retry (co-wechat-api itself only retries 40001/42001). */
  private async withFreshTokenOn40014<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof WechatApiError) || error.errcode !== 40014) throw error;
      await this.call('token', () => this.api.getAccessToken());
      return send();
    }
  }

  private readonly perOpenid = new Map<string, Promise<unknown>>();

  private oneAtATime<T>(openid: string, work: () => Promise<T>): Promise<T> {
    const previous = this.perOpenid.get(openid) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.perOpenid.set(openid, next);
    void next
      .finally(() => {
        if (this.perOpenid.get(openid) === next) this.perOpenid.delete(openid);
      })
      .catch(() => undefined);
    return next;
  }

  /** Runs one SDK call and sorts its failure into "WeChat said no" or "outcome unknown". */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const sdk = error as SdkError;
      if (sdk?.name === 'WeChatAPIError' && typeof sdk.code === 'number') {
        this.logger.warn(`${what}: errcode ${sdk.code} ${sdk.message ?? ''}`);
        throw new WechatApiError(sdk.code, sdk.message ?? '');
      }
      this.logger.warn(`${what}: WeChat unreachable (${sdk?.message ?? String(error)})`);
      throw new WechatUnavailableError(error);
    }
  }
}

/** Maps WeChat's login errors to what the patient is told. */
export function loginErrorFor(error: unknown): DomainError {
  if (error instanceof WechatApiError) {
    switch (error.errcode) {
      case 40029:
      case 40163:
        return new DomainError('WECHAT_CODE_INVALID', undefined, { cause: error });
      case 40226:
        return new DomainError('WECHAT_USER_RISKY', undefined, { cause: error });
      case 45011:
        return new DomainError('WECHAT_RATE_LIMITED', undefined, { cause: error });
      default:
        return new DomainError('WECHAT_UNAVAILABLE', { errcode: error.errcode }, { cause: error });
    }
  }
  return new DomainError('WECHAT_UNAVAILABLE', undefined, { cause: error });
}
