import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, InstantColumn, RefColumn, newId } from '../database/columns.js';

/**
 * A "break the glass" read: a clinical staff member opened a record outside their care, giving a reason.
 * It lets them read that patient's record until `expiresAt`; every grant is audited and listed for admins.
 */
@Entity('break_glass_grants')
@Index('ix_break_glass_staff_patient', ['staffId', 'patientId', 'expiresAt'])
@Index('ix_break_glass_created', ['createdAt'])
export class BreakGlassGrant {
  @IdColumn() id: string = newId();

  @RefColumn() staffId: string;

  @RefColumn() patientId: string;

  @Column({ type: 'varchar', length: 500 }) reason: string;

  @InstantColumn() expiresAt: Date;

  @CreatedAtColumn() createdAt: Date;
}
