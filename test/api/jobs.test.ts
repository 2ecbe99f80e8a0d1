import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Clock,
  Job,
  JOB_KINDS,
  JobQueue,
  JobRegistry,
  JobWorker,
  MissingJobHandlersError,
  Transactions,
  openDatabase,
  type DataSource,
  type JobWorkerOptions,
} from '@yiban/server';
import { staffLogin, seed } from '../support/actors.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let tx: Transactions;
let queue: JobQueue;
const extraSources: DataSource[] = [];
const workers: JobWorker[] = [];

beforeAll(async () => {
  stack = await startStack();
  tx = stack.app.get(Transactions);
  queue = stack.app.get(JobQueue);
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(2000)));
  await tx.run((m) => m.clear(Job));
});
afterAll(async () => {
  for (const ds of extraSources) await ds.destroy();
  await stack.close();
});

const isMysql = () => stack.dbKind === 'mysql';

function registryWith(handlers: Record<string, (payload: Record<string, unknown>, attempt: number, job: Job) => Promise<void>>): JobRegistry {
  const registry = new JobRegistry();
  // The product's own kinds are not exercised here: fill them so the start-up check passes.
  for (const kind of JOB_KINDS) registry.register(kind, async () => undefined);
  for (const [kind, handler] of Object.entries(handlers))
    registry.register(kind, ({ payload, attempt, job }) => handler(payload as Record<string, unknown>, attempt, job));
  return registry;
}

async function worker(registry: JobRegistry, options: Partial<JobWorkerOptions> = {}, dataSource: DataSource = stack.dataSource): Promise<JobWorker> {
  const runner = dataSource === stack.dataSource ? tx : new Transactions(dataSource);
  const w = new JobWorker(dataSource, (work) => runner.run(work), registry, new Clock(), { pollMs: 10, backoffBaseMs: 20, backoffMaxMs: 100, ...options });
  workers.push(w);
  return w;
}

async function enqueueMany(kind: string, count: number, extra: { maxAttempts?: number } = {}): Promise<void> {
  for (let start = 0; start < count; start += 100) {
    await tx.run(async (m) => {
      for (let i = start; i < Math.min(count, start + 100); i++) await queue.enqueue(m, kind as never, { n: i } as never, extra);
    });
  }
}

async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

const countBy = (status: Job['status']) => stack.dataSource.getRepository(Job).countBy({ status });

