import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { MESSAGE_POLICIES } from '@yiban/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Transactions } from '../../common/database/transactions.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { WechatApiError, WechatClient } from '../../integrations/wechat/wechat.client.js';
import { ConsentsService } from '../consents/index.js';
import { PatientsReader } from '../patients/index.js';
import { DeliveriesService, MARKETING_KINDS, MAX_SEND_ATTEMPTS, PERMANENT } from './deliveries.service.js';
import { decideDelivery, type DeliveryFacts } from './delivery-rules.js';
import { MarketingPreferencesService } from './marketing-preferences.service.js';
import { MessageDelivery, type DeliveryReason, type DeliveryStatus } from './message-delivery.entity.js';
import { SendRate } from './send-rate.js';
import { SubscriptionsService } from './subscriptions.service.js';

interface Claimed {
  row: MessageDelivery;
  openid: string;
  /** Not sent by then → handed back unsent (another worker may treat it as abandoned after the lease). */
  sendBy: number;
}

/** What became of one batch's sends, grouped for a few UPDATEs. */
interface Outcomes {
  sent: { id: string; msgid: string }[];
  /** errcode → ids */
  failed: Map<number, string[]>;
  unknown: string[];
  /** Back to the queue for a later try. */
  retry: { id: string; reason: DeliveryReason; errcode: number | null }[];
  /** Not sent in time (the lease was running out): back to the queue as it was, due now. */
  unsent: string[];
  /** Not sent because the source stopped (45009). */
  held: string[];
  /** 43101: the account has no grant for the template after all. */
  absent: { accountId: string; templateId: string }[];
  dailyLimit: boolean;
}

/**
 * WeChat calls in flight at once in this process: enough to carry the whole send rate at this many ms per call
 * (one worker may hold every lane of a campaign), at least `MIN_IN_FLIGHT`. More would only queue inside the HTTP
 * client, where the wait counts against WECHAT_TIMEOUT_MS and a send that did go out could be recorded as an
 * unknown outcome.
 */
const CALL_MS_CARRIED = 50;
const MIN_IN_FLIGHT = 16;

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
 * round claims a batch of due rows with SELECT … FOR UPDATE SKIP LOCKED, decides every row with set-based reads
 * (the same `decideDelivery` rules as single messages), spends the grants and marks the batch `sending` in the
 * same transaction, sends under the global rate keeping one send per openid at a time, then records the outcomes
 * grouped in a few UPDATEs.
 *
 * At most once: a claimed row is `sending` until its outcome is recorded. After a crash, rows still `sending` when
 * their lease (`WECHAT_SEND_LEASE_MS`) runs out are marked `unknown` (marketing never resends), so the duplicates a
 * crash can cause are bounded by the rows in `sending` at that moment — at most `WECHAT_SEND_BATCH` per lane running
 * in the dead process, and in practice none for marketing (they are recorded unknown, not sent again).
 */
