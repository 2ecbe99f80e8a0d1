import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DataSource, type EntityManager, In } from 'typeorm';
import type { Clock } from '../../integrations/clock.js';
import { Job } from './job.entity.js';
import type { JobRegistry } from './job-registry.js';

export interface JobWorkerOptions {
  /** How many due jobs one claim takes. */
  batchSize: number;
  /** How long a claim is held before another worker may take the job back (a crashed worker's jobs return). */
  lockMs: number;
  /** Sleep between polls when the queue is empty. */
  pollMs: number;
  /** Handlers running at once. */
  concurrency: number;
  /** Backoff before retry n (1-based): base · 2^(n-1), capped, with jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  id?: string;
  /** Called with every failure, for logging. */
  onError?: (job: Job, error: unknown) => void;
}

export const DEFAULT_WORKER_OPTIONS: JobWorkerOptions = {
  batchSize: 20,
  lockMs: 5 * 60_000,
  pollMs: 1000,
  concurrency: 4,
  backoffBaseMs: 5_000,
  backoffMaxMs: 60 * 60_000,
};

/**
 * A job a worker may claim: due and queued, or running under a claim that has run out (its worker died). Two
 * queries, not one with OR: each is a range of the (status, runAt) index read in order and stopped at its LIMIT,
 * where the OR made MariaDB read every running job and every due one, then sort them (2,000 rows a claim in the
 * messages benchmark).
 */
const DUE = 'j.status = :queued AND j.runAt <= :now';
const EXPIRED = 'j.status = :running AND j.lockedUntil < :now';
/** How often a worker looks for claims that ran out: they come back after a lease of minutes, so a second more is nothing. */
const EXPIRED_CHECK_MS = 1_000;
const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2000);

/**
 * Claims due jobs in batches and runs their handlers.
 * MySQL/MariaDB: `SELECT … FOR UPDATE SKIP LOCKED`, so any number of workers share the queue and a job is
 * claimed by one of them. SQLite: one worker (the embedded database is a single-process demo).
 * A claim is a lease (`lockedUntil`): if the worker dies, the job becomes claimable again when it runs out.
 */
export class JobWorker {
  readonly id: string;
  private readonly options: JobWorkerOptions;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Handler slots in use: one per job, and one per batch of a kind whose jobs run in batches. */
  private slots = 0;
  /** Jobs running here, by kind (for the kinds limited per worker). */
  private readonly runningByKind = new Map<string, number>();
  private readonly abort = new AbortController();
  private wake: (() => void) | undefined;
  /** Jobs done in this turn of the event loop, recorded together (one UPDATE, not one transaction each). */
  private done: { id: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private expiredCheckedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly dataSource: DataSource,
    /** Runs a unit of work in a transaction (the app's Transactions, which serialises them on SQLite). */
    private readonly transaction: <T>(work: (m: EntityManager) => Promise<T>) => Promise<T>,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
    options: Partial<JobWorkerOptions> = {},
  ) {
    this.options = { ...DEFAULT_WORKER_OPTIONS, ...options };
    this.id = this.options.id ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  }

  private get isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  start(): void {
    if (this.running) return;
    this.registry.assertComplete();
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming, lets running handlers finish for up to `graceMs`, then hands unfinished jobs back. */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    const settled = Promise.allSettled([...this.inFlight.values()]);
    const timer = new AbortController();
    const timedOut = await Promise.race([settled.then(() => false), sleep(graceMs, true, { signal: timer.signal }).catch(() => false)]);
    timer.abort();
    if (timedOut) {
      this.abort.abort();
      await this.release([...this.inFlight.keys()]);
    }
  }

  /** Claims and runs one batch; returns how many jobs it claimed. Used by the loop and by tests. */
  async tick(): Promise<number> {
    const free = this.options.concurrency - this.slots;
    if (free <= 0) return 0;
    const jobs = await this.claim(Math.min(free, this.options.batchSize));
    const batches = this.registry.batchSizes();
    const runs = new Map<string, Promise<void>[]>();
    for (const job of jobs) {
      this.runningByKind.set(job.kind, (this.runningByKind.get(job.kind) ?? 0) + 1);
      const run = this.execute(job).finally(() => {
        this.inFlight.delete(job.id);
        this.runningByKind.set(job.kind, this.runningByKind.get(job.kind)! - 1);
      });
      this.inFlight.set(job.id, run);
      // The jobs of a batched kind claimed together take one slot, until the last of them is done.
      const unit = batches.has(job.kind) ? job.kind : job.id;
      runs.set(unit, [...(runs.get(unit) ?? []), run]);
    }
    for (const unit of runs.values()) {
      this.slots++;
      void Promise.allSettled(unit).then(() => this.slots--);
    }
    return jobs.length;
  }

  /** For each kind limited per worker: how many more this worker may take now. */
  private room(): Map<string, number> {
    const room = new Map<string, number>();
    for (const [kind, max] of this.registry.perWorkerLimits()) room.set(kind, Math.max(0, max - (this.runningByKind.get(kind) ?? 0)));
    return room;
  }

  /** Work may be due now: claim at once rather than at the next poll (no effect while every slot is busy). */
  nudge(): void {
    this.wake?.();
  }

