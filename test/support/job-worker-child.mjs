// A job worker in its own process, for the crash test: runs `test.slow` jobs, writing each job id it
// finishes handling to RUNS_FILE (before the job is marked done, so a kill can leave a run unrecorded as done).
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock, JOB_KINDS, JobRegistry, JobWorker, Transactions, loadConfig, openDatabase } from '@yiban/server';

const config = loadConfig(process.env);
const dataSource = await openDatabase(config.database);
const tx = new Transactions(dataSource);
const registry = new JobRegistry();
for (const kind of JOB_KINDS) registry.register(kind, async () => undefined);
// Once KILL_AFTER runs are recorded, the next handler tells the parent (`in-handler`) and waits for the kill: the
// parent kills while that job is certainly claimed, never in the moment between one claim's jobs and the next claim.
const killAfter = Number(process.env.KILL_AFTER ?? Number.POSITIVE_INFINITY);
let recorded = 0;
let told = false;
registry.register('test.slow', async ({ job }) => {
  if (recorded >= killAfter && !told) {
    told = true;
    process.send?.('in-handler');
    await sleep(30_000);
  }
  await sleep(20);
  appendFileSync(process.env.RUNS_FILE, `${job.id}\n`);
  recorded++;
});
const worker = new JobWorker(dataSource, (work) => tx.run(work), registry, new Clock(), {
  id: 'child-worker',
  batchSize: 10,
  concurrency: Number(process.env.CONCURRENCY ?? 5),
  lockMs: Number(process.env.LOCK_MS ?? 1500),
  pollMs: 10,
});
worker.start();
process.send?.('ready');
