import type { Answer, QuestionnaireScores } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn, newId } from '../../common/database/columns.js';

/** A patient's answers to an invitation (one: unique per invitation) and their scores. */
@Entity('survey_responses')
@Index('uq_survey_responses_invitation', ['invitationId'], { unique: true })
@Index('ix_survey_responses_submitted', ['submittedAt'])
export class SurveyResponse {
  @IdColumn() id: string = newId();

  @RefColumn() invitationId: string;

  @RefColumn() patientId: string;

  @RefColumn() versionId: string;

  /** As answered: item ids and values (codes and numbers; free text as the patient wrote it). */
  @Column({ type: 'simple-json' }) answers: Answer[];

  @Column({ type: 'simple-json' }) scores: QuestionnaireScores;

  /** 0–10 when the template asks it (for NPS over a period). */
  @Column({ type: 'int', nullable: true }) nps: number | null = null;

  @Column({ type: 'int' }) topBox: number = 0;

  @Column({ type: 'int' }) middleBox: number = 0;

  @Column({ type: 'int' }) bottomBox: number = 0;

  @RefColumn({ nullable: true }) departmentId: string | null = null;

  @RefColumn({ nullable: true }) doctorId: string | null = null;

  @InstantColumn() submittedAt: Date;
}
