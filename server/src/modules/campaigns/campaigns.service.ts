import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import {
  MARKETING_MESSAGE_KINDS,
  maskName,
  type AnyNotification,
  type CampaignCalendarEntry,
  type CampaignContent,
  type CampaignLanding,
  type CampaignMessageKindView,
  type CampaignRecipientView,
  type CampaignSchedule,
  type CampaignStats,
  type CampaignStatus,
  type CampaignTimelinePoint,
  type CampaignView,
  type LandingType,
  type MessageKind,
  type Page,
  type SegmentRule,
} from '@yiban/shared';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { lockRow } from '../../common/database/locks.js';
import { newestFirst } from '../../common/database/paging.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { localDate, zonedInstant } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { WechatApiError, WechatClient } from '../../integrations/wechat/wechat.client.js';
import { AppointmentsReader } from '../appointments/index.js';
import { ArticlesReader } from '../content/index.js';
import { DeliveriesService, Notifications, SubscriptionsService, templateData, type AnyNotifyInput } from '../messaging/index.js';
import { PatientsReader } from '../patients/index.js';
import { SegmentsService } from '../segments/index.js';
import { StaffDirectory } from '../staff/index.js';
import {
  campaignSource,
  CONVERSION_WINDOW_MS,
  canTestSend,
  convertedPatients,
  dueRun,
  nextRunAt,
  nextStatus,
  plannedRuns,
  recipientKey,
  scheduleProblem,
  triggerCondition,
  type CampaignAction,
} from './campaign-rules.js';
import { Campaign } from './campaign.entity.js';
import { CampaignOpen } from './campaign-open.entity.js';
import { CampaignReview } from './campaign-review.entity.js';
import { CampaignRun } from './campaign-run.entity.js';
import { CampaignTestRecipient } from './campaign-test-recipient.entity.js';
import type { CampaignScheduleDto, CreateCampaignDto, UpdateCampaignDto } from './campaigns.dto.js';

/** How a landing page type is checked and linked. Event and survey pages register when their modules exist. */
export interface LandingHandler {
  /** Throws a DomainError when the target cannot be used (not found, not published). */
  check(id: string | undefined): Promise<void>;
  link(id: string | undefined, campaignId: string): string;
}

/** Who converted: patients (of those sent, with when) who booked, registered or answered within the window. */
export type ConversionSource = (sent: { patientId: string; sentAt: Date }[], windowMs: number) => Promise<Set<string>>;

const BATCH = 1000;
const TICK_MS = 60_000;
const OPEN_STATUSES: CampaignStatus[] = ['draft', 'in_review', 'approved', 'scheduled', 'sending', 'paused'];

/**
 * Push campaigns: the review workflow (an admin who is not the author approves), schedules (once, cron, triggers),
 * materialising each run's audience in streamed batches onto the one outbound path (source `campaign:<id>`), test
 * sends to the author's own WeChat, and results read back from the deliveries.
 */
