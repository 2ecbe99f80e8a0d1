import type { FollowupPlanSource, FollowupPlanStatus } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * A patient on a template from a start date. `activeKey` (patient:template while active, null after) keeps one active
 * plan per patient and template, also when a visit and a member of staff enrol at the same moment; `sourceKey` (the
 * visit) keeps a replayed visit from enrolling twice.
 */
@Entity('followup_plans')
@Index('uq_followup_plans_active', ['activeKey'], { unique: true })
@Index('uq_followup_plans_source', ['templateId', 'sourceKey'], { unique: true })
@Index('ix_followup_plans_patient', ['patientId', 'createdAt'])
@Index('ix_followup_plans_case_manager', ['caseManagerStaffId', 'status'])
export class FollowupPlan {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  @RefColumn() templateId: string;

  @CodeColumn(16) status: FollowupPlanStatus = 'active';

  @Column({ type: 'varchar', length: 60, nullable: true }) activeKey: string | null = null;

  @CodeColumn(16) source: FollowupPlanSource;

  /** The visit that enrolled (null when staff enrolled). */
  @Column({ type: 'varchar', length: 64, nullable: true }) sourceKey: string | null = null;

  /** Hospital date of day 0. */
  @Column({ type: 'varchar', length: 10 }) startsOn: string;

  @RefColumn({ nullable: true }) departmentId: string | null = null;

  /** The treating doctor (catalog), told of red flags through their staff account. */
  @RefColumn({ nullable: true }) doctorId: string | null = null;

  /** The case manager who runs it; null: the case managers' pool. */
  @RefColumn({ nullable: true }) caseManagerStaffId: string | null = null;

  @RefColumn({ nullable: true }) enrolledByStaffId: string | null = null;

  @CodeColumn(32, { nullable: true }) stoppedReason: string | null = null;

  @InstantColumn({ nullable: true }) endedAt: Date | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
