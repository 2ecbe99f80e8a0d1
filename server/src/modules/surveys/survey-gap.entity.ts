import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, newId } from '../../common/database/columns.js';

/** One answered expectation/perception pair of a response, kept for reports by dimension, touchpoint, department, doctor and time. */
@Entity('survey_gaps')
@Index('ix_survey_gaps_submitted', ['submittedAt', 'dimension'])
@Index('ix_survey_gaps_response', ['responseId'])
export class SurveyGap {
  @IdColumn() id: string = newId();

  @RefColumn() responseId: string;

  @CodeColumn(32) dimension: string;

  @CodeColumn(16, { nullable: true }) touchpoint: string | null = null;

  @RefColumn({ nullable: true }) departmentId: string | null = null;

  @RefColumn({ nullable: true }) doctorId: string | null = null;

  @Column({ type: 'int' }) expectation: number;

  @Column({ type: 'int' }) perception: number;

  /** Perception − expectation. */
  @Column({ type: 'int' }) gap: number;

  @InstantColumn() submittedAt: Date;
}
