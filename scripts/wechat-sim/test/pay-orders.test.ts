import type { RunningSimulator } from '../src/index.js';
import { get, newUser, post, startQuiet } from './helpers.js';
import { jsapiOrder, payCall, placeOrder, queryOrder, requestPaymentParams, userPays } from './pay-helpers.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startQuiet();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await post(sim, '/__sim/reset');
  // these tests look at orders, not at notifications (pay-notify.test.ts does)
  await post(sim, '/__sim/pay/notifications', { enabled: false });
});

const JSAPI = '/v3/pay/transactions/jsapi';
const REFUNDS = '/v3/refund/domestic/refunds';
const NOTIFY = 'https://merchant.example.com/pay/notify';

const refund = (outTradeNo: string, outRefundNo: string, amount: number, total = 2500, extra: object = {}) =>
  payCall(sim, 'POST', REFUNDS, {
    out_trade_no: outTradeNo,
    out_refund_no: outRefundNo,
    reason: '患者取消预约',
    amount: { refund: amount, total, currency: 'CNY' },
    ...extra,
  });

/** A paid order. */
async function paidOrder() {
  const placed = await placeOrder(sim);
  const paid = await userPays(sim, placed.openid, placed.prepayId);
  if (paid.status !== 200) throw new Error(`pay answered ${paid.status}: ${JSON.stringify(paid.body)}`);
  return { ...placed, transactionId: paid.body.transaction_id as string };
}

describe('POST /v3/pay/transactions/jsapi', () => {
  it('answers a prepay_id, the same one for the same parameters (in any key order)', async () => {
    const openid = await newUser(sim);
    const order = jsapiOrder(sim, openid, NOTIFY, { attach: 'patient=42', time_expire: '2099-01-01T00:00:00+08:00' });
    const first = await payCall(sim, 'POST', JSAPI, order);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ prepay_id: expect.stringMatching(/^wx\d{14}[0-9a-f]{20}$/) });

    const reordered = Object.fromEntries(Object.entries(order).reverse());
    expect((await payCall(sim, 'POST', JSAPI, reordered)).body).toEqual(first.body);
    const withoutCurrency = { ...order, amount: { total: 2500 } };
    expect((await payCall(sim, 'POST', JSAPI, withoutCurrency)).body).toEqual(first.body);
  });

  it('answers 403 OUT_TRADE_NO_USED for other parameters with the same out_trade_no', async () => {
    const { order } = await placeOrder(sim);
    for (const changed of [{ amount: { total: 2600 } }, { description: '挂号费' }, { notify_url: 'https://other.example.com/notify' }]) {
      const res = await payCall(sim, 'POST', JSAPI, { ...order, ...changed });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ code: 'OUT_TRADE_NO_USED', message: expect.any(String) });
    }
  });

  it('issues a new prepay_id once the old one expired (2 h), for the same order', async () => {
    const { order, prepayId, openid } = await placeOrder(sim);
    await post(sim, '/__sim/time', { advanceMs: 2 * 3600_000 + 1000 });
    const again = await payCall(sim, 'POST', JSAPI, order);
    expect(again.body.prepay_id).not.toBe(prepayId);
    const stale = await userPays(sim, openid, prepayId);
    expect(stale.status).toBe(400);
    expect(stale.body.error).toMatch(/expired/);
    expect((await userPays(sim, openid, again.body.prepay_id)).body.ok).toBe(true);
  });

  it.each([
    ['out_trade_no too short', { out_trade_no: 'A1' }, 'out_trade_no'],
    ['out_trade_no with a bad character', { out_trade_no: 'ORDER#12345' }, 'out_trade_no'],
    ['out_trade_no over 32 characters', { out_trade_no: 'A'.repeat(33) }, 'out_trade_no'],
    ['amount.total 0', { amount: { total: 0 } }, 'amount.total'],
    ['amount.total in yuan', { amount: { total: 25.5 } }, 'amount.total'],
    ['amount.total a string', { amount: { total: '2500' } }, 'amount.total'],
    ['currency USD', { amount: { total: 1, currency: 'USD' } }, 'amount.currency'],
    ['no description', { description: '' }, 'description'],
    ['no payer', { payer: undefined }, 'payer'],
    ['no notify_url', { notify_url: undefined }, 'notify_url'],
    ['notify_url with a query', { notify_url: 'https://merchant.example.com/notify?order=1' }, 'notify_url'],
    ['notify_url not a URL', { notify_url: 'notify' }, 'notify_url'],
    ['time_expire not RFC 3339', { time_expire: '2099-01-01 00:00:00' }, 'time_expire'],
  ])('answers 400 PARAM_ERROR for %s', async (_case, change, field) => {
    const order = jsapiOrder(sim, await newUser(sim), NOTIFY, change);
    const res = await payCall(sim, 'POST', JSAPI, order);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'PARAM_ERROR', message: expect.any(String), detail: expect.objectContaining({ location: 'body', field }) });
  });

  it('answers PARAM_ERROR for a body that is not JSON, and for an unknown payer', async () => {
    const res = await payCall(sim, 'POST', JSAPI, 'not json');
    expect(res.body.code).toBe('PARAM_ERROR');
    expect((await payCall(sim, 'POST', JSAPI, jsapiOrder(sim, 'oUnknownOpenid0000000000000', NOTIFY))).body.code).toBe('PARAM_ERROR');
  });

  it('answers 400 APPID_MCHID_NOT_MATCH for another appid or mchid', async () => {
    const openid = await newUser(sim);
    for (const change of [{ appid: 'wx0000000000000000' }, { mchid: '1900000109' }]) {
      const res = await payCall(sim, 'POST', JSAPI, jsapiOrder(sim, openid, NOTIFY, change));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('APPID_MCHID_NOT_MATCH');
    }
  });

  it('answers 400 ORDERPAID for a paid order, ORDER_CLOSED for a closed one', async () => {
    const { order } = await paidOrder();
    expect((await payCall(sim, 'POST', JSAPI, order)).body.code).toBe('ORDERPAID');
    const closed = await placeOrder(sim);
    await payCall(sim, 'POST', `/v3/pay/transactions/out-trade-no/${closed.order.out_trade_no}/close`, { mchid: sim.keys.mchid });
    const res = await payCall(sim, 'POST', JSAPI, closed.order);
    expect([res.status, res.body.code]).toEqual([400, 'ORDER_CLOSED']);
  });
});

