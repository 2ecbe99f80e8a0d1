import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { ConsultMessageView } from '@yiban/shared';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { DataSource, type EntityManager } from 'typeorm';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry, type JobContext } from '../../common/jobs/job-registry.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { WechatApiError, WechatClient, WechatUnavailableError } from '../../integrations/wechat/wechat.client.js';
import { PatientsReader } from '../patients/index.js';
import { WechatEvents, type WechatPushBody } from '../wechat-events/index.js';
import { ConsultMessage } from './consult-message.entity.js';
import { ConsultViews } from './consult-views.js';
import { Consultation } from './consultation.entity.js';
import { ConsultationsService, type AfterMediaCheck } from './consultations.service.js';
import { enqueueMediaCheck, MEDIA_CHECK_JOB, type MediaCheckJobPayload } from './media-check-job.js';

export const MEDIA_CHECK_EVENT = 'wxa_media_check';
/** WeChat pushes its verdict within 30 minutes; without one by then, the push was lost: ask again. */
export const VERDICT_WAIT_MS = 40 * 60_000;
/** A picture still unchecked this long after it was sent goes to service staff rather than waiting for ever. */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
/** WeChat's answers that mean "later": system busy, quotas. Anything else it says will not change by asking again. */
const TRANSIENT_ERRCODES = new Set([-1, 45009, 45011]);

type Verdict = { suggest: 'pass' | 'review' | 'risky'; label: number | null };

/** A `wxa_media_check` event's verdict. An error, or anything unclear, is `review`: a person looks rather than pass it. */
export function verdictOf(event: WechatPushBody): Verdict {
  const result = (typeof event.result === 'object' && event.result !== null ? event.result : {}) as { suggest?: unknown; label?: unknown };
  const label = result.label === undefined || result.label === null || result.label === '' ? null : Number(result.label);
  const known = Number.isFinite(label) ? (label as number) : null;
  if (Number(event.errcode ?? 0) !== 0) return { suggest: 'review', label: known };
  const suggest = result.suggest;
  return suggest === 'pass' || suggest === 'risky' || suggest === 'review' ? { suggest, label: known } : { suggest: 'review', label: known };
}

/**
 * WeChat's media check for patients' chat pictures (`media_check_async`): asked right after the upload with the
 * picture's signed address, answered later by a `wxa_media_check` push matched by trace id. Until then the picture is
 * `checking` and only its author sees it. WeChat unreachable → the `consultations.media-check` job asks again with
 * backoff; after its last attempt, or when WeChat refuses the ask for good (the openid, say), the picture is held
 * for service staff: never shown unchecked, never stuck.
 */
