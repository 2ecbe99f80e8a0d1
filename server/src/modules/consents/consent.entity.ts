import type { ConsentKind } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, newId } from '../../common/database/columns.js';

/**
 * One consent decision. Append-only: a withdrawal is a new row with `granted = false`,
 * so the history of who agreed to which text, and when, is never lost.
 */
@Entity('patient_consents')
@Index('ix_patient_consents_patient_kind', ['patientId', 'kind', 'decidedAt'])
export class Consent {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  @CodeColumn(32) kind: ConsentKind;

  @Column({ type: 'varchar', length: 32 }) version: string;

  @Column({ type: 'boolean' }) granted: boolean;

  @InstantColumn() decidedAt: Date;

  /** The WeChat account that made the decision (self, or a family member acting for the patient). */
  @RefColumn({ nullable: true }) decidedByAccountId: string | null = null;

  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null = null;

  @Column({ type: 'varchar', length: 255, nullable: true }) userAgent: string | null = null;
}
