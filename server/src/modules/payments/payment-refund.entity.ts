import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

export type RefundStatus = 'requested' | 'processing' | 'succeeded' | 'closed' | 'abnormal';

/**
 * One refund of a payment. Created (with its out_refund_no) in the same transaction that decides it; a job asks
 * WeChat Pay for it, and retries always send the same out_refund_no, so a refund is never made twice.
 */
@Entity('payment_refunds')
@Index('uq_payment_refunds_out_refund_no', ['outRefundNo'], { unique: true })
@Index('ix_payment_refunds_payment', ['paymentId'])
export class PaymentRefund {
  @IdColumn() id: string = newId();

  @RefColumn() paymentId: string;

  @Column({ type: 'varchar', length: 64 }) outRefundNo: string;

  @Column({ type: 'int' }) amount: number;

  @Column({ type: 'varchar', length: 80 }) reason: string;

  @CodeColumn(16) status: RefundStatus;

  @Column({ type: 'varchar', length: 32, nullable: true }) refundId: string | null = null;

  /** The last definite refusal from WeChat Pay, for staff. */
  @Column({ type: 'varchar', length: 255, nullable: true }) lastError: string | null = null;

  @InstantColumn({ nullable: true }) settledAt: Date | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
