import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { MESSAGE_POLICIES, type MessageKind } from '@yiban/shared';
import { type EntityManager, In, MoreThan } from 'typeorm';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { WechatApiError, WechatClient } from '../../integrations/wechat/wechat.client.js';
import { ConsentsService } from '../consents/index.js';
import { PatientsReader } from '../patients/index.js';
import { MessageDelivery, type DeliveryReason } from './message-delivery.entity.js';
import { quietUntil } from './quiet-hours.js';
import { SubscriptionsService } from './subscriptions.service.js';

export interface OutboundText {
  patientId: string;
  /** The policy it follows (quiet hours, what to do after an unknown outcome). */
  kind: MessageKind;
  text: string;
  dedupeKey: string;
  notBefore?: Date;
  expiresAt?: Date;
}

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

/** Errcodes after which sending again cannot help (45015: the 48-hour customer-service window has closed). */
const PERMANENT = new Set([40003, 40037, 47003, 41030, 43101, 45009, 45015, 44004]);
const MARKETING_KINDS = (Object.keys(MESSAGE_POLICIES) as MessageKind[]).filter((k) => MESSAGE_POLICIES[k].marketing);
const MAX_SEND_ATTEMPTS = 6;

type Claim = { send: false } | { send: true; delivery: MessageDelivery; openid: string };

/**
 * The one outbound path for WeChat messages. A message becomes a delivery row and a job in the caller's
 * transaction; the job claims the row (using the patient's grant in the same transaction) before anything
 * leaves, then records WeChat's answer. Skips carry a reason; nights are deferred, not dropped.
 */
@Injectable()
export class DeliveriesService implements OnModuleInit {
  private readonly logger = new Logger('Messaging');

  constructor(
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService,
    @Inject(ConsentsService) private readonly consents: ConsentsService,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(WechatClient) private readonly wechat: WechatClient,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register('messaging.deliver', ({ payload }) => this.deliver(payload.deliveryId));
  }

