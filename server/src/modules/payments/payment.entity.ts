import type { PaymentStatus } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/** What a payment pays for; each purpose's module decides what happens when it is paid or refunded. */
export type PaymentPurpose = 'appointment' | 'consultation' | 'event';

/**
 * One WeChat Pay order (out_trade_no) for one thing to pay. Amounts in integer fen; `refunded` counts refunds
 * that succeeded and `refundPending` those asked for and not settled, so `refunded + refundPending ≤ amount`
 * always holds (checked under the row lock before each refund is asked for).
 */
@Entity('payments')
@Index('uq_payments_out_trade_no', ['outTradeNo'], { unique: true })
@Index('uq_payments_subject', ['purpose', 'subjectId'], { unique: true })
@Index('ix_payments_status', ['status', 'createdAt'])
// Covers `Checkout.netSpend…` (paid, amount, refunded): a patient's payments summed from the index alone.
@Index('ix_payments_patient', ['patientId', 'paidAt', 'amount', 'refunded'])
export class Payment {
  @IdColumn() id: string = newId();

  /** 6–32 characters, unique per merchant: `YB` + the payment's id. */
  @Column({ type: 'varchar', length: 32 }) outTradeNo: string;

  @CodeColumn(24) purpose: PaymentPurpose;

  @RefColumn() subjectId: string;

  @RefColumn() patientId: string;

  @RefColumn() accountId: string;

  @Column({ type: 'varchar', length: 64 }) openid: string;

  @Column({ type: 'varchar', length: 127 }) description: string;

  @Column({ type: 'int' }) amount: number;

  @CodeColumn(24) status: PaymentStatus;

  @Column({ type: 'varchar', length: 64, nullable: true }) prepayId: string | null = null;

  /** WeChat Pay refuses payment after this (the order's time_expire). */
  @InstantColumn() expiresAt: Date;

  @Column({ type: 'varchar', length: 32, nullable: true }) transactionId: string | null = null;

  @InstantColumn({ nullable: true }) paidAt: Date | null = null;

  @Column({ type: 'int', default: 0 }) refunded: number = 0;

  @Column({ type: 'int', default: 0 }) refundPending: number = 0;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
