import { Injectable } from '@nestjs/common';
import type { Job } from './job.entity.js';

/**
 * Every job kind and its payload. Capabilities add their kinds here as they arrive; the worker refuses to
 * start while a kind listed in JOB_KINDS has no handler.
 */
export interface JobPayloads {
  /** Housekeeping: forget expired and revoked sessions. */
  'auth.purge-sessions': Record<string, never>;
  /** Send (or skip, or defer) one message delivery. */
  'messaging.deliver': { deliveryId: string };
  /** Send a bulk source's queued deliveries (a campaign) in batches under the global send rate; a few lanes per source. */
  'messaging.drain': { source: string; lane: number };
  /** Give an unpaid appointment's place back when its hold runs out. */
  'appointments.release-hold': { appointmentId: string };
  /** Ask WeChat Pay about an unsettled order (a lost notification must not lose a payment); close it once unpaid and over. */
  'payments.query': { paymentId: string; closeIfUnpaid?: boolean };
  /** Ask WeChat Pay for a refund (same out_refund_no on every try), then follow it until it settles. */
  'payments.refund': { refundId: string };
  /** Mark a confirmed appointment a no-show once it ended without check-in. */
  'appointments.no-show': { appointmentId: string };
  /** A place freed up on a doctor's day: offer it to the next waitlisted patient. */
  'waitlist.offer-next': { doctorId: string; date: string };
  /** A waitlist offer ran out: give the place to the next patient. */
  'waitlist.offer-expired': { entryId: string };
  /** A consultation still unpaid when its time to pay ran out: cancel it and close its order. */
  'consultations.release-unpaid': { consultationId: string };
  /** A pool consultation nobody claimed: give it to the least busy doctor under the cap. */
  'consultations.auto-assign': { consultationId: string };
  /** The first-response target: still unanswered → overdue, escalated to the department lead. */
  'consultations.first-response-due': { consultationId: string };
  /** A consultation waiting for the patient with nothing new for the inactivity period: close it. */
  'consultations.auto-close': { consultationId: string };
  /** Daily: delete transcripts past the retention period. */
  'consultations.purge': Record<string, never>;
  /** A patient's picture: ask WeChat's media check (again), or ask again when no verdict came. */
  'consultations.media-check': { messageId: string };
  /** A scheduled health-education article whose publishAt has come: publish it (if still scheduled for then). */
  'content.publish': { articleId: string };
  /** Each minute: start the campaign runs that are due, finish campaigns whose sends have all gone. */
  'campaigns.tick': Record<string, never>;
  /** Write one campaign run's recipients in streamed batches (resumable from the last patient written). */
  'campaigns.materialise': { runId: string };
  /** A care event's survey invitation, after the trigger's delay (once per event, however often it runs). */
  'surveys.invite': {
    trigger: 'visit_completed' | 'discharge' | 'consultation_closed' | 'issue_resolved' | 'event_attended';
    sourceKey: string;
    patientId: string;
    departmentId: string | null;
    doctorId: string | null;
  };
  /** The one reminder of an invitation still pending. */
  'surveys.remind': { invitationId: string };
  /** A service issue's SLA has passed: escalate it if still open. */
  'service-issues.escalate': { issueId: string };
  /** A follow-up step's day: send its questionnaire, reminder, article or revisit suggestion. */
  'followups.step': { taskId: string };
  /** A full membership recompute: batches in id order from the run's cursor until done. */
  'membership.recompute': { runId: string };
  /** One patient's tier again (a downgrade's grace or an override has ended). */
  'membership.review': { patientId: string };
  /** Daily: earned points past their year lose what is left of them. */
  'membership.expire-points': Record<string, never>;
  /** A club registration's fee still unpaid when its time ran out: free the seat for the waitlist. */
  'club.release-unpaid': { registrationId: string };
  /** A seat offered from the waitlist not confirmed in time: offer it to the next. */
  'club.offer-expired': { registrationId: string };
  /** The day before a club event: remind those with a seat. */
  'club.remind': { registrationId: string };
}

export type JobKind = keyof JobPayloads;

export const JOB_KINDS: readonly JobKind[] = [
  'auth.purge-sessions',
  'messaging.deliver',
  'messaging.drain',
  'appointments.release-hold',
  'payments.query',
  'payments.refund',
  'appointments.no-show',
  'waitlist.offer-next',
  'waitlist.offer-expired',
  'consultations.release-unpaid',
  'consultations.auto-assign',
  'consultations.first-response-due',
  'consultations.auto-close',
  'consultations.purge',
  'consultations.media-check',
  'content.publish',
  'campaigns.tick',
  'campaigns.materialise',
  'surveys.invite',
  'surveys.remind',
  'service-issues.escalate',
  'followups.step',
  'membership.recompute',
  'membership.review',
  'membership.expire-points',
  'club.release-unpaid',
  'club.offer-expired',
  'club.remind',
];

export interface JobContext<P> {
  job: Job;
  payload: P;
  /** 1 on the first run. */
  attempt: number;
  /** Aborted when the worker shuts down: long handlers should stop and let the job be retried. */
  signal: AbortSignal;
}

export type JobHandler<P = unknown> = (ctx: JobContext<P>) => Promise<void>;

export class MissingJobHandlersError extends Error {
  constructor(readonly kinds: string[]) {
    super(`No handler registered for job kind(s): ${kinds.join(', ')}`);
    this.name = 'MissingJobHandlersError';
  }
}

export interface JobKindOptions {
  /**
   * At most this many jobs of the kind run at once in one worker process; the rest wait for another worker (or for
   * one here to finish). Spreads work that comes as several jobs at once (a campaign's drain lanes) over workers.
   */
  maxPerWorker?: number;
  /**
   * The kind's handlers gather the jobs started together into one batch of work (a batch of message deliveries):
   * a worker claiming one such job claims up to this many due jobs of the kind with it, and they take one handler
   * slot between them.
   */
  batch?: number;
}

/** Job kind → handler. Capabilities register in onModuleInit. */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly limits = new Map<string, number>();
  private readonly batches = new Map<string, number>();

  register<K extends JobKind>(kind: K, handler: JobHandler<JobPayloads[K]>, options?: JobKindOptions): void;
  register(kind: string, handler: JobHandler, options?: JobKindOptions): void;
  register(kind: string, handler: JobHandler, options: JobKindOptions = {}): void {
    if (this.handlers.has(kind)) throw new Error(`job kind ${kind} already has a handler`);
    this.handlers.set(kind, handler);
    if (options.maxPerWorker !== undefined) this.limits.set(kind, options.maxPerWorker);
    if (options.batch !== undefined) this.batches.set(kind, options.batch);
  }

  handlerFor(kind: string): JobHandler | undefined {
    return this.handlers.get(kind);
  }

  /** The kinds limited per worker, with their limits. */
  perWorkerLimits(): ReadonlyMap<string, number> {
    return this.limits;
  }

  /** The kinds whose jobs run in batches, with the most jobs in one. */
  batchSizes(): ReadonlyMap<string, number> {
    return this.batches;
  }

  /** Throws unless every declared kind has a handler. */
  assertComplete(kinds: readonly string[] = JOB_KINDS): void {
    const missing = kinds.filter((kind) => !this.handlers.has(kind));
    if (missing.length) throw new MissingJobHandlersError(missing);
  }
}
