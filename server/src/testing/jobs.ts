import { Clock } from '../integrations/clock.js';
import { JobQueue } from '../common/jobs/job-queue.js';
import { JobRegistry, type JobKind, type JobPayloads } from '../common/jobs/job-registry.js';
import { JobWorker } from '../common/jobs/job-worker.js';
import { Transactions } from '../common/database/transactions.js';
import { dataSourceOf, type TestServer } from './server.js';

/** More rounds than any test needs; a job that keeps making itself due again would otherwise spin for ever. */
const MAX_ROUNDS = 100;

/**
 * Runs every job that is due by the server's clock with the app's own handlers, in this process, until none is
 * left: each round claims a batch and waits for it, so jobs that the batch enqueues (due now) run in a later round.
 * Throws if jobs are still due after MAX_ROUNDS rounds.
 */
export async function runJobs(server: TestServer): Promise<void> {
  const { app } = server;
  const tx = app.get(Transactions);
  const worker = new JobWorker(dataSourceOf(server), (work) => tx.run(work), app.get(JobRegistry), app.get(Clock), { pollMs: 10 });
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const claimed = await worker.tick();
    await worker.drain();
    if (claimed === 0) return;
  }
  throw new Error(`runJobs: jobs still due after ${MAX_ROUNDS} rounds (a job that reschedules itself for now?)`);
}

/** Queues a job as the app would (a replayed event, in tests), due now. */
export async function enqueueJob<K extends JobKind>(server: TestServer, kind: K, payload: JobPayloads[K]): Promise<void> {
  const { app } = server;
  await app.get(Transactions).run((m) => app.get(JobQueue).enqueue(m, kind, payload as Record<string, unknown>));
}
