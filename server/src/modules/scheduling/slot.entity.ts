import type { VisitType } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * A bookable time within a clinic session. `booked` never exceeds `capacity`: the rule lives in the
 * conditional UPDATE that holds a place (`… SET booked = booked + 1 WHERE booked < capacity`), since
 * MySQL/MariaDB CHECK constraints are not kept by TypeORM.
 */
@Entity('slots')
@Index('ix_slots_doctor_starts', ['doctorId', 'startsAt'])
@Index('ix_slots_session', ['sessionId', 'startsAt'])
export class Slot {
  @IdColumn() id: string = newId();

  @RefColumn() sessionId: string;

  @RefColumn() doctorId: string;

  @RefColumn() departmentId: string;

  @InstantColumn() startsAt: Date;

  @InstantColumn() endsAt: Date;

  @Column({ type: 'int' }) capacity: number;

  @Column({ type: 'int', default: 0 }) booked: number = 0;

  /** Integer fen. */
  @Column({ type: 'int' }) fee: number;

  @CodeColumn(16) visitType: VisitType;

  /** Only patients of this tier (or higher) may book it; null = everyone. Tiers arrive later. */
  @CodeColumn(16, { nullable: true }) reservedForTier: string | null = null;

  @CodeColumn(16, { default: 'open' }) status: 'open' | 'stopped' = 'open';

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
