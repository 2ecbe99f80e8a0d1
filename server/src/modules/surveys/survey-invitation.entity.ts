import { SURVEY_TRIGGER_CODES } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, newId } from '../../common/database/columns.js';

/** What made an invitation: a staff member by hand, a step of a follow-up plan, or an event of the patient's care (a trigger). */
export const SURVEY_TRIGGERS = ['manual', 'followup', ...SURVEY_TRIGGER_CODES] as const;
export type SurveyTrigger = (typeof SURVEY_TRIGGERS)[number];

/**
 * An invitation of one patient to answer one version of a template. A trigger's invitation carries the event it came
 * from (`sourceKey`, e.g. the visit id): unique per (trigger, source), so an event replayed invites once. Pending
 * until answered; past `expiresAt` it reads as expired.
 */
@Entity('survey_invitations')
@Index('uq_survey_invitations_source', ['trigger', 'sourceKey'], { unique: true })
@Index('ix_survey_invitations_patient', ['patientId', 'createdAt'])
@Index('ix_survey_invitations_reminder', ['status', 'remindAt'])
export class SurveyInvitation {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  @RefColumn() templateId: string;

  @RefColumn() versionId: string;

  @CodeColumn(24) trigger: SurveyTrigger;

  /** The event it came from (null when sent by hand: each send by hand is its own invitation). */
  @Column({ type: 'varchar', length: 64, nullable: true }) sourceKey: string | null = null;

  /** The care it asks about (for reports by department and doctor), when known. */
  @RefColumn({ nullable: true }) departmentId: string | null = null;

  @RefColumn({ nullable: true }) doctorId: string | null = null;

  @CodeColumn(16) status: 'pending' | 'answered' = 'pending';

  @InstantColumn() expiresAt: Date;

  /** When the one reminder is due (null once sent, or when none is). */
  @InstantColumn({ nullable: true }) remindAt: Date | null = null;

  @InstantColumn({ nullable: true }) remindedAt: Date | null = null;

  @InstantColumn({ nullable: true }) answeredAt: Date | null = null;

  @RefColumn({ nullable: true }) sentByStaffId: string | null = null;

  @CreatedAtColumn() createdAt: Date;
}
