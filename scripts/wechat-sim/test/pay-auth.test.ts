import { createDecipheriv, generateKeyPairSync, X509Certificate } from 'node:crypto';
import type { RunningSimulator } from '../src/index.js';
import { get, post, startQuiet } from './helpers.js';
import { jsapiOrder, payCall, placeOrder, platformPublicKey, queryOrder, signatureValid, signRequest, wechatpayPublicKey } from './pay-helpers.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startQuiet();
});
afterAll(() => sim.close());
beforeEach(() => post(sim, '/__sim/reset'));

const CERTS = '/v3/certificates';

describe('WeChat Pay v3 request authentication', () => {
  it('accepts a correctly signed request', async () => {
    const res = await payCall(sim, 'GET', CERTS);
    expect(res.status).toBe(200);
  });

  it.each([
    ['no Authorization header', { authorization: null }],
    ['another schema', { authorization: 'Bearer abc' }],
    ['a missing field', { authorization: 'WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="n",timestamp="1"' }],
    ['another mchid', { mchid: '1900000109' }],
    ['an unknown serial_no', { serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1' }],
    ['a timestamp 6 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
    ['a timestamp 6 minutes ahead', { timestamp: Math.floor(Date.now() / 1000) + 360 }],
    ['another private key', { privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }],
    ['a signature over another body', { signedBody: '{"amount":1}' }],
  ])('answers 401 SIGN_ERROR for %s', async (_case, options) => {
    const res = await payCall(sim, 'POST', '/v3/pay/transactions/jsapi', { appid: sim.keys.appid }, options);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'SIGN_ERROR', message: expect.any(String) });
    expect(signatureValid(res.headers, res.text, platformPublicKey(sim))).toBe(true);
  });

  it('signs the path with its query: a signature over another query fails', async () => {
    const { order } = await placeOrder(sim);
    const target = `/v3/pay/transactions/out-trade-no/${order.out_trade_no}?mchid=${sim.keys.mchid}`;
    expect((await payCall(sim, 'GET', target)).status).toBe(200);
    const forged = await fetch(`${sim.url}${target}&x=1`, { headers: { authorization: signRequest(sim, 'GET', target, '') } });
    expect(forged.status).toBe(401);
  });

  it('accepts a timestamp 4 minutes off, and a lower-case serial (as wechatpay-node-v3 sends it)', async () => {
    expect((await payCall(sim, 'GET', CERTS, undefined, { timestamp: Math.floor(Date.now() / 1000) - 240 })).status).toBe(200);
    expect((await payCall(sim, 'GET', CERTS, undefined, { serialNo: sim.keys.merchant.serialNo.toLowerCase() })).status).toBe(200);
  });

  it('checks signatures against the real clock, not the simulator clock offset', async () => {
    await post(sim, '/__sim/time', { advanceMs: 3 * 3600_000 });
    expect((await payCall(sim, 'GET', CERTS)).status).toBe(200);
  });

  it('logs the WeChat Pay error code', async () => {
    await payCall(sim, 'GET', CERTS, undefined, { authorization: null });
    const [last] = (await get(sim, '/__sim/log?limit=1')).body.calls;
    expect(last).toMatchObject({ path: CERTS, status: 401, code: 'SIGN_ERROR' });
  });
});

describe('WeChat Pay v3 response signatures', () => {
  it('signs every answer with the platform certificate by default, errors and 204 included', async () => {
    const { order } = await placeOrder(sim);
    const answers = [
      await queryOrder(sim, order.out_trade_no),
      await queryOrder(sim, 'NO_SUCH_ORDER_1'),
      await payCall(sim, 'POST', `/v3/pay/transactions/out-trade-no/${order.out_trade_no}/close`, { mchid: sim.keys.mchid }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 404, 204]);
    for (const answer of answers) {
      expect(answer.headers.get('wechatpay-serial')).toBe(sim.keys.platform.serialNo);
      expect(answer.headers.get('wechatpay-timestamp')).toMatch(/^\d{10}$/);
      expect(answer.headers.get('wechatpay-nonce')).toEqual(expect.any(String));
      expect(answer.headers.get('request-id')).toEqual(expect.any(String));
      expect(signatureValid(answer.headers, answer.text, platformPublicKey(sim))).toBe(true);
      expect(signatureValid(answer.headers, `${answer.text} `, platformPublicKey(sim))).toBe(false);
    }
    expect(Math.abs(Number(answers[0]!.headers.get('wechatpay-timestamp')) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('signs with the WeChat Pay public key in public-key mode (serial PUB_KEY_ID_…)', async () => {
    const switched = await post(sim, '/__sim/pay/mode', { mode: 'public_key' });
    expect(switched.body).toEqual({ mode: 'public_key', serial: sim.keys.publicKey.id });
    const res = await payCall(sim, 'GET', CERTS);
    expect(res.headers.get('wechatpay-serial')).toMatch(/^PUB_KEY_ID_/);
    expect(signatureValid(res.headers, res.text, wechatpayPublicKey(sim))).toBe(true);
    expect(signatureValid(res.headers, res.text, platformPublicKey(sim))).toBe(false);

    await post(sim, '/__sim/pay/mode', { mode: 'certificate' });
    const back = await payCall(sim, 'GET', CERTS);
    expect(signatureValid(back.headers, back.text, platformPublicKey(sim))).toBe(true);
    expect((await post(sim, '/__sim/pay/mode', { mode: 'rsa' })).status).toBe(400);
  });

  it('reset goes back to certificate mode', async () => {
    await post(sim, '/__sim/pay/mode', { mode: 'public_key' });
    await post(sim, '/__sim/reset');
    expect((await get(sim, '/__sim/pay/config')).body.mode).toBe('certificate');
  });
});

describe('GET /v3/certificates', () => {
  it('answers the platform certificate encrypted with the APIv3 key', async () => {
    const res = await payCall(sim, 'GET', CERTS);
    expect(res.body.data).toHaveLength(1);
    const [entry] = res.body.data;
    expect(entry).toEqual({
      serial_no: sim.keys.platform.serialNo,
      effective_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
      expire_time: expect.stringMatching(/\+08:00$/),
      encrypt_certificate: {
        algorithm: 'AEAD_AES_256_GCM',
        nonce: expect.stringMatching(/^\w{12}$/),
        associated_data: 'certificate',
        ciphertext: expect.any(String),
      },
    });
    const { ciphertext, nonce, associated_data } = entry.encrypt_certificate;
    const bytes = Buffer.from(ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(sim.keys.apiV3Key), Buffer.from(nonce));
    decipher.setAAD(Buffer.from(associated_data));
    decipher.setAuthTag(bytes.subarray(-16));
    const pem = Buffer.concat([decipher.update(bytes.subarray(0, -16)), decipher.final()]).toString('utf8');
    expect(pem).toBe(sim.keys.platform.certificatePem);
    expect(new X509Certificate(pem).serialNumber.toUpperCase()).toBe(entry.serial_no);
    expect(Date.parse(entry.expire_time)).toBeGreaterThan(Date.now());
  });
});

describe('faults on WeChat Pay paths', () => {
  it('answer WeChat Pay error bodies (status + body), signed like every answer', async () => {
    const added = await post(sim, '/__sim/faults', {
      rules: [
        { path: '/v3/pay/transactions/jsapi', status: 429, body: { code: 'FREQUENCY_LIMITED', message: '频率超限' }, times: 1 },
        { path: '/v3/pay/transactions/jsapi', status: 500, body: { code: 'SYSTEM_ERROR', message: '系统错误' }, times: 1 },
      ],
    });
    expect(added.status).toBe(201);
    const order = jsapiOrder(sim, (await post(sim, '/__sim/users')).body.openid, 'https://merchant.example.com/notify');
    const first = await payCall(sim, 'POST', '/v3/pay/transactions/jsapi', order);
    expect(first.status).toBe(429);
    expect(first.body).toEqual({ code: 'FREQUENCY_LIMITED', message: '频率超限' });
    const second = await payCall(sim, 'POST', '/v3/pay/transactions/jsapi', order);
    expect(second.status).toBe(500);
    expect(second.body).toEqual({ code: 'SYSTEM_ERROR', message: '系统错误' });
    expect(signatureValid(second.headers, second.text, platformPublicKey(sim))).toBe(true);
    // retried with the same parameters: an order, as if nothing happened
    expect((await payCall(sim, 'POST', '/v3/pay/transactions/jsapi', order)).body.prepay_id).toMatch(/^wx\d{14}/);
  });

  it('match a path prefix ending in *', async () => {
    const { order } = await placeOrder(sim);
    await post(sim, '/__sim/faults', {
      rules: [{ path: '/v3/pay/transactions/out-trade-no/*', method: 'GET', status: 500, body: { code: 'SYSTEM_ERROR', message: '系统错误' }, times: 1 }],
    });
    expect((await queryOrder(sim, order.out_trade_no)).status).toBe(500);
    expect((await queryOrder(sim, order.out_trade_no)).status).toBe(200);
    expect((await post(sim, '/__sim/faults', { rules: [{ path: '/v3/*/x*', status: 500 }] })).status).toBe(400);
  });
});
