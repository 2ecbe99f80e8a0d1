import { X509Certificate } from 'node:crypto';
import { randomDigits, randomString } from '../ids.js';
import type { SimKeys } from '../keys.js';
import type { SimState } from '../state.js';
import { isObject, type JsonObject } from '../validation.js';
import { merchantPublicKey } from './auth.js';
import { aesGcmEncrypt, beijingCompact, beijingTime, parseRfc3339, paySignMessage, rsaVerify } from './crypto.js';
import { paramError, payError } from './errors.js';
import type { NotificationAttempt, NotificationRecord, NotifyEvent, PaymentAttempt, PayOrder, PayRefund, RefundStatus, TradeState } from './ledger.js';
import { Notifier } from './notifier.js';

/** A prepay_id works this long. */
export const PREPAY_TTL_MS = 2 * 3600_000;
export const OUT_TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;
export const OUT_REFUND_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;

const TRADE_STATE_DESC: Record<TradeState, string> = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '订单未支付',
  CLOSED: '订单已关闭',
  REVOKED: '已撤销（仅付款码支付会返回）',
  USERPAYING: '用户支付中，需输入密码',
  PAYERROR: '支付失败，请重新下单支付',
};
const PAID: readonly TradeState[] = ['SUCCESS', 'REFUND'];
const PAYABLE: readonly TradeState[] = ['NOTPAY', 'USERPAYING', 'PAYERROR'];

/** Thrown by the control side (POST /__sim/pay, notify): answered as `{error, …extra}` with this status. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: JsonObject = {},
  ) {
    super(message);
  }
}

export type PayResult = PaymentAttempt['result'];

export interface PayInput {
  openid: string;
  prepayId: string;
  paySign: string;
  timeStamp: string;
  nonceStr: string;
  package?: string;
  signType?: string;
  result: PayResult;
}

/** WeChat Pay's behaviour: orders, payment by the user, refunds, and the notifications they cause. */
export class PayService {
  readonly notifier: Notifier;

  constructor(
    private readonly state: SimState,
    private readonly keys: SimKeys,
  ) {
    this.notifier = new Notifier(state.pay, keys, state.clock);
  }

  private get ledger() {
    return this.state.pay;
  }

  private now(): number {
    return this.state.clock.now();
  }

  // --- merchant API -------------------------------------------------------------------------------------------

