import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';
import type { TemplatePurpose } from './default-templates.js';

/**
 * A questionnaire staff send (a satisfaction survey) or a follow-up plan uses: a stable key and the number of its
 * published version. The definitions are versions (`questionnaire_versions`): an answer points at the version it
 * answered, so editing a template never changes what an earlier answer meant.
 */
@Entity('questionnaire_templates')
@Index('uq_questionnaire_templates_key', ['key'], { unique: true })
export class QuestionnaireTemplate {
  @IdColumn() id: string = newId();

  /** `servqual`, `six_criteria`, `nps`, `post_op`, `chronic_disease`, or one staff chose: `[a-z][a-z0-9_]*`. */
  @Column({ type: 'varchar', length: 40 }) key: string;

  @CodeColumn(16) purpose: TemplatePurpose;

  /** The version invitations use now; 0 while none is published. */
  @Column({ type: 'int', default: 0 }) publishedVersion: number = 0;

  /** The newest version (a draft when above `publishedVersion`). */
  @Column({ type: 'int', default: 1 }) latestVersion: number = 1;

  /** Null for the templates the hospital starts with. */
  @RefColumn({ nullable: true }) createdByStaffId: string | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
