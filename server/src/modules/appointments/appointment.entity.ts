import type { AppointmentCancelledBy, AppointmentStatus } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * A patient's place in a slot. `activeKey` is `patientId:slotId` while the appointment holds a place and NULL
 * after, so the unique index allows one active appointment per patient per slot and any number of old ones.
 */
@Entity('appointments')
@Index('uq_appointments_active', ['activeKey'], { unique: true })
@Index('ix_appointments_patient', ['patientId', 'createdAt'])
@Index('ix_appointments_slot', ['slotId', 'status'])
@Index('uq_appointments_check_in_code', ['checkInCode'], { unique: true })
@Index('ix_appointments_department_starts', ['departmentId', 'startsAt'])
@Index('uq_appointments_check_in_number', ['checkInDay', 'checkInNumber'], { unique: true })
@Index('uq_appointments_daily', ['dailyKey'], { unique: true })
export class Appointment {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  @RefColumn() accountId: string;

  @RefColumn() slotId: string;

  @RefColumn() doctorId: string;

  @RefColumn() departmentId: string;

  @InstantColumn() startsAt: Date;

  @InstantColumn() endsAt: Date;

  @CodeColumn(24) status: AppointmentStatus;

  /** Integer fen, copied from the slot when booked. */
  @Column({ type: 'int' }) fee: number;

  @Column({ type: 'varchar', length: 64, nullable: true }) activeKey: string | null = null;

  /** The hospital-time day the booking was made, for the daily limit. */
  @Column({ type: 'varchar', length: 10 }) bookedOn: string;

  /**
   * The daily limit, decided by the unique index: `patientId:bookedOn:n` with n from 1 to the limit, one per booking
   * of that day that counts (every one but those cancelled or let expire, which set it NULL). A booking past the limit
   * finds every n taken; two holds of one patient at once cannot both take the last one.
   */
  @Column({ type: 'varchar', length: 64, nullable: true }) dailyKey: string | null = null;

  @InstantColumn({ nullable: true }) holdExpiresAt: Date | null = null;

  /** Shown to the patient as a QR code; staff scan or type it at check-in. Random, unique, not guessable. */
  @Column({ type: 'varchar', length: 16, nullable: true }) checkInCode: string | null = null;

  /**
   * What the patient reads aloud at the desk: six digits, unique among the visits of `checkInDay` (the unique index
   * decides, a clash draws again), so the front desk finds today's visit by it alone. The QR carries `checkInCode`.
   */
  @Column({ type: 'varchar', length: 6, nullable: true }) checkInNumber: string | null = null;

  /** The hospital-time day of the visit the number belongs to (a move to another day draws a new number). */
  @Column({ type: 'varchar', length: 10, nullable: true }) checkInDay: string | null = null;

  /** Moves to another slot so far; reminder keys carry it so the new ones are not taken for the old. */
  @Column({ type: 'int', default: 0 }) rescheduleCount: number = 0;

  @InstantColumn({ nullable: true }) checkedInAt: Date | null = null;

  @InstantColumn({ nullable: true }) completedAt: Date | null = null;

  @InstantColumn({ nullable: true }) cancelledAt: Date | null = null;

  /** What the canceller wrote, as written; null when they gave no reason (the app words it by `cancelledBy`). */
  @Column({ type: 'varchar', length: 255, nullable: true }) cancelReason: string | null = null;

  @CodeColumn(16, { nullable: true }) cancelledBy: AppointmentCancelledBy | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
