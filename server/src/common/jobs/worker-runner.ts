import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { Transactions } from '../database/transactions.js';
import { JobQueue } from './job-queue.js';
import { JobRegistry } from './job-registry.js';
import { JobWorker } from './job-worker.js';

/** Runs the job worker inside this process when ROLE is `worker` or `all`. */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobWorker');
  private worker: JobWorker | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(JobQueue) private readonly queue: JobQueue,
  ) {}

  onApplicationBootstrap(): void {
    // Checked in every role: an API process must not enqueue kinds no worker can run.
    this.registry.assertComplete();
    if (this.config.role === 'api') return;
    this.worker = new JobWorker(this.dataSource, (work) => this.tx.run(work), this.registry, this.clock, {
      concurrency: this.config.worker.concurrency,
      pollMs: this.config.worker.pollMs,
      lockMs: this.config.worker.lockMs,
      onError: (job, error) =>
        this.logger.warn(`job ${job.id ?? '-'} (${job.kind ?? 'claim'}) failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    this.worker.start();
    this.unsubscribe = this.queue.onDueSoon(() => this.worker?.nudge());
    this.logger.log(`worker ${this.worker.id} started (concurrency ${this.config.worker.concurrency})`);
  }

  /** Before the database closes: finish or hand back what this worker claimed. */
  async beforeApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.worker?.stop();
  }
}
