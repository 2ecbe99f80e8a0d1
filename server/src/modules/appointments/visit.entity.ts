import type { VisitKind } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, RefColumn, newId } from '../../common/database/columns.js';

/**
 * An encounter: a completed appointment (or, later, a record from the HIS). First visit or return is decided per
 * department when it is written. Visits drive analytics, tiers, surveys, follow-ups and the online follow-up gate.
 */
@Entity('visits')
@Index('uq_visits_appointment', ['appointmentId'], { unique: true })
@Index('ix_visits_patient_department', ['patientId', 'departmentId', 'date'])
@Index('ix_visits_department_date', ['departmentId', 'date'])
@Index('ix_visits_department_patient', ['departmentId', 'patientId'])
export class Visit {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  @RefColumn({ nullable: true }) appointmentId: string | null = null;

  @RefColumn() departmentId: string;

  @RefColumn({ nullable: true }) doctorId: string | null = null;

  /** Hospital-time date, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10 }) date: string;

  @CodeColumn(8) kind: VisitKind;

  /** Integer fen: what the patient paid for it and kept paid. */
  @Column({ type: 'int', default: 0 }) amountSpent: number = 0;

  @CodeColumn(16) source: 'appointment' | 'his';

  @CreatedAtColumn() createdAt: Date;
}
