import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { PaymentSummary, RequestPaymentParams } from '@yiban/shared';
import type { AddressInfo } from 'node:net';
import { DataSource, type EntityManager } from 'typeorm';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { Clock } from '../../integrations/clock.js';
import {
  WechatPayClient,
  WechatPayError,
  WechatPayUnknownOutcome,
  type SignedHeaders,
  type WechatRefund,
  type WechatTransaction,
} from '../../integrations/wechat-pay/wechat-pay.client.js';
import { Notifications } from '../messaging/index.js';
import { PaymentEvent } from './payment-event.entity.js';
import { PaymentPurposes } from './payment-purposes.js';
import { PaymentRefund } from './payment-refund.entity.js';
import { Payment, type PaymentPurpose } from './payment.entity.js';

export const NOTIFY_PATH = '/api/v1/payments/wechat/notify';
/** How often an unsettled order is asked about while it can still be paid. */
const QUERY_EVERY_MS = 60_000;
/** How long after an order's expiry it is still asked about before it is closed (payments in flight settle). */
const QUERY_GRACE_MS = 2 * 60_000;
/** How soon a refund WeChat Pay is still processing is asked about again. */
const REFUND_FOLLOW_UP_MS = 30_000;

interface Notification {
  id?: string;
  event_type?: string;
  resource?: { ciphertext?: string; associated_data?: string; nonce?: string };
}

/** A notification that is not WeChat Pay's or does not match our order: refused, nothing changed. */
export class NotificationRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotificationRefused';
  }
}

/**
 * Payments through WeChat Pay: one order per thing paid for, the wx.requestPayment parameters, notifications and
 * queries applied once per (order, event) under the payment's row lock, and refunds that can never exceed
 * what was paid. What a payment means is the business of its purpose's module (PaymentPurposes).
 */