  /** Queues a subscribe message inside the caller's transaction. Returns the delivery (the existing one for a repeated key). */
  async queue(m: EntityManager, message: OutboundMessage): Promise<MessageDelivery> {
    return this.insert(m, message.patientId, message.accountId, {
      messageKind: message.kind,
      channel: 'subscribe',
      templateId: this.subscriptions.templateFor(message.kind).id,
      page: message.page ?? null,
      data: Object.fromEntries(Object.entries(message.data).map(([k, value]) => [k, { value }])),
      dedupeKey: message.dedupeKey,
      notBefore: message.notBefore ?? this.clock.now(),
      expiresAt: message.expiresAt ?? null,
    });
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

  /** The job: decide, claim, send, record. Safe to run again for the same delivery. */
  async deliver(deliveryId: string): Promise<void> {
    const claim = await this.claim(deliveryId);
    if (!claim.send) return;
    const { delivery, openid } = claim;
    let msgid: string | null = null;
    try {
      if (delivery.channel === 'custom') await this.wechat.sendCustomText(openid, delivery.data.content?.value ?? '');
      else msgid = await this.wechat.sendSubscribeMessage(openid, delivery.templateId, delivery.page, delivery.data);
    } catch (error) {
      await this.recordFailure(delivery, error);
      return;
    }
    await this.tx.run((m) =>
      m.update(MessageDelivery, { id: delivery.id, status: 'sending' }, { status: 'sent', sentAt: this.clock.now(), msgid, reason: null, errcode: null }),
    );
  }

  private async claim(deliveryId: string): Promise<Claim> {
    return this.tx.run(async (m): Promise<Claim> => {
      const delivery = await lockRow(m, MessageDelivery, deliveryId);
      if (!delivery) return { send: false };
      const policy = MESSAGE_POLICIES[delivery.messageKind];
      const now = this.clock.now();
      const finish = async (status: 'skipped' | 'unknown', reason: DeliveryReason) => {
        await m.update(MessageDelivery, { id: delivery.id }, { status, reason });
        return { send: false } as const;
      };
      if (delivery.status === 'sending') {
        // A worker died between claiming and recording: the message may have gone out.
        if (policy.onUnknownOutcome === 'give_up') return finish('unknown', 'unknown_outcome');
      } else if (delivery.status !== 'queued') {
        return { send: false };
      }
      if (delivery.notBefore > now) return { send: false };
      if (delivery.expiresAt && delivery.expiresAt <= now) return finish('skipped', 'expired');
      // A profile removed from its account gets nothing more (its reminders and notices are moot).
      const patient = await this.patients.byId(delivery.patientId, m);
      if (!patient || patient.deletedAt) return finish('skipped', 'withdrawn');
      if (policy.marketing && !(await this.consents.hasCurrent(delivery.patientId, 'marketing'))) return finish('skipped', 'no_consent');
      if (policy.respectsQuietHours) {
        // Quiet hours are the patient's night: their own time zone when they set one (international patients).
        const zone = patient.timeZone ?? this.config.timeZone;
        const until = quietUntil(now, this.config.messaging.quietHours, zone);
        if (until) {
          if (delivery.expiresAt && delivery.expiresAt <= until) return finish('skipped', 'expired');
          await this.defer(m, delivery, until, 'quiet_hours');
          return { send: false };
        }
      }
      if (policy.marketing && delivery.status === 'queued') {
        const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
        const recent = await m
          .getRepository(MessageDelivery)
          .countBy({ accountId: delivery.accountId, status: 'sent', messageKind: In(MARKETING_KINDS), sentAt: MoreThan(weekAgo) });
        if (recent >= this.config.messaging.marketingCapPerWeek) return finish('skipped', 'frequency_cap');
      }
      const openid = await this.patients.openid(delivery.accountId, m);
      if (!openid) return finish('skipped', 'no_grant');
      const needsGrant = delivery.channel === 'subscribe' && !delivery.grantSpent;
      if (needsGrant && !(await this.subscriptions.spend(m, delivery.accountId, delivery.templateId))) return finish('skipped', 'no_grant');
      await m.update(
        MessageDelivery,
        { id: delivery.id },
        { status: 'sending', grantSpent: delivery.channel === 'subscribe', attempts: delivery.attempts + 1, reason: null },
      );
      return { send: true, delivery: { ...delivery, attempts: delivery.attempts + 1 } as MessageDelivery, openid };
    });
  }

  private async recordFailure(delivery: MessageDelivery, error: unknown): Promise<void> {
    const policy = MESSAGE_POLICIES[delivery.messageKind];
    if (error instanceof WechatApiError) {
      const { errcode } = error;
      if (errcode === 43101) await this.subscriptions.markAbsent(delivery.accountId, delivery.templateId);
      if (errcode === 45009) this.logger.error(`WeChat daily send limit reached (45009): delivery ${delivery.id} stopped; sends resume tomorrow`);
      if (PERMANENT.has(errcode) || delivery.attempts >= MAX_SEND_ATTEMPTS) {
        const reason: DeliveryReason = errcode === 45009 ? 'daily_limit' : errcode === 45015 ? 'window_closed' : 'wechat_error';
        await this.tx.run((m) => m.update(MessageDelivery, { id: delivery.id, status: 'sending' }, { status: 'failed', reason, errcode }));
        return;
      }
      // 45011: the per-minute limit — wait for the next window. -1 / 43108 / others: a short, jittered retry.
      const waitMs =
        errcode === 45011 ? 60_000 - (this.clock.now().getTime() % 60_000) + Math.random() * 5_000 : 1_000 + Math.random() * 4_000 * delivery.attempts;
      await this.tx.run((m) =>
        this.defer(m, delivery, new Date(this.clock.now().getTime() + waitMs), errcode === 45011 ? 'rate_limited' : 'wechat_error', errcode),
      );
      return;
    }
    // No answer: the message may or may not have reached the patient.
    if (policy.onUnknownOutcome === 'give_up' || delivery.attempts >= MAX_SEND_ATTEMPTS) {
      await this.tx.run((m) => m.update(MessageDelivery, { id: delivery.id, status: 'sending' }, { status: 'unknown', reason: 'unknown_outcome' }));
      return;
    }
    await this.tx.run((m) => this.defer(m, delivery, new Date(this.clock.now().getTime() + 5_000 * delivery.attempts), 'unknown_outcome'));
  }

  /** Back to the queue until `at`, with a job to pick it up then. */
  private async defer(m: EntityManager, delivery: MessageDelivery, at: Date, reason: DeliveryReason, errcode: number | null = null): Promise<void> {
    await m.update(MessageDelivery, { id: delivery.id }, { status: 'queued', notBefore: at, reason, errcode });
    await this.jobs.enqueue(m, 'messaging.deliver', { deliveryId: delivery.id }, { runAt: at, idempotencyKey: `deliver:${delivery.id}:${at.getTime()}` });
  }
}
