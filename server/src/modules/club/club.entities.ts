import type { ClubEventKind, ClubEventStatus, ClubRegistrationStatus, MemberTier } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * A VIP club event. `taken` counts seats held (registered, awaiting payment, offered, attended) and only ever changes
 * under the event's row lock, so a full event never oversells; `waitSeq` numbers the waitlist in arrival order.
 */
@Entity('club_events')
@Index('ix_club_events_status_starts', ['status', 'startsAt'])
export class ClubEvent {
  @IdColumn() id: string = newId();

  @Column({ type: 'varchar', length: 100 }) title: string;

  @Column({ type: 'varchar', length: 160, nullable: true }) titleEn: string | null = null;

  @CodeColumn(16) kind: ClubEventKind;

  @Column({ type: 'text', nullable: true }) description: string | null = null;

  /** The description for English readers (none: they read the Chinese). */
  @Column({ type: 'text', nullable: true }) descriptionEn: string | null = null;

  @InstantColumn() startsAt: Date;

  @InstantColumn() endsAt: Date;

  @Column({ type: 'varchar', length: 120, nullable: true }) venue: string | null = null;

  @Column({ type: 'varchar', length: 160, nullable: true }) venueEn: string | null = null;

  @Column({ type: 'boolean', default: false }) online: boolean = false;

  @Column({ type: 'int' }) capacity: number;

  /** Tier codes, comma-separated; empty: everyone. */
  @Column({ type: 'varchar', length: 64, default: '' }) eligibleTiers: string = '';

  /** Fen. */
  @Column({ type: 'int', default: 0 }) fee: number = 0;

  @Column({ type: 'int', default: 0 }) pointsCost: number = 0;

  @InstantColumn({ nullable: true }) registrationOpensAt: Date | null = null;

  @InstantColumn() registrationClosesAt: Date;

  @CodeColumn(12) status: ClubEventStatus = 'draft';

  @Column({ type: 'int', default: 0 }) taken: number = 0;

  @Column({ type: 'int', default: 0 }) waitSeq: number = 0;

  @RefColumn() createdByStaffId: string;

  @InstantColumn({ nullable: true }) publishedAt: Date | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;

  get tiers(): MemberTier[] {
    return this.eligibleTiers ? (this.eligibleTiers.split(',') as MemberTier[]) : [];
  }
}

/**
 * A patient's registration for an event. `activeKey` (event:patient) is set while it is not cancelled or expired, so a
 * profile registers once per event; `position` is its place on the waitlist; `checkInCode` is what the QR code carries.
 */
@Entity('club_registrations')
@Index('uq_club_registrations_active', ['activeKey'], { unique: true })
@Index('uq_club_registrations_code', ['checkInCode'], { unique: true })
@Index('ix_club_registrations_event', ['eventId', 'status', 'position'])
@Index('ix_club_registrations_patient', ['patientId', 'createdAt'])
export class ClubRegistration {
  @IdColumn() id: string = newId();

  @RefColumn() eventId: string;

  @RefColumn() patientId: string;

  /** The WeChat account that registered (pays, is told). */
  @RefColumn({ nullable: true }) accountId: string | null = null;

  @CodeColumn(16) status: ClubRegistrationStatus;

  @Column({ type: 'varchar', length: 60, nullable: true }) activeKey: string | null = null;

  @Column({ type: 'int', nullable: true }) position: number | null = null;

  @Column({ type: 'varchar', length: 16 }) checkInCode: string;

  /** The fee and points as they stood when the seat was taken. */
  @Column({ type: 'int', default: 0 }) fee: number = 0;

  @Column({ type: 'int', default: 0 }) pointsSpent: number = 0;

  @InstantColumn({ nullable: true }) payBefore: Date | null = null;

  @InstantColumn({ nullable: true }) offerExpiresAt: Date | null = null;

  @InstantColumn({ nullable: true }) checkedInAt: Date | null = null;

  @RefColumn({ nullable: true }) checkedInByStaffId: string | null = null;

  @InstantColumn({ nullable: true }) cancelledAt: Date | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
