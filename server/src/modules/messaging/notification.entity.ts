import type { NotificationKind } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, newId } from '../../common/database/columns.js';

/**
 * One thing the hospital told a patient, as the 消息 list keeps it: a kind with language-neutral parameters
 * (rendered in the reader's language when read), the page it opens, and whether it was read. Written whether or
 * not a WeChat subscribe message also goes out.
 */
@Entity('notifications')
@Index('uq_notifications_dedupe', ['dedupeKey'], { unique: true })
@Index('ix_notifications_patient', ['patientId', 'visibleAt'])
@Index('ix_notifications_account_unread', ['accountId', 'readAt'])
export class Notification {
  @IdColumn() id: string = newId();

  @RefColumn() accountId: string;

  @RefColumn() patientId: string;

  @CodeColumn(32) kind: NotificationKind;

  @Column({ type: 'simple-json' }) params: Record<string, unknown>;

  /** The mini-program page it opens. */
  @Column({ type: 'varchar', length: 255, nullable: true }) link: string | null = null;

  /** One notification per cause; the WeChat delivery for it shares the key. */
  @Column({ type: 'varchar', length: 191 }) dedupeKey: string;

  /** When it appears in 消息 (a reminder appears when it is due). */
  @InstantColumn() visibleAt: Date;

  @InstantColumn({ nullable: true }) readAt: Date | null = null;

  /** Taken back before it appeared (a reminder for an appointment that was cancelled). */
  @InstantColumn({ nullable: true }) withdrawnAt: Date | null = null;

  @CreatedAtColumn() createdAt: Date;
}
