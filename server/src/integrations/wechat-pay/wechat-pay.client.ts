import { Inject, Injectable, Logger } from '@nestjs/common';
import { createVerify, X509Certificate } from 'node:crypto';
import { createRequire } from 'node:module';
import { APP_CONFIG, type AppConfig, type WechatPayConfig } from '../../config/config.js';

/** WeChat Pay's own host: the SDK builds URLs on it and signs only the path, so the HTTP service may send elsewhere. */
const WECHATPAY_ORIGIN = 'https://api.mch.weixin.qq.com';
/** Answers and notifications older (or newer) than this are refused, as WeChat Pay's SDKs do. */
export const SIGNATURE_WINDOW_SECONDS = 300;
/** Probe notifications (WeChat checking that merchants verify signatures) carry signatures starting so. */
const PROBE_SIGNATURE_PREFIX = 'WECHATPAY/SIGNTEST/';

/** What the SDK's IPayRequest returns, plus the raw answer so its signature can be checked. */
interface HttpOutput {
  status: number;
  data?: any;
  error?: any;
  headers: Record<string, string>;
  text: string;
}

/** No answer (timeout, connection lost) or an answer that does not verify: the outcome is unknown — query, never assume. */
export class WechatPayUnknownOutcome extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WechatPayUnknownOutcome';
  }
}

/** A definite, verified refusal from WeChat Pay, e.g. 403 OUT_TRADE_NO_USED, 429 FREQUENCY_LIMITED, 500 SYSTEM_ERROR. */
export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`WeChat Pay ${status} ${code}: ${message}`);
    this.name = 'WechatPayError';
  }

  /** Worth retrying with the same parameters. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

export class WechatPayNotConfigured extends Error {
  constructor() {
    super('WeChat Pay is not configured (WECHATPAY_MCHID …)');
    this.name = 'WechatPayNotConfigured';
  }
}

export interface SignedHeaders {
  timestamp?: string;
  nonce?: string;
  serial?: string;
  signature?: string;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'probe' | 'stale' | 'unknown_serial' | 'bad_signature' };

/** The transaction as query answers and payment notifications carry it. */
export interface WechatTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
  success_time?: string;
  payer?: { openid: string };
  amount?: { total: number; payer_total?: number; currency?: string };
}

export interface WechatRefund {
  refund_id?: string;
  out_refund_no: string;
  out_trade_no: string;
  status?: 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';
  refund_status?: 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';
  success_time?: string;
  amount: { total: number; refund: number };
  mchid?: string;
}

export interface RequestPayment {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

interface WxPaySdk {
  createHttp(service: unknown): void;
  transactions_jsapi(params: Record<string, unknown>): Promise<HttpOutput>;
  query(params: { out_trade_no: string }): Promise<HttpOutput>;
  close(outTradeNo: string): Promise<HttpOutput>;
  refunds(params: Record<string, unknown>): Promise<HttpOutput>;
  find_refunds(outRefundNo: string): Promise<HttpOutput>;
  get_certificates(apiV3Key: string): Promise<{ serial_no: string; publicKey: string }[]>;
  decipher_gcm<T>(ciphertext: string, associatedData: string, nonce: string, key?: string): T;
}

const sdk = createRequire(import.meta.url)('wechatpay-node-v3') as { default?: new (options: object) => WxPaySdk } & (new (options: object) => WxPaySdk);
const WxPay = sdk.default ?? sdk;

/**
 * WeChat Pay API v3 through wechatpay-node-v3 (it signs requests, builds the wx.requestPayment parameters and
 * deciphers resources) with our own HTTP service: base URL from config, a timeout, and every answer's signature
 * verified here — the SDK verifies nothing. No answer, or one that does not verify, is an unknown outcome.
 */
@Injectable()
export class WechatPayClient {
  private readonly logger = new Logger('WechatPay');
  private readonly settings: WechatPayConfig | null;
  private readonly pay: WxPaySdk | null;
  /** Serial (certificate serial or PUB_KEY_ID_…) → PEM public key. */
  private readonly keys = new Map<string, string>();
  private certificatesFetchedAt = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.settings = config.wechatPay;
    if (!this.settings) {
      this.pay = null;
      return;
    }
    const s = this.settings;
    this.pay = new WxPay({
      appid: s.appid,
      mchid: s.mchid,
      serial_no: s.merchantSerialNo,
      publicKey: Buffer.from(s.merchantCertificatePem),
      privateKey: Buffer.from(s.privateKeyPem),
      key: s.apiV3Key,
    });
    this.pay.createHttp({
      post: (url: string, params: unknown, headers: Record<string, string>) => this.send(url, 'POST', headers, JSON.stringify(params)),
      get: (url: string, headers: Record<string, string>) => this.send(url, 'GET', headers),
      upload: () => Promise.reject(new Error('upload is not used')),
    });
    if (s.platformCertificatePem) {
      const certificate = new X509Certificate(s.platformCertificatePem);
      this.keys.set(certificate.serialNumber.toUpperCase(), certificate.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    }
    if (s.publicKey) this.keys.set(s.publicKey.id, s.publicKey.pem);
  }

