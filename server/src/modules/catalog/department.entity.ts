import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn, newId } from '../../common/database/columns.js';

/** A department: its texts in Chinese and, as the hospital enters them, in English (`…En`, '' when not yet). */
@Entity('departments')
@Index('uq_departments_code', ['code'], { unique: true })
export class Department {
  @IdColumn() id: string = newId();

  @Column({ type: 'varchar', length: 32 }) code: string;

  @Column({ type: 'varchar', length: 64 }) name: string;

  @Column({ type: 'varchar', length: 128 }) nameEn: string;

  @Column({ type: 'text' }) description: string;

  @Column({ type: 'text' }) descriptionEn: string;

  @Column({ type: 'varchar', length: 128 }) location: string;

  /** Where the department is, in English; '' until the hospital enters it (patients then read the Chinese, marked). */
  @Column({ type: 'varchar', length: 128, default: '' }) locationEn: string = '';

  @Column({ type: 'int', default: 0 }) sortOrder: number = 0;

  @Column({ type: 'boolean', default: true }) active: boolean = true;

  /** The staff member overdue consultations are escalated to. */
  @RefColumn({ nullable: true }) leadStaffId: string | null = null;

  @CreatedAtColumn() createdAt: Date;
}