  /** POST /v3/pay/transactions/jsapi → prepay_id. */
  createJsapiOrder(body: JsonObject): { prepay_id: string } {
    const appid = requireString(body, 'appid', '应用ID', 32);
    const mchid = requireString(body, 'mchid', '直连商户号', 32);
    const description = requireString(body, 'description', '商品描述', 127);
    const outTradeNo = requireString(body, 'out_trade_no', '商户订单号', 32);
    if (!OUT_TRADE_NO.test(outTradeNo))
      throw paramError('/body/out_trade_no', '商户订单号', '字符串规则校验失败，应为6-32位数字、大小写字母或_-|*', outTradeNo);
    const notifyUrl = readNotifyUrl(body, true)!;
    const attach = optionalString(body, 'attach', '附加数据', 128);
    const timeExpire = optionalString(body, 'time_expire', '交易结束时间', 64);
    const amount = readObject(body, 'amount', '订单金额');
    const total = readAmount(amount, 'total', '/body/amount/total', '总金额');
    const currency = readCurrency(amount, '/body/amount/currency', false);
    const payer = readObject(body, 'payer', '支付者');
    const openid = requireString(payer, 'openid', '用户标识', 128, '/body/payer/openid');

    if (mchid !== this.keys.mchid || !this.state.apps.has(appid)) throw payError('APPID_MCHID_NOT_MATCH');
    if (!this.state.users.get(openid)) throw payError('PARAM_ERROR', 'openid与appid不匹配', { location: 'body', field: 'payer.openid', value: openid });
    let timeExpireAt: number | undefined;
    if (timeExpire !== undefined) {
      timeExpireAt = parseRfc3339(timeExpire);
      if (timeExpireAt === undefined) throw paramError('/body/time_expire', '交易结束时间', '格式错误，应为 yyyy-MM-DDTHH:mm:ss+TIMEZONE', timeExpire);
      if (timeExpireAt <= this.now()) throw payError('INVALID_REQUEST', 'time_expire 交易结束时间不能早于当前时间');
    }

    const fingerprint = canonical({ ...body, amount: { ...amount, currency } });
    const existing = this.ledger.orders.get(outTradeNo);
    if (existing) {
      if (PAID.includes(existing.tradeState)) throw payError('ORDERPAID');
      if (existing.tradeState === 'CLOSED') throw payError('ORDER_CLOSED', '订单已关闭，请使用新的商户订单号下单');
      if (existing.fingerprint !== fingerprint) throw payError('OUT_TRADE_NO_USED', '商户订单号重复：同一商户订单号的下单参数须与首次下单一致');
      if (existing.prepayExpiresAt <= this.now()) this.issuePrepayId(existing);
      return { prepay_id: existing.prepayId };
    }

    const now = this.now();
    const order: PayOrder = {
      appid,
      mchid,
      outTradeNo,
      description,
      notifyUrl,
      total,
      currency,
      openid,
      ...(attach !== undefined && { attach }),
      ...(timeExpire !== undefined && { timeExpire, timeExpireAt }),
      request: body,
      fingerprint,
      prepayId: '',
      prepayExpiresAt: 0,
      createdAt: now,
      tradeState: 'NOTPAY',
      transactionId: null,
      successAt: null,
      closedAt: null,
      refunds: [],
      notifications: [],
      payments: [],
    };
    this.issuePrepayId(order);
    this.ledger.orders.set(outTradeNo, order);
    return { prepay_id: order.prepayId };
  }

  /** GET /v3/pay/transactions/out-trade-no/{no}?mchid= and /v3/pay/transactions/id/{transaction_id}?mchid=. */
  queryOrder(by: { outTradeNo?: string; transactionId?: string }, mchid: string | null): JsonObject {
    this.checkQueryMchid(mchid);
    const order = by.outTradeNo !== undefined ? this.ledger.orders.get(by.outTradeNo) : this.ledger.byTransactionId.get(by.transactionId ?? '');
    if (!order) throw payError('ORDER_NOT_EXIST');
    return transactionView(order);
  }

  /** POST /v3/pay/transactions/out-trade-no/{no}/close {mchid}: 204. */
  closeOrder(outTradeNo: string, body: JsonObject): void {
    const mchid = requireString(body, 'mchid', '直连商户号', 32);
    if (mchid !== this.keys.mchid) throw payError('APPID_MCHID_NOT_MATCH', 'mchid与请求头Authorization中的商户号不一致');
    const order = this.ledger.orders.get(outTradeNo);
    if (!order) throw payError('ORDER_NOT_EXIST');
    if (PAID.includes(order.tradeState)) throw payError('ORDERPAID', '订单已支付，不能关闭');
    if (order.tradeState !== 'CLOSED') {
      order.tradeState = 'CLOSED';
      order.closedAt = this.now();
    }
  }

