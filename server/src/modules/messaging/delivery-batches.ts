import { Inject, Injectable, Logger } from '@nestjs/common';
import { MESSAGE_POLICIES, type MessageKind } from '@yiban/shared';
import { type EntityManager, In } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { WechatApiError, WechatClient } from '../../integrations/wechat/wechat.client.js';
import { ConsentsService } from '../consents/index.js';
import { PatientsReader } from '../patients/index.js';
import { decideDelivery, type DeliveryFacts, type DeliveryRuleConfig } from './delivery-rules.js';
import { MarketingPreferencesService } from './marketing-preferences.service.js';
import { MessageDelivery, type DeliveryReason, type DeliveryStatus } from './message-delivery.entity.js';
import { SendRate } from './send-rate.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** Errcodes after which sending again cannot help (45015: the 48-hour customer-service window has closed). */
export const PERMANENT = new Set([40003, 40037, 47003, 41030, 43101, 45009, 45015, 44004]);
export const MARKETING_KINDS = (Object.keys(MESSAGE_POLICIES) as MessageKind[]).filter((k) => MESSAGE_POLICIES[k].marketing);
export const MAX_SEND_ATTEMPTS = 6;

/**
 * Whose batch it is. A source's (a campaign's drain): rows to try again are picked up by the source's lanes, and
 * WeChat's daily limit (45009) holds the rest of the batch. Single deliveries (`source: null`, the
 * `messaging.deliver` jobs): every row put back in the queue gets a job for its time, and 45009 fails the send.
 */
export interface BatchOwner {
  source: string | null;
}

export interface Claimed {
  row: MessageDelivery;
  openid: string;
  /** Not sent by then → handed back unsent (another worker may treat it as abandoned after the lease). */
  sendBy: number;
}

/** What became of one batch's sends, grouped for a few UPDATEs. */
export interface Outcomes {
  sent: { id: string; msgid: string | null }[];
  /** errcode → ids */
  failed: Map<number, string[]>;
  unknown: string[];
  /** Back to the queue for a later try, at `at`. */
  retry: { id: string; reason: DeliveryReason; errcode: number | null; at: Date }[];
  /** Not sent in time (the lease was running out): back to the queue as it was, due now. */
  unsent: string[];
  /** Not sent because the source stopped (45009). */
  held: string[];
  /** 43101: the account has no grant for the template after all. */
  absent: { accountId: string; templateId: string }[];
  /** A source's batch met WeChat's daily limit (45009). */
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

/** Up to this many rows in one UPDATE … CASE of sent outcomes. */
const SENT_PER_UPDATE = 500;

/**
 * The outbound path's batch steps, shared by single deliveries (the `messaging.deliver` jobs a worker claims at once)
 * and bulk sources (the drain): decide every row with set-based reads (`decideDelivery`), spend the grants and mark
 * the batch `sending` in the claiming transaction; send under the global rate (`SendRate`), one send per openid at a
 * time; record the outcomes grouped in a few UPDATEs (only rows still `sending` change).
 */
@Injectable()
export class DeliveryBatches {
  private readonly logger = new Logger('Messaging');
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly waiting: (() => void)[] = [];

