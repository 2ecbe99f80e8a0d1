import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { Clock } from '../../integrations/clock.js';
import { Job } from './job.entity.js';
import type { JobKind, JobPayloads } from './job-registry.js';

export interface EnqueueOptions {
  /** When to run; now when absent. */
  runAt?: Date;
  /** A second enqueue with the same key is ignored (the first job stands). */
  idempotencyKey?: string;
  maxAttempts?: number;
}

/** Puts jobs in the queue — always inside the caller's transaction, so the job exists iff the change does. */
@Injectable()
export class JobQueue {
  constructor(@Inject(Clock) private readonly clock: Clock) {}

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
  }
}
