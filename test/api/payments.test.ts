import type { AppointmentView } from '@yiban/shared';
import {
  appointmentRows,
  deliveryRows,
  makeSlot,
  paymentEventRows,
  paymentRows,
  refundRows,
  releaseExpiredHold,
  requestRefund,
  runJobs,
  runRefundJob,
  withClockAdvanced,
} from '@yiban/server/testing';
import { createCipheriv, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { consentedPatient, seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { book, payAtSimulator, waitForAppointment } from '../support/booking.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
});
afterAll(() => stack.close());
beforeEach(async () => {
  await simControl(stack.simUrl, 'POST', '/__sim/pay/settings', { refundDelayMs: 0 });
  await simControl(stack.simUrl, 'POST', '/__sim/pay/notifications', { enabled: true });
});

const sim = (method: string, path: string, body?: unknown) => simControl(stack.simUrl, method, path, body);
const paymentOf = (appointmentId: string) => paymentRows.one(stack, { subjectId: appointmentId });

/** A notification as WeChat Pay builds it: the resource AES-256-GCM-encrypted with the APIv3 key, the body signed. */
function notification(
  resource: object,
  options: { eventType?: string; timestamp?: number; key?: Parameters<typeof sign>[2]; serial?: string; signature?: string } = {},
) {
  const keys = stack.sim.keys;
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keys.apiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from('transaction'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(resource)), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const body = JSON.stringify({
    id: crypto.randomUUID(),
    create_time: new Date().toISOString(),
    resource_type: 'encrypt-resource',
    event_type: options.eventType ?? 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'transaction', nonce },
  });
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonceHeader = randomBytes(16).toString('hex');
  const signature =
    options.signature ?? sign('RSA-SHA256', Buffer.from(`${timestamp}\n${nonceHeader}\n${body}\n`), options.key ?? keys.platform.privateKey).toString('base64');
  return {
    body,
    headers: {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonceHeader,
      'wechatpay-serial': options.serial ?? keys.platform.serialNo,
      'wechatpay-signature': signature,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
  };
}

function postNotification(n: { body: string; headers: Record<string, string> }) {
  return stack.api.request('POST', '/payments/wechat/notify', undefined, { rawBody: n.body, headers: n.headers });
}

