import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { Clock } from '../../integrations/clock.js';
import { insertIgnoreMany, insertMany } from '../database/bulk-insert.js';
import { Job } from './job.entity.js';
import type { JobKind, JobPayloads } from './job-registry.js';

export interface EnqueueOptions {
  /** When to run; now when absent. */
  runAt?: Date;
  /** A second enqueue with the same key is ignored (the first job stands). */
  idempotencyKey?: string;
  maxAttempts?: number;
}

/** How long after queueing a job due now the local worker is nudged: by then the transaction has usually committed. */
const NUDGE_MS = 20;

/** Puts jobs in the queue — always inside the caller's transaction, so the job exists iff the change does. */
@Injectable()
export class JobQueue {
  private readonly dueListeners = new Set<() => void>();

  constructor(@Inject(Clock) private readonly clock: Clock) {}

  /**
   * Calls `listener` a moment after this process queued a job due now, so a worker in the same process claims it at
   * once instead of at its next poll (a campaign's drain starts as soon as its first batch is written). A nudge before
   * the commit finds nothing and costs one claim; the poll still finds everything. Returns the unsubscribe.
   */
  onDueSoon(listener: () => void): () => void {
    this.dueListeners.add(listener);
    return () => this.dueListeners.delete(listener);
  }

  /** One nudge at a time: a transaction queueing a thousand jobs makes one, not a thousand. */
  private nudging = false;

  private dueSoon(at: Date): void {
    if (this.nudging || !this.dueListeners.size || at.getTime() > this.clock.now().getTime()) return;
    this.nudging = true;
    setTimeout(() => {
      this.nudging = false;
      for (const listener of this.dueListeners) listener();
    }, NUDGE_MS).unref();
  }

  async enqueue<K extends JobKind>(manager: EntityManager, kind: K, payload: JobPayloads[K], options?: EnqueueOptions): Promise<void>;
  async enqueue(manager: EntityManager, kind: string, payload: Record<string, unknown>, options?: EnqueueOptions): Promise<void>;
  async enqueue(manager: EntityManager, kind: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<void> {
    const job = manager.getRepository(Job).create({
      kind,
      payload,
      runAt: options.runAt ?? this.clock.now(),
      idempotencyKey: options.idempotencyKey ?? null,
      maxAttempts: options.maxAttempts ?? 5,
    });
    // The payload is free-form JSON, which TypeORM's deep-partial type cannot describe.
    const insert = manager
      .createQueryBuilder()
      .insert()
      .into(Job)
      .values(job as QueryDeepPartialEntity<Job>);
    await (options.idempotencyKey ? insert.orIgnore() : insert).execute();
    this.dueSoon(job.runAt);
  }

  /** Jobs to queue together in one INSERT (a hold's reminders and its no-show check): `add` them, then `write`. */
  batch(): JobBatch {
    return new JobBatch(this);
  }

  /** Writes a batch's jobs in the caller's transaction: one multi-row INSERT (IGNORE for those with a key). */
  async enqueueAll(manager: EntityManager, jobs: readonly { kind: string; payload: Record<string, unknown>; options?: EnqueueOptions }[]): Promise<void> {
    if (!jobs.length) return;
    const repo = manager.getRepository(Job);
    const rows = jobs.map(({ kind, payload, options = {} }) =>
      repo.create({
        kind,
        payload,
        runAt: options.runAt ?? this.clock.now(),
        idempotencyKey: options.idempotencyKey ?? null,
        maxAttempts: options.maxAttempts ?? 5,
      }),
    );
    const keyed = rows.filter((j) => j.idempotencyKey !== null);
    const unkeyed = rows.filter((j) => j.idempotencyKey === null);
    await insertIgnoreMany(manager, Job, keyed);
    await insertMany(manager, Job, unkeyed);
    this.dueSoon(rows.reduce((a, j) => (j.runAt < a ? j.runAt : a), rows[0]!.runAt));
  }

  /**
   * A job that stands for "some work is pending" (a drain lane) under a fixed key: enqueues it, or, when a job under
   * the key is already queued for later, brings it forward to `runAt` (now when absent).
   */
  async arm<K extends JobKind>(manager: EntityManager, kind: K, payload: JobPayloads[K], key: string, runAt?: Date): Promise<void> {
    const at = runAt ?? this.clock.now();
    // A finished (or dead) job never keeps the key: only a queued or running one stands for the pending work.
    await manager.update(Job, { idempotencyKey: key, status: In(['done', 'dead', 'cancelled']) }, { idempotencyKey: null });
    await this.enqueue(manager, kind, payload, { runAt: at, idempotencyKey: key });
    await manager
      .createQueryBuilder()
      .update(Job)
      .set({ runAt: at })
      .where('idempotencyKey = :key AND status = :queued AND runAt > :at', { key, queued: 'queued', at })
      .execute();
  }

  /**
   * Frees a running job's key, so the next `enqueue`/`arm` under it makes a new job. The handler calls it when it is
   * about to finish, then looks once more for work that came while the key was held (and arms again if so).
   */
  async releaseKey(manager: EntityManager, jobId: string): Promise<void> {
    await manager.update(Job, { id: jobId }, { idempotencyKey: null });
  }
}

/** Jobs gathered while a change is made, written together in one INSERT by `write` (in the caller's transaction). */
export class JobBatch {
  private readonly jobs: { kind: string; payload: Record<string, unknown>; options?: EnqueueOptions }[] = [];

  constructor(private readonly queue: JobQueue) {}

  add<K extends JobKind>(kind: K, payload: JobPayloads[K], options?: EnqueueOptions): void;
  add(kind: string, payload: Record<string, unknown>, options?: EnqueueOptions): void;
  add(kind: string, payload: Record<string, unknown>, options?: EnqueueOptions): void {
    this.jobs.push({ kind, payload, options });
  }

  async write(manager: EntityManager): Promise<void> {
    const jobs = this.jobs.splice(0);
    await this.queue.enqueueAll(manager, jobs);
  }
}