  get configured(): boolean {
    return this.pay !== null;
  }

  get config(): WechatPayConfig {
    if (!this.settings) throw new WechatPayNotConfigured();
    return this.settings;
  }

  private sdk(): WxPaySdk {
    if (!this.pay) throw new WechatPayNotConfigured();
    return this.pay;
  }

  private async send(url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<HttpOutput> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(url.replace(WECHATPAY_ORIGIN, this.config.apiBase), { method, headers, body, signal: AbortSignal.timeout(this.config.timeoutMs) });
      text = await res.text();
    } catch (error) {
      throw new WechatPayUnknownOutcome(
        `${method} ${new URL(url).pathname}: ${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message}`,
      );
    }
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = text;
    }
    const out = { status: res.status, headers: Object.fromEntries(res.headers.entries()), text };
    return res.ok ? { ...out, data } : { ...out, error: data };
  }

  /** Verifies a signed answer or notification: `timestamp\nnonce\nbody\n`, SHA256withRSA, within the time window. */
  async verify(headers: SignedHeaders, body: string): Promise<SignatureCheck> {
    const { timestamp, nonce, serial, signature } = headers;
    if (!timestamp || !nonce || !serial || !signature) return { ok: false, reason: 'missing' };
    if (signature.startsWith(PROBE_SIGNATURE_PREFIX)) return { ok: false, reason: 'probe' };
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: 'stale' };
    const key = await this.keyFor(serial);
    if (!key) return { ok: false, reason: 'unknown_serial' };
    try {
      const ok = createVerify('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).verify(key, signature, 'base64');
      return ok ? { ok: true } : { ok: false, reason: 'bad_signature' };
    } catch {
      return { ok: false, reason: 'bad_signature' };
    }
  }

  /** A key by serial; an unknown certificate serial fetches the platform certificates again (at most once a minute). */
  private async keyFor(serial: string): Promise<string | undefined> {
    const known = this.keys.get(serial) ?? this.keys.get(serial.toUpperCase());
    if (known || serial.startsWith('PUB_KEY_ID_') || Date.now() - this.certificatesFetchedAt < 60_000) return known;
    this.certificatesFetchedAt = Date.now();
    try {
      for (const certificate of await this.sdk().get_certificates(this.config.apiV3Key))
        this.keys.set(certificate.serial_no.toUpperCase(), certificate.publicKey);
    } catch (error) {
      this.logger.warn(`platform certificates could not be fetched: ${(error as Error).message}`);
    }
    return this.keys.get(serial.toUpperCase());
  }

  /** Checks an answer's signature and turns it into data or a WechatPayError. */
  private async accept<T>(what: string, output: HttpOutput): Promise<{ status: number; data: T }> {
    const check = await this.verify(
      {
        timestamp: output.headers['wechatpay-timestamp'],
        nonce: output.headers['wechatpay-nonce'],
        serial: output.headers['wechatpay-serial'],
        signature: output.headers['wechatpay-signature'],
      },
      output.text,
    );
    if (!check.ok) {
      this.logger.error(`${what}: answer ${output.status} refused (${check.reason}); treated as unknown`);
      throw new WechatPayUnknownOutcome(`${what}: answer signature ${check.reason}`);
    }
    if (output.status >= 400) {
      const error = (output.error ?? {}) as { code?: string; message?: string };
      throw new WechatPayError(output.status, error.code ?? 'UNKNOWN', error.message ?? '');
    }
    return { status: output.status, data: output.data as T };
  }

  /** JSAPI order → the wx.requestPayment parameters. Same out_trade_no and parameters → the same prepay_id. */
  async jsapiOrder(order: {
    outTradeNo: string;
    description: string;
    amount: number;
    openid: string;
    expiresAt: Date;
    notifyUrl: string;
    attach?: string;
  }): Promise<RequestPayment> {
    const output = await this.sdk().transactions_jsapi({
      description: order.description.slice(0, 127),
      out_trade_no: order.outTradeNo,
      notify_url: order.notifyUrl,
      time_expire: rfc3339Beijing(order.expiresAt),
      amount: { total: order.amount, currency: 'CNY' },
      payer: { openid: order.openid },
      ...(order.attach ? { attach: order.attach } : {}),
    });
    const { data } = await this.accept<RequestPayment>('jsapi order', output);
    return data;
  }

  /** The order as WeChat Pay knows it; null if it does not (404 ORDER_NOT_EXIST). */
  async query(outTradeNo: string): Promise<WechatTransaction | null> {
    try {
      return (await this.accept<WechatTransaction>('query', await this.sdk().query({ out_trade_no: outTradeNo }))).data;
    } catch (error) {
      if (error instanceof WechatPayError && error.status === 404) return null;
      throw error;
    }
  }

  async close(outTradeNo: string): Promise<void> {
    await this.accept('close', await this.sdk().close(outTradeNo));
  }

  /** Asks for a refund; retried with the same out_refund_no it is the same refund, never a second one. */
  async refund(request: {
    outTradeNo: string;
    outRefundNo: string;
    refund: number;
    total: number;
    reason: string;
    notifyUrl: string | null;
  }): Promise<WechatRefund> {
    const output = await this.sdk().refunds({
      out_trade_no: request.outTradeNo,
      out_refund_no: request.outRefundNo,
      reason: request.reason.slice(0, 80),
      ...(request.notifyUrl ? { notify_url: request.notifyUrl } : {}),
      amount: { refund: request.refund, total: request.total, currency: 'CNY' },
    });
    return (await this.accept<WechatRefund>('refund', output)).data;
  }

  async queryRefund(outRefundNo: string): Promise<WechatRefund | null> {
    try {
      return (await this.accept<WechatRefund>('refund query', await this.sdk().find_refunds(outRefundNo))).data;
    } catch (error) {
      if (error instanceof WechatPayError && error.status === 404) return null;
      throw error;
    }
  }

  /** AEAD_AES_256_GCM with the APIv3 key; throws if the resource was tampered with. */
  decrypt<T>(resource: { ciphertext: string; associated_data?: string; nonce: string }): T {
    const value = this.sdk().decipher_gcm<T | string>(resource.ciphertext, resource.associated_data ?? '', resource.nonce);
    return (typeof value === 'string' ? JSON.parse(value) : value) as T;
  }
}

/** WeChat Pay's time format: RFC 3339 in Beijing time, e.g. 2025-06-01T09:30:00+08:00. */
export function rfc3339Beijing(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}
