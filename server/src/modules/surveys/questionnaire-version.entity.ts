import type { QuestionnaireDefinition } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, InstantColumn, RefColumn, newId } from '../../common/database/columns.js';

/** One version of a template's definition: a draft until published, then never changed. */
@Entity('questionnaire_versions')
@Index('uq_questionnaire_versions_template_version', ['templateId', 'version'], { unique: true })
export class QuestionnaireVersion {
  @IdColumn() id: string = newId();

  @RefColumn() templateId: string;

  @Column({ type: 'int' }) version: number;

  /** Items with their codes (dimension, touchpoint, pair, red flags) and the hospital's texts in both languages. */
  @Column({ type: 'simple-json' }) definition: QuestionnaireDefinition;

  @InstantColumn({ nullable: true }) publishedAt: Date | null = null;

  @RefColumn({ nullable: true }) publishedByStaffId: string | null = null;

  @CreatedAtColumn() createdAt: Date;
}
