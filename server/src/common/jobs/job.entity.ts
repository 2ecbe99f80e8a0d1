import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, UpdatedAtColumn, newId } from '../database/columns.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'dead' | 'cancelled';

/**
 * Work to do at a time: the queue and the record are the same row (the design of Solid Queue and Oban).
 * Enqueued in the transaction of the change that causes it, so a rollback never leaves a job behind.
 */
@Entity('jobs')
@Index('ix_jobs_claim', ['status', 'runAt'])
@Index('uq_jobs_idempotency', ['idempotencyKey'], { unique: true })
export class Job {
  @IdColumn() id: string = newId();

  @Column({ type: 'varchar', length: 64 }) kind: string;

  @Column({ type: 'simple-json' }) payload: Record<string, unknown>;

  @InstantColumn() runAt: Date;

  @CodeColumn(16, { default: 'queued' }) status: JobStatus = 'queued';

  @Column({ type: 'int', default: 0 }) attempts: number = 0;

  @Column({ type: 'int', default: 5 }) maxAttempts: number = 5;

  @Column({ type: 'varchar', length: 64, nullable: true }) lockedBy: string | null = null;

  @InstantColumn({ nullable: true }) lockedUntil: Date | null = null;

  @Column({ type: 'text', nullable: true }) lastError: string | null = null;

  /** Same key, same job: enqueueing twice is harmless. */
  @Column({ type: 'varchar', length: 191, nullable: true }) idempotencyKey: string | null = null;

  @InstantColumn({ nullable: true }) finishedAt: Date | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
