import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/** Why a service issue was opened. */
export const SERVICE_ISSUE_SOURCES = ['low_score', 'detractor', 'complaint'] as const;
export type ServiceIssueSource = (typeof SERVICE_ISSUE_SOURCES)[number];

/**
 * Service recovery (服务补救): something went wrong for a patient — a low score, a detractor, a complaint they wrote —
 * and service staff must put it right within the SLA. One issue per cause (`sourceKey`, e.g. the survey response).
 */
@Entity('service_issues')
@Index('uq_service_issues_source', ['sourceKey'], { unique: true })
@Index('ix_service_issues_status_due', ['status', 'dueAt'])
@Index('ix_service_issues_patient', ['patientId'])
export class ServiceIssue {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  /** The primary reason (a complaint outranks a detractor, which outranks a low score); all reasons in `reasons`. */
  @CodeColumn(16) source: ServiceIssueSource;

  @Column({ type: 'simple-json' }) reasons: ServiceIssueSource[];

  @Column({ type: 'varchar', length: 80 }) sourceKey: string;

  /** The survey response that opened it, when one did. */
  @RefColumn({ nullable: true }) responseId: string | null = null;

  /** The care it concerns (for reports), when known. */
  @RefColumn({ nullable: true }) departmentId: string | null = null;

  @RefColumn({ nullable: true }) doctorId: string | null = null;

  @CodeColumn(16) status: 'open' | 'resolved' = 'open';

  @RefColumn({ nullable: true }) assignedStaffId: string | null = null;

  /** The SLA: resolved by then, or it is escalated. */
  @InstantColumn() dueAt: Date;

  @InstantColumn({ nullable: true }) escalatedAt: Date | null = null;

  /** What staff did, in their words; the patient reads it in 消息. */
  @Column({ type: 'varchar', length: 1000, nullable: true }) resolution: string | null = null;

  @InstantColumn({ nullable: true }) resolvedAt: Date | null = null;

  @RefColumn({ nullable: true }) resolvedByStaffId: string | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}

/** A note staff keep on an issue (a call made, what the patient said). */
@Entity('service_issue_notes')
@Index('ix_service_issue_notes_issue', ['issueId', 'createdAt'])
export class ServiceIssueNote {
  @IdColumn() id: string = newId();

  @RefColumn() issueId: string;

  @RefColumn() staffId: string;

  @Column({ type: 'varchar', length: 1000 }) text: string;

  @CreatedAtColumn() createdAt: Date;
}
