import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { Transactions } from '../../common/database/transactions.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryBatches, type Claimed, type Outcomes } from './delivery-batches.js';
import { MessageDelivery, type DeliveryStatus } from './message-delivery.entity.js';
import { retryOnLockConflict } from '../../common/database/lock-conflicts.js';

/**
 * Drain lanes one worker process runs at once: a campaign's lanes (`DeliveriesService.DRAIN_LANES`) spread over two
 * workers instead of all landing in the first to look (which then ran short of CPU while the other idled). Alone, a
 * worker runs this many and the others wait; two lanes keep one process's sends flowing (one sends while the other
 * claims or records).
 */
const LANES_PER_WORKER = 2;

/** A wait shorter than this is slept through inside the job; longer ones get a job at that time. */
const INLINE_WAIT_MS = 5_000;

/**
 * Sends a bulk source (a campaign) — the `messaging.drain` job, a few lanes per source so workers share it. Each
 * round claims a batch of due rows with SELECT … FOR UPDATE SKIP LOCKED, then takes the steps single messages'
 * batches take too (`DeliveryBatches`): decides every row with set-based reads, spends the grants and marks the
 * batch `sending` in the same transaction, sends under the global rate keeping one send per openid at a time, then
 * records the outcomes grouped in a few UPDATEs.
 *
 * At most once: a claimed row is `sending` until its outcome is recorded. After a crash, rows still `sending` when
 * their lease (`WECHAT_SEND_LEASE_MS`) runs out are marked `unknown` (marketing never resends), so the duplicates a
 * crash can cause are bounded by the rows in `sending` at that moment — at most `WECHAT_SEND_BATCH` per lane running
 * in the dead process, and in practice none for marketing (they are recorded unknown, not sent again).
 */
@Injectable()
export class SourceDrain implements OnModuleInit {
  private readonly logger = new Logger('Messaging');
  /** The lanes running in this process (source:lane → its run). */
  private readonly lanes = new Map<string, Promise<void>>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(DeliveriesService) private readonly deliveries: DeliveriesService,
    @Inject(DeliveryBatches) private readonly batches: DeliveryBatches,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      'messaging.drain',
      ({ payload, signal, job }) => {
        // A lane job outliving its claim is claimed again by this same worker: the running one carries on, this waits.
        const key = `${payload.source}:${payload.lane}`;
        const running = this.lanes.get(key);
        if (running) return running;
        const run = this.drain(payload.source, payload.lane, signal, job.id).finally(() => this.lanes.delete(key));
        this.lanes.set(key, run);
        return run;
      },
      { maxPerWorker: LANES_PER_WORKER },
    );
  }

  private get sqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  /**
   * One lane of a source (its one live job, `jobId`): rounds until nothing is due. Then the lane lets go of its key
   * and looks once more: work that came meanwhile (or a row due later) arms the lane again. When nothing at all is
   * pending any more, the source's owner is told it is drained (a campaign is done).
   */
  async drain(source: string, lane: number, signal?: AbortSignal, jobId?: string): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new Error('the worker is stopping; the drain continues in a retry');
      const claimed = await this.claim(source);
      if (claimed === null) {
        const next = await this.nextDue(source);
        if (next && next.getTime() - this.clock.now().getTime() <= INLINE_WAIT_MS) {
          await sleep(Math.max(next.getTime() - this.clock.now().getTime(), 50));
          continue;
        }
        return this.finishLane(source, lane, jobId);
      }
      if (!claimed.length) continue;
      const outcomes = await this.batches.send(claimed, { source });
      await this.record(source, outcomes);
      if (outcomes.dailyLimit) {
        this.logger.error(`WeChat daily send limit reached (45009): source ${source} held; it resumes when its owner resumes it`);
        await this.deliveries.sourceStopped(source, 'daily_limit');
        return this.finishLane(source, lane, jobId);
      }
    }
  }

  /** The lane's job ends: its key is freed, then a row due later (or one queued while the key was held) re-arms it. */
  private async finishLane(source: string, lane: number, jobId: string | undefined): Promise<void> {
    if (jobId) await retryOnLockConflict(() => this.tx.run((m) => this.jobs.releaseKey(m, jobId)));
    const next = await this.nextDue(source);
    if (next) {
      await retryOnLockConflict(() => this.tx.run((m) => this.jobs.arm(m, 'messaging.drain', { source, lane }, DeliveriesService.laneKey(source, lane), next)));
      return;
    }
    if (!(await this.deliveries.hasPending(source))) await this.deliveries.sourceDrained(source);
  }

  /** The earliest moment a row of the source may need work (a deferred row, or a claimed row's lease running out). */
  private async nextDue(source: string): Promise<Date | null> {
    let next: Date | null = null;
    for (const status of ['queued', 'sending'] as const) {
      const row = await this.dataSource
        .getRepository(MessageDelivery)
        .createQueryBuilder('d')
        .select('MIN(d.notBefore)', 'at')
        .where('d.source = :source AND d.status = :status', { source, status })
        .getRawOne<{ at: Date | string | null }>();
      if (row?.at) {
        const at = row.at instanceof Date ? row.at : new Date(this.sqlite ? `${row.at.replace(' ', 'T')}Z` : row.at);
        if (!next || at < next) next = at;
      }
    }
    return next;
  }

  /**
   * Claims a batch: null when nothing is due; else the rows to send now (possibly none when the whole batch was
   * skipped or deferred).
   */
  private async claim(source: string): Promise<Claimed[] | null> {
    const batch = this.config.messaging.sendBatch;
    return retryOnLockConflict(() =>
      this.tx.run(async (m) => {
        const now = this.clock.now();
        const due = (status: DeliveryStatus, op: '<=' | '<') => {
          const qb = m
            .getRepository(MessageDelivery)
            .createQueryBuilder('d')
            .where(`d.source = :source AND d.status = :status AND d.notBefore ${op} :now`, { source, status, now })
            .orderBy('d.notBefore', 'ASC')
            .limit(batch);
          if (!this.sqlite) qb.setLock('pessimistic_write').setOnLocked('skip_locked');
          return qb.getMany();
        };
        // Queued rows that are due, and claimed rows whose worker died before recording them (lease run out).
        const rows = [...(await due('queued', '<=')), ...(await due('sending', '<'))];
        if (!rows.length) return null;
        // A send not started by the last fifth of the lease goes back unsent, so none leaves after another worker may have taken it.
        return this.batches.claim(m, rows, Date.now() + this.config.messaging.sendLeaseMs * 0.8, { source });
      }),
    );
  }

  /** Records a batch's outcomes (only rows still `sending` change); at WeChat's daily limit the source is held. */
  private async record(source: string, out: Outcomes): Promise<void> {
    await retryOnLockConflict(() =>
      this.tx.run(async (m) => {
        await this.batches.record(m, out, { source });
        if (out.dailyLimit) await this.deliveries.pauseSource(m, source);
      }),
    );
  }
}
