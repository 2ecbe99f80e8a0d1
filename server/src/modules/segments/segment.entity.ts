import type { SegmentRule } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/** A saved audience rule (marketing), with the count it had when last computed. */
@Entity('segments')
@Index('ix_segments_updated', ['updatedAt'])
export class Segment {
  @IdColumn() id: string = newId();

  @Column({ type: 'varchar', length: 64 }) name: string;

  @Column({ type: 'varchar', length: 500, nullable: true }) description: string | null = null;

  /** The validated rule, as JSON: field codes and values only (language-neutral). */
  @Column({ type: 'simple-json' }) rule: SegmentRule;

  @Column({ type: 'int', nullable: true }) lastCount: number | null = null;

  @InstantColumn({ nullable: true }) lastCountedAt: Date | null = null;

  @RefColumn() createdByStaffId: string;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