  constructor(
    @Inject(JobQueue) private readonly jobs: JobQueue,
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

  /** The rules' settings at this moment. */
  rules(): DeliveryRuleConfig {
    const { quietHours, marketingCapPerWeek } = this.config.messaging;
    return { now: this.clock.now(), quietHours, timeZone: this.config.timeZone, marketingCapPerWeek };
  }

  /**
   * Claims rows the caller has locked in `m`: decides each, finishes or defers those not to be sent now, spends the
   * grants and marks the rest `sending` (with a lease of WECHAT_SEND_LEASE_MS). Answers the rows to send, each to be
   * sent by `sendBy` (real time, ms) or handed back.
   */
  async claim(m: EntityManager, claimedRows: MessageDelivery[], sendBy: number, owner: BatchOwner): Promise<Claimed[]> {
    const rules = this.rules();
    const { now } = rules;
    // A row `sending` under a lease that has not run out is another run's, still under way (a job run again once its
    // own claim ran out, while the first run still sends or records): not abandoned, so not decided here — a single
    // delivery's job looks again when the lease ends. (The drain only reads rows whose lease has run out.)
    const leased = claimedRows.filter((r) => r.status === 'sending' && r.notBefore > now);
    await this.requeue(
      m,
      owner,
      leased.map((r) => ({ id: r.id, at: r.notBefore })),
    );
    const rows = leased.length ? claimedRows.filter((r) => !leased.includes(r)) : claimedRows;
    if (!rows.length) return [];
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
    for (const [at, ids] of deferred) {
      await m.update(MessageDelivery, { id: In(ids) }, { status: 'queued', notBefore: new Date(at), reason: 'quiet_hours' });
      await this.requeue(
        m,
        owner,
        ids.map((id) => ({ id, at: new Date(at) })),
      );
    }
    if (go.length) {
      const lease = new Date(now.getTime() + this.config.messaging.sendLeaseMs);
      await m
        .createQueryBuilder()
        .update(MessageDelivery)
        // A customer-service text needs no grant: only subscribe messages have one spent.
        .set({
          status: 'sending',
          notBefore: lease,
          attempts: () => 'attempts + 1',
          grantSpent: () => "CASE WHEN channel = 'subscribe' THEN 1 ELSE 0 END",
          reason: null,
        })
        .where({ id: In(go.map((r) => r.id)) })
        .execute();
    }
    return go.map((row) => ({ row: { ...row, attempts: row.attempts + 1 } as MessageDelivery, openid: facts(row).openid!, sendBy }));
  }

  /** Single deliveries put back in the queue get a job for their time (a source's lanes find its rows themselves). */
  private async requeue(m: EntityManager, owner: BatchOwner, rows: { id: string; at: Date }[]): Promise<void> {
    if (owner.source !== null || !rows.length) return;
    await this.jobs.enqueueAll(
      m,
      rows.map(({ id, at }) => ({
        kind: 'messaging.deliver',
        payload: { deliveryId: id },
        options: { runAt: at, idempotencyKey: `deliver:${id}:${at.getTime()}` },
      })),
    );
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

  /**
   * When a send WeChat did not take is tried again. A source's batch: in 1–4 s (its lanes pace themselves). A single
   * delivery: 45011 at the next minute, other errors after a short wait growing with the attempts, no answer after 5 s
   * per attempt. The jitter is drawn once per batch (`jitter`, 0–1), so a batch's retries share a few UPDATEs.
   */
  private retryAt(owner: BatchOwner, row: MessageDelivery, errcode: number | null, jitter: number): Date {
    const now = this.clock.now().getTime();
    if (owner.source !== null) return new Date(now + 1_000 + jitter * 3_000);
    if (errcode === 45011) return new Date(now + 60_000 - (now % 60_000) + jitter * 5_000);
    if (errcode === null) return new Date(now + 5_000 * row.attempts);
    return new Date(now + 1_000 + jitter * 4_000 * row.attempts);
  }

  /** Sends a claimed batch under the global rate, one send per openid at a time; a source's batch stops at 45009. */
  async send(claimed: Claimed[], owner: BatchOwner): Promise<Outcomes> {
    const out: Outcomes = { sent: [], failed: new Map(), unknown: [], retry: [], unsent: [], held: [], absent: [], dailyLimit: false };
    const jitter = Math.random();
    const byOpenid = new Map<string, Claimed[]>();
    for (const c of claimed) byOpenid.set(c.openid, [...(byOpenid.get(c.openid) ?? []), c]);
    const fail = (id: string, errcode: number) => out.failed.set(errcode, [...(out.failed.get(errcode) ?? []), id]);
    /** One try; true when it should be tried again now (45011: refused, not sent). */
    const attempt = async ({ row, openid, sendBy }: Claimed, tries: number): Promise<boolean> => {
      try {
        await this.rate.take();
      } catch {
        // The shared rate (Redis) is unreachable: not sent; back to the queue for a little later.
        out.retry.push({ id: row.id, reason: 'rate_limited', errcode: null, at: new Date(this.clock.now().getTime() + 1_000 + jitter * 4_000) });
        return false;
      }
      if (out.dailyLimit) {
        out.held.push(row.id);
        return false;
      }
      if (Date.now() > sendBy) {
        out.unsent.push(row.id);
        return false;
      }
      try {
        if (row.channel === 'custom') {
          await this.wechat.sendCustomText(openid, row.data.content?.value ?? '');
          out.sent.push({ id: row.id, msgid: null });
        } else out.sent.push({ id: row.id, msgid: await this.wechat.sendSubscribeMessage(openid, row.templateId, row.page, row.data) });
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
            if (owner.source !== null) {
              out.dailyLimit = true;
              out.held.push(row.id);
              return false;
            }
            this.logger.error(`WeChat daily send limit reached (45009): delivery ${row.id} stopped; sends resume tomorrow`);
          }
          if (errcode === 43101) out.absent.push({ accountId: row.accountId, templateId: row.templateId });
          if (PERMANENT.has(errcode) || row.attempts >= MAX_SEND_ATTEMPTS) fail(row.id, errcode);
          // -1 (system busy), 43108 (a send to the user from elsewhere), others: a jittered retry later.
          else
            out.retry.push({ id: row.id, reason: errcode === 45011 ? 'rate_limited' : 'wechat_error', errcode, at: this.retryAt(owner, row, errcode, jitter) });
          return false;
        }
        // No answer: the message may or may not have reached the patient.
        if (MESSAGE_POLICIES[row.messageKind].onUnknownOutcome === 'give_up' || row.attempts >= MAX_SEND_ATTEMPTS) out.unknown.push(row.id);
        else out.retry.push({ id: row.id, reason: 'unknown_outcome', errcode: null, at: this.retryAt(owner, row, null, jitter) });
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

  /**
   * Records a batch's outcomes in `m`: one UPDATE per outcome (and per errcode, per retry time); only rows still
   * `sending` change. Rows put back in the queue get their jobs when single.
   */
  async record(m: EntityManager, out: Outcomes, owner: BatchOwner): Promise<void> {
    const now = this.clock.now();
    const sending = (ids: string[]) => ({ id: In(ids), status: 'sending' as const });
    for (let i = 0; i < out.sent.length; i += SENT_PER_UPDATE) {
      const chunk = out.sent.slice(i, i + SENT_PER_UPDATE);
      const params: Record<string, string | null> = {};
      const cases = chunk.map((s, j) => {
        params[`i${j}`] = s.id;
        params[`m${j}`] = s.msgid?.slice(0, 32) ?? null;
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
      const reason: DeliveryReason = errcode === 45009 ? 'daily_limit' : errcode === 45015 ? 'window_closed' : 'wechat_error';
      await m.update(MessageDelivery, sending(ids), { status: 'failed', reason, errcode });
    }
    if (out.unknown.length) await m.update(MessageDelivery, sending(out.unknown), { status: 'unknown', reason: 'unknown_outcome' });
    const retries = new Map<string, { reason: DeliveryReason; errcode: number | null; at: Date; ids: string[] }>();
    for (const r of out.retry) {
      const key = `${r.reason}:${r.errcode ?? ''}:${r.at.getTime()}`;
      const group = retries.get(key) ?? { reason: r.reason, errcode: r.errcode, at: r.at, ids: [] };
      group.ids.push(r.id);
      retries.set(key, group);
    }
    for (const { reason, errcode, at, ids } of retries.values()) {
      await m.update(MessageDelivery, sending(ids), { status: 'queued', notBefore: at, reason, errcode });
      await this.requeue(
        m,
        owner,
        ids.map((id) => ({ id, at })),
      );
    }
    if (out.unsent.length) {
      await m
        .createQueryBuilder()
        .update(MessageDelivery)
        .set({ status: 'queued', notBefore: now, attempts: () => 'attempts - 1' })
        .where({ id: In(out.unsent), status: 'sending' })
        .execute();
      await this.requeue(
        m,
        owner,
        out.unsent.map((id) => ({ id, at: now })),
      );
    }
    if (out.held.length) await m.update(MessageDelivery, sending(out.held), { status: 'held', reason: 'daily_limit' });
    if (out.absent.length) await this.subscriptions.markAbsentMany(m, out.absent);
  }
}
