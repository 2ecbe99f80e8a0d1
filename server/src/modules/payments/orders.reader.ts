import { Inject, Injectable } from '@nestjs/common';
import type { Locale, OrderRefundState, OrderState, OrderView, Page } from '@yiban/shared';
import { DataSource, In } from 'typeorm';
import { newestFirst } from '../../common/database/paging.js';
import { Clock } from '../../integrations/clock.js';
import { PatientsReader } from '../patients/index.js';
import { PaymentPurposes, type SubjectDescription } from './payment-purposes.js';
import { PaymentRefund, type RefundStatus } from './payment-refund.entity.js';
import { Payment, type PaymentPurpose } from './payment.entity.js';

const REFUND_STATES: Record<RefundStatus, OrderRefundState> = {
  requested: 'processing',
  processing: 'processing',
  succeeded: 'succeeded',
  // Closed or abnormal at WeChat Pay: the money did not come back this way (staff see `lastError` and settle it by hand).
  closed: 'failed',
  abnormal: 'failed',
};

/**
 * Where an order stands for the payer: a pending order that can no longer be paid (its time ran out, or the thing was
 * cancelled or released) is closed, whether or not the job has closed it at WeChat Pay yet.
 */
export function orderState(payment: Pick<Payment, 'status' | 'expiresAt'>, now: Date, payable: boolean): OrderState {
  if (payment.status === 'pending' && (payment.expiresAt <= now || !payable)) return 'closed';
  return payment.status;
}

/**
 * 我的订单: the account's payments, newest first, each with its refunds and what it paid for — described by the
 * module that sold it (its registered purpose), so payments knows no appointment or consultation.
 */
@Injectable()
export class OrdersReader {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PaymentPurposes) private readonly purposes: PaymentPurposes,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async page(accountId: string, locale: Locale, query: { limit?: number; cursor?: string }): Promise<Page<OrderView>> {
    const qb = this.dataSource.getRepository(Payment).createQueryBuilder('p').where('p.accountId = :accountId', { accountId });
    const page = await newestFirst(qb, 'p', { limit: query.limit ?? 20, cursor: query.cursor });
    return { items: await this.views(page.items, locale), nextCursor: page.nextCursor };
  }

  private async views(payments: Payment[], locale: Locale): Promise<OrderView[]> {
    if (!payments.length) return [];
    const purposes = [...new Set(payments.map((p) => p.purpose))];
    const now = this.clock.now();
    const [refunds, patients, described, stillPayable] = await Promise.all([
      this.dataSource.getRepository(PaymentRefund).find({ where: { paymentId: In(payments.map((p) => p.id)) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.patients.byIds(payments.map((p) => p.patientId)),
      Promise.all(purposes.map(async (purpose) => [purpose, await this.describe(purpose, payments, locale)] as const)),
      // Only orders still waiting (a few at most) ask their module whether the thing still waits for the money.
      Promise.all(
        payments
          .filter((p) => p.status === 'pending' && p.expiresAt > now)
          .map(async (p) => [p.id, (await this.purposes.find(p.purpose)?.payable(p.subjectId)) ?? false] as const),
      ),
    ]);
    const descriptions = new Map(described);
    const payable = new Map(stillPayable);
    return payments.map((p) => {
      const definition = this.purposes.find(p.purpose);
      const subject = descriptions.get(p.purpose)?.get(p.subjectId);
      return {
        id: p.id,
        outTradeNo: p.outTradeNo,
        purpose: p.purpose,
        subject: {
          id: p.subjectId,
          // The description the payer saw in WeChat Pay's bill when the thing is gone (or sold by no module of this build).
          title: subject?.title ?? p.description,
          detail: subject?.detail ?? null,
          link: definition?.link(p.subjectId) ?? '',
        },
        patientId: p.patientId,
        patientName: patients.get(p.patientId)?.name ?? null,
        state: orderState(p, now, payable.get(p.id) ?? false),
        amount: p.amount,
        refunded: p.refunded,
        refundPending: p.refundPending,
        payBefore: payable.get(p.id) ? p.expiresAt.toISOString() : null,
        paidAt: p.paidAt?.toISOString() ?? null,
        createdAt: p.createdAt.toISOString(),
        refunds: refunds
          .filter((r) => r.paymentId === p.id)
          .map((r) => ({
            id: r.id,
            amount: r.amount,
            state: REFUND_STATES[r.status],
            requestedAt: r.createdAt.toISOString(),
            settledAt: r.settledAt?.toISOString() ?? null,
          })),
      };
    });
  }

  private async describe(purpose: PaymentPurpose, payments: Payment[], locale: Locale): Promise<Map<string, SubjectDescription>> {
    const definition = this.purposes.find(purpose);
    if (!definition) return new Map();
    return definition.describe(
      payments.filter((p) => p.purpose === purpose).map((p) => p.subjectId),
      locale,
    );
  }
}
