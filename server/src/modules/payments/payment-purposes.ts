import { Injectable } from '@nestjs/common';
import type { Locale } from '@yiban/shared';
import type { EntityManager } from 'typeorm';
import type { PaymentRefund } from './payment-refund.entity.js';
import type { Payment, PaymentPurpose } from './payment.entity.js';

/**
 * What a module that sells something tells the checkout about it. Everything runs inside the payment's
 * transaction where a manager is given.
 */
export interface PurposeDefinition {
  /** Minutes a patient has to pay before the hold ends (the order's time_expire). */
  holdMinutes(): number;
  /** Whether the thing is still waiting for this payment (not cancelled or released meanwhile). */
  payable(subjectId: string): Promise<boolean>;
  /** Paid: keep the money, or give it back (e.g. the hold ended before the payment arrived). */
  onPaid(m: EntityManager, payment: Payment): Promise<{ keep: true } | { keep: false; reason: string }>;
  onRefundSettled(m: EntityManager, payment: Payment, refund: PaymentRefund): Promise<void>;
  /** The mini-program page about the thing (refund notices and 我的订单 link to it). */
  link(subjectId: string): string;
  /** What each thing is, in the reader's language, for 我的订单 (things that no longer exist are left out). */
  describe(subjectIds: string[], locale: Locale): Promise<Map<string, SubjectDescription>>;
}

/** A thing sold as the payer reads it: `挂号 · 心血管内科 · 张伟`, and its time or question. */
export interface SubjectDescription {
  title: string;
  detail: string | null;
}

/** Told in the transaction of money kept or given back for a patient (membership re-values them). */
export type MoneyMovedListener = (m: EntityManager, payment: Payment) => Promise<void>;

/** Purpose → definition; selling modules register theirs with the checkout when they start, so payments depends on none of them. */
@Injectable()
export class PaymentPurposes {
  private readonly definitions = new Map<PaymentPurpose, PurposeDefinition>();
  /** Modules that act on money moving whatever it paid for (membership's value model). */
  readonly moneyMoved: MoneyMovedListener[] = [];

  register(purpose: PaymentPurpose, definition: PurposeDefinition): void {
    if (this.definitions.has(purpose)) throw new Error(`payment purpose ${purpose} already registered`);
    this.definitions.set(purpose, definition);
  }

  /** The definition, or null for a purpose no module sells in this build (a list still shows its payments). */
  find(purpose: PaymentPurpose): PurposeDefinition | null {
    return this.definitions.get(purpose) ?? null;
  }

  for(purpose: PaymentPurpose): PurposeDefinition {
    const definition = this.definitions.get(purpose);
    if (!definition) throw new Error(`no definition for payment purpose ${purpose}`);
    return definition;
  }
}
