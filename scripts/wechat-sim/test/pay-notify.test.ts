import { createDecipheriv } from 'node:crypto';
import { RETRY_SCHEDULE_MS, type RunningSimulator } from '../src/index.js';
import { get, post, startQuiet } from './helpers.js';
import { payCall, placeOrder, platformPublicKey, signatureValid, sleep, startReceiver, userPays, wechatpayPublicKey, type Receiver } from './pay-helpers.js';

let sim: RunningSimulator;
let receiver: Receiver;

beforeAll(async () => {
  sim = await startQuiet();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await post(sim, '/__sim/reset');
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

/** AEAD_AES_256_GCM with the APIv3 key, as the merchant decrypts `resource`. */
function decrypt(resource: { ciphertext: string; nonce: string; associated_data: string }): any {
  const bytes = Buffer.from(resource.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(sim.keys.apiV3Key), Buffer.from(resource.nonce));
  decipher.setAAD(Buffer.from(resource.associated_data));
  decipher.setAuthTag(bytes.subarray(-16));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(0, -16)), decipher.final()]).toString('utf8'));
}

async function paidOrder() {
  const placed = await placeOrder(sim, receiver.url);
  const paid = await userPays(sim, placed.openid, placed.prepayId);
  expect(paid.body.ok).toBe(true);
  return { ...placed, transactionId: paid.body.transaction_id as string };
}

const orderView = async (outTradeNo: string) => (await get(sim, `/__sim/orders/${outTradeNo}`)).body;

describe('payment notifications', () => {
  it('POSTs TRANSACTION.SUCCESS to notify_url: signed with the platform key, resource decrypts with the APIv3 key', async () => {
    const { order, openid, transactionId } = await paidOrder();
    const [note] = await receiver.waitFor(1);
    expect(note!.headers).toMatchObject({
      'content-type': 'application/json',
      'wechatpay-serial': sim.keys.platform.serialNo,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
      'wechatpay-timestamp': expect.stringMatching(/^\d{10}$/),
      'wechatpay-nonce': expect.any(String),
    });
    expect(signatureValid(note!.headers, note!.body, platformPublicKey(sim))).toBe(true);

    const body = JSON.parse(note!.body);
    expect(body).toEqual({
      id: expect.any(String),
      create_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: {
        original_type: 'transaction',
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: expect.any(String),
        associated_data: 'transaction',
        nonce: expect.any(String),
      },
    });
    expect(decrypt(body.resource)).toEqual({
      appid: sim.keys.appid,
      mchid: sim.keys.mchid,
      out_trade_no: order.out_trade_no,
      transaction_id: transactionId,
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      bank_type: 'OTHERS',
      attach: '',
      success_time: expect.stringMatching(/\+08:00$/),
      payer: { openid },
      amount: { total: 2500, payer_total: 2500, currency: 'CNY', payer_currency: 'CNY' },
      promotion_detail: [],
    });

    await sleep(50);
    const [record] = (await orderView(order.out_trade_no)).notifications;
    expect(record).toMatchObject({
      id: body.id,
      eventType: 'TRANSACTION.SUCCESS',
      delivered: true,
      gaveUp: false,
      nextAttemptAt: null,
      notifyUrl: receiver.url,
    });
    expect(record.attempts).toEqual([
      expect.objectContaining({ n: 1, kind: 'scheduled', status: 200, ok: true, serial: sim.keys.platform.serialNo, durationMs: expect.any(Number) }),
    ]);
  });

  it('signs notifications with the WeChat Pay public key in public-key mode', async () => {
    await post(sim, '/__sim/pay/mode', { mode: 'public_key' });
    await paidOrder();
    const [note] = await receiver.waitFor(1);
    expect(note!.headers['wechatpay-serial']).toBe(sim.keys.publicKey.id);
    expect(signatureValid(note!.headers, note!.body, wechatpayPublicKey(sim))).toBe(true);
  });

  it('retries on a 500 following the schedule × notifyTimeScale, re-signed each time, and stops on 200', async () => {
    const scale = 0.002; // 15 s → 30 ms, 3 min → 360 ms
    await post(sim, '/__sim/time', { notifyTimeScale: scale });
    receiver.answers = [500, 500, 503, 500];
    const { order } = await paidOrder();
    const notes = await receiver.waitFor(5);
    await sleep(RETRY_SCHEDULE_MS[4]! * scale + 300); // the next retry would have come by now
    expect(receiver.received).toHaveLength(5);

    const gaps = notes.slice(1).map((note, i) => note.at - notes[i]!.at);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(RETRY_SCHEDULE_MS[i]! * scale - 5));
    expect(gaps[3]).toBeLessThan(RETRY_SCHEDULE_MS[3]! * scale + 1000); // and not the next delay (1.2 s)
    expect(new Set(notes.map((n) => n.body)).size).toBe(1); // the same notification…
    expect(new Set(notes.map((n) => n.headers['wechatpay-nonce'])).size).toBe(5); // …signed afresh each time
    for (const note of notes) expect(signatureValid(note.headers, note.body, platformPublicKey(sim))).toBe(true);

    const [record] = (await orderView(order.out_trade_no)).notifications;
    expect(record.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500, 503, 500, 200]);
    expect(record.attempts[0].responseBody).toContain('FAIL');
    expect(record).toMatchObject({ delivered: true, gaveUp: false, nextAttemptAt: null });
  });

  it('gives up after the 15 retries', async () => {
    await post(sim, '/__sim/time', { notifyTimeScale: 0.00002 }); // the whole day-long schedule in 1.7 s
    receiver.fallback = 500;
    const { order } = await paidOrder();
    await receiver.waitFor(16);
    await sleep(300);
    expect(receiver.received).toHaveLength(16);
    const [record] = (await orderView(order.out_trade_no)).notifications;
    expect(record).toMatchObject({ delivered: false, gaveUp: true, nextAttemptAt: null });
    expect(record.attempts).toHaveLength(16);
  });

  it('counts an answer slower than the timeout as a failure, and retries', async () => {
    await post(sim, '/__sim/pay/settings', { notifyTimeoutMs: 100 });
    await post(sim, '/__sim/time', { notifyTimeScale: 0.001 });
    receiver.delayMs = 300;
    const { order } = await paidOrder();
    await receiver.waitFor(2);
    receiver.delayMs = 0;
    await receiver.waitFor(3);
    await sleep(100);
    const [record] = (await orderView(order.out_trade_no)).notifications;
    expect(record.attempts[0]).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/100 ms/) });
    expect(record.delivered).toBe(true);
  });

  it('records an unreachable receiver as a failed attempt', async () => {
    await post(sim, '/__sim/time', { notifyTimeScale: 1 });
    const placed = await placeOrder(sim, 'http://127.0.0.1:9/pay/notify');
    await userPays(sim, placed.openid, placed.prepayId);
    await sleep(200);
    const [record] = (await orderView(placed.order.out_trade_no)).notifications;
    expect(record.attempts[0]).toMatchObject({ ok: false, status: null, error: expect.any(String) });
    expect(record.nextAttemptAt).toEqual(expect.any(String)); // 15 s away
  });
});

