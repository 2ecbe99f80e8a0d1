import type { JsonObject } from '../validation.js';

// What the simulated WeChat Pay remembers: orders, refunds, notifications and its settings. Logic lives in service.ts.

export const TRADE_STATES = ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'] as const;
export type TradeState = (typeof TRADE_STATES)[number];

export const REFUND_STATUSES = ['PROCESSING', 'SUCCESS', 'CLOSED', 'ABNORMAL'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const PAY_MODES = ['certificate', 'public_key'] as const;
/** How responses and notifications are signed: the platform certificate's key, or the WeChat Pay public key's. */
export type PayMode = (typeof PAY_MODES)[number];

export const NOTIFY_EVENTS = ['TRANSACTION.SUCCESS', 'REFUND.SUCCESS', 'REFUND.ABNORMAL', 'REFUND.CLOSED'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export interface PayOrder {
  appid: string;
  mchid: string;
  outTradeNo: string;
  description: string;
  notifyUrl: string;
  total: number;
  currency: string;
  openid: string;
  attach?: string;
  timeExpire?: string;
  /** time_expire in ms (simulator clock), when given. */
  timeExpireAt?: number;
  /** The order request as received. */
  request: JsonObject;
  /** Canonical form of the parameters: another order with the same out_trade_no must match it. */
  fingerprint: string;
  prepayId: string;
  /** Simulator time the current prepay_id stops working (2 h after it was issued). */
  prepayExpiresAt: number;
  createdAt: number;
  tradeState: TradeState;
  transactionId: string | null;
  successAt: number | null;
  closedAt: number | null;
  refunds: PayRefund[];
  notifications: NotificationRecord[];
  /** What the user did at the payment sheet (POST /__sim/pay), in order. */
  payments: PaymentAttempt[];
}

export interface PaymentAttempt {
  at: string;
  openid: string;
  prepayId: string;
  result: 'success' | 'fail' | 'cancel' | 'paying';
}

export interface PayRefund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  reason?: string;
  notifyUrl?: string;
  fundsAccount?: string;
  refund: number;
  total: number;
  currency: string;
  status: RefundStatus;
  createdAt: number;
  successAt: number | null;
}

export interface NotificationAttempt {
  /** 1-based, counting every delivery of this notification. */
  n: number;
  /** `scheduled` = the first send and WeChat's retries; `manual` = POST /__sim/orders/:no/notify. */
  kind: 'scheduled' | 'manual';
  /** Simulator time, ISO 8601. */
  at: string;
  /** Nothing was sent: notifications were switched off (POST /__sim/pay/notifications). */
  dropped?: true;
  /** A probe with a `WECHATPAY/SIGNTEST/` signature, which the receiver must refuse. */
  probe?: true;
  timestamp?: string;
  nonce?: string;
  serial?: string;
  /** The receiver's HTTP status; null when there was none (network error, timeout). */
  status?: number | null;
  ok: boolean;
  /** The receiver's answer (first 2,000 characters). */
  responseBody?: string;
  error?: string;
  durationMs?: number;
}

export interface NotificationRecord {
  /** The notification id (`id` in the body): the same for every retry and duplicate. */
  id: string;
  eventType: NotifyEvent;
  outRefundNo?: string;
  notifyUrl: string;
  createTime: string;
  /** The exact bytes POSTed each time (only the Wechatpay-* headers change between attempts). */
  body: string;
  /** The decrypted resource, for reading. */
  resource: JsonObject;
  /** Lost: notifications were switched off when it was due. */
  dropped: boolean;
  /** Some attempt got 200 / 204. */
  delivered: boolean;
  /** Every scheduled attempt failed: WeChat stops trying. */
  gaveUp: boolean;
  /** Simulator time of the next scheduled retry, or null. */
  nextAttemptAt: string | null;
  attempts: NotificationAttempt[];
}

export interface PaySettings {
  mode: PayMode;
  notificationsEnabled: boolean;
  /** Real ms from a refund request to its SUCCESS; 0 = at once (the refund answer already says SUCCESS); null = never by itself. */
  refundDelayMs: number | null;
  /** The receiver must answer within this many real ms (WeChat: 5 s). */
  notifyTimeoutMs: number;
}

export const DEFAULT_PAY_SETTINGS: Readonly<PaySettings> = { mode: 'certificate', notificationsEnabled: true, refundDelayMs: 1000, notifyTimeoutMs: 5000 };

/**
 * Timers and HTTP requests the simulated WeChat Pay has in flight (notification retries, refunds completing).
 * `cancelAll` (reset, close) stops every one of them; work started before stays cut off from what follows.
 */
export class Scheduler {
  private controller = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Aborted when everything pending is cancelled. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  after(ms: number, task: () => void): void {
    if (this.controller.signal.aborted) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        task();
      },
      Math.max(0, ms),
    );
    timer.unref();
    this.timers.add(timer);
  }

  get pending(): number {
    return this.timers.size;
  }

  cancelAll(): void {
    this.controller.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.controller = new AbortController();
  }
}

export class PayLedger {
  readonly orders = new Map<string, PayOrder>();
  readonly byPrepayId = new Map<string, PayOrder>();
  readonly byTransactionId = new Map<string, PayOrder>();
  readonly refunds = new Map<string, PayRefund>();
  readonly scheduler = new Scheduler();
  settings: PaySettings = { ...DEFAULT_PAY_SETTINGS };

  reset(): void {
    this.scheduler.cancelAll();
    this.orders.clear();
    this.byPrepayId.clear();
    this.byTransactionId.clear();
    this.refunds.clear();
    this.settings = { ...DEFAULT_PAY_SETTINGS };
  }
}
