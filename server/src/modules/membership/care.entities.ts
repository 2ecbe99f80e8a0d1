import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, InstantColumn, RefColumn } from '../../common/database/columns.js';

/**
 * A platinum member's health butler (专属健康管家): the case manager who looks after them one to one. Assigned when
 * the patient reaches platinum (the case manager with the fewest members), released when the tier ends; while
 * assigned it is a care relationship in the access policy.
 */
@Entity('health_butlers')
@Index('ix_health_butlers_staff', ['staffId'])
export class HealthButler {
  @PrimaryColumn({ type: 'varchar', length: 26 }) patientId: string;

  @RefColumn() staffId: string;

  /** Null when the assignment was automatic. */
  @RefColumn({ nullable: true }) assignedByStaffId: string | null = null;

  @CreatedAtColumn() assignedAt: Date;
}

/** A patient's own invitation code (邀请码), made the first time they look for it. */
@Entity('referral_codes')
@Index('uq_referral_codes_code', ['code'], { unique: true })
export class ReferralCode {
  @PrimaryColumn({ type: 'varchar', length: 26 }) patientId: string;

  @Column({ type: 'varchar', length: 12 }) code: string;

  @CreatedAtColumn() createdAt: Date;
}

/** Who invited a new patient; the inviter earns points once, at the new patient's first visit. */
@Entity('referrals')
@Index('ix_referrals_referrer', ['referrerPatientId'])
export class Referral {
  @PrimaryColumn({ type: 'varchar', length: 26 }) referredPatientId: string;

  @RefColumn() referrerPatientId: string;

  @CreatedAtColumn() createdAt: Date;

  @InstantColumn({ nullable: true }) rewardedAt: Date | null = null;
}