describe('POST /__sim/pay (the user at the payment sheet)', () => {
  it('pays with a valid paySign: SUCCESS with a transaction_id', async () => {
    const { openid, prepayId, order } = await placeOrder(sim);
    const params = requestPaymentParams(sim, prepayId);
    const paid = await post(sim, '/__sim/pay', { openid, prepayId, ...params });
    expect(paid.status).toBe(200);
    expect(paid.body).toEqual({
      ok: true,
      errMsg: 'requestPayment:ok',
      out_trade_no: order.out_trade_no,
      transaction_id: expect.stringMatching(/^4200\d{24}$/),
      trade_state: 'SUCCESS',
    });
    const again = await post(sim, '/__sim/pay', { openid, prepayId, ...params });
    expect([again.status, again.body.code]).toEqual([400, 'ORDERPAID']);
  });

  it('refuses a bad paySign, another package, another payer', async () => {
    const { openid, prepayId } = await placeOrder(sim);
    const params = requestPaymentParams(sim, prepayId);
    const tampered = await post(sim, '/__sim/pay', { openid, prepayId, ...params, nonceStr: 'other' });
    expect(tampered.status).toBe(400);
    expect(tampered.body).toMatchObject({ error: expect.stringMatching(/paySign does not verify/), errMsg: expect.any(String) });
    const otherKey = requestPaymentParams(sim, prepayId, sim.keys.platform.privateKey);
    expect((await post(sim, '/__sim/pay', { openid, prepayId, ...otherKey })).status).toBe(400);
    expect((await post(sim, '/__sim/pay', { openid, prepayId, ...params, package: 'prepay_id=wx0' })).status).toBe(400);
    const stranger = await newUser(sim);
    expect((await post(sim, '/__sim/pay', { openid: stranger, prepayId, ...params })).status).toBe(403);
    expect((await post(sim, '/__sim/pay', { openid, prepayId: 'wx123', ...params })).status).toBe(404);
    expect((await post(sim, '/__sim/pay', { openid, prepayId })).status).toBe(400);
    expect((await queryOrder(sim, (await get(sim, '/__sim/orders')).body.orders[0].outTradeNo)).body.trade_state).toBe('NOTPAY');
  });

  it('simulates a failed payment (PAYERROR), a cancel (NOTPAY) and a payment in progress (USERPAYING)', async () => {
    const { openid, prepayId, order } = await placeOrder(sim);
    const cancel = await userPays(sim, openid, prepayId, { result: 'cancel' });
    expect(cancel.body).toMatchObject({ ok: false, errMsg: 'requestPayment:fail cancel', trade_state: 'NOTPAY' });
    expect((await queryOrder(sim, order.out_trade_no)).body.trade_state).toBe('NOTPAY');

    await userPays(sim, openid, prepayId, { result: 'paying' });
    expect((await queryOrder(sim, order.out_trade_no)).body).toMatchObject({ trade_state: 'USERPAYING', trade_state_desc: expect.any(String) });

    const fail = await userPays(sim, openid, prepayId, { result: 'fail' });
    expect(fail.body).toMatchObject({ ok: false, trade_state: 'PAYERROR' });
    const failed = (await queryOrder(sim, order.out_trade_no)).body;
    expect(failed.trade_state).toBe('PAYERROR');
    expect(failed.transaction_id).toBeUndefined();

    expect((await userPays(sim, openid, prepayId)).body.trade_state).toBe('SUCCESS');
    expect((await get(sim, `/__sim/orders/${order.out_trade_no}`)).body.payments.map((p: { result: string }) => p.result)).toEqual([
      'cancel',
      'paying',
      'fail',
      'success',
    ]);
  });

  it('refuses an order past its time_expire', async () => {
    const expire = new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, '+00:00');
    const { openid, prepayId } = await placeOrder(sim, NOTIFY, { time_expire: expire });
    await post(sim, '/__sim/time', { advanceMs: 120_000 });
    const res = await userPays(sim, openid, prepayId);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/time_expire/);
  });
});

