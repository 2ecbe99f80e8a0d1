import { join } from 'node:path';
import type { Handler } from '../http/router.js';
import { jsonReply } from '../http/reply.js';
import { KEY_FILES, type SimKeys } from '../keys.js';
import { beijingTime } from '../pay/crypto.js';
import { NOTIFY_EVENTS, PAY_MODES, type NotificationRecord, type NotifyEvent, type PayMode, type PayOrder, type PaySettings } from '../pay/ledger.js';
import { RETRY_SCHEDULE_MS } from '../pay/notifier.js';
import { ControlError, refundView, transactionView, type PayResult } from '../pay/service.js';
import { signingKey } from '../pay/signer.js';
import type { SimState } from '../state.js';
import { InvalidInput, optionalBoolean, optionalNumber, optionalString, requiredString, type JsonObject } from '../validation.js';
import { body, control, ok } from './control-util.js';
import type { Surface } from './surface.js';

const PAY_RESULTS: readonly PayResult[] = ['success', 'fail', 'cancel', 'paying'];
const MAX_NOTIFY_TIMES = 100;
const FINAL_REFUND_STATUSES = ['SUCCESS', 'CLOSED', 'ABNORMAL'] as const;

/**
 * The control API's WeChat Pay side: the user paying, the simulator's view of orders, re-sent notifications,
 * and switches (signing mode, lost notifications, refund timing).
 */
export const payControlRoutes: Surface = (router, { state, keys, pay }) => {
  router.get(
    '/__sim/pay/config',
    control(() => ok(payConfig(state, keys))),
  );

  router.post(
    '/__sim/pay/mode',
    control((req) => {
      const mode = optionalString(body(req), 'mode');
      if (!mode || !(PAY_MODES as readonly string[]).includes(mode)) throw new InvalidInput(`mode must be one of ${PAY_MODES.join(', ')}`);
      state.pay.settings.mode = mode as PayMode;
      return ok({ mode, serial: signingKey(keys, mode as PayMode).serial });
    }),
  );

  router.post(
    '/__sim/pay/notifications',
    control((req) => {
      const enabled = optionalBoolean(body(req), 'enabled');
      if (enabled === undefined) throw new InvalidInput('enabled (true or false) is required');
      state.pay.settings.notificationsEnabled = enabled;
      return ok({ enabled });
    }),
  );

  router.post(
    '/__sim/pay/settings',
    control((req) => {
      const input = body(req);
      const unknown = Object.keys(input).filter((field) => field !== 'refundDelayMs' && field !== 'notifyTimeoutMs');
      if (unknown.length > 0) throw new InvalidInput(`unknown fields: ${unknown.join(', ')} (known: refundDelayMs, notifyTimeoutMs)`);
      if ('refundDelayMs' in input) {
        state.pay.settings.refundDelayMs =
          input.refundDelayMs === null ? null : optionalNumber(input, 'refundDelayMs', { min: 0, max: 3_600_000, integer: true })!;
      }
      const timeout = optionalNumber(input, 'notifyTimeoutMs', { min: 1, max: 60_000, integer: true });
      if (timeout !== undefined) state.pay.settings.notifyTimeoutMs = timeout;
      return ok(state.pay.settings);
    }),
  );

  router.post(
    '/__sim/pay',
    controlPay((req) => {
      const input = body(req);
      const result = optionalString(input, 'result') ?? 'success';
      if (!(PAY_RESULTS as readonly string[]).includes(result)) throw new InvalidInput(`result must be one of ${PAY_RESULTS.join(', ')}`);
      const answer = pay.pay({
        openid: requiredString(input, 'openid'),
        prepayId: requiredString(input, 'prepayId'),
        paySign: requiredString(input, 'paySign'),
        timeStamp: requiredString(input, 'timeStamp'),
        nonceStr: requiredString(input, 'nonceStr'),
        package: optionalString(input, 'package'),
        signType: optionalString(input, 'signType'),
        result: result as PayResult,
      });
      return ok(answer);
    }),
  );

  router.get(
    '/__sim/orders',
    control(() => ok({ orders: [...state.pay.orders.values()].map(orderSummary) })),
  );
  router.get(
    '/__sim/orders/:outTradeNo',
    controlPay((req) => ok(orderView(findOrder(state, req.params.outTradeNo!)))),
  );
  router.post(
    '/__sim/orders/:outTradeNo/notify',
    controlPay(async (req) => {
      const input = body(req);
      const event = optionalString(input, 'event');
      if (event !== undefined && !(NOTIFY_EVENTS as readonly string[]).includes(event))
        throw new InvalidInput(`event must be one of ${NOTIFY_EVENTS.join(', ')}`);
      const { notification, attempts } = await pay.renotify(req.params.outTradeNo!, {
        times: optionalNumber(input, 'times', { min: 1, max: MAX_NOTIFY_TIMES, integer: true }) ?? 1,
        event: event as NotifyEvent | undefined,
        outRefundNo: optionalString(input, 'outRefundNo'),
        concurrent: optionalBoolean(input, 'concurrent'),
        probe: optionalBoolean(input, 'probe'),
      });
      return ok({ notification: notification.id, eventType: notification.eventType, attempts });
    }),
  );

  router.post(
    '/__sim/refunds/:outRefundNo/complete',
    controlPay((req) => {
      const refund = state.pay.refunds.get(req.params.outRefundNo!);
      if (!refund) throw new ControlError(404, `unknown out_refund_no ${req.params.outRefundNo}`);
      const status = optionalString(body(req), 'status') ?? 'SUCCESS';
      if (!(FINAL_REFUND_STATUSES as readonly string[]).includes(status)) throw new InvalidInput(`status must be one of ${FINAL_REFUND_STATUSES.join(', ')}`);
      if (refund.status !== 'PROCESSING') throw new ControlError(409, `refund ${refund.outRefundNo} is already ${refund.status}`);
      pay.finishRefund(refund, status as (typeof FINAL_REFUND_STATUSES)[number]);
      return ok(refundView(refund));
    }),
  );
};

