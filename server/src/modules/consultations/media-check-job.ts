import type { EntityManager } from 'typeorm';
import type { JobQueue } from '../../common/jobs/job-queue.js';

/**
 * The durable side of a patient picture's media check: `consultations.media-check` asks WeChat (again) when the ask
 * right after the upload failed or was never made, and, once asked, watches for the verdict (asking again when none
 * came, in case the push was lost). The handler is ConsultMediaChecks'.
 */
export const MEDIA_CHECK_JOB = 'consultations.media-check';

export interface MediaCheckJobPayload {
  messageId: string;
}

/** When the first retry runs if the ask right after the upload did not get through. */
export const MEDIA_CHECK_RETRY_MS = 30_000;
/** Tries before a picture WeChat cannot check goes to service staff (backoff 5 s … ≈ 45 minutes in all). */
export const MEDIA_CHECK_ATTEMPTS = 10;

export function enqueueMediaCheck(jobs: JobQueue, m: EntityManager, messageId: string, runAt: Date, round: string): Promise<void> {
  const payload: MediaCheckJobPayload = { messageId };
  return jobs.enqueue(
    m,
    MEDIA_CHECK_JOB,
    { ...payload },
    { runAt, idempotencyKey: `consult.media-check:${messageId}:${round}`, maxAttempts: MEDIA_CHECK_ATTEMPTS },
  );
}
