import type { SubscribeResult } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * The ledger of what a WeChat user allowed per template (subscriptions belong to the openid, not to a profile).
 * A one-time acceptance allows exactly one send; a long-term acceptance allows repeated sends.
 */
@Entity('subscription_grants')
@Index('uq_subscription_grants_account_template', ['accountId', 'templateId'], { unique: true })
export class SubscriptionGrant {
  @IdColumn() id: string = newId();

  @RefColumn() accountId: string;

  @Column({ type: 'varchar', length: 128 }) templateId: string;

  @Column({ type: 'int', default: 0 }) remaining: number = 0;

  @Column({ type: 'boolean', default: false }) longTerm: boolean = false;

  @CodeColumn(16, { nullable: true }) lastResult: SubscribeResult | null = null;

  @UpdatedAtColumn() updatedAt: Date;
}

/** Every popup answer, kept as it came (append-only). */
@Entity('subscription_events')
@Index('ix_subscription_events_account', ['accountId', 'at'])
export class SubscriptionEvent {
  @IdColumn() id: string = newId();

  @RefColumn() accountId: string;

  @Column({ type: 'varchar', length: 128 }) templateId: string;

  @CodeColumn(16) result: SubscribeResult;

  @InstantColumn() at: Date;
}