describe('GET /v3/pay/transactions/out-trade-no/{no}', () => {
  it('answers an unpaid order', async () => {
    const { order, openid } = await placeOrder(sim, NOTIFY, { attach: 'patient=42' });
    const res = await queryOrder(sim, order.out_trade_no);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      appid: sim.keys.appid,
      mchid: sim.keys.mchid,
      out_trade_no: order.out_trade_no,
      trade_type: 'JSAPI',
      trade_state: 'NOTPAY',
      trade_state_desc: '订单未支付',
      attach: 'patient=42',
      payer: { openid },
      amount: { total: 2500, currency: 'CNY', payer_currency: 'CNY' },
      promotion_detail: [],
    });
  });

  it('answers a paid order with its transaction_id and success_time; the same by transaction id', async () => {
    const { order, openid, transactionId } = await paidOrder();
    const res = await queryOrder(sim, order.out_trade_no);
    expect(res.body).toMatchObject({
      out_trade_no: order.out_trade_no,
      transaction_id: transactionId,
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      bank_type: 'OTHERS',
      success_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
      payer: { openid },
      amount: { total: 2500, payer_total: 2500, currency: 'CNY', payer_currency: 'CNY' },
    });
    const byId = await payCall(sim, 'GET', `/v3/pay/transactions/id/${transactionId}?mchid=${sim.keys.mchid}`);
    expect(byId.body).toEqual(res.body);
  });

  it('answers 404 ORDER_NOT_EXIST for an unknown order, PARAM_ERROR without mchid', async () => {
    const res = await queryOrder(sim, 'UNKNOWN_ORDER_1');
    expect([res.status, res.body.code]).toEqual([404, 'ORDER_NOT_EXIST']);
    const { order } = await placeOrder(sim);
    const noMchid = await payCall(sim, 'GET', `/v3/pay/transactions/out-trade-no/${order.out_trade_no}`);
    expect([noMchid.status, noMchid.body.code]).toEqual([400, 'PARAM_ERROR']);
  });
});

