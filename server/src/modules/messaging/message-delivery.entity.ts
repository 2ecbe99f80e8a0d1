import type { MessageKind } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/** subscribe: a template message against the patient's grant; custom: a customer-service text (48 h after the patient wrote). */
export type DeliveryChannel = 'subscribe' | 'custom';

/** held: its source (a campaign) is paused — sent after resume, or cancelled. */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'skipped' | 'failed' | 'unknown' | 'held' | 'cancelled';
export type DeliveryReason =
  | 'withdrawn'
  | 'no_consent'
  | 'opted_out'
  | 'cancelled'
  | 'no_grant'
  | 'quiet_hours'
  | 'frequency_cap'
  | 'expired'
  | 'rate_limited'
  | 'daily_limit'
  | 'window_closed'
  | 'wechat_error'
  | 'unknown_outcome';

/**
 * One message to one patient: the queue and the record. Claimed (`sending`) before it leaves, so after a crash
 * we know it may have gone; its outcome — sent, skipped with a reason, failed with WeChat's errcode — is kept.
 */
@Entity('message_deliveries')
@Index('uq_message_deliveries_dedupe', ['dedupeKey'], { unique: true })
@Index('ix_message_deliveries_patient', ['patientId', 'createdAt'])
@Index('ix_message_deliveries_account_sent', ['accountId', 'status', 'sentAt'])
@Index('ix_message_deliveries_source', ['source', 'status', 'notBefore'])
export class MessageDelivery {
  @IdColumn() id: string = newId();

  @RefColumn() accountId: string;

  @RefColumn() patientId: string;

  @CodeColumn(32) messageKind: MessageKind;

  @CodeColumn(16, { default: 'subscribe' }) channel: DeliveryChannel = 'subscribe';

  @Column({ type: 'varchar', length: 128 }) templateId: string;

  @Column({ type: 'varchar', length: 255, nullable: true }) page: string | null = null;

  @Column({ type: 'simple-json' }) data: Record<string, { value: string }>;

  /** One delivery per cause: `appointment:<id>:day-before`, `campaign:<id>:<patient>` … */
  @Column({ type: 'varchar', length: 191 }) dedupeKey: string;

  /**
   * What sent it in bulk (`campaign:<id>`); null for a single notification. Bulk rows have no job each: the
   * source's drain jobs send them.
   */
  @Column({ type: 'varchar', length: 64, nullable: true }) source: string | null = null;

  @CodeColumn(16, { default: 'queued' }) status: DeliveryStatus = 'queued';

  @CodeColumn(32, { nullable: true }) reason: DeliveryReason | null = null;

  @Column({ type: 'int', nullable: true }) errcode: number | null = null;

  @Column({ type: 'int', default: 0 }) attempts: number = 0;

  /** The grant for this message was already used (a retry must not use another). */
  @Column({ type: 'boolean', default: false }) grantSpent: boolean = false;

  @InstantColumn() notBefore: Date;

  @InstantColumn({ nullable: true }) expiresAt: Date | null = null;

  @InstantColumn({ nullable: true }) sentAt: Date | null = null;

  /** The patient opened what it links to (a campaign's landing page). */
  @InstantColumn({ nullable: true }) openedAt: Date | null = null;

  @Column({ type: 'varchar', length: 32, nullable: true }) msgid: string | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
