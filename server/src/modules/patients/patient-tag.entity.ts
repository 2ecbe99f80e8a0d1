import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn, newId } from '../../common/database/columns.js';

/** A label staff put on a patient (a code such as `diabetes`, language-neutral), used by segments. */
@Entity('patient_tags')
@Index('uq_patient_tags_patient_tag', ['patientId', 'tag'], { unique: true })
@Index('ix_patient_tags_tag_patient', ['tag', 'patientId'])
export class PatientTag {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  /** Lower-case letters, digits, `-` and `_`, at most 32. */
  @Column({ type: 'varchar', length: 32 }) tag: string;

  @CreatedAtColumn() createdAt: Date;
}
