import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PaymentRefund } from './payment-refund.entity.js';
import type { Payment, PaymentPurpose } from './payment.entity.js';

/**
 * What the module that sells something does when its payment settles, inside the payment's transaction.
 * `onPaid` answers whether the money is kept or must go back (e.g. the hold ended before the payment arrived).
 */
export interface PaymentPurposeHandler {
  onPaid(m: EntityManager, payment: Payment): Promise<{ keep: true } | { keep: false; reason: string }>;
  onRefundSettled(m: EntityManager, payment: Payment, refund: PaymentRefund): Promise<void>;
}

/** Purpose → handler; modules register theirs in onModuleInit, so payments depends on none of them. */
@Injectable()
export class PaymentPurposes {
  private readonly handlers = new Map<PaymentPurpose, PaymentPurposeHandler>();

  register(purpose: PaymentPurpose, handler: PaymentPurposeHandler): void {
    if (this.handlers.has(purpose)) throw new Error(`payment purpose ${purpose} already has a handler`);
    this.handlers.set(purpose, handler);
  }

  for(purpose: PaymentPurpose): PaymentPurposeHandler {
    const handler = this.handlers.get(purpose);
    if (!handler) throw new Error(`no handler for payment purpose ${purpose}`);
    return handler;
  }
}