describe('POST /v3/pay/transactions/out-trade-no/{no}/close', () => {
  const close = (no: string) => payCall(sim, 'POST', `/v3/pay/transactions/out-trade-no/${no}/close`, { mchid: sim.keys.mchid });

  it('closes an unpaid order (204, again 204), which then cannot be paid', async () => {
    const { order, openid, prepayId } = await placeOrder(sim);
    const res = await close(order.out_trade_no);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await close(order.out_trade_no)).status).toBe(204);
    expect((await queryOrder(sim, order.out_trade_no)).body).toMatchObject({ trade_state: 'CLOSED', trade_state_desc: '订单已关闭' });
    const pay = await userPays(sim, openid, prepayId);
    expect([pay.status, pay.body.code]).toEqual([400, 'ORDER_CLOSED']);
  });

  it('refuses to close a paid order (ORDERPAID) or an unknown one (ORDER_NOT_EXIST)', async () => {
    const { order } = await paidOrder();
    expect((await close(order.out_trade_no)).body.code).toBe('ORDERPAID');
    expect((await close('UNKNOWN_ORDER_1')).status).toBe(404);
  });
});

describe('refunds', () => {
  it('refunds a paid order: PROCESSING, then SUCCESS; the order turns REFUND', async () => {
    await post(sim, '/__sim/pay/settings', { refundDelayMs: 100 });
    const { order, transactionId } = await paidOrder();
    const res = await refund(order.out_trade_no, 'R1-' + order.out_trade_no, 1000);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      refund_id: expect.stringMatching(/^50\d{27}$/),
      out_refund_no: 'R1-' + order.out_trade_no,
      transaction_id: transactionId,
      out_trade_no: order.out_trade_no,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      create_time: expect.stringMatching(/\+08:00$/),
      status: 'PROCESSING',
      funds_account: 'AVAILABLE',
      amount: expect.objectContaining({ total: 2500, refund: 1000, payer_total: 2500, payer_refund: 1000, currency: 'CNY' }),
      promotion_detail: [],
    });
    expect((await queryOrder(sim, order.out_trade_no)).body).toMatchObject({ trade_state: 'REFUND', transaction_id: transactionId });

    await new Promise((resolve) => setTimeout(resolve, 250));
    const queried = await payCall(sim, 'GET', `${REFUNDS}/R1-${order.out_trade_no}`);
    expect(queried.body).toMatchObject({ refund_id: res.body.refund_id, status: 'SUCCESS', success_time: expect.stringMatching(/\+08:00$/) });
  });

  it('answers the same refund for the same out_refund_no, never refunding twice', async () => {
    await post(sim, '/__sim/pay/settings', { refundDelayMs: 0 });
    const { order } = await paidOrder();
    const first = await refund(order.out_trade_no, 'R-same', 2000);
    expect(first.body.status).toBe('SUCCESS');
    const second = await refund(order.out_trade_no, 'R-same', 2000);
    expect(second.body).toEqual(first.body);
    expect((await get(sim, `/__sim/orders/${order.out_trade_no}`)).body.refunds).toHaveLength(1);
    // 500 fen are left: a new 600 is too much, 500 is fine
    expect((await refund(order.out_trade_no, 'R-next', 600)).body.code).toBe('INVALID_REQUEST');
    expect((await refund(order.out_trade_no, 'R-next', 500)).status).toBe(200);
    const full = await refund(order.out_trade_no, 'R-more', 1);
    expect([full.status, full.body]).toEqual([400, { code: 'INVALID_REQUEST', message: '订单已全额退款' }]);
    const changed = await refund(order.out_trade_no, 'R-same', 1500);
    expect([changed.status, changed.body.code]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('refuses more than was paid, an unpaid order, a wrong total, an unknown order', async () => {
    const { order } = await paidOrder();
    const over = await refund(order.out_trade_no, 'R-over', 2501);
    expect([over.status, over.body.code]).toEqual([400, 'INVALID_REQUEST']);
    expect((await refund(order.out_trade_no, 'R-total', 100, 9999)).body.code).toBe('INVALID_REQUEST');

    const unpaid = await placeOrder(sim);
    const res = await refund(unpaid.order.out_trade_no, 'R-unpaid', 100);
    expect([res.status, res.body.code]).toEqual([400, 'INVALID_REQUEST']);
    expect((await refund('UNKNOWN_ORDER_1', 'R-unknown', 100)).status).toBe(404);
    expect((await refund(order.out_trade_no, 'R bad', 100)).body.code).toBe('PARAM_ERROR');
    expect(
      (await payCall(sim, 'POST', REFUNDS, { out_trade_no: order.out_trade_no, out_refund_no: 'R-x', amount: { refund: 1, total: 2500 } })).body.code,
    ).toBe('PARAM_ERROR');
    expect((await payCall(sim, 'GET', `${REFUNDS}/R-none`)).body.code).toBe('RESOURCE_NOT_EXISTS');
  });

  it('refunds by transaction_id; a refund left PROCESSING is finished by the control API', async () => {
    await post(sim, '/__sim/pay/settings', { refundDelayMs: null });
    const { order, transactionId } = await paidOrder();
    const res = await payCall(sim, 'POST', REFUNDS, {
      transaction_id: transactionId,
      out_refund_no: 'R-tx',
      amount: { refund: 100, total: 2500, currency: 'CNY' },
    });
    expect(res.body).toMatchObject({ status: 'PROCESSING', out_trade_no: order.out_trade_no });
    const done = await post(sim, '/__sim/refunds/R-tx/complete', { status: 'ABNORMAL' });
    expect(done.body.status).toBe('ABNORMAL');
    expect((await post(sim, '/__sim/refunds/R-tx/complete', {})).status).toBe(409);
    expect((await payCall(sim, 'GET', `${REFUNDS}/R-tx`)).body.status).toBe('ABNORMAL');
  });
});

describe('control views', () => {
  it('GET /__sim/orders/{no}: order, state, refunds, notifications; GET /__sim/pay/config', async () => {
    await post(sim, '/__sim/pay/settings', { refundDelayMs: 0 });
    const { order } = await paidOrder();
    await refund(order.out_trade_no, 'R-view', 100, 2500, { notify_url: 'https://merchant.example.com/refund/notify' });
    const view = (await get(sim, `/__sim/orders/${order.out_trade_no}`)).body;
    expect(view).toMatchObject({
      outTradeNo: order.out_trade_no,
      state: 'REFUND',
      transaction: expect.objectContaining({ trade_state: 'REFUND' }),
      request: order,
      prepayId: expect.any(String),
      refunds: [expect.objectContaining({ out_refund_no: 'R-view', status: 'SUCCESS', notify_url: 'https://merchant.example.com/refund/notify' })],
      // notifications are switched off in this file: recorded as lost
      notifications: [
        expect.objectContaining({ eventType: 'TRANSACTION.SUCCESS', dropped: true, attempts: [] }),
        expect.objectContaining({ eventType: 'REFUND.SUCCESS', outRefundNo: 'R-view', dropped: true }),
      ],
    });
    expect((await get(sim, '/__sim/orders/NOPE_123')).status).toBe(404);

    const config = (await get(sim, '/__sim/pay/config')).body;
    expect(config).toMatchObject({
      appid: sim.keys.appid,
      mchid: sim.keys.mchid,
      merchantSerialNo: sim.keys.merchant.serialNo,
      platformSerialNo: sim.keys.platform.serialNo,
      publicKeyId: sim.keys.publicKey.id,
      mode: 'certificate',
      notificationsEnabled: false,
      apiV3Key: { file: null, field: 'apiV3Key' },
      retryScheduleMs: expect.arrayContaining([15_000]),
    });
    expect(JSON.stringify(config)).not.toContain(sim.keys.apiV3Key);
  });
});