describe('WeChat Pay through the simulator', () => {
  it('book → pay → notification → confirmed: the order carries the fee in fen, the answer verifies, reminders follow', async () => {
    const patient = await consentedPatient(stack);
    const slot = await makeSlot(stack, { fee: 5000 });
    const held = await book(stack, patient.token, slot.id);
    expect(held.appointment).toMatchObject({ status: 'pending_payment', fee: 5000, payment: { status: 'pending', amount: 5000 } });
    expect(held.payment).toEqual({
      appId: stack.config.wechatPay!.appid,
      timeStamp: expect.stringMatching(/^\d{10}$/),
      nonceStr: expect.any(String),
      package: expect.stringMatching(/^prepay_id=wx/),
      signType: 'RSA',
      paySign: expect.any(String),
    });
    const order = await sim('GET', `/__sim/orders/${held.appointment.payment!.outTradeNo}`);
    expect(order.request).toMatchObject({ amount: { total: 5000 }, payer: { openid: patient.openid } });

    // Asking again (the patient closed the sheet) gives the same order.
    const again = await stack.api.post(`/appointments/${held.appointment.id}/pay`, undefined, { token: patient.token });
    expect(again.status).toBe(200);
    expect(again.body.payment.package).toBe(held.payment!.package);

    await payAtSimulator(stack, patient.openid, held.payment!);
    const confirmed = await waitForAppointment(stack, patient.token, held.appointment.id, (a) => a.status === 'confirmed');
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      holdExpiresAt: null,
      checkInCode: expect.stringMatching(/^[2-9A-Z]{10}$/),
      checkInNumber: expect.stringMatching(/^\d{6}$/),
      payment: { status: 'paid', amount: 5000, refunded: 0 },
    });
    const reminders = await deliveryRows.find(stack, { patientId: patient.patientId, messageKind: 'appointment_reminder' });
    expect(reminders.length).toBe(2);
    expect((await stack.api.post(`/appointments/${held.appointment.id}/pay`, undefined, { token: patient.token })).body).toMatchObject({ payment: null });
  });

  it('the same notification 10 times, then 10 at once → one confirmation, one payment row, one event', async () => {
    const patient = await consentedPatient(stack);
    const slot = await makeSlot(stack);
    const held = await book(stack, patient.token, slot.id);
    await payAtSimulator(stack, patient.openid, held.payment!);
    await waitForAppointment(stack, patient.token, held.appointment.id, (a) => a.status === 'confirmed');
    const no = held.appointment.payment!.outTradeNo;
    await sim('POST', `/__sim/orders/${no}/notify`, { times: 10 });
    await sim('POST', `/__sim/orders/${no}/notify`, { times: 10, concurrent: true });
    const view = await sim('GET', `/__sim/orders/${no}`);
    const attempts = view.notifications.flatMap((n: { attempts: { status: number }[] }) => n.attempts);
    expect(attempts.length).toBeGreaterThanOrEqual(21);
    expect(attempts.every((a: { status: number }) => a.status === 204)).toBe(true);
    expect(await paymentRows.count(stack, { subjectId: held.appointment.id })).toBe(1);
    expect(await paymentEventRows.count(stack, { eventKey: `${no}:TRANSACTION.SUCCESS` })).toBe(1);
    expect(await deliveryRows.count(stack, { patientId: patient.patientId, messageKind: 'appointment_reminder' })).toBe(2);
    expect((await paymentOf(held.appointment.id)).status).toBe('paid');
  });

  it('refuses forged, stale, wrong-amount and probe notifications, and changes nothing', async () => {
    const patient = await consentedPatient(stack);
    const slot = await makeSlot(stack);
    const held = await book(stack, patient.token, slot.id);
    const payment = await paymentOf(held.appointment.id);
    const transaction = {
      appid: stack.config.wechatPay!.appid,
      mchid: stack.config.wechatPay!.mchid,
      out_trade_no: payment.outTradeNo,
      transaction_id: '4200000000202611220000000001',
      trade_state: 'SUCCESS',
      success_time: new Date().toISOString(),
      payer: { openid: patient.openid },
      amount: { total: payment.amount, payer_total: payment.amount, currency: 'CNY' },
    };
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const refused = [
      notification(transaction, { key: stranger }), // forged: someone else's key
      notification(transaction, { timestamp: Math.floor(Date.now() / 1000) - 600 }), // stale
      notification({ ...transaction, amount: { total: 1, payer_total: 1 } }), // wrong amount, properly signed
      notification({ ...transaction, mchid: '1999999999' }), // another merchant
      notification(transaction, { signature: 'WECHATPAY/SIGNTEST/' + randomBytes(32).toString('base64') }), // probe
    ];
    for (const n of refused) {
      const res = await postNotification(n);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('PAYMENT_NOTIFICATION_REJECTED');
    }
    // a body changed after signing
    const genuine = notification(transaction);
    expect((await postNotification({ ...genuine, body: genuine.body.replace('TRANSACTION.SUCCESS', 'TRANSACTION.SUCCESS ') })).status).toBe(401);
    // the simulator's own probe
    await sim('POST', `/__sim/orders/${payment.outTradeNo}/notify`, { probe: true }).catch(() => undefined);

    expect(await paymentOf(held.appointment.id)).toMatchObject({ status: 'pending', transactionId: null });
    expect(await paymentEventRows.count(stack, { paymentId: payment.id })).toBe(0);
    expect((await stack.api.get<AppointmentView>(`/appointments/${held.appointment.id}`, { token: patient.token })).body.status).toBe('pending_payment');

    // The genuine one, for contrast, is taken.
    expect((await postNotification(genuine)).status).toBe(204);
    expect((await paymentOf(held.appointment.id)).status).toBe('paid');
  });

  it('a lost notification never loses a payment: the query job confirms it', async () => {
    const patient = await consentedPatient(stack);
    const slot = await makeSlot(stack);
    const held = await book(stack, patient.token, slot.id);
    await sim('POST', '/__sim/pay/notifications', { enabled: false });
    await payAtSimulator(stack, patient.openid, held.payment!);
    expect((await stack.api.get(`/appointments/${held.appointment.id}`, { token: patient.token })).body.status).toBe('pending_payment');
    await withClockAdvanced(stack, 61_000, () => runJobs(stack));
    expect((await stack.api.get(`/appointments/${held.appointment.id}`, { token: patient.token })).body).toMatchObject({
      status: 'confirmed',
      payment: { status: 'paid' },
    });
    expect(await paymentEventRows.one(stack, { paymentId: (await paymentOf(held.appointment.id)).id })).toMatchObject({
      source: 'query',
    });
  });

  it('paid after the hold expired → refunded in full automatically, and the patient told', async () => {
    const patient = await consentedPatient(stack);
    const slot = await makeSlot(stack);
    const held = await book(stack, patient.token, slot.id);
    await sim('POST', '/__sim/pay/notifications', { enabled: false });
    await payAtSimulator(stack, patient.openid, held.payment!); // paid at the last second; the notification is late
    await withClockAdvanced(stack, 16 * 60_000, async () => {
      await releaseExpiredHold(stack, held.appointment.id); // the hold's job runs first
      await runJobs(stack); // then the order is settled: paid, but the place is gone → refunded
    });
    const after = (await stack.api.get<AppointmentView>(`/appointments/${held.appointment.id}`, { token: patient.token })).body;
    expect(after).toMatchObject({ status: 'refunded', payment: { status: 'refunded', refunded: 5000, refundPending: 0 } });
    const order = await sim('GET', `/__sim/orders/${after.payment!.outTradeNo}`);
    expect(order.refunds).toHaveLength(1);
    expect(order.refunds[0]).toMatchObject({ amount: { refund: 5000 } });
    expect(await deliveryRows.count(stack, { patientId: patient.patientId, messageKind: 'appointment_changed' })).toBe(1);
    expect((await appointmentRows.one(stack, { id: held.appointment.id })).activeKey).toBeNull();
  });

  it('an unpaid hold that runs out closes its order, so it can no longer be paid', async () => {
    const patient = await consentedPatient(stack);
    const slot = await makeSlot(stack, { capacity: 1 });
    const held = await book(stack, patient.token, slot.id);
    await withClockAdvanced(stack, 16 * 60_000, () => runJobs(stack));
    expect((await paymentOf(held.appointment.id)).status).toBe('closed');
    expect((await sim('GET', `/__sim/orders/${held.appointment.payment!.outTradeNo}`)).state).toBe('CLOSED');
    await expect(payAtSimulator(stack, patient.openid, held.payment!)).rejects.toThrow(/ORDER_CLOSED|400/);
  });

  it('cancel refunds by the rule: in full 24 h or more before, nothing later; and never more than paid', async () => {
    const early = await consentedPatient(stack);
    const late = await consentedPatient(stack);
    const far = await makeSlot(stack, { daysAhead: 5 });
    const soon = await makeSlot(stack, { startsAt: new Date(Date.now() + 6 * 3_600_000) });
    const a = await book(stack, early.token, far.id);
    const b = await book(stack, late.token, soon.id);
    await payAtSimulator(stack, early.openid, a.payment!);
    await payAtSimulator(stack, late.openid, b.payment!);
    await waitForAppointment(stack, early.token, a.appointment.id, (x) => x.status === 'confirmed');
    const lateView = await waitForAppointment(stack, late.token, b.appointment.id, (x) => x.status === 'confirmed');
    expect(lateView.refundIfCancelled).toBe(0);
    expect((await stack.api.get(`/appointments/${a.appointment.id}`, { token: early.token })).body.refundIfCancelled).toBe(5000);

    const cancelledEarly = await stack.api.post(`/appointments/${a.appointment.id}/cancel`, {}, { token: early.token });
    expect(cancelledEarly.body).toMatchObject({ status: 'cancelled', payment: { refundPending: 5000 } });
    const cancelledLate = await stack.api.post(`/appointments/${b.appointment.id}/cancel`, {}, { token: late.token });
    expect(cancelledLate.body).toMatchObject({ status: 'cancelled', payment: { status: 'paid', refundPending: 0, refunded: 0 } });
    await runJobs(stack);
    expect((await stack.api.get(`/appointments/${a.appointment.id}`, { token: early.token })).body).toMatchObject({
      status: 'refunded',
      payment: { status: 'refunded', refunded: 5000, refundPending: 0 },
    });
    // Asking again can never refund more than was paid.
    expect(await requestRefund(stack, a.appointment.id, 100, 'again')).toBeNull();
    expect((await sim('GET', `/__sim/orders/${(await paymentOf(a.appointment.id)).outTradeNo}`)).refunds).toHaveLength(1);
  });

  it('refund retries never refund twice: an answer lost to a timeout, a 500, and two workers at once', async () => {
    const patient = await consentedPatient(stack);
    const slot = await makeSlot(stack);
    const held = await book(stack, patient.token, slot.id);
    await payAtSimulator(stack, patient.openid, held.payment!);
    await waitForAppointment(stack, patient.token, held.appointment.id, (x) => x.status === 'confirmed');
    const admin = await staffLogin(stack, 'admin');
    // Cancelled by the hospital: a full refund, asked for by a job.
    expect((await stack.api.post(`/appointments/${held.appointment.id}/cancel`, { reason: '设备检修' }, { token: admin })).body.payment.refundPending).toBe(
      5000,
    );
    const refund = await refundRows.one(stack, { paymentId: (await paymentOf(held.appointment.id)).id });
    await sim('POST', '/__sim/pay/notifications', { enabled: false }); // no REFUND.SUCCESS to settle it behind our back

    // 1. WeChat Pay makes the refund but its answer comes after our timeout: unknown, so the job fails and is retried.
    await sim('POST', '/__sim/faults', { rules: [{ path: '/v3/refund/domestic/refunds', method: 'POST', delayMs: 3500, times: 1 }] });
    await expect(runRefundJob(stack, refund.id)).rejects.toThrow(/timed out/);
    await new Promise((r) => setTimeout(r, 700));
    // 2. Then a 500 from WeChat Pay.
    await sim('POST', '/__sim/faults', {
      rules: [{ path: '/v3/refund/domestic/refunds', method: 'POST', status: 500, body: { code: 'SYSTEM_ERROR', message: '系统错误' }, times: 1 }],
    });
    await expect(runRefundJob(stack, refund.id)).rejects.toThrow(/SYSTEM_ERROR/);
    // 3. Two workers retry at the same moment.
    await Promise.all([runRefundJob(stack, refund.id), runRefundJob(stack, refund.id)]);
    await runJobs(stack);

    const order = await sim('GET', `/__sim/orders/${refund.outRefundNo.replace(/R\d+$/, '')}`);
    expect(order.refunds).toHaveLength(1);
    expect(await paymentOf(held.appointment.id)).toMatchObject({ status: 'refunded', refunded: 5000, refundPending: 0 });
    expect(await paymentEventRows.count(stack, { eventKey: `${refund.outRefundNo}:REFUND.SUCCESS` })).toBe(1);
    expect((await stack.api.get(`/appointments/${held.appointment.id}`, { token: patient.token })).body.status).toBe('refunded');
    // The patient was told the hospital cancelled.
    expect(await deliveryRows.count(stack, { patientId: patient.patientId, messageKind: 'appointment_changed' })).toBe(1);
  });
});

