import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type MessageKind, type Page } from '@yiban/shared';
import { DataSource, type EntityManager, In } from 'typeorm';
import { insertIgnoreMany } from '../../common/database/bulk-insert.js';
import { Transactions } from '../../common/database/transactions.js';
import { JobQueue, type JobBatch } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { PatientsReader } from '../patients/index.js';
import { DeliveryBatches } from './delivery-batches.js';
import { MessageDelivery, type DeliveryReason } from './message-delivery.entity.js';
import type {
  SourceRecipient,
  SourceRecipientsQuery,
  SourceStats,
  SourceStopReason,
  SourceDrainedHandler,
  SourceStoppedHandler,
  SourceTimelinePoint,
} from './source-types.js';
import { SubscriptionsService } from './subscriptions.service.js';
import { retryOnLockConflict } from '../../common/database/lock-conflicts.js';

export interface OutboundText {
  patientId: string;
  /** The policy it follows (quiet hours, what to do after an unknown outcome). */
  kind: MessageKind;
  text: string;
  dedupeKey: string;
  notBefore?: Date;
  expiresAt?: Date;
}

/** One message of a bulk source; `skip` records it skipped at once (no consent, topic turned off). */
export type BulkDelivery = OutboundMessage & { accountId: string; skip?: DeliveryReason };

/** Rows per multi-row INSERT. */

export interface OutboundMessage {
  patientId: string;
  /** The WeChat account the profile belongs to, when the caller already knows it. */
  accountId?: string;
  kind: MessageKind;
  /** Template data: keyword → value, already fitted to WeChat's rules (Notifications does that). */
  data: Record<string, string>;
  /** The mini-program page the message opens. */
  page?: string;
  /** One delivery per cause; queueing the same key again is a no-op. */
  dedupeKey: string;
  notBefore?: Date;
  /** After this the message is pointless (a reminder for a visit that has passed). */
  expiresAt?: Date;
}

/** Single deliveries claimed together at most (the jobs one worker claimed at once, more when several claims coincide). */
const DELIVER_BATCH = 500;

interface Waiting {
  deliveryId: string;
  /** Real time (ms) by which its send must have started (its job's claim is about to run out). */
  sendBy: number;
  done: () => void;
  failed: (error: unknown) => void;
}

/**
 * The one outbound path for WeChat messages. A message becomes a delivery row and a job in the caller's
 * transaction; the job claims the row (using the patient's grant in the same transaction) before anything
 * leaves, then records WeChat's answer. Skips carry a reason; nights are deferred, not dropped.
 *
 * The jobs a worker claims together are delivered together (`DeliveryBatches`, the steps a campaign's drain takes
 * too): one transaction claims all their rows, the sends go out at once under the global send rate, one more
 * transaction records the outcomes. At most once: a claimed row is `sending` until its outcome is recorded; after
 * a crash its job runs again once its claim runs out and finds it `sending` — an unknown outcome, never resent for
 * kinds that give up then — so the duplicates a crash can cause are bounded by the rows claimed by jobs running in the
 * dead worker: WECHAT_SEND_BATCH per handler slot.
 */