@Injectable()
export class CampaignsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Campaigns');
  private readonly landings = new Map<LandingType, LandingHandler>();
  private readonly conversions = new Map<string, ConversionSource>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WechatClient) private readonly wechat: WechatClient,
    @Inject(Notifications) private readonly notifications: Notifications,
    @Inject(DeliveriesService) private readonly deliveries: DeliveriesService,
    @Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService,
    @Inject(SegmentsService) private readonly segments: SegmentsService,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(ArticlesReader) private readonly articles: ArticlesReader,
    @Inject(AppointmentsReader) private readonly appointments: AppointmentsReader,
  ) {}

  onModuleInit(): void {
    this.registry.register('campaigns.tick', () => this.tick());
    this.registry.register('campaigns.materialise', ({ payload, signal }) => this.materialise(payload.runId, signal));
    this.deliveries.onSourceStopped('campaign', (source, reason) => this.stoppedByWechat(source, reason));
    // The drain's end (nothing of the source pending) finishes the campaign at once rather than at the next tick.
    this.deliveries.onSourceDrained('campaign', (source) => this.finishIfSent(source.slice('campaign:'.length)));
    this.segments.onDeleteCheck((segmentId) => this.dataSource.getRepository(Campaign).exists({ where: { segmentId, status: In(OPEN_STATUSES) } }));
    this.registerLanding('article', {
      check: async (id) => {
        if (!id || !(await this.articles.published(id))) throw new DomainError('ARTICLE_NOT_FOUND');
      },
      link: (id, campaignId) => `/packages/content/pages/article/index?id=${id ?? ''}&c=${campaignId}`,
    });
    this.registerLanding('booking', {
      check: async () => undefined,
      link: (id, campaignId) => (id ? `/pages/booking/index?departmentId=${id}&c=${campaignId}` : `/pages/booking/index?c=${campaignId}`),
    });
    // A booking made within the window after a send converts (appointments sits below campaigns: read, never called back).
    this.registerConversion('booked', (sent, windowMs) => this.bookedAfterSend(sent, windowMs));
  }

  /** The minutely tick, queued once whichever instance starts first. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    await this.tx.run((m) => this.queueTick(m, this.clock.now()));
  }

  /** A module whose pages can be a campaign's landing registers them (article: content; event, survey: later). */
  registerLanding(type: LandingType, handler: LandingHandler): void {
    this.landings.set(type, handler);
  }

  /** A module that can tell who converted (booked, registered, answered) after a campaign's send. */
  registerConversion(name: string, source: ConversionSource): void {
    this.conversions.set(name, source);
  }

  /** Of these sends, the patients who booked within `windowMs` after one of theirs. */
  private async bookedAfterSend(sent: { patientId: string; sentAt: Date }[], windowMs: number): Promise<Set<string>> {
    if (!sent.length) return new Set();
    const times = sent.map((s) => s.sentAt.getTime());
    const from = new Date(Math.min(...times));
    const to = new Date(Math.max(...times) + windowMs);
    const booked = await this.appointments.bookedWithin(
      sent.map((s) => s.patientId),
      from,
      to,
    );
    return convertedPatients(
      sent,
      booked.map((b) => ({ patientId: b.patientId, at: b.bookedAt })),
      windowMs,
    );
  }

  // ---------------------------------------------------------------- writing

  async create(actor: StaffPrincipal, input: CreateCampaignDto): Promise<CampaignView> {
    const schedule = input.schedule ? this.normaliseSchedule(input.schedule) : null;
    await this.checkInput({ messageKind: input.messageKind, segmentId: input.segmentId, landing: input.landing ?? null });
    const campaign = await this.tx.run(async (m) => {
      const row = m.getRepository(Campaign).create({
        name: input.name,
        segmentId: input.segmentId,
        messageKind: input.messageKind,
        content: { title: input.content.title, body: input.content.body },
        landing: input.landing ? { type: input.landing.type, ...(input.landing.id && { id: input.landing.id }) } : null,
        schedule,
        authorStaffId: actor.staffId,
      });
      await m.insert(Campaign, row);
      return row;
    });
    return this.view(campaign.id);
  }

  async update(id: string, input: UpdateCampaignDto): Promise<CampaignView> {
    const schedule = input.schedule ? this.normaliseSchedule(input.schedule) : undefined;
    const current = await this.get(id);
    await this.checkInput({
      messageKind: input.messageKind ?? current.messageKind,
      segmentId: input.segmentId ?? current.segmentId,
      landing: input.landing !== undefined ? input.landing : current.landing,
    });
    await this.tx.run(async (m) => {
      const campaign = await this.locked(m, id);
      const status = this.next(campaign, 'edit');
      const patch: Partial<Campaign> = { status, scheduledAt: null };
      if (input.name !== undefined) patch.name = input.name;
      if (input.segmentId !== undefined) patch.segmentId = input.segmentId;
      if (input.messageKind !== undefined) patch.messageKind = input.messageKind;
      if (input.content !== undefined) patch.content = { title: input.content.title, body: input.content.body };
      if (input.landing !== undefined) patch.landing = { type: input.landing.type, ...(input.landing.id && { id: input.landing.id }) };
      if (schedule !== undefined) patch.schedule = schedule;
      await m.update(Campaign, { id }, patch as never);
    });
    return this.view(id);
  }

  async submit(actor: StaffPrincipal, id: string): Promise<CampaignView> {
    return this.review(actor, id, 'submit', 'submitted', null);
  }

  async approve(actor: StaffPrincipal, id: string): Promise<CampaignView> {
    return this.review(actor, id, 'approve', 'approved', null);
  }

  async reject(actor: StaffPrincipal, id: string, comment: string): Promise<CampaignView> {
    return this.review(actor, id, 'reject', 'rejected', comment);
  }

  private async review(
    actor: StaffPrincipal,
    id: string,
    action: CampaignAction,
    recorded: CampaignReview['action'],
    comment: string | null,
  ): Promise<CampaignView> {
    await this.tx.run(async (m) => {
      const campaign = await this.locked(m, id);
      // The four-eyes rule is the campaign's own: whoever wrote it never approves or rejects it.
      if (action !== 'submit' && campaign.authorStaffId === actor.staffId) throw new DomainError('CAMPAIGN_SELF_REVIEW');
      const status = this.next(campaign, action);
      await m.update(Campaign, { id }, { status });
      await m.insert(CampaignReview, m.getRepository(CampaignReview).create({ campaignId: id, action: recorded, staffId: actor.staffId, comment }));
    });
    return this.view(id);
  }

  /** Approved → scheduled: the once send goes at `schedule.at` (at once when past or absent); runs start from now. */
  async schedule(id: string): Promise<CampaignView> {
    const now = this.clock.now();
    await this.tx.run(async (m) => {
      const campaign = await this.locked(m, id);
      const status = this.next(campaign, 'schedule');
      await m.update(Campaign, { id }, { status, scheduledAt: now });
      await this.queueTick(m, now);
      // Its time has come (send now): a tick of its own starts the run at once, not at the next minute's.
      const schedule = campaign.schedule ?? { type: 'once' };
      if (dueRun(schedule, { scheduledAt: now, now, timeZone: this.config.timeZone, lastRunKey: campaign.lastRunKey }))
        await this.jobs.enqueue(m, 'campaigns.tick', {}, { idempotencyKey: `campaigns.tick:${id}:${now.getTime()}` });
    });
    return this.view(id);
  }

  async pause(id: string): Promise<CampaignView> {
    await this.tx.run(async (m) => {
      const campaign = await this.locked(m, id);
      const status = this.next(campaign, 'pause');
      await m.update(Campaign, { id }, { status, pausedFrom: campaign.status, pausedReason: 'staff' });
      await this.deliveries.pauseSource(m, campaignSource(id));
    });
    return this.view(id);
  }

  async resume(id: string): Promise<CampaignView> {
    const now = this.clock.now();
    await this.tx.run(async (m) => {
      const campaign = await this.locked(m, id);
      const status = this.next(campaign, 'resume');
      await m.update(Campaign, { id }, { status, pausedFrom: null, pausedReason: null });
      await this.deliveries.resumeSource(m, campaignSource(id));
      // A run stopped mid-way carries on from where it was.
      const unfinished = await m.find(CampaignRun, { where: { campaignId: id, status: 'materialising' } });
      for (const run of unfinished)
        await this.jobs.enqueue(m, 'campaigns.materialise', { runId: run.id }, { idempotencyKey: `campaigns.materialise:${run.id}:${now.getTime()}` });
      await this.queueTick(m, now);
    });
    return this.view(id);
  }

  async cancel(id: string): Promise<CampaignView> {
    await this.tx.run(async (m) => {
      const campaign = await this.locked(m, id);
      const status = this.next(campaign, 'cancel');
      await m.update(Campaign, { id }, { status });
      await this.deliveries.cancelSource(m, campaignSource(id));
    });
    return this.view(id);
  }

  /** WeChat's daily limit (45009): the outbound path held the source; the campaign shows it paused and why. */
  private async stoppedByWechat(source: string, reason: 'daily_limit'): Promise<void> {
    const id = source.slice('campaign:'.length);
    await this.tx.run(async (m) => {
      const campaign = await lockRow(m, Campaign, id);
      if (!campaign || nextStatus(campaign.status, 'pause') === null) return;
      await m.update(Campaign, { id }, { status: 'paused', pausedFrom: campaign.status, pausedReason: reason });
    });
    this.logger.warn(`campaign ${id} paused: WeChat's daily limit (45009); resume it tomorrow`);
  }

  // ---------------------------------------------------------------- test send

  async setTestRecipient(actor: StaffPrincipal, openid: string): Promise<{ openid: string }> {
    await this.tx.run(async (m) => {
      await m.delete(CampaignTestRecipient, { staffId: actor.staffId });
      await m.insert(CampaignTestRecipient, m.getRepository(CampaignTestRecipient).create({ staffId: actor.staffId, openid }));
    });
    return { openid };
  }

  /** The message exactly as patients get it, title prefixed 【测试】, to the caller's own WeChat; WeChat's answer returned. */
  async testSend(actor: StaffPrincipal, id: string): Promise<{ msgid: string; templateId: string; data: Record<string, string>; page: string | null }> {
    const campaign = await this.get(id);
    if (!canTestSend(campaign.status)) throw new DomainError('CAMPAIGN_STATE', { status: campaign.status });
    const recipient = await this.dataSource.getRepository(CampaignTestRecipient).findOneBy({ staffId: actor.staffId });
    if (!recipient) throw new DomainError('CAMPAIGN_TEST_RECIPIENT_MISSING');
    const notification = this.notificationFor(campaign, { ...campaign.content, title: `【测试】${campaign.content.title}` });
    const data = this.templateData(notification);
    const template = this.subscriptions.templateFor(campaign.messageKind);
    const page = this.landingLink(campaign);
    try {
      const msgid = await this.wechat.sendSubscribeMessage(
        recipient.openid,
        template.id,
        page,
        Object.fromEntries(Object.entries(data).map(([k, value]) => [k, { value }])),
      );
      return { msgid, templateId: template.id, data, page };
    } catch (error) {
      if (error instanceof WechatApiError) {
        if (error.errcode === 43101) throw new DomainError('CAMPAIGN_TEST_NOT_SUBSCRIBED', { errcode: 43101 });
        throw new DomainError('CAMPAIGN_TEST_SEND_FAILED', { errcode: error.errcode });
      }
      throw new DomainError('CAMPAIGN_TEST_SEND_FAILED', { errcode: -1 });
    }
  }

  // ---------------------------------------------------------------- sending

  private async queueTick(m: EntityManager, at: Date): Promise<void> {
    const minute = Math.floor(at.getTime() / TICK_MS) * TICK_MS;
    await this.jobs.enqueue(m, 'campaigns.tick', {}, { runAt: new Date(minute), idempotencyKey: `campaigns.tick:${minute}` });
  }

  /** Each minute: start the runs that are due, and finish campaigns whose sends have all gone. */
  async tick(): Promise<void> {
    const now = this.clock.now();
    const live = await this.dataSource.getRepository(Campaign).find({ where: { status: In(['scheduled', 'sending']) } });
    for (const campaign of live) {
      try {
        await this.advance(campaign.id, now);
      } catch (error) {
        this.logger.error(`campaign ${campaign.id}: tick failed: ${(error as Error).message}`);
      }
    }
    await this.tx.run((m) => this.queueTick(m, new Date(now.getTime() + TICK_MS)));
  }

  private async advance(id: string, now: Date): Promise<void> {
    const campaign = await this.dataSource.getRepository(Campaign).findOneByOrFail({ id });
    const schedule: CampaignSchedule = campaign.schedule ?? { type: 'once' };
    const due = dueRun(schedule, { scheduledAt: campaign.scheduledAt ?? now, now, timeZone: this.config.timeZone, lastRunKey: campaign.lastRunKey });
    if (due) {
      await this.tx.run(async (m) => {
        const locked = await this.locked(m, id);
        if (locked.status !== 'scheduled' && locked.status !== 'sending') return;
        if (locked.lastRunKey === due.runKey) return;
        const run = m.getRepository(CampaignRun).create({ campaignId: id, runKey: due.runKey, date: due.date ?? null, at: due.at });
        const inserted = await m.createQueryBuilder().insert().into(CampaignRun).values(run).orIgnore().execute();
        await m.update(Campaign, { id }, { status: 'sending', lastRunKey: due.runKey });
        if (inserted.identifiers.length && inserted.identifiers[0])
          await this.jobs.enqueue(m, 'campaigns.materialise', { runId: run.id }, { idempotencyKey: `campaigns.materialise:${run.id}` });
      });
      return;
    }
    if (campaign.status !== 'sending') return;
    await this.finishIfSent(id, now);
  }

  /** Sending and nothing left to do (every run materialised, nothing pending at the outbound path): done, or idle till the next run. */
  private async finishIfSent(id: string, now = this.clock.now()): Promise<void> {
    const campaign = await this.dataSource.getRepository(Campaign).findOneBy({ id });
    if (campaign?.status !== 'sending') return;
    const schedule: CampaignSchedule = campaign.schedule ?? { type: 'once' };
    const unfinished = await this.dataSource.getRepository(CampaignRun).countBy({ campaignId: id, status: 'materialising' });
    if (unfinished) return;
    const stats = await this.deliveries.sourceStats(campaignSource(id));
    if (stats.pending > 0) return;
    const more = schedule.type !== 'once' && nextRunAt(schedule, { now, timeZone: this.config.timeZone, scheduledAt: campaign.scheduledAt }) !== null;
    await this.tx.run(async (m) => {
      const locked = await this.locked(m, id);
      const status = nextStatus(locked.status, more ? 'idle' : 'finish');
      if (status) await m.update(Campaign, { id }, { status });
    });
  }

  /**
   * Writes one run's recipients: the segment's audience (AND the trigger's condition) in batches of 1,000, each batch
   * one transaction with the run's progress, so a worker killed mid-way resumes after the last patient written.
   */
  async materialise(runId: string, signal?: AbortSignal, options: { batchSize?: number } = {}): Promise<void> {
    const run = await this.dataSource.getRepository(CampaignRun).findOneBy({ id: runId });
    if (!run || run.status === 'materialised') return;
    const campaign = await this.dataSource.getRepository(Campaign).findOneByOrFail({ id: run.campaignId });
    if (campaign.status !== 'sending' && campaign.status !== 'scheduled') return; // paused or cancelled: resume re-queues
    const segment = await this.segments.get(campaign.segmentId);
    if (!segment) throw new DomainError('SEGMENT_NOT_FOUND');
    const condition = run.date && campaign.schedule ? triggerCondition(campaign.schedule, run.date) : null;
    const rule: SegmentRule = condition ? { all: [segment.rule, condition] } : segment.rule;
    const source = campaignSource(campaign.id);
    const link = this.landingLink(campaign);
    const at = this.clock.now();
    const notification = this.notificationFor(campaign, campaign.content); // the same for every recipient
    const batchSize = options.batchSize ?? BATCH;
    for await (const batch of this.segments.audience(rule, { batchSize, ...(run.afterPatientId && { afterPatientId: run.afterPatientId }) })) {
      if (!batch.length) continue;
      const stopped = await this.tx.run(async (m) => {
        const current = await this.locked(m, campaign.id);
        if (current.status !== 'sending' && current.status !== 'scheduled') return true;
        const inputs = batch.map(
          (r) =>
            ({
              ...notification,
              patientId: r.patientId,
              accountId: r.accountId,
              link,
              dedupeKey: recipientKey(campaign.id, run.runKey, r.patientId),
              at,
            }) as AnyNotifyInput,
        );
        await this.notifications.notify(m, inputs, { source });
        await m.increment(CampaignRun, { id: run.id }, 'recipients', batch.length);
        await m.update(CampaignRun, { id: run.id }, { afterPatientId: batch[batch.length - 1]!.patientId });
        return false;
      });
      if (stopped || signal?.aborted) return;
    }
    await this.tx.run((m) => m.update(CampaignRun, { id: run.id }, { status: 'materialised', materialisedAt: this.clock.now() }));
    await this.finishIfSent(campaign.id); // everything may have gone out already (the drain finished first)
  }

  // ---------------------------------------------------------------- reading

  async list(query: { status?: CampaignStatus; cursor?: string; limit?: number }): Promise<Page<CampaignView>> {
    const qb = this.dataSource.getRepository(Campaign).createQueryBuilder('c');
    if (query.status) qb.where('c.status = :status', { status: query.status });
    const page = await newestFirst(qb, 'c', { limit: query.limit ?? 20, ...(query.cursor && { cursor: query.cursor }) });
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  async view(id: string): Promise<CampaignView> {
    return (await this.views([await this.get(id)]))[0]!;
  }

  async stats(id: string): Promise<CampaignStats> {
    await this.get(id);
    const source = campaignSource(id);
    const stats = await this.deliveries.sourceStats(source);
    let converted = 0;
    if (this.conversions.size) {
      const who = new Set<string>();
      for await (const batch of this.deliveries.sentTo(source)) {
        for (const convert of this.conversions.values()) for (const patientId of await convert(batch, CONVERSION_WINDOW_MS)) who.add(patientId);
      }
      converted = who.size;
    }
    return {
      targeted: stats.targeted,
      sent: stats.sent,
      skipped: stats.skipped,
      failed: stats.failed,
      pending: stats.pending,
      opened: stats.opened,
      converted,
    };
  }

  async timeline(id: string, bucket: 'hour' | 'day'): Promise<CampaignTimelinePoint[]> {
    await this.get(id);
    return this.deliveries.sourceTimeline(campaignSource(id), bucket);
  }

  async recipients(id: string, query: { status?: CampaignRecipientView['status']; cursor?: string; limit?: number }): Promise<Page<CampaignRecipientView>> {
    await this.get(id);
    const page = await this.deliveries.sourceRecipients(campaignSource(id), query);
    return { items: await this.withMaskedNames(page.items), nextCursor: page.nextCursor };
  }

  /** Every recipient, in batches, for the CSV export. */
  async *allRecipients(id: string): AsyncIterable<CampaignRecipientView[]> {
    await this.get(id);
    for await (const batch of this.deliveries.sourceRecipientsAll(campaignSource(id))) yield this.withMaskedNames(batch);
  }

  private async withMaskedNames(items: Omit<CampaignRecipientView, 'patientName'>[]): Promise<CampaignRecipientView[]> {
    const profiles = await this.patients.byIds(items.map((i) => i.patientId));
    return items.map((i) => {
      const name = profiles.get(i.patientId)?.name;
      return { ...i, patientName: name ? maskName(name) : null };
    });
  }

  /** Every send planned or made in a month (hospital time): past runs as made, the rest as the schedules plan them. */
  async calendar(month: string): Promise<CampaignCalendarEntry[]> {
    const zone = this.config.timeZone;
    const [y, mo] = month.split('-').map(Number) as [number, number];
    const from = zonedInstant(`${month}-01`, '00:00', zone);
    const next = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
    const to = zonedInstant(next, '00:00', zone);
    const now = this.clock.now();
    const entries: CampaignCalendarEntry[] = [];
    const runs = await this.dataSource.getRepository(CampaignRun).createQueryBuilder('r').where('r.at >= :from AND r.at < :to', { from, to }).getMany();
    const campaigns = await this.dataSource.getRepository(Campaign).find({
      where: [{ id: In([...new Set(runs.map((r) => r.campaignId)), '']) }, { status: In(['approved', 'scheduled', 'sending', 'paused']) }],
    });
    const byId = new Map(campaigns.map((c) => [c.id, c]));
    const made = new Set<string>();
    for (const run of runs) {
      const c = byId.get(run.campaignId);
      if (!c) continue;
      made.add(`${c.id}:${run.runKey}`);
      entries.push({ campaignId: c.id, name: c.name, status: c.status, at: run.at.toISOString(), kind: c.schedule?.type ?? 'once' });
    }
    for (const c of campaigns) {
      if (c.status === 'done' || c.status === 'cancelled') continue;
      const schedule: CampaignSchedule = c.schedule ?? { type: 'once' };
      const start = new Date(Math.max(from.getTime(), now.getTime()));
      if (schedule.type === 'once' && !schedule.at && !c.scheduledAt) continue; // sends when scheduled: no date yet
      for (const run of plannedRuns(schedule, { from: start, to, timeZone: zone, scheduledAt: c.scheduledAt, limit: 62 })) {
        if (made.has(`${c.id}:${run.runKey}`)) continue;
        entries.push({ campaignId: c.id, name: c.name, status: c.status, at: run.at.toISOString(), kind: schedule.type });
      }
    }
    return entries.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** The kinds a campaign may send, with their template and the keywords the template fills. */
  messageKinds(): CampaignMessageKindView[] {
    return MARKETING_MESSAGE_KINDS.map((messageKind) => {
      const template = this.subscriptions.templateFor(messageKind);
      const sample = this.notificationFor({ id: 'sample', messageKind, landing: null } as unknown as Campaign, { title: '标题', body: '内容' });
      return {
        messageKind,
        templateId: template.id,
        templateKind: template.kind,
        fields: Object.keys(this.templateData(sample)),
        titleMaxChars: 20,
        bodyMaxChars: 200,
      };
    });
  }

  /** A patient opened a campaign's landing page: their delivery is marked opened (CAMPAIGN_NOT_RECIPIENT otherwise). */
  async opened(patientId: string, campaignId: string): Promise<{ opened: true }> {
    const first = await this.deliveries.markOpened(campaignSource(campaignId), patientId);
    if (first) {
      await this.tx.run((m) =>
        m.createQueryBuilder().insert().into(CampaignOpen).values(m.getRepository(CampaignOpen).create({ campaignId, patientId })).orIgnore().execute(),
      );
      return { opened: true };
    }
    const before = await this.dataSource.getRepository(CampaignOpen).existsBy({ campaignId, patientId });
    if (!before) throw new DomainError('CAMPAIGN_NOT_RECIPIENT');
    return { opened: true };
  }

  // ---------------------------------------------------------------- helpers

  private async get(id: string): Promise<Campaign> {
    const campaign = await this.dataSource.getRepository(Campaign).findOneBy({ id });
    if (!campaign) throw new DomainError('CAMPAIGN_NOT_FOUND');
    return campaign;
  }

  private async locked(m: EntityManager, id: string): Promise<Campaign> {
    const campaign = await lockRow(m, Campaign, id);
    if (!campaign) throw new DomainError('CAMPAIGN_NOT_FOUND');
    return campaign;
  }

  private next(campaign: Campaign, action: CampaignAction): CampaignStatus {
    const status = nextStatus(campaign.status, action, campaign.pausedFrom);
    if (!status) throw new DomainError('CAMPAIGN_STATE', { status: campaign.status });
    return status;
  }

  private async checkInput(input: { messageKind: MessageKind; segmentId: string; landing: CampaignLanding | null }): Promise<void> {
    if (!MARKETING_MESSAGE_KINDS.includes(input.messageKind)) throw new DomainError('CAMPAIGN_KIND_NOT_MARKETING', { messageKind: input.messageKind });
    if (!(await this.segments.get(input.segmentId))) throw new DomainError('SEGMENT_NOT_FOUND');
    if (input.landing) {
      const handler = this.landings.get(input.landing.type);
      if (!handler) throw new DomainError('LANDING_NOT_AVAILABLE', { type: input.landing.type, reason: 'its pages do not exist yet' });
      await handler.check(input.landing.id);
    }
  }

  private normaliseSchedule(dto: CampaignScheduleDto): CampaignSchedule {
    const bad = (reason: string): never => {
      throw new DomainError('CAMPAIGN_SCHEDULE_INVALID', { reason });
    };
    const allowed: Record<string, string[]> = {
      once: ['type', 'at'],
      recurring: ['type', 'cron', 'until'],
      birthday: ['type', 'trigger', 'sendAt'],
      festival: ['type', 'trigger', 'festival', 'daysBefore', 'sendAt'],
      after_visit: ['type', 'trigger', 'departmentId', 'days', 'sendAt'],
    };
    const shape = dto.type === 'trigger' ? (dto.trigger ?? bad('a trigger schedule names its trigger')) : dto.type;
    const extra = Object.keys(dto).filter((k) => (dto as unknown as Record<string, unknown>)[k] !== undefined && !allowed[shape]!.includes(k));
    if (extra.length) bad(`${extra.join(', ')} do not belong to a ${shape} schedule`);
    let schedule: CampaignSchedule;
    if (dto.type === 'once') schedule = { type: 'once', ...(dto.at && { at: new Date(dto.at).toISOString() }) };
    else if (dto.type === 'recurring')
      schedule = { type: 'recurring', cron: dto.cron ?? bad('cron is required'), ...(dto.until && { until: new Date(dto.until).toISOString() }) };
    else if (dto.trigger === 'birthday') schedule = { type: 'trigger', trigger: 'birthday', ...(dto.sendAt && { sendAt: dto.sendAt }) };
    else if (dto.trigger === 'festival')
      schedule = {
        type: 'trigger',
        trigger: 'festival',
        festival: dto.festival ?? bad('festival is required'),
        ...(dto.daysBefore !== undefined && { daysBefore: dto.daysBefore }),
        ...(dto.sendAt && { sendAt: dto.sendAt }),
      };
    else
      schedule = {
        type: 'trigger',
        trigger: 'after_visit',
        days: dto.days ?? bad('days is required'),
        ...(dto.departmentId && { departmentId: dto.departmentId }),
        ...(dto.sendAt && { sendAt: dto.sendAt }),
      };
    const problem = scheduleProblem(schedule, this.config.timeZone);
    if (problem) bad(problem);
    return schedule;
  }

  private landingLink(campaign: Pick<Campaign, 'id' | 'landing'>): string | null {
    if (!campaign.landing) return null;
    return this.landings.get(campaign.landing.type)?.link(campaign.landing.id, campaign.id) ?? null;
  }

  /** The notification a campaign sends: the staff's words, the campaign's id in its parameters. */
  private notificationFor(campaign: Pick<Campaign, 'id' | 'messageKind' | 'landing'>, content: CampaignContent): AnyNotification {
    const base = { campaignId: campaign.id, title: content.title, body: content.body };
    switch (campaign.messageKind) {
      case 'care_greeting':
        return { kind: 'care_greeting', params: base };
      case 'event_invitation':
        return { kind: 'event_invitation', params: { ...base, eventId: campaign.landing?.type === 'event' ? (campaign.landing.id ?? null) : null } };
      default: {
        const today = localDate(this.clock.now(), this.config.timeZone);
        return {
          kind: 'health_education',
          params: { ...base, articleId: campaign.landing?.type === 'article' ? (campaign.landing.id ?? '') : '', publishedOn: today },
        };
      }
    }
  }

  private templateData(n: AnyNotification): Record<string, string> {
    const kind = n.kind as MessageKind;
    return templateData(kind, n.params as never, { department: () => undefined, doctor: () => undefined, time: (iso) => iso });
  }

  private async views(rows: Campaign[]): Promise<CampaignView[]> {
    if (!rows.length) return [];
    const reviews = await this.dataSource
      .getRepository(CampaignReview)
      .find({ where: { campaignId: In(rows.map((r) => r.id)) }, order: { createdAt: 'ASC', id: 'ASC' } });
    const staff = await this.staff.byIds([...rows.map((r) => r.authorStaffId), ...reviews.map((r) => r.staffId)]);
    const segments = await this.segments.names(rows.map((r) => r.segmentId));
    const now = this.clock.now();
    const who = (id: string) => ({ id, name: staff.get(id)?.displayName ?? '' });
    return rows.map((c) => ({
      id: c.id,
      name: c.name,
      status: c.status,
      pausedReason: c.pausedReason,
      segment: { id: c.segmentId, name: segments.get(c.segmentId) ?? '' },
      messageKind: c.messageKind,
      content: c.content,
      landing: c.landing,
      schedule: c.schedule,
      nextRunAt:
        c.status === 'scheduled' || c.status === 'sending' || c.status === 'approved'
          ? (nextRunAt(c.schedule ?? { type: 'once' }, {
              now,
              timeZone: this.config.timeZone,
              scheduledAt: c.scheduledAt ?? (c.status === 'approved' ? null : now),
            })?.toISOString() ?? null)
          : null,
      author: who(c.authorStaffId),
      reviews: reviews
        .filter((r) => r.campaignId === c.id)
        .map((r) => ({ action: r.action, by: who(r.staffId), comment: r.comment, at: r.createdAt.toISOString() })),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    }));
  }
}
