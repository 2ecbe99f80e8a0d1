import { createPublicKey, randomBytes, sign, verify, type KeyLike } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningSimulator } from '../src/index.js';
import { newUser, post, type Body } from './helpers.js';

// A merchant's side of WeChat Pay v3, written from the specification (no SDK): signed requests, verified answers,
// the payment sheet's paySign, and a notification receiver.

export interface PayAnswer {
  status: number;
  headers: Headers;
  /** The exact body text, what the signature covers. */
  text: string;
  body: Body;
}

export interface SignOptions {
  mchid?: string;
  serialNo?: string;
  /** Unix seconds. */
  timestamp?: number;
  nonce?: string;
  /** Sign with another key. */
  privateKey?: KeyLike;
  /** Sign something other than what is sent. */
  signedBody?: string;
  /** A whole Authorization header instead. */
  authorization?: string | null;
}

export function signRequest(sim: RunningSimulator, method: string, target: string, body: string, options: SignOptions = {}): string {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(16).toString('hex');
  const message = `${method}\n${target}\n${timestamp}\n${nonce}\n${options.signedBody ?? body}\n`;
  const signature = sign('sha256', Buffer.from(message), options.privateKey ?? sim.keys.merchant.privateKey).toString('base64');
  const mchid = options.mchid ?? sim.keys.mchid;
  const serial = options.serialNo ?? sim.keys.merchant.serialNo;
  return `WECHATPAY2-SHA256-RSA2048 mchid="${mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${serial}"`;
}

/** A signed WeChat Pay v3 call, as a merchant makes it. */
export async function payCall(sim: RunningSimulator, method: string, target: string, json?: unknown, options: SignOptions = {}): Promise<PayAnswer> {
  const body = json === undefined ? '' : JSON.stringify(json);
  const authorization = options.authorization === undefined ? signRequest(sim, method, target, body, options) : options.authorization;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  if (json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(sim.url + target, { method, headers, body: json === undefined ? undefined : body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
}

/** The response (or notification) signature, checked as a merchant must: over `timestamp\nnonce\nbody\n`. */
export function signatureValid(headers: Headers | IncomingHttpHeaders, body: string, publicKey: KeyLike): boolean {
  const read = (name: string): string => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    if (typeof value !== 'string') throw new Error(`no ${name} header`);
    return value;
  };
  const message = `${read('wechatpay-timestamp')}\n${read('wechatpay-nonce')}\n${body}\n`;
  return verify('sha256', Buffer.from(message), publicKey, Buffer.from(read('wechatpay-signature'), 'base64'));
}

export function platformPublicKey(sim: RunningSimulator): KeyLike {
  return createPublicKey(sim.keys.platform.certificatePem);
}

export function wechatpayPublicKey(sim: RunningSimulator): KeyLike {
  return createPublicKey(sim.keys.publicKey.publicKeyPem);
}

let orderSeq = 0;

export function newOutTradeNo(): string {
  return `T${Date.now()}${String(++orderSeq).padStart(4, '0')}`;
}

export function jsapiOrder(sim: RunningSimulator, openid: string, notifyUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    appid: sim.keys.appid,
    mchid: sim.keys.mchid,
    description: '门诊缴费-心内科',
    out_trade_no: newOutTradeNo(),
    notify_url: notifyUrl,
    amount: { total: 2500, currency: 'CNY' },
    payer: { openid },
    ...extra,
  };
}

/** A user and a fresh order → {openid, order, prepayId}. */
export async function placeOrder(
  sim: RunningSimulator,
  notifyUrl = 'https://merchant.example.com/pay/notify',
  extra: Record<string, unknown> = {},
): Promise<{ openid: string; order: Record<string, any>; prepayId: string }> {
  const openid = await newUser(sim);
  const order = jsapiOrder(sim, openid, notifyUrl, extra);
  const res = await payCall(sim, 'POST', '/v3/pay/transactions/jsapi', order);
  if (res.status !== 200) throw new Error(`jsapi answered ${res.status}: ${res.text}`);
  return { openid, order, prepayId: res.body.prepay_id };
}

/** What the server hands wx.requestPayment: paySign over `appId\ntimeStamp\nnonceStr\npackage\n` with the merchant key. */
export function requestPaymentParams(sim: RunningSimulator, prepayId: string, privateKey: KeyLike = sim.keys.merchant.privateKey) {
  const timeStamp = String(Math.floor(Date.now() / 1000));
  const nonceStr = randomBytes(8).toString('hex');
  const pkg = `prepay_id=${prepayId}`;
  const paySign = sign('sha256', Buffer.from(`${sim.keys.appid}\n${timeStamp}\n${nonceStr}\n${pkg}\n`), privateKey).toString('base64');
  return { timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
}

/** The user pays at the payment sheet (POST /__sim/pay). */
export function userPays(sim: RunningSimulator, openid: string, prepayId: string, extra: Record<string, unknown> = {}) {
  return post(sim, '/__sim/pay', { openid, prepayId, ...requestPaymentParams(sim, prepayId), ...extra });
}

export function queryOrder(sim: RunningSimulator, outTradeNo: string): Promise<PayAnswer> {
  return payCall(sim, 'GET', `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${sim.keys.mchid}`);
}

// --- a notification receiver ----------------------------------------------------------------------------------

export interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Status for the next requests, in order; then `fallback`. */
  answers: number[];
  fallback: number;
  /** Real ms to wait before answering. */
  delayMs: number;
  /** Resolves once `count` requests arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const waiters: { count: number; resolve: () => void }[] = [];
  const receiver: Receiver = {
    url: '',
    received: [],
    answers: [],
    fallback: 200,
    delayMs: 0,
    async waitFor(count, timeoutMs = 10_000) {
      if (receiver.received.length < count) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`receiver got ${receiver.received.length} of ${count} notifications`)), timeoutMs);
          waiters.push({
            count,
            resolve: () => {
              clearTimeout(timer);
              resolve();
            },
          });
        });
      }
      return receiver.received.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      receiver.received.push({ at: performance.now(), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      for (const waiter of waiters.filter((w) => receiver.received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const status = receiver.answers.shift() ?? receiver.fallback;
      const answer = (): void => {
        if (status === 204) res.writeHead(204).end();
        else if (status === 200) res.writeHead(200).end();
        else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'FAIL', message: '失败' }));
      };
      if (receiver.delayMs > 0) setTimeout(answer, receiver.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pay/notify`;
  return receiver;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
