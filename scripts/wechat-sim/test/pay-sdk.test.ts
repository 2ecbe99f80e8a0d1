import { createVerify } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEY_FILES, type MerchantJson, type RunningSimulator } from '../src/index.js';
import { get, newUser, post, startQuiet } from './helpers.js';
import { startReceiver, type Receiver } from './pay-helpers.js';

// The real WeChat Pay SDK the server uses (wechatpay-node-v3), from the server package, configured only with what a
// merchant holds: the keys folder's merchant.json, apiclient_key.pem and apiclient_cert.pem.
const requireFromServer = createRequire(new URL('../../../server/package.json', import.meta.url));
const sdk = requireFromServer('wechatpay-node-v3');
const WxPay = sdk.default ?? sdk;

/** What the SDK's IPayRequest returns, plus the raw answer so its signature can be checked. */
interface Output {
  status: number;
  data?: any;
  error?: any;
  errRaw?: any;
  headers: Record<string, string>;
  text: string;
}

const WECHATPAY_ORIGIN = 'https://api.mch.weixin.qq.com';

/**
 * The custom HTTP service (`pay.createHttp`): the SDK signs the path without the host, so sending to the
 * simulator's base URL keeps the signature valid. The body must be exactly JSON.stringify(params), what it signed.
 */
class SimulatorHttp {
  constructor(private readonly baseUrl: string) {}

  post(url: string, params: Record<string, unknown>, headers: Record<string, string>): Promise<Output> {
    return this.send(url, { method: 'POST', headers, body: JSON.stringify(params) });
  }

  get(url: string, headers: Record<string, string>): Promise<Output> {
    return this.send(url, { method: 'GET', headers });
  }

  upload(): Promise<Output> {
    return Promise.reject(new Error('upload is not simulated'));
  }

