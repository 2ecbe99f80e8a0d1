import { Injectable } from '@nestjs/common';
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
  /** The mini-program page about the thing (refund notices link to it). */
  link(subjectId: string): string;
}

/** Purpose → definition; selling modules register theirs with the checkout when they start, so payments depends on none of them. */
@Injectable()
export class PaymentPurposes {
  private readonly definitions = new Map<PaymentPurpose, PurposeDefinition>();

  register(purpose: PaymentPurpose, definition: PurposeDefinition): void {
    if (this.definitions.has(purpose)) throw new Error(`payment purpose ${purpose} already registered`);
    this.definitions.set(purpose, definition);
  }

  for(purpose: PaymentPurpose): PurposeDefinition {
    const definition = this.definitions.get(purpose);
    if (!definition) throw new Error(`no definition for payment purpose ${purpose}`);
    return definition;
  }
}
