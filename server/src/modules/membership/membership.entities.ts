import type { MemberTier, TierPolicy } from '@yiban/shared';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/** The hospital's tier policy (one row, `default`): thresholds, value settings, grace, multipliers, discounts. */
@Entity('membership_policies')
export class MembershipPolicy {
  @PrimaryColumn({ type: 'varchar', length: 16 }) id: string = 'default';

  @Column({ type: 'simple-json' }) policy: TierPolicy;

  /** Percentile mode: the values each tier started at in the last full recompute. */
  @Column({ type: 'simple-json', nullable: true }) cutoffs: TierPolicy['thresholds'] | null = null;

  @RefColumn({ nullable: true }) updatedByStaffId: string | null = null;

  @UpdatedAtColumn() updatedAt: Date;
}

/**
 * One patient's membership: the value model's inputs and result (RFM and lifetime value), the tier in force (computed,
 * a downgrade waiting out its grace, or an override until a date) and the points balance (never negative; the ledger
 * holds every change). A patient without a row is lead with no points.
 */
@Entity('member_states')
@Index('ix_member_states_tier', ['tier'])
@Index('ix_member_states_value', ['value'])
export class MemberState {
  @PrimaryColumn({ type: 'varchar', length: 26 }) patientId: string;

  @Column({ type: 'varchar', length: 10, nullable: true }) firstVisitOn: string | null = null;

  @Column({ type: 'varchar', length: 10, nullable: true }) lastVisitOn: string | null = null;

  @Column({ type: 'int', default: 0 }) visits: number = 0;

  /** Fen kept (payments net of refunds, and spend recorded with visits outside the booking flow). */
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: unknown) => Number(v) } }) netSpend: number = 0;

  /** Fen: past margin plus the lifetime-value estimate. */
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: unknown) => Number(v) } }) value: number = 0;

  @CodeColumn(12) computedTier: MemberTier = 'lead';

  @CodeColumn(12) tier: MemberTier = 'lead';

  @InstantColumn({ nullable: true }) tierSince: Date | null = null;

  @CodeColumn(12, { nullable: true }) downgradeTo: MemberTier | null = null;

  @InstantColumn({ nullable: true }) downgradeAfter: Date | null = null;

  @CodeColumn(12, { nullable: true }) overrideTier: MemberTier | null = null;

  @InstantColumn({ nullable: true }) overrideUntil: Date | null = null;

  @Column({ type: 'varchar', length: 200, nullable: true }) overrideReason: string | null = null;

  @RefColumn({ nullable: true }) overrideByStaffId: string | null = null;

  @Column({ type: 'int', default: 0 }) points: number = 0;

  @InstantColumn({ nullable: true }) computedAt: Date | null = null;
}

/** Every change of a patient's tier, and why (upgrade, downgrade, override, override_expired). */
@Entity('tier_changes')
@Index('ix_tier_changes_patient', ['patientId', 'at'])
@Index('ix_tier_changes_at', ['at'])
export class TierChange {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  @CodeColumn(12) fromTier: MemberTier;

  @CodeColumn(12) toTier: MemberTier;

  @CodeColumn(20) reason: 'upgrade' | 'downgrade' | 'override' | 'override_expired';

  @RefColumn({ nullable: true }) byStaffId: string | null = null;

  @InstantColumn() at: Date;
}

/**
 * The points ledger: each entry once per source event (`sourceKey` unique), with its reason code; earned points
 * expire (`expiresAt`; what is left of them in `remaining`, spent oldest first).
 */
@Entity('points_entries')
@Index('uq_points_entries_source', ['sourceKey'], { unique: true })
@Index('ix_points_entries_patient', ['patientId', 'createdAt'])
@Index('ix_points_entries_expiry', ['expiresAt', 'remaining'])
export class PointsEntry {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  @Column({ type: 'int' }) delta: number;

  @CodeColumn(24) reason: string;

  @Column({ type: 'varchar', length: 80 }) sourceKey: string;

  @InstantColumn({ nullable: true }) expiresAt: Date | null = null;

  /** Of an earning: the points not yet spent or expired. */
  @Column({ type: 'int', default: 0 }) remaining: number = 0;

  @Column({ type: 'int' }) balanceAfter: number;

  @CreatedAtColumn() createdAt: Date;
}

/** A recompute of every patient: streamed in id order, resumable from `cursor` after a kill. */
@Entity('membership_recomputes')
export class MembershipRecompute {
  @IdColumn() id: string = newId();

  @CodeColumn(16) status: 'running' | 'done' | 'failed' = 'running';

  /** values (every patient's value), then tiers (percentile mode needs all values first). */
  @CodeColumn(12) phase: 'values' | 'tiers' = 'values';

  @Column({ type: 'varchar', length: 26, nullable: true }) cursor: string | null = null;

  @Column({ type: 'int', default: 0 }) processed: number = 0;

  @Column({ type: 'int', default: 0 }) changed: number = 0;

  @RefColumn({ nullable: true }) startedByStaffId: string | null = null;

  @CreatedAtColumn() startedAt: Date;

  @InstantColumn({ nullable: true }) finishedAt: Date | null = null;
}