  /** POST /v3/refund/domestic/refunds. */
  createRefund(body: JsonObject): JsonObject {
    const outTradeNo = optionalString(body, 'out_trade_no', '商户订单号', 32);
    const transactionId = optionalString(body, 'transaction_id', '微信支付订单号', 32);
    if (outTradeNo === undefined && transactionId === undefined) throw paramError('/body/out_trade_no', '商户订单号', '与transaction_id必须二选一');
    const outRefundNo = requireString(body, 'out_refund_no', '商户退款单号', 64);
    if (!OUT_REFUND_NO.test(outRefundNo))
      throw paramError('/body/out_refund_no', '商户退款单号', '字符串规则校验失败，只能是数字、大小写字母_-|*@', outRefundNo);
    const reason = optionalString(body, 'reason', '退款原因', 80);
    const notifyUrl = readNotifyUrl(body, false);
    const fundsAccount = optionalString(body, 'funds_account', '退款资金来源', 32);
    const amount = readObject(body, 'amount', '金额信息');
    const refund = readAmount(amount, 'refund', '/body/amount/refund', '退款金额');
    const total = readAmount(amount, 'total', '/body/amount/total', '原订单金额');
    const currency = readCurrency(amount, '/body/amount/currency', true);

    const order = outTradeNo !== undefined ? this.ledger.orders.get(outTradeNo) : this.ledger.byTransactionId.get(transactionId!);
    if (!order || (transactionId !== undefined && order.transactionId !== transactionId)) throw payError('RESOURCE_NOT_EXISTS', '订单不存在');

    const previous = this.ledger.refunds.get(outRefundNo);
    if (previous) {
      if (previous.outTradeNo !== order.outTradeNo || previous.refund !== refund || previous.total !== total) {
        throw payError('INVALID_REQUEST', '订单金额或退款金额与之前请求不一致，请核实后再试');
      }
      return refundView(previous);
    }

    if (!PAID.includes(order.tradeState)) throw payError('INVALID_REQUEST', '订单未支付，不能退款');
    if (total !== order.total) throw payError('INVALID_REQUEST', '订单金额与原订单金额不一致，请核实后再试');
    const refunded = order.refunds.filter((r) => r.status !== 'CLOSED').reduce((sum, r) => sum + r.refund, 0);
    if (refunded >= order.total) throw payError('INVALID_REQUEST', '订单已全额退款');
    if (refunded + refund > order.total) throw payError('INVALID_REQUEST', `申请退款金额超过订单可退金额（可退 ${order.total - refunded} 分）`);

    const record: PayRefund = {
      refundId: `50${randomDigits(7)}${beijingCompact(this.now()).slice(0, 8)}${randomDigits(12)}`,
      outRefundNo,
      outTradeNo: order.outTradeNo,
      transactionId: order.transactionId!,
      ...(reason !== undefined && { reason }),
      ...(notifyUrl !== undefined && { notifyUrl }),
      ...(fundsAccount !== undefined && { fundsAccount }),
      refund,
      total,
      currency,
      status: 'PROCESSING',
      createdAt: this.now(),
      successAt: null,
    };
    this.ledger.refunds.set(outRefundNo, record);
    order.refunds.push(record);
    order.tradeState = 'REFUND';

    const delay = this.ledger.settings.refundDelayMs;
    if (delay === 0) this.finishRefund(record, 'SUCCESS');
    else if (delay !== null) this.ledger.scheduler.after(delay, () => this.finishRefund(record, 'SUCCESS'));
    return refundView(record);
  }

  /** GET /v3/refund/domestic/refunds/{out_refund_no}. */
  queryRefund(outRefundNo: string): JsonObject {
    const refund = this.ledger.refunds.get(outRefundNo);
    if (!refund) throw payError('RESOURCE_NOT_EXISTS');
    return refundView(refund);
  }

  /** GET /v3/certificates: the platform certificate, encrypted with the APIv3 key. */
  certificates(): JsonObject {
    const cert = new X509Certificate(this.keys.platform.certificatePem);
    return {
      data: [
        {
          serial_no: this.keys.platform.serialNo,
          effective_time: beijingTime(Date.parse(cert.validFrom)),
          expire_time: beijingTime(Date.parse(cert.validTo)),
          encrypt_certificate: aesGcmEncrypt(this.keys.platform.certificatePem, this.keys.apiV3Key, 'certificate'),
        },
      ],
    };
  }

  // --- the user's side and the control API --------------------------------------------------------------------

