import type { AllergyCategory, AllergySeverity, GlucoseContext, HealthEntryKind, MeasurementKind } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * One allergy, condition or medication in a patient's health record (客户健康档案): language-neutral codes beside the
 * words the patient or staff entered. Columns that do not belong to the kind stay null.
 */
@Entity('health_record_entries')
@Index('ix_health_record_entries_patient', ['patientId', 'kind'])
export class HealthRecordEntry {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  @CodeColumn(16) kind: HealthEntryKind;

  /** The substance, the condition or the medicine, as entered. */
  @Column({ type: 'varchar', length: 100 }) name: string;

  /** Allergy: drug, food, environment, other. */
  @CodeColumn(16, { nullable: true }) category: AllergyCategory | null = null;

  @Column({ type: 'varchar', length: 200, nullable: true }) reaction: string | null = null;

  @CodeColumn(16, { nullable: true }) severity: AllergySeverity | null = null;

  /** Condition: ICD-10, when known. */
  @CodeColumn(16, { nullable: true }) icd10: string | null = null;

  /** Medication: the words on the box or the prescription. */
  @Column({ type: 'varchar', length: 60, nullable: true }) dose: string | null = null;

  @Column({ type: 'varchar', length: 60, nullable: true }) frequency: string | null = null;

  /** YYYY-MM-DD (a condition since, a medicine from–until). */
  @Column({ type: 'varchar', length: 10, nullable: true }) since: string | null = null;

  @Column({ type: 'varchar', length: 10, nullable: true }) until: string | null = null;

  @Column({ type: 'boolean', default: true }) active: boolean = true;

  @Column({ type: 'varchar', length: 500, nullable: true }) note: string | null = null;

  /** Null: the patient (or the family member acting for them) entered it. */
  @RefColumn({ nullable: true }) enteredByStaffId: string | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}

/**
 * One reading: blood pressure (mmHg), glucose (stored in tenths of a mmol/L, with when it was taken) or weight (stored
 * in tenths of a kg) — integers, like money in fen, so both databases keep exactly what was entered.
 */
@Entity('health_measurements')
@Index('ix_health_measurements_patient_kind_at', ['patientId', 'kind', 'measuredAt'])
@Index('ix_health_measurements_patient_at', ['patientId', 'measuredAt'])
export class HealthMeasurement {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  @CodeColumn(16) kind: MeasurementKind;

  @InstantColumn() measuredAt: Date;

  @Column({ type: 'int', nullable: true }) systolic: number | null = null;

  @Column({ type: 'int', nullable: true }) diastolic: number | null = null;

  @Column({ type: 'int', nullable: true }) glucoseTenths: number | null = null;

  @CodeColumn(16, { nullable: true }) glucoseContext: GlucoseContext | null = null;

  @Column({ type: 'int', nullable: true }) weightTenths: number | null = null;

  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null = null;

  @RefColumn({ nullable: true }) enteredByStaffId: string | null = null;

  @CreatedAtColumn() createdAt: Date;
}
