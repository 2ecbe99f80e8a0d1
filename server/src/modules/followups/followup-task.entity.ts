import type { FollowupOutcome, FollowupStep, FollowupStepKind, FollowupTaskStatus } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * One step of a plan on its date, or a red-flag escalation (no step: a call at once, at the top of the workbench).
 * Who works it is copied from the plan (case manager, department, the doctor to tell) so the boxes are one query.
 */
@Entity('followup_tasks')
@Index('ix_followup_tasks_plan', ['planId', 'dueOn'])
@Index('ix_followup_tasks_box', ['status', 'dueOn'])
@Index('ix_followup_tasks_patient', ['patientId', 'status'])
@Index('uq_followup_tasks_step', ['planId', 'stepKey'], { unique: true })
export class FollowupTask {
  @IdColumn() id: string = newId();

  @RefColumn() planId: string;

  @RefColumn() patientId: string;

  /** `step:<index>` for a step; `flag:<invitation id>` for the escalation of an answer (one per answer). */
  @Column({ type: 'varchar', length: 40 }) stepKey: string;

  @Column({ type: 'int', nullable: true }) stepIndex: number | null = null;

  /** The step as the template had it at enrolment (editing a template later changes no plan already running). */
  @Column({ type: 'simple-json', nullable: true }) step: FollowupStep | null = null;

  @CodeColumn(16) kind: FollowupStepKind;

  /** Hospital date. */
  @Column({ type: 'varchar', length: 10 }) dueOn: string;

  @CodeColumn(16) status: FollowupTaskStatus = 'pending';

  @Column({ type: 'boolean', default: false }) escalated: boolean = false;

  /** The answers that crossed a red-flag threshold. */
  @Column({ type: 'simple-json', nullable: true }) escalation: { itemId: string; text: string; textEn?: string; value: string; unit?: string }[] | null = null;

  @RefColumn({ nullable: true }) caseManagerStaffId: string | null = null;

  @RefColumn({ nullable: true }) departmentId: string | null = null;

  /** The treating doctor's staff account, told of an escalation. */
  @RefColumn({ nullable: true }) doctorStaffId: string | null = null;

  @CodeColumn(24, { nullable: true }) outcome: FollowupOutcome | null = null;

  @Column({ type: 'varchar', length: 1000, nullable: true }) note: string | null = null;

  @Column({ type: 'int', default: 0 }) attempts: number = 0;

  @RefColumn({ nullable: true }) invitationId: string | null = null;

  @InstantColumn({ nullable: true }) completedAt: Date | null = null;

  @RefColumn({ nullable: true }) completedByStaffId: string | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