  /** The user at the payment sheet: checks what wx.requestPayment would, then pays (or fails, cancels, waits). */
  pay(input: PayInput): JsonObject {
    const order = this.ledger.byPrepayId.get(input.prepayId);
    if (!order) throw new ControlError(404, `unknown prepay_id ${input.prepayId}`, { errMsg: 'requestPayment:fail prepay_id不存在' });
    const pkg = `prepay_id=${input.prepayId}`;
    if (input.package !== undefined && input.package !== pkg) throw new ControlError(400, `package must be "${pkg}"`);
    if (input.signType !== undefined && input.signType !== 'RSA') throw new ControlError(400, 'signType must be "RSA" for WeChat Pay v3');
    if (!rsaVerify(paySignMessage(order.appid, input.timeStamp, input.nonceStr, pkg), input.paySign, merchantPublicKey(this.keys))) {
      throw new ControlError(400, 'paySign does not verify: it must be SHA256withRSA (merchant key) over "appId\\ntimeStamp\\nnonceStr\\npackage\\n"', {
        errMsg: 'requestPayment:fail 支付验证签名失败',
        signed: paySignMessage(order.appid, input.timeStamp, input.nonceStr, pkg),
      });
    }
    if (input.openid !== order.openid) {
      throw new ControlError(403, `openid ${input.openid} is not this order's payer (${order.openid})`, {
        errMsg: 'requestPayment:fail 支付用户与下单用户不一致',
      });
    }
    if (order.prepayId !== input.prepayId || order.prepayExpiresAt <= this.now()) {
      throw new ControlError(400, `prepay_id ${input.prepayId} has expired (valid 2 h); order again for a new one`, {
        errMsg: 'requestPayment:fail prepay_id已失效',
      });
    }
    if (PAID.includes(order.tradeState))
      throw new ControlError(400, `order ${order.outTradeNo} is already paid`, { code: 'ORDERPAID', errMsg: 'requestPayment:fail 该订单已支付' });
    if (order.tradeState === 'CLOSED')
      throw new ControlError(400, `order ${order.outTradeNo} is closed`, { code: 'ORDER_CLOSED', errMsg: 'requestPayment:fail 订单已关闭' });
    if (order.timeExpireAt !== undefined && order.timeExpireAt <= this.now()) {
      throw new ControlError(400, `order ${order.outTradeNo} passed its time_expire ${order.timeExpire}`, { errMsg: 'requestPayment:fail 订单已过期' });
    }
    if (!PAYABLE.includes(order.tradeState)) throw new ControlError(400, `order ${order.outTradeNo} is ${order.tradeState}`);

    order.payments.push({ at: new Date(this.now()).toISOString(), openid: input.openid, prepayId: input.prepayId, result: input.result });
    switch (input.result) {
      case 'cancel':
        return { ok: false, errMsg: 'requestPayment:fail cancel', out_trade_no: order.outTradeNo, trade_state: order.tradeState };
      case 'paying':
        order.tradeState = 'USERPAYING';
        return { ok: false, errMsg: 'requestPayment:pending', out_trade_no: order.outTradeNo, trade_state: order.tradeState };
      case 'fail':
        order.tradeState = 'PAYERROR';
        return { ok: false, errMsg: 'requestPayment:fail', out_trade_no: order.outTradeNo, trade_state: order.tradeState };
      case 'success':
        break;
    }

    order.tradeState = 'SUCCESS';
    order.successAt = this.now();
    order.transactionId = `4200${randomDigits(6)}${beijingCompact(order.successAt).slice(0, 8)}${randomDigits(10)}`;
    this.ledger.byTransactionId.set(order.transactionId, order);
    this.emit(order, 'TRANSACTION.SUCCESS');
    return { ok: true, errMsg: 'requestPayment:ok', out_trade_no: order.outTradeNo, transaction_id: order.transactionId, trade_state: order.tradeState };
  }

  /** Ends a PROCESSING refund now (POST /__sim/refunds/:no/complete, or the refund delay running out). */
  finishRefund(refund: PayRefund, status: Exclude<RefundStatus, 'PROCESSING'>): void {
    if (refund.status !== 'PROCESSING') return;
    refund.status = status;
    if (status === 'SUCCESS') refund.successAt = this.now();
    const order = this.ledger.orders.get(refund.outTradeNo);
    if (order && refund.notifyUrl) this.emit(order, `REFUND.${status}`, refund);
  }

