import type { AuditAction } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, newId } from '../database/columns.js';

/** Who on the staff looked at or changed which patient's data, when, why, and from where. Append-only. */
@Entity('audit_logs')
@Index('ix_audit_logs_patient_at', ['patientId', 'at'])
@Index('ix_audit_logs_actor_at', ['actorStaffId', 'at'])
export class AuditLog {
  @IdColumn() id: string = newId();

  @InstantColumn() at: Date;

  @RefColumn() actorStaffId: string;

  @Column({ type: 'varchar', length: 128 }) actorRoles: string;

  @CodeColumn(32) action: AuditAction;

  @RefColumn({ nullable: true }) patientId: string | null = null;

  /** What was read: `patient.profile`, `consultation.thread`, … */
  @Column({ type: 'varchar', length: 64 }) resource: string;

  @Column({ type: 'varchar', length: 64, nullable: true }) resourceId: string | null = null;

  @Column({ type: 'varchar', length: 255, nullable: true }) purpose: string | null = null;

  @Column({ type: 'varchar', length: 64, nullable: true }) requestId: string | null = null;

  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null = null;
}
