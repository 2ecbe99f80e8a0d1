import { Inject, Injectable } from '@nestjs/common';
import { discountedFee, type PaymentSummary, type RequestPaymentParams } from '@yiban/shared';
import { DataSource, type EntityManager, In } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { fingerprint, Idempotency } from '../../common/idempotency/idempotency.service.js';
import { Clock } from '../../integrations/clock.js';
import { PatientsReader } from '../patients/index.js';
import { PaymentPurposes, type MoneyMovedListener, type PurposeDefinition } from './payment-purposes.js';
import type { PaymentRefund } from './payment-refund.entity.js';
import { Payment, type PaymentPurpose } from './payment.entity.js';
import { PaymentsService } from './payments.service.js';

export interface SaleRequest {
  /** The account buying (Idempotency-Key is per account). */
  accountId: string;
  idempotencyKey: string | undefined;
  /** The route and the request body: the same key with another body is refused (409). */
  request: string;
  body: unknown;
  purpose: PaymentPurpose;
  /** Writes the thing sold (and opens its payment through `open` when a fee is due), inside the sale's transaction. */
  create(m: EntityManager): Promise<string>;
  /** `create` always makes a new thing: it has a payment only if `create` opened one (none is read back otherwise). */
  createsNew?: boolean;
  /** A check that may refuse the sale without a transaction (after a replayed key is answered, before `create`). */
  before?: () => void;
}

export interface Sale {
  /** 201 the first time; a replayed key answers what the first call answered. */
  status: number;
  replayed: boolean;
  subjectId: string;
  /** wx.requestPayment parameters when a fee is due; null when nothing is due, or when WeChat Pay cannot be reached now (pay later). */
  payment: RequestPaymentParams | null;
}

/** Statuses after which nothing is due any more. */
const PAID = new Set<Payment['status']>(['paid', 'partially_refunded', 'refunding', 'refunded']);

/** When a hold that starts at `now` ends: `minutes` later, but never after `cap` (a visit cannot be paid after it starts). */
export function holdEnd(now: Date, minutes: number, cap?: Date): Date {
  const end = now.getTime() + minutes * 60_000;
  return new Date(cap ? Math.min(end, cap.getTime()) : end);
}

/**
 * The one checkout: anything sold (appointments, consultations, club events …) is a purpose registered here with its
 * hold time and what happens when it is paid, expires or is refunded. Selling modules call `open` inside their
 * transaction; controllers call `sell` (create → idempotency → payment parameters → "pay later" when WeChat Pay is
 * down) and `pay` (the parameters again).
 */