  /** POST /__sim/orders/:no/notify: more deliveries of an order's notification (created if it was never sent). */
  async renotify(
    outTradeNo: string,
    options: { times: number; event?: NotifyEvent; outRefundNo?: string; concurrent?: boolean; probe?: boolean },
  ): Promise<{ notification: NotificationRecord; attempts: NotificationAttempt[] }> {
    const order = this.ledger.orders.get(outTradeNo);
    if (!order) throw new ControlError(404, `unknown out_trade_no ${outTradeNo}`);
    const event = options.event ?? 'TRANSACTION.SUCCESS';
    let refund: PayRefund | undefined;
    if (event === 'TRANSACTION.SUCCESS') {
      if (!PAID.includes(order.tradeState)) throw new ControlError(409, `order ${outTradeNo} is ${order.tradeState}: it has no TRANSACTION.SUCCESS to notify`);
    } else {
      const wanted = event.slice('REFUND.'.length) as RefundStatus;
      const candidates = order.refunds.filter((r) => r.status === wanted && (options.outRefundNo === undefined || r.outRefundNo === options.outRefundNo));
      refund = candidates.at(-1);
      if (!refund) throw new ControlError(409, `order ${outTradeNo} has no ${wanted} refund${options.outRefundNo ? ` ${options.outRefundNo}` : ''} to notify`);
      if (!refund.notifyUrl) throw new ControlError(409, `refund ${refund.outRefundNo} was requested without notify_url`);
    }
    const notification = this.findNotification(order, event, refund) ?? this.recordNotification(order, event, refund);
    const attempts = await this.notifier.resend(notification, options.times, options);
    return { notification, attempts };
  }

  // --- internals ----------------------------------------------------------------------------------------------

  private issuePrepayId(order: PayOrder): void {
    const now = this.now();
    order.prepayId = `wx${beijingCompact(now)}${randomString(20, '0123456789abcdef')}`;
    order.prepayExpiresAt = now + PREPAY_TTL_MS;
    this.ledger.byPrepayId.set(order.prepayId, order);
  }

  private checkQueryMchid(mchid: string | null): void {
    if (!mchid) throw paramError('/query/mchid', '直连商户号', '不能为空');
    if (mchid !== this.keys.mchid) throw payError('APPID_MCHID_NOT_MATCH', 'mchid与请求头Authorization中的商户号不一致');
  }

  /** A new event: recorded, then sent with retries, or lost when notifications are off. */
  private emit(order: PayOrder, event: NotifyEvent, refund?: PayRefund): void {
    const record = this.recordNotification(order, event, refund);
    if (!this.ledger.settings.notificationsEnabled) {
      record.dropped = true;
      return;
    }
    this.notifier.start(record);
  }

  private recordNotification(order: PayOrder, event: NotifyEvent, refund?: PayRefund): NotificationRecord {
    const record = refund
      ? this.notifier.create({
          eventType: event,
          notifyUrl: refund.notifyUrl!,
          originalType: 'refund',
          resource: refundResource(order, refund),
          outRefundNo: refund.outRefundNo,
        })
      : this.notifier.create({ eventType: event, notifyUrl: order.notifyUrl, originalType: 'transaction', resource: transactionView(order) });
    order.notifications.push(record);
    return record;
  }

  private findNotification(order: PayOrder, event: NotifyEvent, refund?: PayRefund): NotificationRecord | undefined {
    return order.notifications.find((n) => n.eventType === event && n.outRefundNo === refund?.outRefundNo);
  }
}

// --- what WeChat Pay answers ----------------------------------------------------------------------------------

/** The order as WeChat Pay's query answers it (and as the TRANSACTION.SUCCESS resource carries it). */
export function transactionView(order: PayOrder): JsonObject {
  const paid = order.transactionId !== null;
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    ...(paid && { transaction_id: order.transactionId }),
    trade_type: 'JSAPI',
    trade_state: order.tradeState,
    trade_state_desc: TRADE_STATE_DESC[order.tradeState],
    ...(paid && { bank_type: 'OTHERS' }),
    attach: order.attach ?? '',
    ...(order.successAt !== null && { success_time: beijingTime(order.successAt) }),
    payer: { openid: order.openid },
    amount: {
      total: order.total,
      ...(paid && { payer_total: order.total }),
      currency: order.currency,
      payer_currency: order.currency,
    },
    promotion_detail: [],
  };
}