  /** Waits until nothing claimed by this worker is still running. */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight.values()]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.tick();
      } catch (error) {
        this.options.onError?.(new Job(), error);
      }
      if (!this.running) break;
      if (claimed === 0 || this.slots >= this.options.concurrency) {
        const nap = new AbortController();
        await Promise.race([
          sleep(this.options.pollMs, undefined, { signal: nap.signal }).catch(() => undefined),
          new Promise<void>((resolve) => {
            this.wake = resolve;
          }),
          ...(this.slots >= this.options.concurrency ? [Promise.race([...this.inFlight.values()])] : []),
        ]);
        nap.abort();
      }
    }
  }

  /** Due jobs, and jobs whose claim ran out, become this worker's for `lockMs`. */
  async claim(limit: number): Promise<Job[]> {
    const now = this.clock.now();
    const lockedUntil = new Date(now.getTime() + this.options.lockMs);
    const room = this.room();
    const full = [...room].filter(([, n]) => n === 0).map(([kind]) => kind);
    const params = { queued: 'queued', running: 'running', now };
    const checkExpired = now.getTime() - this.expiredCheckedAt >= EXPIRED_CHECK_MS;
    if (checkExpired) this.expiredCheckedAt = now.getTime();
    return this.transaction(async (m) => {
      const pick = (where: string, order: string, take: number) => {
        const qb = m
          .getRepository(Job)
          .createQueryBuilder('j')
          .select('j.id', 'id')
          .addSelect('j.kind', 'kind')
          .where(where, params)
          .orderBy(order, 'ASC')
          .limit(take);
        if (full.length) qb.andWhere('j.kind NOT IN (:...full)', { full });
        if (!this.isSqlite) qb.setLock('pessimistic_write').setOnLocked('skip_locked');
        return qb.getRawMany<{ id: string; kind: string }>();
      };
      const found = checkExpired ? await pick(EXPIRED, 'j.lockedUntil', limit) : [];
      if (found.length < limit) found.push(...(await pick(DUE, 'j.runAt', limit - found.length)));
      // Beyond a kind's room the rows are left as they are (unlocked at commit) for another worker.
      const rows = found.filter((r) => {
        const left = room.get(r.kind);
        if (left === undefined) return true;
        room.set(r.kind, left - 1);
        return left > 0;
      });
      const ids = rows.map((r) => r.id);
      const kinds = rows.map((r) => r.kind);
      // A batched kind in the claim: more of its due jobs, up to its batch size, run with them as one slot.
      for (const [kind, size] of this.registry.batchSizes()) {
        const have = ids.filter((_, i) => kinds[i] === kind).length;
        if (!have || have >= size) continue;
        const more = m
          .getRepository(Job)
          .createQueryBuilder('j')
          .select('j.id', 'id')
          .where('j.kind = :kind AND j.id NOT IN (:...ids)', { kind, ids })
          .andWhere(DUE, params)
          .orderBy('j.runAt', 'ASC')
          .limit(size - have);
        if (!this.isSqlite) more.setLock('pessimistic_write').setOnLocked('skip_locked');
        for (const r of await more.getRawMany<{ id: string }>()) ids.push(r.id);
      }
      if (!ids.length) return [];
      await m
        .createQueryBuilder()
        .update(Job)
        .set({ status: 'running', lockedBy: this.id, lockedUntil, attempts: () => 'attempts + 1' })
        .where({ id: In(ids) })
        .execute();
      return m.getRepository(Job).findBy({ id: In(ids) });
    });
  }

  private async execute(job: Job): Promise<void> {
    const handler = this.registry.handlerFor(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler({ job, payload: job.payload, attempt: job.attempts, signal: this.abort.signal });
      await this.markDone(job);
    } catch (error) {
      this.options.onError?.(job, error);
      if (job.attempts >= job.maxAttempts || !handler) {
        await this.finish(job, { status: 'dead', finishedAt: this.clock.now(), lockedBy: null, lockedUntil: null, lastError: describe(error) });
      } else {
        const runAt = new Date(this.clock.now().getTime() + this.backoff(job.attempts));
        await this.finish(job, { status: 'queued', runAt, lockedBy: null, lockedUntil: null, lastError: describe(error) });
      }
    }
  }

  /** Records the outcome only if this worker still holds the claim (a reclaimed job belongs to someone else now). */
  private async finish(job: Job, changes: Omit<Partial<Job>, 'payload'>): Promise<void> {
    await this.transaction((m) => m.update(Job, { id: job.id, lockedBy: this.id, status: 'running' }, changes));
  }

  /**
   * Records the job done, with the others done in the same turn of the event loop (a batch of deliveries finishes
   * together): one UPDATE for them all, only where this worker still holds the claim.
   */
  private markDone(job: Job): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (!this.done.length) setImmediate(() => void this.recordDone());
      this.done.push({ id: job.id, resolve, reject });
    });
  }

  private async recordDone(): Promise<void> {
    const done = this.done;
    this.done = [];
    try {
      await this.transaction(async (m) => {
        for (let i = 0; i < done.length; i += 500) {
          const ids = done.slice(i, i + 500).map((d) => d.id);
          await m.update(
            Job,
            { id: In(ids), lockedBy: this.id, status: 'running' },
            { status: 'done', finishedAt: this.clock.now(), lockedBy: null, lockedUntil: null, lastError: null },
          );
        }
      });
      for (const d of done) d.resolve();
    } catch (error) {
      for (const d of done) d.reject(error);
    }
  }

  private async release(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.transaction((m) =>
      m.update(
        Job,
        { id: In(ids), lockedBy: this.id, status: 'running' },
        { status: 'queued', lockedBy: null, lockedUntil: null, attempts: () => 'attempts - 1' },
      ),
    );
  }

  backoff(attempt: number): number {
    const exp = Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(exp * (0.8 + Math.random() * 0.4));
  }
}