/** control() plus ControlError → `{error, …extra}` with its status. */
function controlPay(handler: Handler): Handler {
  return control(async (req) => {
    try {
      return await handler(req);
    } catch (error) {
      if (error instanceof ControlError) return jsonReply(error.status, { error: error.message, ...error.extra });
      throw error;
    }
  });
}

function findOrder(state: SimState, outTradeNo: string): PayOrder {
  const order = state.pay.orders.get(outTradeNo);
  if (!order) throw new ControlError(404, `unknown out_trade_no ${outTradeNo}`);
  return order;
}

function payConfig(state: SimState, keys: SimKeys): JsonObject {
  const file = (name: string): string | null => (keys.dir ? join(keys.dir, name) : null);
  const settings: PaySettings = state.pay.settings;
  return {
    appid: keys.appid,
    appids: state.apps.list().map((app) => app.appid),
    mchid: keys.mchid,
    merchantSerialNo: keys.merchant.serialNo,
    platformSerialNo: keys.platform.serialNo,
    publicKeyId: keys.publicKey.id,
    signingSerial: signingKey(keys, settings.mode).serial,
    apiV3Key: { file: file(KEY_FILES.merchantJson), field: 'apiV3Key' },
    keysDir: keys.dir,
    files: {
      merchantJson: file(KEY_FILES.merchantJson),
      merchantPrivateKey: file(KEY_FILES.merchantPrivateKey),
      merchantCertificate: file(KEY_FILES.merchantCertificate),
      platformCertificate: file(KEY_FILES.platformCertificate),
      publicKey: file(KEY_FILES.publicKey),
    },
    ...settings,
    notifyTimeScale: state.clock.notifyTimeScale,
    retryScheduleMs: RETRY_SCHEDULE_MS,
  };
}

function orderSummary(order: PayOrder): JsonObject {
  return {
    outTradeNo: order.outTradeNo,
    state: order.tradeState,
    total: order.total,
    openid: order.openid,
    prepayId: order.prepayId,
    transactionId: order.transactionId,
    refunds: order.refunds.length,
    notifications: order.notifications.length,
    createdAt: new Date(order.createdAt).toISOString(),
  };
}

function orderView(order: PayOrder): JsonObject {
  return {
    outTradeNo: order.outTradeNo,
    state: order.tradeState,
    transaction: transactionView(order),
    request: order.request,
    prepayId: order.prepayId,
    prepayExpiresAt: new Date(order.prepayExpiresAt).toISOString(),
    createdAt: new Date(order.createdAt).toISOString(),
    createTime: beijingTime(order.createdAt),
    closedAt: order.closedAt === null ? null : new Date(order.closedAt).toISOString(),
    payments: order.payments,
    refunds: order.refunds.map((refund) => ({ ...refundView(refund), notify_url: refund.notifyUrl ?? null, reason: refund.reason ?? null })),
    notifications: order.notifications.map(notificationView),
  };
}

function notificationView(record: NotificationRecord): JsonObject {
  const { body: sent, ...rest } = record;
  return { ...rest, body: JSON.parse(sent) as JsonObject };
}