describe('re-sending and losing notifications', () => {
  it('re-sends an order notification n times (the same id), sequentially or concurrently', async () => {
    const { order } = await paidOrder();
    await receiver.waitFor(1);
    const again = await post(sim, `/__sim/orders/${order.out_trade_no}/notify`, { times: 3 });
    expect(again.status).toBe(200);
    expect(again.body.attempts).toHaveLength(3);
    expect(again.body.attempts.every((a: { ok: boolean; kind: string }) => a.ok && a.kind === 'manual')).toBe(true);
    const burst = await post(sim, `/__sim/orders/${order.out_trade_no}/notify`, { times: 4, concurrent: true });
    expect(burst.body.attempts).toHaveLength(4);
    expect(receiver.received).toHaveLength(8);
    const ids = receiver.received.map((n) => JSON.parse(n.body).id);
    expect(new Set(ids).size).toBe(1);
    for (const note of receiver.received) expect(signatureValid(note.headers, note.body, platformPublicKey(sim))).toBe(true);
    expect((await orderView(order.out_trade_no)).notifications[0].attempts).toHaveLength(8);
  });

  it('refuses to notify an unpaid order, an unknown one, or a refund that does not exist', async () => {
    const { order } = await placeOrder(sim, receiver.url);
    expect((await post(sim, `/__sim/orders/${order.out_trade_no}/notify`, {})).status).toBe(409);
    expect((await post(sim, '/__sim/orders/NOPE_1234/notify', {})).status).toBe(404);
    expect((await post(sim, `/__sim/orders/${order.out_trade_no}/notify`, { event: 'REFUND.SUCCESS' })).status).toBe(409);
    expect((await post(sim, `/__sim/orders/${order.out_trade_no}/notify`, { times: 0 })).status).toBe(400);
  });

  it('drops notifications while switched off (lost), and the order can still be queried', async () => {
    expect((await post(sim, '/__sim/pay/notifications', { enabled: false })).body).toEqual({ enabled: false });
    const { order, transactionId } = await paidOrder();
    await sleep(200);
    expect(receiver.received).toHaveLength(0);
    const [record] = (await orderView(order.out_trade_no)).notifications;
    expect(record).toMatchObject({ dropped: true, delivered: false, attempts: [] });
    const queried = await payCall(sim, 'GET', `/v3/pay/transactions/out-trade-no/${order.out_trade_no}?mchid=${sim.keys.mchid}`);
    expect(queried.body).toMatchObject({ trade_state: 'SUCCESS', transaction_id: transactionId });

    // an explicit re-send still goes out (a late duplicate)
    await post(sim, '/__sim/pay/notifications', { enabled: true });
    expect((await post(sim, `/__sim/orders/${order.out_trade_no}/notify`, {})).body.attempts[0].ok).toBe(true);
    expect(receiver.received).toHaveLength(1);
  });

  it('drops pending retries when switched off mid-schedule', async () => {
    await post(sim, '/__sim/time', { notifyTimeScale: 0.01 }); // first retry after 150 ms
    receiver.fallback = 500;
    const { order } = await paidOrder();
    await receiver.waitFor(1);
    await post(sim, '/__sim/pay/notifications', { enabled: false });
    await sleep(400);
    expect(receiver.received).toHaveLength(1);
    const [record] = (await orderView(order.out_trade_no)).notifications;
    expect(record.dropped).toBe(true);
    expect(record.attempts.map((a: { dropped?: boolean }) => a.dropped ?? false)).toEqual([false, true]);
  });

  it('sends a probe whose signature starts with WECHATPAY/SIGNTEST/', async () => {
    const { order } = await paidOrder();
    await receiver.waitFor(1);
    receiver.answers = [401];
    const probe = await post(sim, `/__sim/orders/${order.out_trade_no}/notify`, { probe: true });
    expect(probe.body.attempts[0]).toMatchObject({ probe: true, status: 401, ok: false });
    expect(receiver.received[1]!.headers['wechatpay-signature']).toMatch(/^WECHATPAY\/SIGNTEST\//);
  });

  it('reset cancels pending retries', async () => {
    await post(sim, '/__sim/time', { notifyTimeScale: 0.01 });
    receiver.fallback = 500;
    await paidOrder();
    await receiver.waitFor(1);
    await post(sim, '/__sim/reset');
    await sleep(400);
    expect(receiver.received).toHaveLength(1);
    expect(sim.state.pay.scheduler.pending).toBe(0);
  });
});

describe('refund notifications', () => {
  it('POSTs REFUND.SUCCESS to the refund notify_url once the refund succeeds', async () => {
    await post(sim, '/__sim/pay/settings', { refundDelayMs: 50 });
    const { order, transactionId } = await paidOrder();
    await receiver.waitFor(1);
    const refund = await payCall(sim, 'POST', '/v3/refund/domestic/refunds', {
      out_trade_no: order.out_trade_no,
      out_refund_no: 'RF-1',
      notify_url: receiver.url,
      amount: { refund: 500, total: 2500, currency: 'CNY' },
    });
    expect(refund.body.status).toBe('PROCESSING');
    const [, note] = await receiver.waitFor(2);
    expect(signatureValid(note!.headers, note!.body, platformPublicKey(sim))).toBe(true);
    const body = JSON.parse(note!.body);
    expect(body).toMatchObject({ event_type: 'REFUND.SUCCESS', summary: '退款成功', resource: { original_type: 'refund', associated_data: 'refund' } });
    expect(decrypt(body.resource)).toEqual({
      mchid: sim.keys.mchid,
      out_trade_no: order.out_trade_no,
      transaction_id: transactionId,
      out_refund_no: 'RF-1',
      refund_id: refund.body.refund_id,
      refund_status: 'SUCCESS',
      success_time: expect.stringMatching(/\+08:00$/),
      user_received_account: '支付用户零钱',
      amount: { total: 2500, refund: 500, payer_total: 2500, payer_refund: 500 },
    });

    const again = await post(sim, `/__sim/orders/${order.out_trade_no}/notify`, { event: 'REFUND.SUCCESS', times: 2 });
    expect(again.body).toMatchObject({ eventType: 'REFUND.SUCCESS', notification: body.id });
    expect(receiver.received).toHaveLength(4);
  });
});
