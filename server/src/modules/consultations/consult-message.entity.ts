import type { ConsultMessageKind, ConsultMessageState, ConsultSide, ConsultSystemCode } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, newId } from '../../common/database/columns.js';

/** One line of a consultation. Kept for the retention period (medical chat: at least three years). */
@Entity('consult_messages')
@Index('uq_consult_messages_seq', ['consultationId', 'seq'], { unique: true })
@Index('uq_consult_messages_client', ['consultationId', 'clientId'], { unique: true })
@Index('idx_consult_messages_state', ['state'])
@Index('idx_consult_messages_media_trace', ['mediaTraceId'])
export class ConsultMessage {
  @IdColumn() id: string = newId();

  @RefColumn() consultationId: string;

  @Column({ type: 'int' }) seq: number;

  @CodeColumn(16) kind: ConsultMessageKind;

  @CodeColumn(16) side: ConsultSide;

  @RefColumn({ nullable: true }) authorStaffId: string | null = null;

  @RefColumn({ nullable: true }) authorPatientId: string | null = null;

  /** The words as written (patients' and staff's); null for a system line. */
  @Column({ type: 'text', nullable: true }) text: string | null = null;

  /** A line the service wrote (system or private note), as a code and parameters, rendered in each reader's language. */
  @CodeColumn(32, { nullable: true }) systemCode: ConsultSystemCode | null = null;

  @Column({ type: 'simple-json', nullable: true }) systemParams: Record<string, string | number | null> | null = null;

  /** Where the image is kept (the storage adapter's key). */
  @Column({ type: 'varchar', length: 128, nullable: true }) imageKey: string | null = null;

  @Column({ type: 'varchar', length: 32, nullable: true }) imageType: string | null = null;

  @Column({ type: 'int', nullable: true }) imageSize: number | null = null;

  @CodeColumn(16, { default: 'visible' }) state: ConsultMessageState = 'visible';

  /** WeChat content security's label when it held the message. */
  @Column({ type: 'int', nullable: true }) securityLabel: number | null = null;

  @Column({ type: 'varchar', length: 64, nullable: true }) clientId: string | null = null;

  /** WeChat's media check of a patient's picture: the trace id of the latest ask (its verdict event carries it). */
  @Column({ type: 'varchar', length: 64, nullable: true }) mediaTraceId: string | null = null;

  /** When that ask was answered: without a verdict for a while, the check is asked again. */
  @InstantColumn({ nullable: true }) mediaCheckAskedAt: Date | null = null;

  @RefColumn({ nullable: true }) reviewedByStaffId: string | null = null;

  @InstantColumn({ nullable: true }) reviewedAt: Date | null = null;

  @CreatedAtColumn() createdAt: Date;
}
