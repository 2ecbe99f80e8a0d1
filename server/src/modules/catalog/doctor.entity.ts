import type { DoctorTitle, VisitTypeFee } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, RefColumn, newId } from '../../common/database/columns.js';

/** A doctor's public profile, shown to patients when they choose whom to see. */
@Entity('doctors')
@Index('ix_doctors_department', ['departmentId', 'sortOrder'])
export class Doctor {
  @IdColumn() id: string = newId();

  @RefColumn() departmentId: string;

  @Column({ type: 'varchar', length: 64 }) name: string;

  /** The name in Latin letters; like every `…En` text, '' until the hospital enters it. */
  @Column({ type: 'varchar', length: 128 }) nameEn: string;

  @CodeColumn(32) title: DoctorTitle;

  @Column({ type: 'simple-json' }) specialties: string[];

  @Column({ type: 'simple-json' }) specialtiesEn: string[];

  @Column({ type: 'text' }) bio: string;

  @Column({ type: 'text' }) bioEn: string;

  @Column({ type: 'varchar', length: 255, nullable: true }) photoUrl: string | null = null;

  /** Fees per visit type, integer fen. */
  @Column({ type: 'simple-json' }) visitTypes: VisitTypeFee[];

  @Column({ type: 'int', default: 0 }) sortOrder: number = 0;

  @Column({ type: 'boolean', default: true }) active: boolean = true;

  @CreatedAtColumn() createdAt: Date;
}