describe('durable jobs', () => {
  it('runs each of 1,000 due jobs exactly once with two workers racing (one worker on SQLite)', async () => {
    const runs = new Map<string, number>();
    const byWorker = new Map<string, number>();
    const registry = (name: string) =>
      registryWith({
        'test.count': async (_payload, _attempt, job) => {
          runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
          byWorker.set(name, (byWorker.get(name) ?? 0) + 1);
        },
      });
    await enqueueMany('test.count', 1000);
    const a = await worker(registry('a'), { batchSize: 25, concurrency: 8 });
    a.start();
    if (isMysql()) {
      const second = await openDatabase(stack.config.database);
      extraSources.push(second);
      (await worker(registry('b'), { batchSize: 25, concurrency: 8 }, second)).start();
    }
    await until(async () => (await countBy('done')) === 1000);
    expect(runs.size).toBe(1000);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    if (isMysql()) expect(byWorker.size).toBe(2);
    console.log(`1,000 jobs: ${[...byWorker.entries()].map(([w, n]) => `worker ${w} ran ${n}`).join(', ')}`);
  });

  it('runs at most maxPerWorker jobs of a limited kind in one worker; the rest wait for another worker or a free place', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const runningIn = new Map<string, number>();
    const most = new Map<string, number>();
    const registry = (name: string) => {
      const r = registryWith({ 'test.count': async () => undefined });
      r.register(
        'test.limited' as never,
        async () => {
          runningIn.set(name, (runningIn.get(name) ?? 0) + 1);
          most.set(name, Math.max(most.get(name) ?? 0, runningIn.get(name)!));
          await gate;
          runningIn.set(name, runningIn.get(name)! - 1);
        },
        { maxPerWorker: 2 },
      );
      return r;
    };
    await enqueueMany('test.limited', 5);
    await enqueueMany('test.count', 3);
    const a = await worker(registry('a'), { batchSize: 25, concurrency: 8 });
    // One claim: two of the limited kind (not five), and the unlimited jobs beside them.
    expect(await a.tick()).toBe(5);
    expect(await a.tick()).toBe(0);
    if (isMysql()) {
      const second = await openDatabase(stack.config.database);
      extraSources.push(second);
      const b = await worker(registry('b'), { batchSize: 25, concurrency: 8 }, second);
      expect(await b.tick()).toBe(2);
    }
    expect(await countBy('queued')).toBe(isMysql() ? 1 : 3);
    open();
    a.start();
    await until(async () => (await countBy('done')) === 8);
    expect(Math.max(...most.values())).toBe(2);
  });

  it('never runs a job enqueued in a transaction that rolled back', async () => {
    await expect(
      tx.run(async (m) => {
        await queue.enqueue(m, 'test.count' as never, { n: 1 } as never);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await stack.dataSource.getRepository(Job).count()).toBe(0);
  });

  it('ignores a second enqueue with the same idempotency key', async () => {
    await tx.run((m) => queue.enqueue(m, 'test.count' as never, { n: 1 } as never, { idempotencyKey: 'reminder:appt-1:day-before' }));
    await tx.run((m) => queue.enqueue(m, 'test.count' as never, { n: 2 } as never, { idempotencyKey: 'reminder:appt-1:day-before' }));
    const jobs = await stack.dataSource.getRepository(Job).find();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload).toEqual({ n: 1 });
  });

  it('retries with backoff, then dead-letters with the last error; admins see and requeue dead jobs', async () => {
    const seen: number[] = [];
    const w = await worker(
      registryWith({
        'test.flaky': async (_p, attempt) => {
          seen.push(attempt);
          if (attempt < 3) throw new Error(`flaky failure ${attempt}`);
        },
        'test.broken': async () => {
          throw new Error('the HIS is down');
        },
      }),
    );
    await enqueueMany('test.flaky', 1);
    await enqueueMany('test.broken', 1, { maxAttempts: 3 });
    w.start();
    await until(async () => (await countBy('done')) === 1 && (await countBy('dead')) === 1);
    expect(seen).toEqual([1, 2, 3]);
    const dead = await stack.dataSource.getRepository(Job).findOneByOrFail({ kind: 'test.broken' });
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, lastError: 'Error: the HIS is down' });

    await seed(stack);
    const admin = await staffLogin(stack, 'admin');
    const list = await stack.api.get('/admin/jobs?status=dead', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: dead.id, kind: 'test.broken', lastError: 'Error: the HIS is down', attempts: 3 })]);
    expect((await stack.api.get('/admin/jobs', { token: await staffLogin(stack, 'doctor.zhang') })).status).toBe(403);
    const retried = await stack.api.post(`/admin/jobs/${dead.id}/retry`, undefined, { token: admin });
    expect(retried.body).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await stack.api.post(`/admin/jobs/${dead.id}/retry`, undefined, { token: admin })).status).toBe(404);
  });

  it('takes back the jobs of a worker that stopped answering once its claim runs out', async () => {
    const ran: string[] = [];
    const registry = registryWith({ 'test.count': async (_p, _a, job) => void ran.push(job.id) });
    await enqueueMany('test.count', 10);
    const stuck = await worker(registry, { lockMs: 300 });
    const claimed = await stuck.claim(10); // claims, then "crashes": never runs them
    expect(claimed).toHaveLength(10);
    const rescuer = await worker(registry, { lockMs: 300 });
    expect(await rescuer.claim(10)).toHaveLength(0);
    await sleep(400);
    rescuer.start();
    await until(async () => (await countBy('done')) === 10);
    expect(new Set(ran).size).toBe(10);
    expect((await stack.dataSource.getRepository(Job).find()).every((j) => j.attempts === 2)).toBe(true);
  });

  it('finishes every job after a worker process is SIGKILLed mid-batch', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yiban-jobs-'));
    const runsFile = path.join(dir, 'runs.txt');
    writeFileSync(runsFile, '');
    const total = 200;
    const childConcurrency = 5;
    await enqueueMany('test.slow', total);
    const { DATABASE_URL: _inherited, ...parentEnv } = process.env;
    const database = stack.config.database;
    const env = {
      ...parentEnv,
      ...(database.type === 'sqlite' ? { DATA_DIR: path.dirname(database.file) } : { DATABASE_URL: database.url }),
      JWT_SECRET: 'x'.repeat(40),
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      WECHAT_APPID: stack.config.wechat.appid,
      WECHAT_SECRET: stack.config.wechat.secret,
      RUNS_FILE: runsFile,
      CONCURRENCY: String(childConcurrency),
      LOCK_MS: '1500',
      KILL_AFTER: '40',
    };
    const child = fork(new URL('../support/job-worker-child.mjs', import.meta.url), [], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    try {
      // Killed while one of its handlers runs (it says so after 40 runs and then waits), so jobs are certainly claimed.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the worker process never reached 40 runs')), 30_000);
        child.on('message', (message) => {
          if (message !== 'in-handler') return;
          clearTimeout(timer);
          resolve();
        });
        child.once('exit', () => {
          clearTimeout(timer);
          reject(new Error('the worker process exited on its own (its stderr is above)'));
        });
      });
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
    const beforeKill = new Set(readFileSync(runsFile, 'utf8').split('\n').filter(Boolean));
    const inFlight = await stack.dataSource.getRepository(Job).countBy({ status: 'running' });
    expect(inFlight).toBeGreaterThan(0);
    expect(inFlight).toBeLessThanOrEqual(childConcurrency);

    const ranHere: string[] = [];
    const rescuer = await worker(registryWith({ 'test.slow': async (_p, _a, job) => void ranHere.push(job.id) }), { lockMs: 1500 });
    rescuer.start();
    await until(async () => (await countBy('done')) === total, 60_000);
    const all = [...beforeKill, ...ranHere];
    const duplicates = all.length - new Set(all).size;
    console.log(`worker killed after ${beforeKill.size} runs with ${inFlight} jobs claimed; rerun after reclaim: ${duplicates} (bound ${childConcurrency})`);
    expect(new Set(all).size).toBe(total);
    expect(duplicates).toBeLessThanOrEqual(childConcurrency);
  });

  it('refuses to start while a declared job kind has no handler', async () => {
    const empty = new JobRegistry();
    const w = new JobWorker(stack.dataSource, (work) => tx.run(work), empty, new Clock());
    expect(() => w.start()).toThrow(MissingJobHandlersError);
    expect(() => empty.assertComplete()).toThrow('auth.purge-sessions');
  });
});
