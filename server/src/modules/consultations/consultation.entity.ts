import type { ClosedBy, ConsultationKind, ConsultationStatus } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * One conversation between a patient profile and the hospital. Messages are numbered per consultation
 * (`lastSeq`, assigned under this row's lock) so a client that reconnects asks for everything after the last it saw.
 */
@Entity('consultations')
@Index('idx_consultations_patient', ['patientId', 'status'])
@Index('idx_consultations_department', ['departmentId', 'status'])
@Index('idx_consultations_assignee', ['assigneeStaffId', 'status'])
export class Consultation {
  @IdColumn() id: string = newId();

  @CodeColumn(24) kind: ConsultationKind;

  @CodeColumn(24) status: ConsultationStatus;

  @RefColumn() patientId: string;

  /** The WeChat account that manages the profile: the one that reads the chat and gets the notifications. */
  @RefColumn() accountId: string;

  @RefColumn() departmentId: string;

  /** The doctor the patient chose; null for the department's pool. */
  @RefColumn({ nullable: true }) doctorId: string | null = null;

  @RefColumn({ nullable: true }) assigneeStaffId: string | null = null;

  /** The first question, shortened (the patient's words); empty while that question is held for review. */
  @Column({ type: 'varchar', length: 120 }) subject: string;

  /** Integer fen. */
  @Column({ type: 'int', default: 0 }) fee: number = 0;

  @InstantColumn({ nullable: true }) payBefore: Date | null = null;

  @Column({ type: 'int', default: 0 }) lastSeq: number = 0;

  @InstantColumn() lastMessageAt: Date;

  /**
   * The last message both sides can see, for the list line: the words (text), nothing (image), or the system line as
   * JSON `{code, params}` (system) — rendered in the reader's language when read.
   */
  @Column({ type: 'varchar', length: 255, nullable: true }) lastPreview: string | null = null;

  @CodeColumn(16, { nullable: true }) lastPreviewKind: 'text' | 'image' | 'system' | null = null;

  /** The patient's latest message: one "医生已回复" notification per doctor answer to it. */
  @Column({ type: 'int', default: 0 }) lastPatientSeq: number = 0;

  @Column({ type: 'int', default: 0 }) patientReadSeq: number = 0;

  @Column({ type: 'int', default: 0 }) staffReadSeq: number = 0;

  @InstantColumn({ nullable: true }) firstResponseDueAt: Date | null = null;

  @InstantColumn({ nullable: true }) firstRespondedAt: Date | null = null;

  @InstantColumn({ nullable: true }) escalatedAt: Date | null = null;

  @InstantColumn({ nullable: true }) autoCloseAt: Date | null = null;

  @InstantColumn({ nullable: true }) closedAt: Date | null = null;

  @CodeColumn(16, { nullable: true }) closedBy: ClosedBy | null = null;

  @Column({ type: 'int', nullable: true }) ratingScore: number | null = null;

  @Column({ type: 'varchar', length: 500, nullable: true }) ratingComment: string | null = null;

  @InstantColumn({ nullable: true }) ratedAt: Date | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
