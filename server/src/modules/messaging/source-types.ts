import type { RecipientOutcome } from '@yiban/shared';

/** Why a source stopped on its own: WeChat's daily send limit (45009). */
export type SourceStopReason = 'daily_limit';

export type SourceStoppedHandler = (source: string, reason: SourceStopReason) => Promise<void>;

/** Told when a source has nothing queued, held or being sent any more (idempotent: it may be told twice). */
export type SourceDrainedHandler = (source: string) => Promise<void>;

/** Bulk mode of Notifications.notify: the rows belong to `source` (`campaign:<id>`) and are sent by its drain jobs. */
export interface BulkNotifyOptions {
  source: string;
}

/** What became of a source's deliveries (a campaign's stats without conversion). */
export interface SourceStats {
  /** Every delivery row of the source (one per recipient). */
  targeted: number;
  sent: number;
  /** Queued, held (paused) or being sent right now. */
  pending: number;
  /** reason → count (no_consent, opted_out, no_grant, frequency_cap, expired, withdrawn, cancelled …). */
  skipped: Record<string, number>;
  /** WeChat errcode (or `unknown` for an unknown outcome) → count. */
  failed: Record<string, number>;
  opened: number;
}

export interface SourceTimelinePoint {
  /** Bucket start, ISO. */
  at: string;
  sent: number;
  failed: number;
  opened: number;
}

/** One recipient as marketing may see them: contact state only (C adds the masked name). */
export interface SourceRecipient {
  patientId: string;
  status: RecipientOutcome;
  reason: string | null;
  errcode: number | null;
  sentAt: string | null;
  openedAt: string | null;
}

export interface SourceRecipientsQuery {
  status?: RecipientOutcome;
  /** Opaque (the last row's id). */
  cursor?: string;
  limit?: number;
}
