import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn, newId } from '../../common/database/columns.js';

/** An ICD-10 code recorded for a visit (by the treating staff when they complete it, or from the HIS). Health data. */
@Entity('visit_diagnoses')
@Index('uq_visit_diagnoses_visit_code', ['visitId', 'code'], { unique: true })
@Index('ix_visit_diagnoses_code_patient', ['code', 'patientId'])
@Index('ix_visit_diagnoses_patient', ['patientId'])
export class VisitDiagnosis {
  @IdColumn() id: string = newId();

  @RefColumn() visitId: string;

  /** Denormalised from the visit, so segments find a diagnosis's patients through one index. */
  @RefColumn() patientId: string;

  /** ICD-10, upper case: a category (`E11`) or a subcategory (`E11.9`). */
  @Column({ type: 'varchar', length: 8 }) code: string;

  @CreatedAtColumn() createdAt: Date;
}
