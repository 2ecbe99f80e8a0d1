import { setTimeout as sleep } from 'node:timers/promises';

/** MariaDB/MySQL's answer when a transaction was chosen as a deadlock's victim, or waited too long for a lock. */
export function isLockConflict(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}

/**
 * Runs `work` (whole transactions) again after a deadlock or a lock wait timeout, up to `attempts` times with a short
 * random pause: InnoDB rolls the victim back whole, and MariaDB's documentation asks callers to try it again. Only for
 * work with no effect outside the database before its commit (background work: claims, recomputes, re-valuations).
 */
export async function retryOnLockConflict<T>(work: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isLockConflict(error)) throw error;
      await sleep(10 + Math.random() * 50 * attempt);
    }
  }
}
