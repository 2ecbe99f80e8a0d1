import type { EncounterClass, VisitKind } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, RefColumn, newId } from '../../common/database/columns.js';

/**
 * An encounter: a completed appointment (or, later, a record from the HIS). First visit or return is decided per
 * department when it is written. Visits drive analytics, tiers, surveys, follow-ups and the online follow-up gate.
 */
@Entity('visits')
@Index('uq_visits_appointment', ['appointmentId'], { unique: true })
// Also covers the value model's grouped read (`VisitsReader.valueFacts…`: date, booked or not, spend), so a walk over
// all patients reads this index alone, without a primary-key lookup per visit (docs/benchmarks.md, membership recompute).
@Index('ix_visits_patient_department', ['patientId', 'departmentId', 'date', 'appointmentId', 'amountSpent'])
@Index('ix_visits_department_date', ['departmentId', 'date'])
@Index('ix_visits_department_patient', ['departmentId', 'patientId'])
@Index('uq_visits_external', ['externalRef'], { unique: true })
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

  /** How it came: a completed appointment, the HIS, or staff recording a discharge or an outside visit. */
  @CodeColumn(16) source: 'appointment' | 'his' | 'staff';

  /** A clinic visit, or an inpatient stay ending on `date` (a discharge). FHIR Encounter.class AMB / IMP. */
  @CodeColumn(12) encounterClass: EncounterClass = 'outpatient';

  /** The hospital's own number for the encounter (HIS or the discharge letter): recording it twice answers the first. */
  @Column({ type: 'varchar', length: 64, nullable: true }) externalRef: string | null = null;

  @CreatedAtColumn() createdAt: Date;
}
