import type { FollowupMatch, FollowupStep } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/** A follow-up plan template for a condition or clinical pathway: its steps at day offsets and which visits enrol. */
@Entity('followup_templates')
@Index('uq_followup_templates_key', ['key'], { unique: true })
export class FollowupTemplate {
  @IdColumn() id: string = newId();

  @CodeColumn(40) key: string;

  /** The hospital's words (Chinese; English when entered). */
  @Column({ type: 'varchar', length: 80 }) name: string;

  @Column({ type: 'varchar', length: 80, nullable: true }) nameEn: string | null = null;

  @Column({ type: 'varchar', length: 500, nullable: true }) description: string | null = null;

  @Column({ type: 'varchar', length: 500, nullable: true }) descriptionEn: string | null = null;

  @Column({ type: 'simple-json' }) match: FollowupMatch;

  @Column({ type: 'simple-json' }) steps: FollowupStep[];

  @Column({ type: 'boolean', default: true }) active: boolean = true;

  @RefColumn({ nullable: true }) createdByStaffId: string | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
