import type { StaffRole } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

@Entity('staff_members')
@Index('uq_staff_members_username', ['username'], { unique: true })
export class StaffMember {
  @IdColumn() id: string = newId();

  @Column({ type: 'varchar', length: 64 }) username: string;

  /** argon2id, PHC string format. */
  @Column({ type: 'varchar', length: 255 }) passwordHash: string;

  @Column({ type: 'varchar', length: 64 }) displayName: string;

  @Column({ type: 'simple-array' }) roles: StaffRole[];

  @RefColumn({ nullable: true }) departmentId: string | null = null;

  /** Set for doctors: their public doctor profile. */
  @RefColumn({ nullable: true }) doctorId: string | null = null;

  @Column({ type: 'boolean', default: true }) active: boolean = true;

  @InstantColumn({ nullable: true }) lastLoginAt: Date | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
