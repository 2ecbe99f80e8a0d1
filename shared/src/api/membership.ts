import type { MemberTier } from '../enums.js';
import type { TierPolicy, ValueBreakdown } from '../membership.js';

/** A benefit a tier brings, as a code the app words (with its figure where it has one). */
export interface MemberBenefit {
  code: 'points_multiplier' | 'fee_discount' | 'reserved_slots' | 'health_butler' | 'club_events';
  /** points_multiplier: the factor; fee_discount: percent off. */
  value?: number;
}

/** `GET /api/v1/me/membership`: the acting profile's tier card. */
export interface MembershipView {
  tier: MemberTier;
  points: number;
  /** The tier above and how far the value is towards it (0–1); absent at the top. */
  nextTier?: MemberTier;
  progress?: number;
  benefits: MemberBenefit[];
  /** Set while an override stands (given by staff, until this date). */
  override: { tier: MemberTier; until: string } | null;
  /** Points expiring within 30 days, and when the first of them do. */
  expiringSoon: { points: number; on: string } | null;
  /** A platinum member's own health butler (a case manager), once assigned. */
  butler?: HealthButlerView | null;
}

export interface HealthButlerView {
  staffId: string;
  name: string;
  since: string;
}

/** `GET /api/v1/me/referral`: the acting profile's invitation code and what it brought. */
export interface ReferralView {
  code: string;
  /** Patients who entered the code. */
  invited: number;
  /** Of them, those who came for their first visit (each earned the points). */
  rewarded: number;
  pointsPerReferral: number;
  /** Whether this profile entered someone's code. */
  invitedBy: boolean;
  /** Whether it still may (no code entered and no visit yet). */
  mayEnterCode: boolean;
}

export interface PointsEntryView {
  id: string;
  delta: number;
  reason: string;
  balanceAfter: number;
  expiresAt: string | null;
  createdAt: string;
}

/** The policy as admins edit it, with the formula's constant shown. */
export interface MembershipPolicyView {
  policy: TierPolicy;
  /** Σ_{t=1..T} r^t / (1+d)^t for the current settings. */
  futureFactor: number;
  /** Percentile mode: the values the tiers started at in the last recompute. */
  cutoffs: TierPolicy['thresholds'] | null;
  updatedAt: string;
}

/** A staff view of one patient's membership: the value model's inputs and result, the tier and its history. */
export interface MemberDetailView {
  patientId: string;
  tier: MemberTier;
  computedTier: MemberTier;
  breakdown: ValueBreakdown;
  downgrade: { to: MemberTier; after: string } | null;
  override: { tier: MemberTier; until: string; reason: string | null } | null;
  points: number;
  history: { from: MemberTier; to: MemberTier; reason: string; at: string }[];
}

/** `POST /api/v1/membership/patients/{id}/override` (admins): a tier until a date, with a reason. */
export interface TierOverrideRequest {
  tier: MemberTier;
  until: string;
  reason: string;
}

export interface RecomputeView {
  id: string;
  status: 'running' | 'done' | 'failed';
  phase: 'values' | 'tiers';
  processed: number;
  /** Patient profiles the run walks (all of them, removed ones too), for a progress display; set by the routes. */
  total?: number;
  changed: number;
  startedAt: string;
  finishedAt: string | null;
}

/** Why points moved. */
export const POINTS_REASONS = ['visit', 'survey_answered', 'event_attended', 'referral', 'event_registration', 'benefit', 'expired', 'adjustment'] as const;
export type PointsReason = (typeof POINTS_REASONS)[number];