@Injectable()
export class PaymentsService implements OnModuleInit {
  private readonly logger = new Logger('Payments');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(WechatPayClient) private readonly wechatPay: WechatPayClient,
    @Inject(PaymentPurposes) private readonly purposes: PaymentPurposes,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
    @Inject(Notifications) private readonly notifications: Notifications,
  ) {}

  onModuleInit(): void {
    this.registry.register('payments.query', ({ payload }) => this.queryJob(payload.paymentId, payload.closeIfUnpaid ?? false));
    this.registry.register('payments.refund', ({ payload }) => this.refundJob(payload.refundId));
  }

  get available(): boolean {
    return this.wechatPay.configured;
  }

  summary(payment: Payment | null): PaymentSummary | null {
    if (!payment) return null;
    return {
      outTradeNo: payment.outTradeNo,
      status: payment.status,
      amount: payment.amount,
      refunded: payment.refunded,
      refundPending: payment.refundPending,
      paidAt: payment.paidAt?.toISOString() ?? null,
    };
  }

  forSubject(m: EntityManager | DataSource, purpose: PaymentPurpose, subjectId: string): Promise<Payment | null> {
    return m.getRepository(Payment).findOneBy({ purpose, subjectId });
  }

  /**
   * The order for something to pay, created in the caller's transaction (once per subject), with a query job
   * that follows it until it settles. WeChat Pay is asked for the prepay_id afterwards, by `requestPayment`.
   */
  async open(
    m: EntityManager,
    order: {
      purpose: PaymentPurpose;
      subjectId: string;
      patientId: string;
      accountId: string;
      openid: string;
      amount: number;
      description: string;
      expiresAt: Date;
    },
  ): Promise<Payment> {
    if (!this.wechatPay.configured) throw new DomainError('PAYMENT_UNAVAILABLE');
    if (!Number.isInteger(order.amount) || order.amount <= 0) throw new Error(`payment amount must be positive integer fen, got ${order.amount}`);
    const existing = await this.forSubject(m, order.purpose, order.subjectId);
    if (existing) return existing;
    const payment = m.getRepository(Payment).create({ ...order, status: 'pending' });
    payment.outTradeNo = `YB${payment.id}`;
    await m.insert(Payment, payment);
    await this.jobs.enqueue(
      m,
      'payments.query',
      { paymentId: payment.id },
      { runAt: new Date(this.clock.now().getTime() + QUERY_EVERY_MS), idempotencyKey: `payments.query:${payment.id}:0` },
    );
    return payment;
  }

  private notifyUrl(): string {
    const configured = this.wechatPay.config.notifyUrl;
    if (configured) return configured;
    const server = this.http.httpAdapter?.getHttpServer() as { address(): AddressInfo | string | null } | undefined;
    const address = server?.address();
    if (!address || typeof address === 'string') throw new DomainError('PAYMENT_UNAVAILABLE');
    const host = address.address === '::' || address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}${NOTIFY_PATH}`;
  }

  /**
   * The wx.requestPayment parameters for a pending payment. Called outside any transaction (it talks to WeChat
   * Pay); the same order parameters every time, so WeChat Pay answers the same prepay_id.
   */
  async requestPayment(payment: Payment): Promise<RequestPaymentParams> {
    if (payment.status !== 'pending') throw new DomainError('PAYMENT_NOT_PAYABLE');
    let params: RequestPaymentParams;
    try {
      params = await this.wechatPay.jsapiOrder({
        outTradeNo: payment.outTradeNo,
        description: payment.description,
        amount: payment.amount,
        openid: payment.openid,
        expiresAt: payment.expiresAt,
        notifyUrl: this.notifyUrl(),
      });
    } catch (error) {
      if (error instanceof WechatPayError && (error.code === 'ORDERPAID' || error.code === 'ORDER_CLOSED')) {
        await this.settleFromQuery(payment);
        throw new DomainError('PAYMENT_NOT_PAYABLE');
      }
      if (error instanceof WechatPayError || error instanceof WechatPayUnknownOutcome) {
        this.logger.warn(`order ${payment.outTradeNo}: ${error.message}`);
        throw new DomainError('PAYMENT_UNAVAILABLE', undefined, { cause: error });
      }
      throw error;
    }
    const prepayId = params.package.replace(/^prepay_id=/, '');
    if (prepayId !== payment.prepayId) await this.tx.run((m) => m.update(Payment, { id: payment.id }, { prepayId }));
    return params;
  }

  // ---------------------------------------------------------------- notifications

  /** `POST /payments/wechat/notify`: verify, decrypt, apply once. Throws NotificationRefused for anything not right. */
  async handleNotification(headers: SignedHeaders, rawBody: string): Promise<void> {
    const check = await this.wechatPay.verify(headers, rawBody);
    if (!check.ok) throw new NotificationRefused(`signature ${check.reason}`);
    let note: Notification;
    try {
      note = JSON.parse(rawBody) as Notification;
    } catch {
      throw new NotificationRefused('body is not JSON');
    }
    const resource = note.resource;
    if (!resource?.ciphertext || !resource.nonce) throw new NotificationRefused('no resource');
    let data: unknown;
    try {
      data = this.wechatPay.decrypt(resource as { ciphertext: string; nonce: string; associated_data?: string });
    } catch {
      throw new NotificationRefused('resource does not decrypt');
    }
    if (note.event_type === 'TRANSACTION.SUCCESS') {
      await this.applyTransaction(data as WechatTransaction, 'notification', note.id ?? null);
    } else if (note.event_type?.startsWith('REFUND.')) {
      await this.applyRefund(data as WechatRefund, 'notification', note.id ?? null);
    } else {
      this.logger.log(`notification ${note.event_type ?? '?'} ignored`);
    }
  }

  /** A paid order (from a notification or a query), applied once: the payment is marked paid and its purpose told. */
  private async applyTransaction(transaction: WechatTransaction, source: 'notification' | 'query', notificationId: string | null): Promise<void> {
    const config = this.wechatPay.config;
    const found = await this.dataSource.getRepository(Payment).findOneBy({ outTradeNo: String(transaction.out_trade_no ?? '') });
    if (!found) throw new NotificationRefused(`unknown order ${transaction.out_trade_no}`);
    if (transaction.appid !== config.appid || transaction.mchid !== config.mchid)
      throw new NotificationRefused(`order ${found.outTradeNo}: appid/mchid do not match`);
    if (transaction.amount?.total !== found.amount) {
      this.logger.error(`order ${found.outTradeNo}: paid amount ${transaction.amount?.total} differs from ${found.amount}; refused`);
      throw new NotificationRefused(`order ${found.outTradeNo}: amount does not match`);
    }
    if (transaction.trade_state !== 'SUCCESS' && transaction.trade_state !== 'REFUND') throw new NotificationRefused(`order ${found.outTradeNo}: not paid`);
    await this.tx.run(async (m) => {
      const payment = await lockRow(m, Payment, found.id);
      if (!payment) return;
      if (!(await this.recordEvent(m, payment.id, `${payment.outTradeNo}:TRANSACTION.SUCCESS`, 'TRANSACTION.SUCCESS', source, notificationId))) return;
      const paidAt = transaction.success_time ? new Date(transaction.success_time) : this.clock.now();
      await m.update(Payment, { id: payment.id }, { status: 'paid', transactionId: transaction.transaction_id ?? null, paidAt });
      Object.assign(payment, { status: 'paid', transactionId: transaction.transaction_id ?? null, paidAt });
      const outcome = await this.purposes.for(payment.purpose).onPaid(m, payment);
      if (!outcome.keep) await this.refund(m, payment, payment.amount, outcome.reason);
      else for (const listener of this.purposes.moneyMoved) await listener(m, payment);
    });
  }

  /** A refund's end (from a notification or a query), applied once. */
  private async applyRefund(result: WechatRefund, source: 'notification' | 'query', notificationId: string | null): Promise<void> {
    const status = result.refund_status ?? result.status;
    const found = await this.dataSource.getRepository(PaymentRefund).findOneBy({ outRefundNo: String(result.out_refund_no ?? '') });
    if (!found) throw new NotificationRefused(`unknown refund ${result.out_refund_no}`);
    if (status === 'PROCESSING' || !status) return;
    await this.tx.run(async (m) => {
      const payment = await lockRow(m, Payment, found.paymentId);
      const refund = await lockRow(m, PaymentRefund, found.id);
      if (!payment || !refund) return;
      if (result.out_trade_no !== payment.outTradeNo || result.amount?.refund !== refund.amount) {
        throw new NotificationRefused(`refund ${refund.outRefundNo}: order or amount does not match`);
      }
      if (!['requested', 'processing'].includes(refund.status)) return;
      if (!(await this.recordEvent(m, payment.id, `${refund.outRefundNo}:REFUND.${status}`, `REFUND.${status}`, source, notificationId))) return;
      const now = this.clock.now();
      const pending = payment.refundPending - refund.amount;
      if (status === 'SUCCESS') {
        const refunded = payment.refunded + refund.amount;
        const paymentStatus = pending > 0 ? 'refunding' : refunded >= payment.amount ? 'refunded' : 'partially_refunded';
        await m.update(PaymentRefund, { id: refund.id }, { status: 'succeeded', refundId: result.refund_id ?? null, settledAt: now });
        await m.update(Payment, { id: payment.id }, { refunded, refundPending: pending, status: paymentStatus });
        Object.assign(payment, { refunded, refundPending: pending, status: paymentStatus });
        Object.assign(refund, { status: 'succeeded' });
        await this.notifications.notify(m, {
          patientId: payment.patientId,
          kind: 'refund_completed',
          params: { subject: payment.purpose, subjectId: payment.subjectId, amount: refund.amount },
          link: this.purposes.for(payment.purpose).link(payment.subjectId),
          dedupeKey: `refund:${refund.id}`,
        });
        for (const listener of this.purposes.moneyMoved) await listener(m, payment);
      } else {
        // CLOSED or ABNORMAL (e.g. the payer's card is gone): the money stays with us and staff must act.
        this.logger.error(`refund ${refund.outRefundNo} of ${payment.outTradeNo} ended ${status}; needs staff follow-up`);
        const paymentStatus = pending > 0 ? 'refunding' : payment.refunded > 0 ? 'partially_refunded' : 'paid';
        await m.update(PaymentRefund, { id: refund.id }, { status: status === 'CLOSED' ? 'closed' : 'abnormal', settledAt: now });
        await m.update(Payment, { id: payment.id }, { refundPending: pending, status: paymentStatus });
        Object.assign(payment, { refundPending: pending, status: paymentStatus });
        Object.assign(refund, { status: status === 'CLOSED' ? 'closed' : 'abnormal' });
      }
      await this.purposes.for(payment.purpose).onRefundSettled(m, payment, refund);
    });
  }

  /** Records (order, event) under the payment's lock; false if it was applied before. */
  private async recordEvent(
    m: EntityManager,
    paymentId: string,
    eventKey: string,
    eventType: string,
    source: 'notification' | 'query',
    notificationId: string | null,
  ): Promise<boolean> {
    if (await m.getRepository(PaymentEvent).existsBy({ eventKey })) return false;
    await m.insert(PaymentEvent, m.getRepository(PaymentEvent).create({ paymentId, eventKey, eventType, source, notificationId }));
    return true;
  }

  // ---------------------------------------------------------------- refunds

  /**
   * Decides a refund of up to `amount` fen inside the caller's transaction (the payment must be locked or freshly
   * read in it): never more than what was paid and not yet refunded or being refunded. An unpaid order is closed
   * instead (if it gets paid anyway, the purpose is asked again and the money goes back). Returns the refund.
   */
  async refund(m: EntityManager, payment: Payment, amount: number, reason: string): Promise<PaymentRefund | null> {
    const current = await lockRow(m, Payment, payment.id);
    if (!current) return null;
    if (current.status === 'pending') {
      await this.jobs.enqueue(m, 'payments.query', { paymentId: current.id, closeIfUnpaid: true }, { idempotencyKey: `payments.close:${current.id}` });
      return null;
    }
    const refundable = current.amount - current.refunded - current.refundPending;
    const value = Math.min(Math.floor(amount), refundable);
    if (value <= 0 || !['paid', 'partially_refunded', 'refunding'].includes(current.status)) return null;
    const count = await m.getRepository(PaymentRefund).countBy({ paymentId: current.id });
    const refund = m.getRepository(PaymentRefund).create({
      paymentId: current.id,
      outRefundNo: `${current.outTradeNo}R${count + 1}`,
      amount: value,
      reason: reason.slice(0, 80),
      status: 'requested',
    });
    await m.insert(PaymentRefund, refund);
    await m.update(Payment, { id: current.id }, { refundPending: current.refundPending + value, status: 'refunding' });
    Object.assign(payment, { refundPending: current.refundPending + value, status: 'refunding' });
    await this.jobs.enqueue(m, 'payments.refund', { refundId: refund.id }, { idempotencyKey: `payments.refund:${refund.id}`, maxAttempts: 12 });
    return refund;
  }

  /** The job: ask WeChat Pay for the refund (same out_refund_no on every try) and follow it until it ends. */
  async refundJob(refundId: string): Promise<void> {
    const refund = await this.dataSource.getRepository(PaymentRefund).findOneBy({ id: refundId });
    if (!refund || !['requested', 'processing'].includes(refund.status)) return;
    const payment = await this.dataSource.getRepository(Payment).findOneByOrFail({ id: refund.paymentId });
    let answer: WechatRefund | null;
    try {
      answer =
        refund.status === 'requested'
          ? await this.wechatPay.refund({
              outTradeNo: payment.outTradeNo,
              outRefundNo: refund.outRefundNo,
              refund: refund.amount,
              total: payment.amount,
              reason: refund.reason,
              notifyUrl: this.refundNotifyUrl(),
            })
          : await this.wechatPay.queryRefund(refund.outRefundNo);
    } catch (error) {
      if (error instanceof WechatPayError) await this.tx.run((m) => m.update(PaymentRefund, { id: refund.id }, { lastError: error.message.slice(0, 255) }));
      throw error; // retried with backoff; the same out_refund_no keeps it one refund
    }
    if (!answer) {
      // WeChat Pay does not know it (asked before it was created?): ask for it again with the same number.
      await this.tx.run((m) => m.update(PaymentRefund, { id: refund.id }, { status: 'requested' }));
      throw new Error(`refund ${refund.outRefundNo} unknown to WeChat Pay; asking again`);
    }
    const status = answer.status ?? answer.refund_status;
    if (status === 'PROCESSING') {
      await this.tx.run(async (m) => {
        await m.update(PaymentRefund, { id: refund.id, status: 'requested' }, { status: 'processing', refundId: answer.refund_id ?? null });
        await this.jobs.enqueue(
          m,
          'payments.refund',
          { refundId: refund.id },
          {
            runAt: new Date(this.clock.now().getTime() + REFUND_FOLLOW_UP_MS),
            idempotencyKey: `payments.refund:${refund.id}:${this.clock.now().getTime()}`,
            maxAttempts: 12,
          },
        );
      });
      return;
    }
    await this.applyRefund({ ...answer, out_trade_no: answer.out_trade_no ?? payment.outTradeNo }, 'query', null);
  }

  private refundNotifyUrl(): string | null {
    try {
      return this.notifyUrl();
    } catch {
      return null; // a worker without HTTP: the refund job follows the refund by querying instead
    }
  }

  // ---------------------------------------------------------------- queries

  /** Asks WeChat Pay about the order and applies it if paid; answers whether it was. */
  private async settleFromQuery(payment: Payment): Promise<{ paid: boolean; transaction: WechatTransaction | null }> {
    const transaction = await this.wechatPay.query(payment.outTradeNo);
    const paid = transaction?.trade_state === 'SUCCESS' || transaction?.trade_state === 'REFUND';
    if (paid) await this.applyTransaction(transaction, 'query', null);
    return { paid, transaction };
  }

  /**
   * The job: an order with no notification yet is asked about every minute while it can be paid; paid → applied
   * as a notification would be; past its expiry (or when its purpose no longer wants it) → closed, so it can
   * no longer be paid.
   */
  async queryJob(paymentId: string, closeIfUnpaid: boolean): Promise<void> {
    const payment = await this.dataSource.getRepository(Payment).findOneBy({ id: paymentId });
    if (!payment || payment.status !== 'pending') return;
    const { paid, transaction } = await this.settleFromQuery(payment);
    if (paid) return;
    const now = this.clock.now().getTime();
    const over = now >= payment.expiresAt.getTime() + QUERY_GRACE_MS;
    if (
      transaction?.trade_state === 'CLOSED' ||
      transaction?.trade_state === 'REVOKED' ||
      ((closeIfUnpaid || over) && transaction?.trade_state !== 'USERPAYING')
    ) {
      if (transaction && transaction.trade_state !== 'CLOSED' && transaction.trade_state !== 'REVOKED') {
        try {
          await this.wechatPay.close(payment.outTradeNo);
        } catch (error) {
          if (error instanceof WechatPayError && error.code === 'ORDERPAID') {
            await this.settleFromQuery(payment);
            return;
          }
          throw error;
        }
      }
      await this.tx.run((m) => m.update(Payment, { id: payment.id, status: 'pending' }, { status: 'closed' }));
      return;
    }
    await this.tx.run((m) =>
      this.jobs.enqueue(
        m,
        'payments.query',
        { paymentId: payment.id, closeIfUnpaid },
        {
          runAt: new Date(Math.min(now + QUERY_EVERY_MS, payment.expiresAt.getTime() + QUERY_GRACE_MS)),
          idempotencyKey: `payments.query:${payment.id}:${now}`,
        },
      ),
    );
  }
}