@Injectable()
export class DeliveriesService implements OnModuleInit {
  private readonly logger = new Logger('Messaging');
  private readonly stoppedHandlers = new Map<string, SourceStoppedHandler>();
  private readonly drainedHandlers = new Map<string, SourceDrainedHandler>();
  /** Deliveries whose jobs started in this turn of the event loop: claimed, sent and recorded together. */
  private waiting: Waiting[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(DeliveryBatches) private readonly batches: DeliveryBatches,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      'messaging.deliver',
      ({ payload, job }) => {
        // Sent by the last fifth of the job's claim, or handed back: after the claim another worker may run the job.
        const claimMs = job.lockedUntil ? job.lockedUntil.getTime() - this.clock.now().getTime() : 0;
        return this.deliver(payload.deliveryId, claimMs > 0 ? Date.now() + claimMs * 0.8 : Infinity);
      },
      // A worker claims the due deliveries in batches of WECHAT_SEND_BATCH, each batch one handler slot.
      { batch: this.config.messaging.sendBatch },
    );
  }

  /** Queues a subscribe message inside the caller's transaction. Returns the delivery (the existing one for a repeated key). */
  async queue(m: EntityManager, message: OutboundMessage): Promise<MessageDelivery> {
    return this.insert(m, message.patientId, message.accountId, this.subscribeFields(message, this.clock.now()));
  }

  /** A subscribe message's delivery columns (the same for one, several, or a source's bulk). */
  private subscribeFields(message: Omit<OutboundMessage, 'accountId'>, now: Date): Partial<MessageDelivery> & { dedupeKey: string; notBefore: Date } {
    return {
      messageKind: message.kind,
      channel: 'subscribe',
      templateId: this.subscriptions.templateFor(message.kind).id,
      page: message.page ?? null,
      data: Object.fromEntries(Object.entries(message.data).map(([k, value]) => [k, { value }])),
      dedupeKey: message.dedupeKey,
      notBefore: message.notBefore ?? now,
      expiresAt: message.expiresAt ?? null,
    };
  }

  /**
   * Several subscribe messages of patients whose accounts the caller knows (a confirmed visit's reminders), inside the
   * caller's transaction: one INSERT for the rows, and their send jobs added to `jobs` (written by the caller, with
   * its own). A repeated dedupe key keeps the existing delivery, as `queue` does.
   */
  async queueMany(m: EntityManager, messages: readonly (OutboundMessage & { accountId: string })[], jobs: JobBatch): Promise<void> {
    if (!messages.length) return;
    const now = this.clock.now();
    const repo = m.getRepository(MessageDelivery);
    const rows = messages.map((message) => repo.create({ accountId: message.accountId, patientId: message.patientId, ...this.subscribeFields(message, now) }));
    // Every row written: the ids are those given here. Otherwise a key was there already and its row is the delivery.
    const inserted = await insertIgnoreMany(m, MessageDelivery, rows);
    const ids =
      inserted === rows.length
        ? new Map(rows.map((r) => [r.dedupeKey, r.id]))
        : new Map(
            (await repo.find({ select: { id: true, dedupeKey: true }, where: { dedupeKey: In(rows.map((r) => r.dedupeKey)) } })).map((r) => [
              r.dedupeKey,
              r.id,
            ]),
          );
    for (const row of rows) {
      const id = ids.get(row.dedupeKey)!;
      jobs.add('messaging.deliver', { deliveryId: id }, { runAt: row.notBefore, idempotencyKey: `deliver:${id}:0` });
    }
  }

  /**
   * Bulk mode: the deliveries of a source (a campaign) in a few multi-row INSERTs, no job per row (the source's
   * drain jobs send them). A repeated dedupe key is ignored. Rows with `skip` are recorded skipped with that reason.
   */
  async queueBulk(m: EntityManager, source: string, messages: BulkDelivery[]): Promise<void> {
    const now = this.clock.now();
    const repo = m.getRepository(MessageDelivery);
    const rows = messages.map((message) =>
      repo.create({
        accountId: message.accountId,
        patientId: message.patientId,
        ...this.subscribeFields(message, now),
        source,
        status: message.skip ? 'skipped' : 'queued',
        reason: message.skip ?? null,
      }),
    );
    await insertIgnoreMany(m, MessageDelivery, rows);
  }

  /** Queues a customer-service text (no grant needed; WeChat allows it for 48 hours after the patient wrote). */
  async queueText(m: EntityManager, message: OutboundText): Promise<MessageDelivery> {
    return this.insert(m, message.patientId, undefined, {
      messageKind: message.kind,
      channel: 'custom',
      templateId: '',
      data: { content: { value: message.text } },
      dedupeKey: message.dedupeKey,
      notBefore: message.notBefore ?? this.clock.now(),
      expiresAt: message.expiresAt ?? null,
    });
  }

  /**
   * Takes back messages not sent yet (a reminder for an appointment that was cancelled). Only queued rows are
   * touched: one already being sent is left to finish.
   */
  async withdraw(m: EntityManager, dedupeKeys: string[]): Promise<number> {
    if (!dedupeKeys.length) return 0;
    const result = await m.update(MessageDelivery, { dedupeKey: In(dedupeKeys), status: 'queued' }, { status: 'skipped', reason: 'withdrawn' });
    return result.affected ?? 0;
  }

  private async insert(
    m: EntityManager,
    patientId: string,
    knownAccountId: string | undefined,
    fields: Partial<MessageDelivery> & { dedupeKey: string; notBefore: Date },
  ): Promise<MessageDelivery> {
    const accountId = knownAccountId ?? (await this.patients.byId(patientId, m))?.accountId;
    if (!accountId) throw new Error(`patient ${patientId} has no WeChat account to message`);
    const { notBefore } = fields;
    const row = m.getRepository(MessageDelivery).create({ ...fields, accountId, patientId });
    await m.createQueryBuilder().insert().into(MessageDelivery).values(row).orIgnore().execute();
    const delivery = await m.getRepository(MessageDelivery).findOneByOrFail({ dedupeKey: fields.dedupeKey });
    await this.jobs.enqueue(m, 'messaging.deliver', { deliveryId: delivery.id }, { runAt: notBefore, idempotencyKey: `deliver:${delivery.id}:0` });
    return delivery;
  }

  /**
   * The job: decide, claim, send, record. Safe to run again for the same delivery. Resolves once the outcome is
   * recorded; the deliveries asked for in the same turn of the event loop (the jobs a worker claimed at once) go as
   * one batch.
   */
  deliver(deliveryId: string, sendBy = Infinity): Promise<void> {
    return new Promise<void>((done, failed) => {
      if (!this.waiting.length) setImmediate(() => void this.deliverWaiting());
      this.waiting.push({ deliveryId, sendBy, done, failed });
    });
  }

  private async deliverWaiting(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = [];
    for (let i = 0; i < waiting.length; i += DELIVER_BATCH) {
      const batch = waiting.slice(i, i + DELIVER_BATCH);
      // Each batch on its own: a later one does not wait for an earlier one's sends.
      void this.deliverBatch(
        batch.map((w) => w.deliveryId),
        Math.min(...batch.map((w) => w.sendBy)),
      ).then(
        () => batch.forEach((w) => w.done()),
        (error: unknown) => batch.forEach((w) => w.failed(error)),
      );
    }
  }

  /** Claims the rows (in id order, so two batches meeting on a row wait rather than deadlock), sends, records. */
  private async deliverBatch(ids: string[], sendBy: number): Promise<void> {
    const single = { source: null };
    const claimed = await retryOnLockConflict(() =>
      this.tx.run(async (m) => {
        const qb = m
          .getRepository(MessageDelivery)
          .createQueryBuilder('d')
          // Bulk rows belong to their source's drain (which holds, cancels and rate-limits them).
          .where({ id: In([...new Set(ids)]) })
          .andWhere('d.source IS NULL')
          .orderBy('d.id', 'ASC');
        if (this.dataSource.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
        const rows = await qb.getMany();
        return rows.length ? this.batches.claim(m, rows, sendBy, single) : [];
      }),
    );
    if (!claimed.length) return;
    const outcomes = await this.batches.send(claimed, single);
    await retryOnLockConflict(() => this.tx.run((m) => this.batches.record(m, outcomes, single)));
  }

  // ---------------------------------------------------------------- sources (bulk sends: campaigns)

  /** How many drain jobs a source gets at once (so two workers share it). */
  static readonly DRAIN_LANES = 4;

  /** A lane's one live job: its key is held from enqueue until the lane's job is about to finish (SourceDrain frees it). */
  static laneKey(source: string, lane: number): string {
    return `drain:${source}:${lane}`;
  }

  /**
   * Starts a source's drain lanes in the caller's transaction: a lane already live keeps its one job (brought forward
   * to `runAt` if it was waiting for later), so any number of batches make at most DRAIN_LANES jobs per source.
   */
  async startDrain(m: EntityManager, source: string, runAt?: Date): Promise<void> {
    for (let lane = 0; lane < DeliveriesService.DRAIN_LANES; lane++) {
      await this.jobs.arm(m, 'messaging.drain', { source, lane }, DeliveriesService.laneKey(source, lane), runAt ?? this.clock.now());
    }
  }

  /** Holds the source's unsent rows (a paused campaign); rows already being sent finish. Answers how many were held. */
  async pauseSource(m: EntityManager, source: string): Promise<number> {
    const result = await m.update(MessageDelivery, { source, status: 'queued' }, { status: 'held' });
    return result.affected ?? 0;
  }

  /** Puts the held rows back in the queue and starts the drain again. Answers how many were released. */
  async resumeSource(m: EntityManager, source: string): Promise<number> {
    const now = this.clock.now();
    const result = await m.update(MessageDelivery, { source, status: 'held' }, { status: 'queued', notBefore: now });
    await this.startDrain(m, source, now);
    return result.affected ?? 0;
  }

  /** Skips every row not sent yet (reason `cancelled`). Answers how many. */
  async cancelSource(m: EntityManager, source: string): Promise<number> {
    const result = await m.update(MessageDelivery, { source, status: In(['queued', 'held']) }, { status: 'skipped', reason: 'cancelled' });
    return result.affected ?? 0;
  }

  /** The module that owns sources with this prefix (`campaign`) is told when one stops on its own (45009). */
  onSourceStopped(prefix: string, handler: SourceStoppedHandler): void {
    this.stoppedHandlers.set(prefix, handler);
  }

  /** Called by the drain: the source has been held; its owner decides what it means (a paused campaign). */
  async sourceStopped(source: string, reason: SourceStopReason): Promise<void> {
    const handler = this.stoppedHandlers.get(source.split(':')[0]!);
    if (!handler) {
      this.logger.warn(`source ${source} stopped (${reason}) and nobody handles its prefix`);
      return;
    }
    await handler(source, reason);
  }

  /** The module that owns sources with this prefix is told when one has nothing pending any more (a lane's last look). */
  onSourceDrained(prefix: string, handler: SourceDrainedHandler): void {
    this.drainedHandlers.set(prefix, handler);
  }

  /** Called by the drain when nothing of the source is queued, held or being sent; may come more than once. */
  async sourceDrained(source: string): Promise<void> {
    await this.drainedHandlers.get(source.split(':')[0]!)?.(source);
  }

  /** Whether any row of the source is still to be sent (queued, held or being sent). */
  async hasPending(source: string): Promise<boolean> {
    return this.dataSource.getRepository(MessageDelivery).exists({ where: { source, status: In(['queued', 'held', 'sending']) } });
  }

  async sourceStats(source: string): Promise<SourceStats> {
    const rows = await this.dataSource
      .getRepository(MessageDelivery)
      .createQueryBuilder('d')
      .select('d.status', 'status')
      .addSelect('d.reason', 'reason')
      .addSelect('d.errcode', 'errcode')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN d.openedAt IS NULL THEN 0 ELSE 1 END)', 'opened')
      .where('d.source = :source', { source })
      .groupBy('d.status')
      .addGroupBy('d.reason')
      .addGroupBy('d.errcode')
      .getRawMany<{ status: string; reason: string | null; errcode: number | string | null; n: string | number; opened: string | number | null }>();
    const stats: SourceStats = { targeted: 0, sent: 0, pending: 0, skipped: {}, failed: {}, opened: 0 };
    for (const row of rows) {
      const n = Number(row.n);
      stats.targeted += n;
      stats.opened += Number(row.opened ?? 0);
      if (row.status === 'sent') stats.sent += n;
      else if (row.status === 'queued' || row.status === 'held' || row.status === 'sending') stats.pending += n;
      else if (row.status === 'skipped' || row.status === 'cancelled') {
        const reason = row.reason ?? row.status;
        stats.skipped[reason] = (stats.skipped[reason] ?? 0) + n;
      } else {
        const key = row.status === 'unknown' ? 'unknown' : String(row.errcode ?? row.reason ?? 'error');
        stats.failed[key] = (stats.failed[key] ?? 0) + n;
      }
    }
    return stats;
  }

  /** Sends, failures and opens per hour or day (UTC bucket starts), oldest first. */
  async sourceTimeline(source: string, bucket: 'hour' | 'day', since?: Date): Promise<SourceTimelinePoint[]> {
    const size = bucket === 'hour' ? 3_600_000 : 86_400_000;
    const points = new Map<number, SourceTimelinePoint>();
    const point = (at: Date) => {
      const start = Math.floor(at.getTime() / size) * size;
      let p = points.get(start);
      if (!p) points.set(start, (p = { at: new Date(start).toISOString(), sent: 0, failed: 0, opened: 0 }));
      return p;
    };
    for await (const batch of this.scanSource(source, ['sent', 'failed', 'unknown'], 5000)) {
      for (const row of batch) {
        const when = row.sentAt ?? row.updatedAt;
        if (since && when < since && !(row.openedAt && row.openedAt >= since)) continue;
        if (!since || when >= since) {
          if (row.status === 'sent') point(when).sent++;
          else point(when).failed++;
        }
        if (row.openedAt && (!since || row.openedAt >= since)) point(row.openedAt).opened++;
      }
    }
    return [...points.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
  }

  /** A page of the source's recipients (in delivery-row order), optionally one status only. */
  async sourceRecipients(source: string, query: SourceRecipientsQuery = {}): Promise<Page<SourceRecipient>> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const qb = this.dataSource
      .getRepository(MessageDelivery)
      .createQueryBuilder('d')
      .select(['d.id', 'd.patientId', 'd.status', 'd.reason', 'd.errcode', 'd.sentAt', 'd.openedAt'])
      .where('d.source = :source', { source })
      .orderBy('d.id', 'ASC')
      .take(limit + 1);
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.cursor) qb.andWhere('d.id > :cursor', { cursor: query.cursor });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit).map(recipientView);
    return { items, nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
  }

  /** Every recipient, in batches (a CSV export streams these). */
  async *sourceRecipientsAll(source: string, status?: SourceRecipientsQuery['status'], batchSize = 2000): AsyncIterable<SourceRecipient[]> {
    for await (const batch of this.scanSource(source, status ? [status] : null, batchSize)) yield batch.map(recipientView);
  }

  /** The patient opened the source's landing page: sets openedAt once (later opens change nothing). True when it was set now. */
  async markOpened(source: string, patientId: string): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.tx.run((m) =>
      m
        .createQueryBuilder()
        .update(MessageDelivery)
        .set({ openedAt: now })
        // Whoever had the 消息 entry can open it: sent, but also skipped for want of a grant (the in-app message exists
        // either way). Those the rules kept it from (no consent, topic off, profile removed) never saw it.
        .where('source = :source AND patientId = :patientId AND openedAt IS NULL', { source, patientId })
        .andWhere("(status <> 'skipped' OR reason IS NULL OR reason NOT IN (:...hidden))", { hidden: ['no_consent', 'opted_out', 'withdrawn'] })
        .execute(),
    );
    return Boolean(result.affected);
  }

  /** Who the source reached and when, in batches (for conversion: did they book within 7 days?). */
  async *sentTo(source: string, batchSize = 2000): AsyncIterable<{ patientId: string; sentAt: Date }[]> {
    for await (const batch of this.scanSource(source, ['sent'], batchSize)) yield batch.map((d) => ({ patientId: d.patientId, sentAt: d.sentAt! }));
  }

  private async *scanSource(source: string, statuses: string[] | null, batchSize: number): AsyncIterable<MessageDelivery[]> {
    let after = '';
    for (;;) {
      const qb = this.dataSource
        .getRepository(MessageDelivery)
        .createQueryBuilder('d')
        .select(['d.id', 'd.patientId', 'd.status', 'd.reason', 'd.errcode', 'd.sentAt', 'd.openedAt', 'd.updatedAt'])
        .where('d.source = :source AND d.id > :after', { source, after })
        .orderBy('d.id', 'ASC')
        .take(batchSize);
      if (statuses) qb.andWhere('d.status IN (:...statuses)', { statuses });
      const rows = await qb.getMany();
      if (!rows.length) return;
      yield rows;
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]!.id;
    }
  }
}

function recipientView(d: MessageDelivery): SourceRecipient {
  return {
    patientId: d.patientId,
    status: d.status,
    reason: d.reason,
    errcode: d.errcode,
    sentAt: d.sentAt?.toISOString() ?? null,
    openedAt: d.openedAt?.toISOString() ?? null,
  };
}