@Injectable()
export class SourceDrain implements OnModuleInit {
  private readonly logger = new Logger('Messaging');
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly waiting: (() => void)[] = [];
  /** The lanes running in this process (source:lane → its run). */
  private readonly lanes = new Map<string, Promise<void>>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(DeliveriesService) private readonly deliveries: DeliveriesService,
    @Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService,
    @Inject(ConsentsService) private readonly consents: ConsentsService,
    @Inject(MarketingPreferencesService) private readonly preferences: MarketingPreferencesService,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(WechatClient) private readonly wechat: WechatClient,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SendRate) private readonly rate: SendRate,
  ) {
    this.maxInFlight = Math.max(MIN_IN_FLIGHT, Math.ceil((config.messaging.sendRatePerSecond * CALL_MS_CARRIED) / 1000));
  }

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
      const outcomes = await this.send(claimed);
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
    if (jobId) await this.retrying(() => this.tx.run((m) => this.jobs.releaseKey(m, jobId)));
    const next = await this.nextDue(source);
    if (next) {
      await this.retrying(() => this.tx.run((m) => this.jobs.arm(m, 'messaging.drain', { source, lane }, DeliveriesService.laneKey(source, lane), next)));
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
    return this.retrying(() =>
      this.tx.run(async (m) => {
        const rules = this.deliveries.rules();
        const { now } = rules;
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

        const facts = await this.facts(m, rows, now);
        const sends: MessageDelivery[] = [];
        const finished = new Map<string, string[]>();
        const deferred = new Map<number, string[]>();
        const weekly = new Map<string, number>();
        for (const row of rows) {
          const f = facts(row);
          const fate = decideDelivery(row, { ...f, sentThisWeek: f.sentThisWeek + (weekly.get(row.accountId) ?? 0) }, rules);
          if (fate.action === 'send') {
            sends.push(row);
            if (MESSAGE_POLICIES[row.messageKind].marketing) weekly.set(row.accountId, (weekly.get(row.accountId) ?? 0) + 1);
          } else if (fate.action === 'finish') {
            const key = `${fate.status}:${fate.reason}`;
            finished.set(key, [...(finished.get(key) ?? []), row.id]);
          } else if (fate.action === 'defer') {
            deferred.set(fate.until.getTime(), [...(deferred.get(fate.until.getTime()) ?? []), row.id]);
          }
        }
        // The grants, spent in this transaction (a retry after an unknown outcome does not spend another).
        const spending = sends.filter((r) => r.channel === 'subscribe' && !r.grantSpent);
        const granted = await this.subscriptions.spendMany(
          m,
          spending.map((r) => ({ accountId: r.accountId, templateId: r.templateId })),
        );
        const noGrant = new Set(spending.filter((_, i) => !granted[i]).map((r) => r.id));
        if (noGrant.size) finished.set('skipped:no_grant', [...(finished.get('skipped:no_grant') ?? []), ...noGrant]);
        const go = sends.filter((r) => !noGrant.has(r.id));

        for (const [key, ids] of finished) {
          const [status, reason] = key.split(':') as [DeliveryStatus, DeliveryReason];
          await m.update(MessageDelivery, { id: In(ids) }, { status, reason });
        }
        for (const [at, ids] of deferred)
          await m.update(MessageDelivery, { id: In(ids) }, { status: 'queued', notBefore: new Date(at), reason: 'quiet_hours' });
        if (go.length) {
          const lease = new Date(now.getTime() + this.config.messaging.sendLeaseMs);
          await m
            .createQueryBuilder()
            .update(MessageDelivery)
            .set({ status: 'sending', notBefore: lease, attempts: () => 'attempts + 1', grantSpent: true, reason: null })
            .where({ id: In(go.map((r) => r.id)) })
            .execute();
        }
        // A send not started by the last fifth of the lease goes back unsent, so none leaves after another worker may have taken it.
        const sendBy = Date.now() + this.config.messaging.sendLeaseMs * 0.8;
        return go.map((row) => ({ row: { ...row, attempts: row.attempts + 1 } as MessageDelivery, openid: facts(row).openid!, sendBy }));
      }),
    );
  }

  /** Claims and records run again after a deadlock (concurrent lanes' row locks); nothing was sent inside them. */
  private async retrying<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= 8 || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT')) throw error;
        await sleep(10 + Math.random() * 50 * attempt);
      }
    }
  }

  /** The facts for a batch, read set-based: profiles, consents, topic switches, this week's sends, openids. */
  private async facts(m: EntityManager, rows: MessageDelivery[], now: Date): Promise<(row: MessageDelivery) => DeliveryFacts> {
    const patientIds = [...new Set(rows.map((r) => r.patientId))];
    const accountIds = [...new Set(rows.map((r) => r.accountId))];
    const marketing = rows.filter((r) => MESSAGE_POLICIES[r.messageKind].marketing);
    const marketingPatients = [...new Set(marketing.map((r) => r.patientId))];
    const patients = await this.patients.deliveryFacts(patientIds, m);
    const consenting = marketing.length ? await this.consents.grantedAmong(marketingPatients, 'marketing', m) : new Set<string>();
    const off = new Map<string, Set<string>>();
    for (const kind of new Set(marketing.map((r) => r.messageKind))) {
      off.set(kind, await this.preferences.optedOut([...new Set(marketing.filter((r) => r.messageKind === kind).map((r) => r.patientId))], kind, m));
    }
    const week = new Map<string, number>();
    const marketingAccounts = [...new Set(marketing.map((r) => r.accountId))];
    if (marketingAccounts.length) {
      const counts = await m
        .getRepository(MessageDelivery)
        .createQueryBuilder('d')
        .select('d.accountId', 'accountId')
        .addSelect('COUNT(*)', 'n')
        .where('d.accountId IN (:...accounts) AND d.status = :sent AND d.sentAt > :weekAgo AND d.messageKind IN (:...kinds)', {
          accounts: marketingAccounts,
          sent: 'sent',
          weekAgo: new Date(now.getTime() - 7 * 86_400_000),
          kinds: MARKETING_KINDS,
        })
        .groupBy('d.accountId')
        .getRawMany<{ accountId: string; n: string | number }>();
      for (const c of counts) week.set(c.accountId, Number(c.n));
    }
    const openids = await this.patients.openids(accountIds, m);
    return (row) => ({
      patient: patients.get(row.patientId) ?? null,
      marketingConsent: consenting.has(row.patientId),
      topicOff: off.get(row.messageKind)?.has(row.patientId) ?? false,
      sentThisWeek: week.get(row.accountId) ?? 0,
      openid: openids.get(row.accountId) ?? null,
    });
  }

  /** Sends a claimed batch under the global rate, one send per openid at a time; stops at 45009. */
  private async send(claimed: Claimed[]): Promise<Outcomes> {
    const out: Outcomes = { sent: [], failed: new Map(), unknown: [], retry: [], unsent: [], held: [], absent: [], dailyLimit: false };
    const byOpenid = new Map<string, Claimed[]>();
    for (const c of claimed) byOpenid.set(c.openid, [...(byOpenid.get(c.openid) ?? []), c]);
    const fail = (id: string, errcode: number) => out.failed.set(errcode, [...(out.failed.get(errcode) ?? []), id]);
    /** One try; true when it should be tried again now (45011: refused, not sent). */
    const attempt = async ({ row, openid, sendBy }: Claimed, tries: number): Promise<boolean> => {
      await this.rate.take();
      if (out.dailyLimit) {
        out.held.push(row.id);
        return false;
      }
      if (Date.now() > sendBy) {
        out.unsent.push(row.id);
        return false;
      }
      try {
        const msgid = await this.wechat.sendSubscribeMessage(openid, row.templateId, row.page, row.data);
        out.sent.push({ id: row.id, msgid });
        return false;
      } catch (error) {
        if (error instanceof WechatApiError) {
          const { errcode } = error;
          if (errcode === 45011 && tries < 20) {
            // Over WeChat's rate: hold back until the next window and send it again (it was refused, not sent).
            this.rate.backOff();
            return true;
          }
          if (errcode === 45009) {
            out.dailyLimit = true;
            out.held.push(row.id);
            return false;
          }
          if (errcode === 43101) out.absent.push({ accountId: row.accountId, templateId: row.templateId });
          if (PERMANENT.has(errcode) || row.attempts >= MAX_SEND_ATTEMPTS) fail(row.id, errcode);
          // -1 (system busy), 43108 (a send to the user from elsewhere), others: a jittered retry later.
          else out.retry.push({ id: row.id, reason: errcode === 45011 ? 'rate_limited' : 'wechat_error', errcode });
          return false;
        }
        // No answer: the message may or may not have reached the patient.
        if (MESSAGE_POLICIES[row.messageKind].onUnknownOutcome === 'give_up' || row.attempts >= MAX_SEND_ATTEMPTS) out.unknown.push(row.id);
        else out.retry.push({ id: row.id, reason: 'unknown_outcome', errcode: null });
        return false;
      }
    };
    const sendOne = async (claimed: Claimed) => {
      for (let tries = 0; ; tries++) {
        await this.acquire();
        let again: boolean;
        try {
          again = await attempt(claimed, tries);
        } finally {
          this.release();
        }
        if (!again) return;
      }
    };
    await Promise.all(
      [...byOpenid.values()].map(async (list) => {
        for (const c of list) await sendOne(c);
      }),
    );
    return out;
  }

  private async acquire(): Promise<void> {
    if (this.inFlight < this.maxInFlight) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }

  /** Records a batch's outcomes: one UPDATE per outcome (and per errcode); only rows still `sending` change. */
  private async record(source: string, out: Outcomes): Promise<void> {
    const now = this.clock.now();
    await this.retrying(() =>
      this.tx.run(async (m) => {
        const sending = (ids: string[]) => ({ id: In(ids), status: 'sending' as const });
        for (let i = 0; i < out.sent.length; i += 500) {
          const chunk = out.sent.slice(i, i + 500);
          const params: Record<string, string> = {};
          const cases = chunk.map((s, j) => {
            params[`i${j}`] = s.id;
            params[`m${j}`] = s.msgid.slice(0, 32);
            return `WHEN :i${j} THEN :m${j}`;
          });
          await m
            .createQueryBuilder()
            .update(MessageDelivery)
            .set({ status: 'sent', sentAt: now, reason: null, errcode: null, msgid: () => `CASE id ${cases.join(' ')} END` })
            .where({ id: In(chunk.map((s) => s.id)), status: 'sending' })
            .setParameters(params)
            .execute();
        }
        for (const [errcode, ids] of out.failed) {
          const reason: DeliveryReason = errcode === 45015 ? 'window_closed' : 'wechat_error';
          await m.update(MessageDelivery, sending(ids), { status: 'failed', reason, errcode });
        }
        if (out.unknown.length) await m.update(MessageDelivery, sending(out.unknown), { status: 'unknown', reason: 'unknown_outcome' });
        const retries = new Map<string, string[]>();
        for (const r of out.retry) retries.set(`${r.reason}:${r.errcode ?? ''}`, [...(retries.get(`${r.reason}:${r.errcode ?? ''}`) ?? []), r.id]);
        for (const [key, ids] of retries) {
          const [reason, errcode] = key.split(':') as [DeliveryReason, string];
          const at = new Date(now.getTime() + 1_000 + Math.random() * 3_000);
          await m.update(MessageDelivery, sending(ids), { status: 'queued', notBefore: at, reason, errcode: errcode ? Number(errcode) : null });
        }
        if (out.unsent.length) {
          await m
            .createQueryBuilder()
            .update(MessageDelivery)
            .set({ status: 'queued', notBefore: now, attempts: () => 'attempts - 1' })
            .where({ id: In(out.unsent), status: 'sending' })
            .execute();
        }
        if (out.held.length) await m.update(MessageDelivery, sending(out.held), { status: 'held', reason: 'daily_limit' });
        if (out.dailyLimit) await this.deliveries.pauseSource(m, source);
        if (out.absent.length) await this.subscriptions.markAbsentMany(m, out.absent);
      }),
    );
  }
}
