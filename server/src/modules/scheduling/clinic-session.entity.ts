import type { VisitType } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

export type SessionPeriod = 'morning' | 'afternoon' | 'evening';
export type SessionStatus = 'open' | 'stopped';

/** One doctor's clinic on one day and period (出诊): the slots hang off it; stopping it is a doctor's leave. */
@Entity('clinic_sessions')
@Index('uq_clinic_sessions_doctor_day', ['doctorId', 'date', 'period'], { unique: true })
@Index('ix_clinic_sessions_department_day', ['departmentId', 'date'])
export class ClinicSession {
  @IdColumn() id: string = newId();

  @RefColumn() doctorId: string;

  @RefColumn() departmentId: string;

  /** Local calendar date in the hospital's time zone. */
  @Column({ type: 'varchar', length: 10 }) date: string;

  @CodeColumn(16) period: SessionPeriod;

  @CodeColumn(16) visitType: VisitType;

  @CodeColumn(16, { default: 'open' }) status: SessionStatus = 'open';

  @Column({ type: 'varchar', length: 255, nullable: true }) stoppedReason: string | null = null;

  @RefColumn({ nullable: true }) createdByStaffId: string | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
