import { Inject, Injectable, Logger } from '@nestjs/common';
import WechatAPI from 'co-wechat-api';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { type StoredToken, WechatTokenStore } from './wechat-token-store.js';

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

/** co-wechat-api with the token kept centrally, single-flight refresh under a lease, and base URLs from config. */
class LeasedWechatAPI extends WechatAPI {
  constructor(
    appid: string,
    secret: string,
    private readonly store: WechatTokenStore,
  ) {
    super(
      appid,
      secret,
      () => store.read(appid),
      (token) => store.save(appid, token),
    );
  }

  /** co-wechat-api calls this whenever it needs a new token; only the lease holder really fetches. */
  override async getAccessToken(): Promise<StoredToken> {
    const current = await this.store.read(this.appid);
    if (await this.store.acquireLease(this.appid)) {
      try {
        return await super.getAccessToken();
      } finally {
        await this.store.releaseLease(this.appid);
      }
    }
    const fresh = await this.store.waitForFresh(this.appid, current?.expireTime ?? 0);
    if (fresh) return fresh;
    return super.getAccessToken();
  }
}

/**
 * The server's only door to the WeChat mini-program APIs. In development and tests the base URL
 * points at the simulator; the code path is the production one.
 */
@Injectable()
export class WechatClient {
  private readonly logger = new Logger(WechatClient.name);
  readonly api: WechatAPI;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(WechatTokenStore) store: WechatTokenStore,
  ) {
    const { appid, secret, apiBase, timeoutMs } = config.wechat;
    this.api = new LeasedWechatAPI(appid, secret, store);
    this.api.prefix = `${apiBase}/cgi-bin/`;
    this.api.snsPrefix = `${apiBase}/sns/`;
    this.api.wxaPrefix = `${apiBase}/wxa/`;
    this.api.setOpts({ timeout: timeoutMs });
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