  private async send(url: string, init: RequestInit): Promise<Output> {
    const res = await fetch(url.replace(WECHATPAY_ORIGIN, this.baseUrl), { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    const headers = Object.fromEntries(res.headers.entries());
    const data = text ? JSON.parse(text) : undefined;
    return res.ok ? { status: res.status, data, headers, text } : { status: res.status, error: data ?? text, headers, text };
  }
}

let dir: string;
let sim: RunningSimulator;
let merchant: MerchantJson;
let pay: any;
let receiver: Receiver;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wechat-sim-sdk-'));
  sim = await startQuiet({ keysDir: dir });
  merchant = JSON.parse(await readFile(join(dir, KEY_FILES.merchantJson), 'utf8'));
  pay = new WxPay({
    appid: merchant.appid,
    mchid: merchant.mchid,
    serial_no: merchant.merchantSerialNo,
    publicKey: await readFile(join(dir, merchant.files.merchantCertificate)),
    privateKey: await readFile(join(dir, merchant.files.merchantPrivateKey)),
    key: merchant.apiV3Key,
  });
  pay.createHttp(new SimulatorHttp(sim.url));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await post(sim, '/__sim/reset');
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

let seq = 0;
const outTradeNo = () => `SDK${Date.now()}${++seq}`;

async function order(openid: string, no = outTradeNo()) {
  const result = await pay.transactions_jsapi({
    description: '门诊缴费',
    out_trade_no: no,
    notify_url: receiver.url,
    amount: { total: 1200 },
    payer: { openid },
  });
  return { result, no };
}

/** Response signature check (the SDK does not verify answers by itself). */
function verifyAnswer(output: Output): Promise<boolean> {
  return pay.verifySign({
    timestamp: output.headers['wechatpay-timestamp'],
    nonce: output.headers['wechatpay-nonce'],
    serial: output.headers['wechatpay-serial'],
    signature: output.headers['wechatpay-signature'],
    body: output.text,
  });
}

describe('wechatpay-node-v3 against the simulator', () => {
  it('derives the same serial number from the certificate (lower-case), which the simulator accepts', async () => {
    const derived = new WxPay({
      appid: merchant.appid,
      mchid: merchant.mchid,
      publicKey: await readFile(join(dir, KEY_FILES.merchantCertificate)),
      privateKey: await readFile(join(dir, KEY_FILES.merchantPrivateKey)),
    });
    expect(derived.serial_no.toUpperCase()).toBe(merchant.merchantSerialNo);
    derived.createHttp(new SimulatorHttp(sim.url));
    expect((await derived.query({ out_trade_no: 'UNKNOWN_ORDER_1' })).status).toBe(404);
  });

  it('orders with transactions_jsapi; its requestPayment params pay through /__sim/pay; the notification deciphers', async () => {
    const openid = await newUser(sim);
    const { result, no } = await order(openid);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({
      appId: merchant.appid,
      timeStamp: expect.stringMatching(/^\d{10}$/),
      nonceStr: expect.any(String),
      package: expect.stringMatching(/^prepay_id=wx/),
      signType: 'RSA',
      paySign: expect.any(String),
    });
    expect(await verifyAnswer(result)).toBe(true);

    const prepayId = result.data.package.slice('prepay_id='.length);
    const paid = await post(sim, '/__sim/pay', { openid, prepayId, ...result.data });
    expect(paid.body).toMatchObject({ ok: true, transaction_id: expect.any(String) });

    const [note] = await receiver.waitFor(1);
    const verified = await pay.verifySign({
      timestamp: note!.headers['wechatpay-timestamp'],
      nonce: note!.headers['wechatpay-nonce'],
      serial: note!.headers['wechatpay-serial'],
      signature: note!.headers['wechatpay-signature'],
      body: note!.body,
    });
    expect(verified).toBe(true);
    const { resource } = JSON.parse(note!.body);
    const transaction = pay.decipher_gcm(resource.ciphertext, resource.associated_data, resource.nonce);
    expect(transaction).toMatchObject({ out_trade_no: no, trade_state: 'SUCCESS', transaction_id: paid.body.transaction_id, amount: { total: 1200 } });
  });

  it('queries, closes, refunds and finds refunds; every answer verifies', async () => {
    await post(sim, '/__sim/pay/settings', { refundDelayMs: 0 });
    const openid = await newUser(sim);
    const { result, no } = await order(openid);
    const prepayId = result.data.package.slice('prepay_id='.length);

    const unpaid = await pay.query({ out_trade_no: no });
    expect(unpaid).toMatchObject({ status: 200, data: { trade_state: 'NOTPAY' } });
    expect(await verifyAnswer(unpaid)).toBe(true);

    await post(sim, '/__sim/pay', { openid, prepayId, ...result.data });
    const paid = await pay.query({ out_trade_no: no });
    expect(paid.data.trade_state).toBe('SUCCESS');
    expect((await pay.query({ transaction_id: paid.data.transaction_id })).data.out_trade_no).toBe(no);

    const refund = await pay.refunds({ out_trade_no: no, out_refund_no: `R${no}`, amount: { refund: 200, total: 1200, currency: 'CNY' } });
    expect(refund).toMatchObject({ status: 200, data: { status: 'SUCCESS', out_refund_no: `R${no}` } });
    expect(await verifyAnswer(refund)).toBe(true);
    const again = await pay.refunds({ out_trade_no: no, out_refund_no: `R${no}`, amount: { refund: 200, total: 1200, currency: 'CNY' } });
    expect(again.data.refund_id).toBe(refund.data.refund_id);
    const over = await pay.refunds({ out_trade_no: no, out_refund_no: `R2${no}`, amount: { refund: 1001, total: 1200, currency: 'CNY' } });
    expect(over).toMatchObject({ status: 400, error: { code: 'INVALID_REQUEST' } });
    expect(await verifyAnswer(over)).toBe(true);
    expect((await pay.find_refunds(`R${no}`)).data.refund_id).toBe(refund.data.refund_id);

    const other = await order(openid);
    const closed = await pay.close(other.no);
    expect(closed.status).toBe(204);
    expect(await verifyAnswer(closed)).toBe(true);
    expect((await pay.query({ out_trade_no: other.no })).data.trade_state).toBe('CLOSED');
  });

  it('gets errors as {status, error}: OUT_TRADE_NO_USED, SIGN_ERROR', async () => {
    const openid = await newUser(sim);
    const { no } = await order(openid);
    const reused = await pay.transactions_jsapi({ description: '别的', out_trade_no: no, notify_url: receiver.url, amount: { total: 1 }, payer: { openid } });
    expect(reused).toMatchObject({ status: 403, error: { code: 'OUT_TRADE_NO_USED' } });

    const stranger = new WxPay({
      appid: merchant.appid,
      mchid: merchant.mchid,
      serial_no: merchant.merchantSerialNo,
      publicKey: Buffer.from(sim.keys.merchant.certificatePem),
      privateKey: Buffer.from(sim.keys.platform.privateKeyPem), // not the merchant's key
    });
    stranger.createHttp(new SimulatorHttp(sim.url));
    expect(await stranger.query({ out_trade_no: no })).toMatchObject({ status: 401, error: { code: 'SIGN_ERROR' } });
  });

  it('fetches and deciphers the platform certificates (get_certificates)', async () => {
    const certificates = await pay.get_certificates(merchant.apiV3Key);
    expect(certificates).toEqual([expect.objectContaining({ serial_no: merchant.platformSerialNo, publicKey: expect.stringContaining('BEGIN PUBLIC KEY') })]);
  });

  it('in public-key mode, answers verify with pub_key.pem (verifySign only knows certificates: check yourself)', async () => {
    await post(sim, '/__sim/pay/mode', { mode: 'public_key' });
    const openid = await newUser(sim);
    const { result } = await order(openid);
    expect(result.headers['wechatpay-serial']).toBe(merchant.publicKeyId);
    const publicKey = await readFile(join(dir, merchant.files.publicKey), 'utf8');
    const check = createVerify('RSA-SHA256').update(`${result.headers['wechatpay-timestamp']}\n${result.headers['wechatpay-nonce']}\n${result.text}\n`);
    expect(check.verify(publicKey, result.headers['wechatpay-signature']!, 'base64')).toBe(true);
    // verifySign looks the serial up in its certificate cache: registering the public key under its id works too
    WxPay.certificates[merchant.publicKeyId] = publicKey;
    expect(await verifyAnswer(result)).toBe(true);
    expect((await get(sim, '/__sim/pay/config')).body.signingSerial).toBe(merchant.publicKeyId);
  });
});