@Injectable()
export class ConsultMediaChecks implements OnModuleInit {
  private readonly logger = new Logger('ConsultMediaCheck');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WechatClient) private readonly wechat: WechatClient,
    @Inject(WechatEvents) private readonly events: WechatEvents,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(ConsultViews) private readonly views: ConsultViews,
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.registry.register(MEDIA_CHECK_JOB, (ctx) => this.runJob(ctx as JobContext<MediaCheckJobPayload>));
    this.events.on(MEDIA_CHECK_EVENT, {
      key: (event) => (typeof event.trace_id === 'string' && event.trace_id ? event.trace_id : null),
      handle: (m, event) => this.onVerdict(m, event),
    });
  }

  /**
   * Right after the upload: ask now, and answer the picture as it is then (a fast verdict may already be in). A
   * failure is logged and left to the job queued with the message.
   */
  async askAfterUpload(view: ConsultMessageView): Promise<ConsultMessageView> {
    const message = await this.dataSource.getRepository(ConsultMessage).findOneBy({ id: view.id });
    if (message?.state !== 'checking' || message.mediaTraceId) return view; // a resend of one already asked about
    try {
      await this.ask(message.id);
    } catch (error) {
      if (!(error instanceof WechatUnavailableError || error instanceof WechatApiError)) throw error;
      this.logger.warn(`media check of ${message.id} not asked (${error.message}); the job asks again`);
    }
    const now = await this.dataSource.getRepository(ConsultMessage).findOneBy({ id: view.id });
    return now ? this.views.messageView(now) : view;
  }

  /** The job: ask if never asked (or the verdict is overdue); give up to service staff after the last attempt. */
  private async runJob({ payload, attempt, job }: JobContext<MediaCheckJobPayload>): Promise<void> {
    const message = await this.dataSource.getRepository(ConsultMessage).findOneBy({ id: payload.messageId });
    if (message?.state !== 'checking') return;
    const now = this.clock.now().getTime();
    if (now - message.createdAt.getTime() > GIVE_UP_AFTER_MS) {
      await this.holdForStaff(message.id, 'no verdict within a day');
      return;
    }
    const askedAt = message.mediaCheckAskedAt?.getTime();
    if (message.mediaTraceId && askedAt !== undefined && now < askedAt + VERDICT_WAIT_MS) {
      // Asked already (right after the upload): watch for the verdict instead.
      await this.tx.run((m) => enqueueMediaCheck(this.jobs, m, message.id, new Date(askedAt + VERDICT_WAIT_MS), message.mediaTraceId!));
      return;
    }
    try {
      await this.ask(message.id);
    } catch (error) {
      const permanent = error instanceof WechatApiError && !TRANSIENT_ERRCODES.has(error.errcode);
      if (!(error instanceof WechatUnavailableError || error instanceof WechatApiError)) throw error;
      if (permanent || attempt >= job.maxAttempts) {
        await this.holdForStaff(message.id, permanent ? `WeChat refused the check (${error.message})` : `WeChat unreachable after ${attempt} tries`);
        return;
      }
      throw error; // retried with backoff
    }
  }

  /** Asks WeChat about the picture and stores the trace id; a verdict that raced ahead of it is applied at once. */
  private async ask(messageId: string): Promise<void> {
    const message = await this.dataSource.getRepository(ConsultMessage).findOneBy({ id: messageId });
    if (message?.state !== 'checking') return;
    const c = await this.dataSource.getRepository(Consultation).findOneBy({ id: message.consultationId });
    const openid = c ? await this.patients.openid(c.accountId) : null;
    if (!openid) {
      await this.holdForStaff(messageId, 'the patient has no openid');
      return;
    }
    const traceId = await this.wechat.mediaCheckAsync(this.mediaUrl(message.id), openid);
    const after = await this.tx.run(async (m) => {
      // The early verdict first (waiting for a push being recorded), then the consultation: the order a push takes too.
      const early = await this.events.received(m, MEDIA_CHECK_EVENT, traceId);
      const locked = await lockRow(m, Consultation, message.consultationId);
      const current = await m.getRepository(ConsultMessage).findOneBy({ id: messageId });
      if (!locked || current?.state !== 'checking') return null;
      const askedAt = this.clock.now();
      current.mediaTraceId = traceId;
      current.mediaCheckAskedAt = askedAt;
      await m.update(ConsultMessage, { id: current.id }, { mediaTraceId: traceId, mediaCheckAskedAt: askedAt });
      if (early) return this.consultations.settleMediaCheck(m, locked, current, verdictOf(early));
      await enqueueMediaCheck(this.jobs, m, current.id, new Date(askedAt.getTime() + VERDICT_WAIT_MS), traceId);
      return null;
    });
    if (after) await after();
  }

  /** The push: the picture asked about with this trace id gets its verdict (later duplicates never reach here). */
  private async onVerdict(m: EntityManager, event: WechatPushBody): Promise<AfterMediaCheck | undefined> {
    const traceId = String(event.trace_id);
    // Read afresh, not in this transaction's snapshot: when the ask's transaction locked the receipt's place first,
    // this push's INSERT waited for it to commit the trace id, which a snapshot taken before that would not show
    // (and the ask, having found no receipt, would not apply the verdict either: it was lost until the 40-minute job).
    const fresh = m.connection.options.type === 'better-sqlite3' ? m : this.dataSource.manager;
    const found = await fresh.getRepository(ConsultMessage).findOneBy({ mediaTraceId: traceId });
    // Unknown: asked by no picture (yet — the asker finds it recorded), or superseded by a later ask.
    if (!found) return undefined;
    const c = await lockRow(m, Consultation, found.consultationId);
    const message = await lockRow(m, ConsultMessage, found.id); // consultation, then message: the order every writer takes
    if (!c || message?.state !== 'checking' || message.mediaTraceId !== traceId) return undefined;
    const verdict = verdictOf(event);
    if (verdict.suggest !== 'pass') this.logger.log(`picture ${message.id}: media check says ${verdict.suggest} (label ${verdict.label ?? '-'})`);
    return this.consultations.settleMediaCheck(m, c, message, verdict);
  }

  /** WeChat cannot give a verdict: service staff look at it in the review queue instead (never shown unchecked). */
  private async holdForStaff(messageId: string, why: string): Promise<void> {
    const after = await this.tx.run(async (m) => {
      const message = await m.getRepository(ConsultMessage).findOneBy({ id: messageId });
      if (!message) return null;
      const c = await lockRow(m, Consultation, message.consultationId);
      const current = await m.getRepository(ConsultMessage).findOneBy({ id: messageId });
      if (!c || current?.state !== 'checking') return null;
      return this.consultations.settleMediaCheck(m, c, current, { suggest: 'review', label: null });
    });
    if (!after) return;
    this.logger.warn(`picture ${messageId} held for service staff: ${why}`);
    await after();
  }

  /** The picture's signed address as WeChat downloads it: under PUBLIC_BASE_URL, or this server's own address. */
  mediaUrl(messageId: string): string {
    return `${this.publicBase()}${this.views.links.sign(messageId, this.clock.now())}`;
  }

  private publicBase(): string {
    if (this.config.publicBaseUrl) return this.config.publicBaseUrl;
    const server = this.http.httpAdapter?.getHttpServer() as { address(): AddressInfo | string | null } | undefined;
    const address = server?.address();
    if (!address || typeof address === 'string')
      throw new WechatUnavailableError(new Error('no PUBLIC_BASE_URL and no listening address to build the media URL'));
    const host = address.address === '::' || address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  }
}