describe('who may pay, read and cancel', () => {
  it('another patient can neither read, pay nor cancel someone else’s appointment', async () => {
    const owner = await consentedPatient(stack);
    const other = await consentedPatient(stack, '李四');
    const held = await book(stack, owner.token, (await makeSlot(stack)).id);
    for (const [method, path] of [
      ['GET', `/appointments/${held.appointment.id}`],
      ['POST', `/appointments/${held.appointment.id}/pay`],
      ['POST', `/appointments/${held.appointment.id}/cancel`],
      ['POST', `/appointments/${held.appointment.id}/reschedule`],
    ] as const) {
      const res = await stack.api.request(
        method,
        path,
        method === 'POST' ? (path.endsWith('reschedule') ? { slotId: held.appointment.slotId } : {}) : undefined,
        { token: other.token },
      );
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'APPOINTMENT_NOT_FOUND']);
    }
    const mine = await stack.api.get('/me/appointments', { token: other.token });
    expect(mine.body).toEqual([]);
    expect((await stack.api.get(`/appointments/${held.appointment.id}`, { token: owner.token })).body.status).toBe('pending_payment');
  });

  it('marketing staff and staff of another department cannot see or act on an appointment', async () => {
    const owner = await consentedPatient(stack);
    const held = await book(stack, owner.token, (await makeSlot(stack)).id);
    for (const username of ['marketing.liu', 'doctor.li']) {
      const token = await staffLogin(stack, username);
      expect((await stack.api.get(`/appointments/${held.appointment.id}`, { token })).body.code).toBe('APPOINTMENT_NOT_FOUND');
      expect((await stack.api.post(`/appointments/${held.appointment.id}/cancel`, {}, { token })).body.code).toBe('APPOINTMENT_NOT_FOUND');
    }
    const nurse = await staffLogin(stack, 'nurse.wang');
    const seen = await stack.api.get(`/appointments/${held.appointment.id}`, { token: nurse });
    expect(seen.status).toBe(200);
    expect(seen.body.checkInCode).toBeNull(); // the code is the patient's, shown only to them
  });
});
