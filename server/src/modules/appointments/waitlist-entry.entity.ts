import type { WaitlistStatus } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * A patient waiting for a place with a doctor on a day. When a place frees up it is held for the first in line
 * (`offered`, the slot's place kept) until `offerExpiresAt`; accepted → an appointment, else the next one's turn.
 * `activeKey` is `patientId:doctorId:date` while waiting or offered, so a patient queues once per doctor-day.
 */
@Entity('waitlist_entries')
@Index('uq_waitlist_active', ['activeKey'], { unique: true })
@Index('ix_waitlist_doctor_day', ['doctorId', 'date', 'status', 'createdAt'])
@Index('ix_waitlist_patient', ['patientId', 'createdAt'])
export class WaitlistEntry {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  @RefColumn() accountId: string;

  @RefColumn() doctorId: string;

  @RefColumn() departmentId: string;

  @Column({ type: 'varchar', length: 10 }) date: string;

  @CodeColumn(16) status: WaitlistStatus;

  @Column({ type: 'varchar', length: 80, nullable: true }) activeKey: string | null = null;

  @RefColumn({ nullable: true }) offeredSlotId: string | null = null;

  @InstantColumn({ nullable: true }) offerExpiresAt: Date | null = null;

  /** How many offers this entry has had (each offer's expiry job is keyed by it). */
  @Column({ type: 'int', default: 0 }) offers: number = 0;

  @RefColumn({ nullable: true }) appointmentId: string | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