export function refundView(refund: PayRefund): JsonObject {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.successAt !== null && { success_time: beijingTime(refund.successAt) }),
    create_time: beijingTime(refund.createdAt),
    status: refund.status,
    funds_account: refund.fundsAccount ?? 'AVAILABLE',
    amount: {
      total: refund.total,
      refund: refund.refund,
      from: [],
      payer_total: refund.total,
      payer_refund: refund.refund,
      settlement_refund: refund.refund,
      settlement_total: refund.total,
      discount_refund: 0,
      currency: refund.currency,
      refund_fee: 0,
    },
    promotion_detail: [],
  };
}

/** The resource of a REFUND.* notification. */
function refundResource(order: PayOrder, refund: PayRefund): JsonObject {
  return {
    mchid: order.mchid,
    out_trade_no: refund.outTradeNo,
    transaction_id: refund.transactionId,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.refundId,
    refund_status: refund.status,
    ...(refund.successAt !== null && { success_time: beijingTime(refund.successAt) }),
    user_received_account: '支付用户零钱',
    amount: { total: refund.total, refund: refund.refund, payer_total: refund.total, payer_refund: refund.refund },
  };
}

// --- reading request bodies the way WeChat Pay validates them ---------------------------------------------------

function requireString(body: JsonObject, field: string, label: string, maxLength: number, pointer = `/body/${field}`): string {
  const value = body[field];
  if (value === undefined || value === null || value === '') throw paramError(pointer, label, '不能为空');
  return checkString(value, pointer, label, maxLength);
}

function optionalString(body: JsonObject, field: string, label: string, maxLength: number): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  return checkString(value, `/body/${field}`, label, maxLength);
}

function checkString(value: unknown, pointer: string, label: string, maxLength: number): string {
  if (typeof value !== 'string') throw paramError(pointer, label, '类型错误，应为字符串', value);
  if (value.length > maxLength) {
    throw paramError(pointer, label, `字符串规则校验失败，长度 ${value.length}，大于最大值 ${maxLength}`, value);
  }
  return value;
}

function readObject(body: JsonObject, field: string, label: string): JsonObject {
  const value = body[field];
  if (value === undefined || value === null) throw paramError(`/body/${field}`, label, '不能为空');
  if (!isObject(value)) throw paramError(`/body/${field}`, label, '类型错误，应为对象', value);
  return value;
}

function readAmount(amount: JsonObject, field: string, pointer: string, label: string): number {
  const value = amount[field];
  if (value === undefined || value === null) throw paramError(pointer, label, '不能为空');
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw paramError(pointer, label, '类型错误，应为整数（单位：分）', value);
  if (value <= 0) throw paramError(pointer, label, `数值规则校验失败，${value} 小于最小值 1`, value);
  return value;
}

function readCurrency(amount: JsonObject, pointer: string, required: boolean): string {
  const value = amount.currency;
  if (value === undefined || value === null) {
    if (required) throw paramError(pointer, '货币类型', '不能为空');
    return 'CNY';
  }
  if (value !== 'CNY') throw paramError(pointer, '货币类型', '只支持人民币 CNY', value);
  return value;
}

/** An absolute http(s) URL without a query string, as WeChat Pay requires (production needs https; the simulator also takes http). */
function readNotifyUrl(body: JsonObject, required: boolean): string | undefined {
  const value = required ? requireString(body, 'notify_url', '通知地址', 256) : optionalString(body, 'notify_url', '通知地址', 256);
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw paramError('/body/notify_url', '通知地址', '格式错误，应为 http(s) 绝对地址', value);
  if (url.search || url.hash) throw paramError('/body/notify_url', '通知地址', '不能携带参数', value);
  return value;
}

/** JSON with sorted keys: two requests with the same parameters in another order are the same request. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
