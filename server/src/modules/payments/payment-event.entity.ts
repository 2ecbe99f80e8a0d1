import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, RefColumn, newId } from '../../common/database/columns.js';

/**
 * Each (order, event) applied once: `eventKey` is `out_trade_no:TRANSACTION.SUCCESS` or
 * `out_refund_no:REFUND.SUCCESS`, unique, written under the payment's row lock together with its effect.
 * Duplicate notifications, and a query that learns what a notification already told, find it and stop.
 */
@Entity('payment_events')
@Index('uq_payment_events_key', ['eventKey'], { unique: true })
@Index('ix_payment_events_payment', ['paymentId'])
export class PaymentEvent {
  @IdColumn() id: string = newId();

  @RefColumn() paymentId: string;

  @Column({ type: 'varchar', length: 96 }) eventKey: string;

  @CodeColumn(32) eventType: string;

  /** Where it was learnt: a notification (its id) or a query. */
  @CodeColumn(16) source: 'notification' | 'query';

  @Column({ type: 'varchar', length: 64, nullable: true }) notificationId: string | null = null;

  @CreatedAtColumn() createdAt: Date;
}