@Injectable()
export class Checkout {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PaymentsService) private readonly payments: PaymentsService,
    @Inject(PaymentPurposes) private readonly purposes: PaymentPurposes,
    @Inject(Idempotency) private readonly idempotency: Idempotency,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Transactions in which a payment was opened (a sale of a new thing reads its payment back only then). */
  private readonly openedIn = new WeakSet<EntityManager>();

  register(purpose: PaymentPurpose, definition: PurposeDefinition): void {
    this.purposes.register(purpose, definition);
  }

  /** A module that acts on money kept or refunded for a patient, whatever it paid for, listens here (in that transaction). */
  onMoneyMoved(listener: MoneyMovedListener): void {
    this.purposes.moneyMoved.push(listener);
  }

  /**
   * What each patient has paid and kept (fen, refunds taken off; payments that were never paid count nothing), for the
   * value model. One grouped read for a batch of patients.
   */
  async netSpend(patientIds: readonly string[], m?: EntityManager): Promise<Map<string, number>> {
    if (!patientIds.length) return new Map();
    return this.netSpendWhere('p.patientId IN (:...ids)', { ids: patientIds }, m);
  }

  /** `netSpend` of every patient whose id is from `first` to `last` (both included): one index range, for a walk in id order. */
  netSpendBetween(first: string, last: string, m?: EntityManager): Promise<Map<string, number>> {
    return this.netSpendWhere('p.patientId BETWEEN :first AND :last', { first, last }, m);
  }

  private async netSpendWhere(where: string, params: Record<string, unknown>, m?: EntityManager): Promise<Map<string, number>> {
    const rows = await (m ?? this.dataSource.manager)
      .getRepository(Payment)
      .createQueryBuilder('p')
      .select('p.patientId', 'patientId')
      .addSelect('SUM(p.amount - p.refunded)', 'net')
      .where(where, params)
      .andWhere('p.paidAt IS NOT NULL')
      .groupBy('p.patientId')
      .getRawMany<{ patientId: string; net: unknown }>();
    return new Map(rows.map((r) => [r.patientId, Math.max(0, Number(r.net ?? 0))]));
  }

  /** Whether payments can be taken at all (WeChat Pay configured). */
  get available(): boolean {
    return this.payments.available;
  }

  private discountOf: ((patientId: string, m: EntityManager) => Promise<number>) | null = null;

  /** Membership tells the checkout each patient's fee discount (percent) from their tier. */
  provideDiscounts(lookup: (patientId: string, m: EntityManager) => Promise<number>): void {
    this.discountOf = lookup;
  }

  /**
   * What a patient pays for a thing listed at `listFee`: their tier's discount applied (the one place it is). Selling
   * modules price with it before they `open` the payment, and keep the price they charged.
   */
  async price(m: EntityManager, patientId: string, listFee: number): Promise<{ fee: number; listFee: number; discountPercent: number }> {
    const percent = listFee > 0 && this.discountOf ? await this.discountOf(patientId, m) : 0;
    return { fee: discountedFee(listFee, percent), listFee, discountPercent: percent };
  }

  /** When a hold that starts now ends for this purpose; never after `cap` (e.g. the visit itself). */
  holdUntil(purpose: PaymentPurpose, cap?: Date): Date {
    return holdEnd(this.clock.now(), this.purposes.for(purpose).holdMinutes(), cap);
  }

  /**
   * Opens the payment for a thing being sold, in the caller's transaction: a WeChat Pay order (once per thing) for the
   * profile's WeChat account, payable until `payBefore` (default: the purpose's hold time).
   */
  async open(
    m: EntityManager,
    order: { purpose: PaymentPurpose; subjectId: string; patientId: string; accountId: string | null; amount: number; description: string; payBefore?: Date },
  ): Promise<Payment> {
    this.openedIn.add(m);
    const openid = order.accountId ? await this.patients.openid(order.accountId, m) : null;
    if (!openid || !order.accountId) throw new DomainError('PAYMENT_UNAVAILABLE');
    return this.payments.open(m, {
      purpose: order.purpose,
      subjectId: order.subjectId,
      patientId: order.patientId,
      accountId: order.accountId,
      openid,
      amount: order.amount,
      description: order.description,
      expiresAt: order.payBefore ?? this.holdUntil(order.purpose),
    });
  }

  /** Creates the thing sold once per Idempotency-Key, then hands back what the patient pays with (or null: pay later). */
  async sell(input: SaleRequest): Promise<Sale> {
    let opened = true;
    const result = await this.idempotency.run(
      input.accountId,
      input.idempotencyKey,
      fingerprint(input.request, input.body),
      async (m) => {
        const subjectId = await input.create(m);
        opened = !input.createsNew || this.openedIn.has(m);
        return { status: 201, body: { subjectId } };
      },
      input.before,
    );
    // A new thing for which no payment was opened (free) has nothing to pay.
    if (!result.replayed && !opened) return { status: result.status, replayed: false, subjectId: result.body.subjectId, payment: null };
    let payment: RequestPaymentParams | null = null;
    try {
      payment = await this.parameters(input.purpose, result.body.subjectId, false);
    } catch (error) {
      // The thing is held either way: when WeChat Pay cannot be reached now, the page offers 去支付 (the purpose's pay route).
      if (!(error instanceof DomainError && error.code === 'PAYMENT_UNAVAILABLE')) throw error;
    }
    return { status: result.status, replayed: result.replayed, subjectId: result.body.subjectId, payment };
  }

  /**
   * The wx.requestPayment parameters again (the same order every time); null when nothing is due any more (free, or
   * paid meanwhile: the caller shows where the thing stands); PAYMENT_NOT_PAYABLE when it waited for a payment that can
   * no longer be made (the hold ran out, the order was closed, the thing was cancelled).
   */
  async pay(purpose: PaymentPurpose, subjectId: string): Promise<RequestPaymentParams | null> {
    return this.parameters(purpose, subjectId, true);
  }

  private async parameters(purpose: PaymentPurpose, subjectId: string, strict: boolean): Promise<RequestPaymentParams | null> {
    const payment = await this.payments.forSubject(this.dataSource, purpose, subjectId);
    if (!payment || PAID.has(payment.status)) return null;
    const due = payment.status === 'pending' && payment.expiresAt > this.clock.now() && (await this.purposes.for(purpose).payable(subjectId));
    if (!due) {
      if (strict) throw new DomainError('PAYMENT_NOT_PAYABLE');
      return null;
    }
    return this.payments.requestPayment(payment);
  }

  // ---------------------------------------------------------------- for the selling modules

  paymentFor(m: EntityManager | null, purpose: PaymentPurpose, subjectId: string): Promise<Payment | null> {
    return this.payments.forSubject(m ?? this.dataSource, purpose, subjectId);
  }

  /** Payment summaries of many things sold, by subject id (one query). */
  async summaries(purpose: PaymentPurpose, subjectIds: string[]): Promise<Map<string, PaymentSummary>> {
    if (!subjectIds.length) return new Map();
    const rows = await this.dataSource.getRepository(Payment).findBy({ purpose, subjectId: In(subjectIds) });
    return new Map(rows.map((p) => [p.subjectId, this.payments.summary(p)!]));
  }

  summary(payment: Payment | null): PaymentSummary | null {
    return this.payments.summary(payment);
  }

  /** Gives money back inside the caller's transaction (never more than paid and not yet refunded); an unpaid order is closed instead. */
  refund(m: EntityManager, payment: Payment, amount: number, reason: string): Promise<PaymentRefund | null> {
    return this.payments.refund(m, payment, amount, reason);
  }
}
