import { Inject, Injectable } from '@nestjs/common';
import {
  MESSAGE_POLICIES,
  hasWechatChannel,
  renderNotification,
  type AnyNotification,
  type Locale,
  type MessageKind,
  type NotificationContext,
  type NotificationKind,
  type NotificationParams,
  type NotificationView,
  type Page,
  type UnreadNotifications,
} from '@yiban/shared';
import { Brackets, DataSource, type EntityManager, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { insertIgnoreMany } from '../../common/database/bulk-insert.js';
import { Transactions } from '../../common/database/transactions.js';
import { JobQueue, type JobBatch } from '../../common/jobs/job-queue.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { formatDate, formatInstant, formatLocal } from '../../common/time/format.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { CatalogReader } from '../catalog/index.js';
import { ConsentsService } from '../consents/index.js';
import { PatientsReader } from '../patients/index.js';
import { DeliveriesService, type BulkDelivery } from './deliveries.service.js';
import type { DeliveryReason } from './message-delivery.entity.js';
import { MarketingPreferencesService } from './marketing-preferences.service.js';
import type { BulkNotifyOptions } from './source-types.js';
import { Notification } from './notification.entity.js';
import { templateData, type TemplateContext } from './wechat-templates.js';

export interface NotifyInput<K extends NotificationKind> {
  patientId: string;
  /** The profile's WeChat account when the caller has just read the profile (saves a read); absent → looked up. */
  accountId?: string | null;
  kind: K;
  params: NotificationParams[K];
  /** The mini-program page it opens. */
  link?: string | null;
  /** One notification (and one WeChat message) per cause; notifying the same key again changes nothing. */
  dedupeKey: string;
  /** When it appears in 消息 and the WeChat message may go (a reminder's time); now when absent. */
  at?: Date;
  /** The WeChat message is pointless after this (a reminder for a visit that has passed). */
  expiresAt?: Date;
}

/** A notification of any kind (the union of NotifyInput over the kinds, so kind and params stay paired). */
export type AnyNotifyInput = { [K in NotificationKind]: NotifyInput<K> }[NotificationKind];

const ids = (list: AnyNotification[], pick: (p: Record<string, unknown>) => unknown) =>
  list.map((n) => pick(n.params as unknown as Record<string, unknown>)).filter((v): v is string => typeof v === 'string');

/**
 * The notification centre: anything told to a patient is an in-app message in 消息 (kind + parameters, read state,
 * rendered in the reader's language), written in the caller's transaction; kinds with a WeChat template also queue a
 * subscribe message on the one outbound path, which sends it only against the patient's grant.
 */
@Injectable()
export class Notifications {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DeliveriesService) private readonly deliveries: DeliveriesService,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(ConsentsService) private readonly consents: ConsentsService,
    @Inject(MarketingPreferencesService) private readonly preferences: MarketingPreferencesService,
    @Inject(JobQueue) private readonly jobs: JobQueue,
  ) {}

  /**
   * Tells a patient something, inside the caller's transaction; several at once share their lookups and one INSERT
   * (a confirmed visit and its reminders). A profile without a WeChat account (HIS only) is not told. The WeChat
   * messages' send jobs go into `options.jobs` when given (the caller writes them with its own), else are written here.
   */
  async notify(m: EntityManager, input: AnyNotifyInput | AnyNotifyInput[], options?: BulkNotifyOptions | { jobs: JobBatch }): Promise<void> {
    const inputs = Array.isArray(input) ? input : [input];
    if (!inputs.length) return;
    if (options && 'source' in options) return this.notifyBulk(m, inputs, options.source);
    const accounts = new Map<string, string | null>();
    for (const n of inputs) if (n.accountId !== undefined) accounts.set(n.patientId, n.accountId);
    for (const id of new Set(inputs.map((n) => n.patientId))) if (!accounts.has(id)) accounts.set(id, (await this.patients.byId(id, m))?.accountId ?? null);
    const told = inputs.filter((n) => accounts.get(n.patientId));
    if (!told.length) return;
    const now = this.clock.now();
    await this.insertRows(m, told, (n) => accounts.get(n.patientId)!, now);
    const wechat = told.filter((n) => hasWechatChannel(n.kind));
    if (!wechat.length) return;
    const ctx = await this.templateContext(wechat as AnyNotification[], m);
    const jobs = options && 'jobs' in options ? options.jobs : this.jobs.batch();
    await this.deliveries.queueMany(
      m,
      wechat.map((n) => {
        const kind = n.kind as MessageKind;
        return {
          patientId: n.patientId,
          accountId: accounts.get(n.patientId)!,
          kind,
          data: templateData(kind, n.params as NotificationParams[typeof kind], ctx),
          page: n.link ?? undefined,
          dedupeKey: n.dedupeKey,
          notBefore: n.at ?? now,
          expiresAt: n.expiresAt,
        };
      }),
      jobs,
    );
    if (!(options && 'jobs' in options)) await jobs.write(m);
  }

  /**
   * Bulk mode (a campaign): thousands of inputs in a few multi-row INSERTs, the marketing rules applied to the
   * whole batch at once. A patient without the marketing consent, or who turned the topic (the kind) off, gets no
   * 消息 entry and no WeChat message: their delivery row is recorded skipped (`no_consent` / `opted_out`). No job
   * per row: the source's drain jobs send the rest (and skip those without a grant then).
   */
  private async notifyBulk(m: EntityManager, inputs: AnyNotifyInput[], source: string): Promise<void> {
    const missing = inputs.filter((n) => n.accountId === undefined).map((n) => n.patientId);
    const profiles = await this.patients.byIds(missing, m);
    const accountOf = (n: AnyNotifyInput) => (n.accountId !== undefined ? n.accountId : (profiles.get(n.patientId)?.accountId ?? null));
    const told = inputs.filter((n) => accountOf(n));
    if (!told.length) return;
    // The marketing rules, set-based: one read for the consent, one per kind for the topic switches.
    const blocked = new Map<AnyNotifyInput, DeliveryReason>();
    const marketing = told.filter((n) => hasWechatChannel(n.kind) && MESSAGE_POLICIES[n.kind as MessageKind].marketing);
    if (marketing.length) {
      const consenting = await this.consents.grantedAmong([...new Set(marketing.map((n) => n.patientId))], 'marketing', m);
      for (const kind of new Set(marketing.map((n) => n.kind as MessageKind))) {
        const ofKind = marketing.filter((n) => n.kind === kind);
        const off = await this.preferences.optedOut([...new Set(ofKind.map((n) => n.patientId))], kind, m);
        for (const n of ofKind) {
          if (!consenting.has(n.patientId)) blocked.set(n, 'no_consent');
          else if (off.has(n.patientId)) blocked.set(n, 'opted_out');
        }
      }
    }
    const now = this.clock.now();
    await this.insertRows(
      m,
      told.filter((n) => !blocked.has(n)),
      (n) => accountOf(n)!,
      now,
    );
    const wechat = told.filter((n) => hasWechatChannel(n.kind));
    if (!wechat.length) return;
    const ctx = await this.templateContext(wechat as AnyNotification[], m);
    // A campaign's recipients share one params object: its template data is worked out once.
    const data = new Map<object, Record<string, string>>();
    const dataOf = (kind: MessageKind, params: object) => {
      let d = data.get(params);
      if (!d) data.set(params, (d = templateData(kind, params as NotificationParams[typeof kind], ctx)));
      return d;
    };
    const deliveries: BulkDelivery[] = wechat.map((n) => {
      const kind = n.kind as MessageKind;
      return {
        patientId: n.patientId,
        accountId: accountOf(n)!,
        kind,
        data: dataOf(kind, n.params),
        page: n.link ?? undefined,
        dedupeKey: n.dedupeKey,
        notBefore: n.at ?? now,
        expiresAt: n.expiresAt,
        skip: blocked.get(n),
      };
    });
    await this.deliveries.queueBulk(m, source, deliveries);
    const first = deliveries.reduce((a, d) => (d.notBefore! < a ? d.notBefore! : a), deliveries[0]!.notBefore!);
    await this.deliveries.startDrain(m, source, first);
  }

  /** The 消息 rows, in multi-row INSERTs; a dedupe key already there is left as it is. */
  private async insertRows(m: EntityManager, inputs: AnyNotifyInput[], accountOf: (n: AnyNotifyInput) => string, now: Date): Promise<void> {
    const repo = m.getRepository(Notification);
    const rows = inputs.map((n) =>
      repo.create({
        accountId: accountOf(n),
        patientId: n.patientId,
        kind: n.kind,
        params: n.params as unknown as Record<string, unknown>,
        link: n.link ?? null,
        dedupeKey: n.dedupeKey,
        visibleAt: n.at ?? now,
      }),
    );
    await insertIgnoreMany(m, Notification, rows);
  }

  /** Takes back notifications that have not appeared yet (and their WeChat messages not sent yet). */
  async withdraw(m: EntityManager, dedupeKeys: string[]): Promise<void> {
    if (!dedupeKeys.length) return;
    await m.update(
      Notification,
      { dedupeKey: In(dedupeKeys), visibleAt: MoreThan(this.clock.now()), withdrawnAt: IsNull() },
      { withdrawnAt: this.clock.now() },
    );
    await this.deliveries.withdraw(m, dedupeKeys);
  }

  // ---------------------------------------------------------------- reading

  private visible(patientId: string) {
    return this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.patientId = :patientId', { patientId })
      .andWhere('n.visibleAt <= :now', { now: this.clock.now() })
      .andWhere('n.withdrawnAt IS NULL');
  }

  /** The profile's notifications, newest first, rendered in the reader's language. The cursor is `<visibleAt ms>.<id>`. */
  async page(patientId: string, locale: Locale, query: { cursor?: string; limit?: number }): Promise<Page<NotificationView>> {
    const limit = query.limit ?? 20;
    const qb = this.visible(patientId)
      .orderBy('n.visibleAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .take(limit + 1);
    const cursor = parseCursor(query.cursor);
    if (cursor) {
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('n.visibleAt < :at', { at: cursor.at })
            .orWhere(new Brackets((x) => x.where('n.visibleAt = :at', { at: cursor.at }).andWhere('n.id < :id', { id: cursor.id }))),
        ),
      );
    }
    const rows = await qb.getMany();
    const items = await this.views(rows.slice(0, limit), locale);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, nextCursor: last ? `${last.visibleAt.getTime()}.${last.id}` : null };
  }

  async views(rows: Notification[], locale: Locale): Promise<NotificationView[]> {
    const list = rows.map((r) => ({ kind: r.kind, params: r.params }) as AnyNotification);
    const ctx = await this.renderContext(list);
    return rows.map((r, i) => ({
      id: r.id,
      kind: r.kind,
      patientId: r.patientId,
      link: r.link,
      at: r.visibleAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
      ...renderNotification(list[i]!, locale, ctx),
    }));
  }

  /** Unread for the acting profile, and for the account's other profiles still on it (a parent's child has news). */
  async unread(patient: { id: string; accountId: string | null }): Promise<UnreadNotifications> {
    if (!patient.accountId) return { count: 0, otherProfiles: 0 };
    // Profiles removed from the account are left out: nobody can open their messages any more.
    const profiles = [patient.id, ...(await this.patients.siblingIds(patient))];
    const rows = await this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .select('n.patientId', 'patientId')
      .addSelect('COUNT(*)', 'n')
      .where('n.accountId = :accountId', { accountId: patient.accountId })
      .andWhere('n.patientId IN (:...profiles)', { profiles })
      .andWhere('n.readAt IS NULL AND n.withdrawnAt IS NULL')
      .andWhere('n.visibleAt <= :now', { now: this.clock.now() })
      .groupBy('n.patientId')
      .getRawMany<{ patientId: string; n: string | number }>();
    let count = 0;
    let otherProfiles = 0;
    for (const row of rows) {
      if (row.patientId === patient.id) count += Number(row.n);
      else otherProfiles += Number(row.n);
    }
    return { count, otherProfiles };
  }

  /**
   * For 首页: the profile's unread count and the account's other profiles', leaving out the kinds another card
   * already shows (a doctor's reply), and the newest of them rendered in the reader's language.
   */
  async unreadSummary(
    patient: { id: string; accountId: string | null },
    locale: Locale,
    except: readonly NotificationKind[] = [],
  ): Promise<UnreadNotifications & { newest: NotificationView | null }> {
    if (!patient.accountId) return { count: 0, otherProfiles: 0, newest: null };
    const profiles = [patient.id, ...(await this.patients.siblingIds(patient))];
    const unread = () => {
      const qb = this.dataSource
        .getRepository(Notification)
        .createQueryBuilder('n')
        .where('n.accountId = :accountId', { accountId: patient.accountId })
        .andWhere('n.readAt IS NULL AND n.withdrawnAt IS NULL')
        .andWhere('n.visibleAt <= :now', { now: this.clock.now() });
      if (except.length) qb.andWhere('n.kind NOT IN (:...except)', { except });
      return qb;
    };
    const [rows, newest] = await Promise.all([
      unread()
        .select('n.patientId', 'patientId')
        .addSelect('COUNT(*)', 'n')
        .andWhere('n.patientId IN (:...profiles)', { profiles })
        .groupBy('n.patientId')
        .getRawMany<{ patientId: string; n: string | number }>(),
      unread().andWhere('n.patientId = :patientId', { patientId: patient.id }).orderBy('n.visibleAt', 'DESC').addOrderBy('n.id', 'DESC').getOne(),
    ]);
    let count = 0;
    let otherProfiles = 0;
    for (const row of rows) {
      if (row.patientId === patient.id) count += Number(row.n);
      else otherProfiles += Number(row.n);
    }
    return { count, otherProfiles, newest: newest ? (await this.views([newest], locale))[0]! : null };
  }

  /** Marks one notification of the profile read (NOTIFICATION_NOT_FOUND for anyone else's). */
  async markRead(patientId: string, id: string, locale: Locale): Promise<NotificationView> {
    const row = await this.visible(patientId).andWhere('n.id = :id', { id }).getOne();
    if (!row) throw new DomainError('NOTIFICATION_NOT_FOUND');
    if (!row.readAt) {
      row.readAt = this.clock.now();
      await this.tx.run((m) => m.update(Notification, { id: row.id, readAt: IsNull() }, { readAt: row.readAt }));
    }
    return (await this.views([row], locale))[0]!;
  }

  /** Marks everything the profile has received so far read; answers how many changed. */
  async markAllRead(patientId: string): Promise<number> {
    const now = this.clock.now();
    const result = await this.tx.run((m) =>
      m.update(Notification, { patientId, readAt: IsNull(), withdrawnAt: IsNull(), visibleAt: LessThanOrEqual(now) }, { readAt: now }),
    );
    return result.affected ?? 0;
  }

  // ---------------------------------------------------------------- rendering

  private async renderContext(list: AnyNotification[]): Promise<NotificationContext> {
    const [departments, doctors] = await Promise.all([
      this.catalog.departments(ids(list, (p) => p.departmentId)),
      this.catalog.doctors(ids(list, (p) => p.doctorId)),
    ]);
    const zone = this.config.timeZone;
    const now = this.clock.now();
    return {
      department: (id) => departments.get(id),
      doctor: (id) => doctors.get(id),
      time: (iso, locale) => formatInstant(new Date(iso), locale, zone, now),
      date: (iso, locale) => formatDate(iso, locale),
    };
  }

  private async templateContext(list: AnyNotification[], m: EntityManager): Promise<TemplateContext> {
    // One after the other: both run on the caller's transaction connection.
    const departments = await this.catalog.departments(
      ids(list, (p) => p.departmentId),
      m,
    );
    const doctors = await this.catalog.doctors(
      ids(list, (p) => p.doctorId),
      m,
    );
    return {
      department: (id) => departments.get(id),
      doctor: (id) => doctors.get(id),
      time: (iso) => formatLocal(new Date(iso), this.config.timeZone),
    };
  }
}

function parseCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const match = /^(\d{1,15})\.([0-9A-HJKMNP-TV-Z]{26})$/.exec(cursor);
  if (!match) throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'cursor', problems: ['invalid'] }] });
  return { at: new Date(Number(match[1])), id: match[2]! };
}
