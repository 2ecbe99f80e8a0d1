import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import {
  CONSULT_IMAGE_MAX_BYTES,
  OPEN_CONSULTATION_STATUSES,
  type ConsultationEligibility,
  type ConsultationKind,
  type ConsultMessageView,
  type ConsultMessagesPage,
  type ConsultSystemCode,
  type Locale,
  localized,
} from '@yiban/shared';
import { DataSource, type EntityManager, In, LessThan, MoreThan, QueryFailedError } from 'typeorm';
import { AccessDirectory } from '../../common/auth/access-directory.js';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import type { ResourceActions } from '../../common/auth/access-rules.js';
import type { ActingProfile, Principal, StaffPrincipal } from '../../common/auth/principal.js';
import { insertMany } from '../../common/database/bulk-insert.js';
import { selectOne, updateById } from '../../common/database/lean.js';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { ObjectStorage } from '../../integrations/storage/object-storage.js';
import { WechatApiError, WechatClient, WechatUnavailableError, type TextVerdict } from '../../integrations/wechat/wechat.client.js';
import { addDays, localDate } from '../../common/time/zoned-time.js';
import { VisitsReader } from '../appointments/index.js';
import { CatalogReader, type Doctor } from '../catalog/index.js';
import { Notifications } from '../messaging/index.js';
import { PatientsReader } from '../patients/index.js';
import { Checkout, type Payment, type SubjectDescription } from '../payments/index.js';
import { StaffDirectory } from '../staff/index.js';
import { autoAssignAt, autoCloseAt, firstResponseDue, needsAutoCloseJob, pickLeastBusy } from './consult-rules.js';
import { ConsultEventBus } from './consult-events.js';
import { reencodeImage } from './consult-images.js';
import { enqueueMediaCheck, MEDIA_CHECK_RETRY_MS } from './media-check-job.js';
import { ConsultMessage } from './consult-message.entity.js';
import { ConsultViews, previewOf, shorten } from './consult-views.js';
import { Consultation } from './consultation.entity.js';

/** What a new message does to its consultation, decided under the consultation's lock. */
interface NewMessage {
  kind: ConsultMessage['kind'];
  side: ConsultMessage['side'];
  text?: string | null;
  system?: { code: ConsultSystemCode; params: Record<string, string | number | null> };
  authorStaffId?: string | null;
  authorPatientId?: string | null;
  state?: ConsultMessage['state'];
  securityLabel?: number | null;
  clientId?: string | null;
  image?: { key: string; type: string; size: number };
}

/** Publishes a settled media check once its transaction has committed. */
export type AfterMediaCheck = () => Promise<void>;

const DAY_MS = 86_400_000;
const CHAT_PAGE = 'packages/consult/pages/chat/index';

/** Told in the transaction of a consultation closing, or of the patient rating it (surveys fold the rating in). */
export type ConsultationListener = (m: EntityManager, consultation: Consultation) => Promise<void>;

/**
 * Consultations from the patient's side and the message flow both sides share: the follow-up gate, the fee,
 * content security, numbering under the consultation's lock, status changes, the "医生已回复" notification for a
 * patient who is not connected, and the timed jobs (pool assignment, first-response escalation, auto-close, retention).
 */
@Injectable()
export class ConsultationsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Consultations');
  private readonly closedListeners: ConsultationListener[] = [];
  private readonly ratedListeners: ConsultationListener[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WechatClient) private readonly wechat: WechatClient,
    @Inject(Checkout) private readonly checkout: Checkout,
    @Inject(Notifications) private readonly notifications: Notifications,
    @Inject(ObjectStorage) private readonly storage: ObjectStorage,
    @Inject(ConsultEventBus) private readonly bus: ConsultEventBus,
    @Inject(ConsultViews) private readonly views: ConsultViews,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(AccessDirectory) private readonly access: AccessDirectory,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(VisitsReader) private readonly visits: VisitsReader,
  ) {}

  onModuleInit(): void {
    this.registry.register('consultations.release-unpaid', ({ payload }) => this.releaseUnpaid(payload.consultationId));
    this.registry.register('consultations.auto-assign', ({ payload }) => this.autoAssign(payload.consultationId));
    this.registry.register('consultations.first-response-due', ({ payload }) => this.escalateIfOverdue(payload.consultationId));
    this.registry.register('consultations.auto-close', ({ payload }) => this.autoClose(payload.consultationId));
    this.registry.register('consultations.purge', async () => {
      await this.purgeExpired();
    });
    this.checkout.register('consultation', {
      holdMinutes: () => this.config.payments.holdMinutes.consultation,
      payable: async (id) => {
        const c = await this.dataSource.getRepository(Consultation).findOneBy({ id });
        return c?.status === 'pending_payment' && !!c.payBefore && c.payBefore > this.clock.now();
      },
      onPaid: (m, payment) => this.onPaid(m, payment),
      onRefundSettled: async () => undefined,
      link: (id) => `${CHAT_PAGE}?id=${id}`,
      describe: (ids, locale) => this.describe(ids, locale),
    });
    // A care relationship: a consultation assigned to the staff member, or waiting unassigned in their department's pool.
    this.access.addCareSource('consultation', async (staff, patientId, since) => {
      const qb = this.dataSource
        .getRepository(Consultation)
        .createQueryBuilder('c')
        .where('c.patientId = :patientId', { patientId })
        .andWhere('c.createdAt >= :since', { since });
      if (staff.departmentIds.length) {
        qb.andWhere('(c.assigneeStaffId = :me OR (c.assigneeStaffId IS NULL AND c.status IN (:...open) AND c.departmentId IN (:...departments)))', {
          me: staff.staffId,
          open: OPEN_CONSULTATION_STATUSES,
          departments: staff.departmentIds,
        });
      } else qb.andWhere('c.assigneeStaffId = :me', { me: staff.staffId });
      return qb.getExists();
    });
  }

  /** The daily retention sweep, queued once per day whichever instance starts first. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    const today = localDate(this.clock.now(), this.config.timeZone);
    await this.tx.run((m) => this.jobs.enqueue(m, 'consultations.purge', {}, { idempotencyKey: `consultations.purge:${today}` }));
  }

  // ---------------------------------------------------------------- access

  /** A consultation the caller may act on as asked: the access policy decides (CONSULTATION_NOT_FOUND for what they may not see). */
  async visibleTo(principal: Principal, id: string, action: ResourceActions['consultation'] = 'read'): Promise<Consultation> {
    const consultation = await selectOne(this.dataSource.manager, Consultation, id); // every message reads it: lean
    this.policy.assert(principal, 'consultation', action, consultation);
    return consultation;
  }

  async lastSeq(consultationId: string): Promise<number> {
    return (await this.dataSource.getRepository(Consultation).findOneBy({ id: consultationId }))?.lastSeq ?? 0;
  }

  // ---------------------------------------------------------------- starting

  async eligibility(patient: ActingProfile, departmentId: string): Promise<ConsultationEligibility> {
    await this.catalog.activeDepartment(departmentId);
    const lastVisit = await this.recentVisit(patient.id, departmentId);
    const { fees, followupVisitDays } = this.config.consultations;
    return {
      departmentId,
      healthConsult: { allowed: true, fee: fees.health_consult },
      onlineFollowup: { allowed: !!lastVisit, fee: fees.online_followup, lastVisitAt: lastVisit?.date ?? null, withinDays: followupVisitDays },
    };
  }

  /** The latest in-person visit to the department within the follow-up period (visit dates are hospital-local days). */
  private recentVisit(patientId: string, departmentId: string) {
    const since = addDays(localDate(this.clock.now(), this.config.timeZone), -this.config.consultations.followupVisitDays);
    return this.visits.recentVisit(patientId, departmentId, since);
  }

  /** Checks everything that needs no lock, including the question's content; the caller writes in `open`. */
  async prepare(
    patient: ActingProfile,
    input: { kind: ConsultationKind; departmentId: string; doctorId?: string; question: string },
  ): Promise<{ verdict: TextVerdict; doctor: Doctor | null }> {
    await this.assertConsented(patient.id);
    await this.catalog.activeDepartment(input.departmentId);
    let doctor: Doctor | null = null;
    if (input.doctorId) {
      doctor = await this.catalog.doctor(input.doctorId);
      if (!doctor) throw new DomainError('DOCTOR_NOT_FOUND');
      if (doctor.departmentId !== input.departmentId) throw new DomainError('CONSULT_DOCTOR_NOT_IN_DEPARTMENT');
    }
    if (input.kind === 'online_followup' && !(await this.recentVisit(patient.id, input.departmentId))) {
      throw new DomainError('CONSULT_FOLLOWUP_NEEDS_VISIT', { days: this.config.consultations.followupVisitDays });
    }
    const open = await this.dataSource
      .getRepository(Consultation)
      .countBy({ patientId: patient.id, status: In(['pending_payment', ...OPEN_CONSULTATION_STATUSES]) });
    if (open >= this.config.consultations.maxOpenPerPatient)
      throw new DomainError('CONSULT_TOO_MANY_OPEN', { max: this.config.consultations.maxOpenPerPatient });
    const verdict = await this.check(input.question, patient.accountId ? await this.patients.openid(patient.accountId) : null);
    if (verdict.suggest === 'risky') throw new DomainError('CONSULT_CONTENT_RISKY');
    return { verdict, doctor };
  }

  /** Writes the consultation and its first message (inside the caller's transaction). */
  async open(
    m: EntityManager,
    patient: ActingProfile,
    input: { kind: ConsultationKind; departmentId: string; question: string; clientId?: string },
    prepared: { verdict: TextVerdict; doctor: Doctor | null },
  ): Promise<Consultation> {
    const now = this.clock.now();
    // The member's discount, applied once here; the consultation keeps what it charged.
    const { fee } = await this.checkout.price(m, patient.id, this.config.consultations.fees[input.kind]);
    const assignee = prepared.doctor ? await this.staff.forDoctor(prepared.doctor.id, m) : null;
    const held = prepared.verdict.suggest === 'review';
    const consultation = m.getRepository(Consultation).create({
      kind: input.kind,
      status: fee > 0 ? 'pending_payment' : 'waiting_doctor',
      patientId: patient.id,
      accountId: patient.accountId!,
      departmentId: input.departmentId,
      doctorId: prepared.doctor?.id ?? null,
      assigneeStaffId: assignee?.id ?? null,
      // A held question is not shown, not even as the list line, until it is approved.
      subject: held ? '' : shorten(input.question, 120),
      fee,
      payBefore: fee > 0 ? this.checkout.holdUntil('consultation') : null,
      lastMessageAt: now,
    });
    await m.insert(Consultation, consultation);
    await this.append(m, consultation, {
      kind: 'text',
      side: 'patient',
      text: input.question,
      authorPatientId: patient.id,
      state: held ? 'held' : 'visible',
      securityLabel: prepared.verdict.label,
      clientId: input.clientId ?? null,
    });
    if (!held) {
      consultation.lastPatientSeq = consultation.lastSeq;
      await m.update(Consultation, { id: consultation.id }, { lastPatientSeq: consultation.lastSeq });
    }
    if (fee > 0) {
      await this.checkout.open(m, {
        purpose: 'consultation',
        subjectId: consultation.id,
        patientId: patient.id,
        accountId: patient.accountId,
        amount: fee,
        // What the payer sees in WeChat Pay's bill.
        description: input.kind === 'online_followup' ? '在线复诊' : '健康咨询',
        payBefore: consultation.payBefore!,
      });
      await this.jobs.enqueue(
        m,
        'consultations.release-unpaid',
        { consultationId: consultation.id },
        { runAt: consultation.payBefore!, idempotencyKey: `consult.unpaid:${consultation.id}` },
      );
    } else {
      await this.startClock(m, consultation);
    }
    return consultation;
  }

  /** Waiting for the doctor from now: the first-response target, escalation when missed, the pool's auto-assignment. */
  private async startClock(m: EntityManager, c: Consultation): Promise<void> {
    const minutes = this.config.consultations.firstResponseMinutes;
    const due = firstResponseDue(this.clock.now(), minutes);
    c.firstResponseDueAt = due;
    await m.update(Consultation, { id: c.id }, { status: 'waiting_doctor', firstResponseDueAt: due });
    await this.jobs.enqueue(m, 'consultations.first-response-due', { consultationId: c.id }, { runAt: due, idempotencyKey: `consult.sla:${c.id}` });
    if (!c.assigneeStaffId) {
      // Doctors get half the target to claim from the pool themselves; then the least busy one under the cap gets it.
      const at = autoAssignAt(this.clock.now(), minutes);
      await this.jobs.enqueue(m, 'consultations.auto-assign', { consultationId: c.id }, { runAt: at, idempotencyKey: `consult.assign:${c.id}` });
    }
  }

  private async onPaid(m: EntityManager, payment: Payment): Promise<{ keep: true } | { keep: false; reason: string }> {
    const c = await lockRow(m, Consultation, payment.subjectId);
    if (!c) return { keep: false, reason: '咨询不存在，自动退款' };
    if (c.status === 'pending_payment') {
      c.status = 'waiting_doctor';
      await m.update(Consultation, { id: c.id }, { status: 'waiting_doctor', payBefore: null, lastMessageAt: this.clock.now() });
      await this.startClock(m, c);
      return { keep: true };
    }
    if (c.status === 'cancelled') return { keep: false, reason: '支付时咨询已取消，自动退款' };
    return { keep: true };
  }

  /** The job: a consultation still unpaid when its time to pay ran out is cancelled and its order closed. */
  async releaseUnpaid(consultationId: string): Promise<void> {
    const changed = await this.tx.run(async (m) => {
      const c = await lockRow(m, Consultation, consultationId);
      if (!c || c.status !== 'pending_payment' || (c.payBefore && c.payBefore > this.clock.now())) return null;
      c.status = 'cancelled';
      await m.update(Consultation, { id: c.id }, { status: 'cancelled', closedAt: this.clock.now() });
      const payment = await this.checkout.paymentFor(m, 'consultation', c.id);
      if (payment) await this.checkout.refund(m, payment, payment.amount, '咨询超时未支付');
      return c;
    });
    if (changed) await this.views.publishConsultation(changed);
  }

  // ---------------------------------------------------------------- reading

  /** The profile's consultations waiting for their fee, the one running out first first (首页). */
  unpaidFor(patientId: string): Promise<Consultation[]> {
    return this.dataSource.getRepository(Consultation).find({
      where: { patientId, status: 'pending_payment', payBefore: MoreThan(this.clock.now()) },
      order: { payBefore: 'ASC' },
      take: 10,
    });
  }

  /** The profile's consultations with a visible answer from the hospital it has not read, newest first (首页). */
  withUnreadReplies(patientId: string): Promise<Consultation[]> {
    return this.dataSource
      .getRepository(Consultation)
      .createQueryBuilder('c')
      .where('c.patientId = :patientId', { patientId })
      .andWhere('c.lastSeq > c.patientReadSeq')
      .andWhere(
        `EXISTS (SELECT 1 FROM consult_messages m WHERE m.consultationId = c.id AND m.seq > c.patientReadSeq AND m.state = 'visible' AND m.side <> 'patient' AND m.kind <> 'note')`,
      )
      .orderBy('c.lastMessageAt', 'DESC')
      .take(20)
      .getMany();
  }

  /** What a consultation is, for 我的订单: `在线咨询 · 心血管内科 · 张伟` and the question in the patient's words. */
  private async describe(ids: string[], locale: Locale): Promise<Map<string, SubjectDescription>> {
    const list = ids.length ? await this.dataSource.getRepository(Consultation).findBy({ id: In(ids) }) : [];
    const [departments, doctors] = await Promise.all([
      this.catalog.departments(list.map((c) => c.departmentId)),
      this.catalog.doctors(list.map((c) => c.doctorId)),
    ]);
    const kinds: Record<ConsultationKind, Record<Locale, string>> = {
      health_consult: { 'zh-CN': '在线咨询', en: 'Online consultation' },
      online_followup: { 'zh-CN': '在线复诊', en: 'Online follow-up' },
    };
    return new Map(
      list.map((c) => {
        const department = departments.get(c.departmentId);
        const doctor = c.doctorId ? doctors.get(c.doctorId) : undefined;
        const parts = [
          kinds[c.kind][locale],
          department ? localized(department.name, department.nameEn, locale).value : null,
          doctor ? localized(doctor.name, doctor.nameEn, locale).value : null,
        ].filter((part): part is string => !!part);
        return [c.id, { title: parts.join(' · '), detail: c.subject || null }];
      }),
    );
  }

  async listForPatient(patient: ActingProfile, status: 'open' | 'closed' | undefined): Promise<Consultation[]> {
    const statuses = status === 'closed' ? ['closed', 'cancelled'] : status === 'open' ? ['pending_payment', ...OPEN_CONSULTATION_STATUSES] : undefined;
    return this.dataSource.getRepository(Consultation).find({
      where: { patientId: patient.id, ...(statuses && { status: In(statuses) }) },
      order: { lastMessageAt: 'DESC' },
      take: 100,
    });
  }

  /** A page of messages this reader may see, ascending: after a seq (catch-up), before one (older), or the latest. */
  async messages(
    c: Consultation,
    reader: Principal,
    query: { afterSeq?: number; beforeSeq?: number; limit?: number },
    locale: Locale = 'zh-CN',
  ): Promise<ConsultMessagesPage> {
    const limit = query.limit ?? 50;
    const qb = this.dataSource.getRepository(ConsultMessage).createQueryBuilder('m').where('m.consultationId = :id', { id: c.id });
    if (reader.kind === 'account') qb.andWhere("m.kind <> 'note'").andWhere("(m.state = 'visible' OR m.side = 'patient')");
    else qb.andWhere("(m.state = 'visible' OR m.authorStaffId = :me)", { me: reader.staffId });
    if (query.afterSeq !== undefined) qb.andWhere('m.seq > :after', { after: query.afterSeq });
    if (query.beforeSeq !== undefined) qb.andWhere('m.seq < :before', { before: query.beforeSeq });
    // After a seq: the oldest first (catch-up in order). Otherwise the newest page, turned around.
    const ascending = query.afterSeq !== undefined;
    const rows = await qb
      .orderBy('m.seq', ascending ? 'ASC' : 'DESC')
      .take(limit + 1)
      .getMany();
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    if (!ascending) page.reverse();
    return { items: await this.views.messageViews(page, locale), hasMore: ascending ? false : hasMore };
  }

  // ---------------------------------------------------------------- writing

  /** WeChat content security; an unreachable WeChat means "send again later", never "passed". */
  private async check(text: string, openid: string | null): Promise<TextVerdict> {
    try {
      return await this.wechat.checkText(text, openid);
    } catch (error) {
      if (error instanceof WechatUnavailableError || error instanceof WechatApiError)
        throw new DomainError('CONTENT_CHECK_UNAVAILABLE', undefined, { cause: error });
      throw error;
    }
  }

  /** A patient shares health information in a chat only under the privacy policy and the separate health-data consent (PIPL). */
  private assertConsented(patientId: string): Promise<void> {
    return this.policy.assertConsented(patientId);
  }

  private assertWritable(c: Consultation): void {
    if (c.status === 'pending_payment') throw new DomainError('CONSULTATION_NOT_PAID');
    if (!OPEN_CONSULTATION_STATUSES.includes(c.status)) throw new DomainError('CONSULTATION_CLOSED');
  }

  private async existingByClientId(c: Consultation, clientId: string | undefined): Promise<ConsultMessage | null> {
    if (!clientId) return null;
    return this.dataSource.getRepository(ConsultMessage).findOneBy({ consultationId: c.id, clientId });
  }

  /** A text message from the patient or the doctor: checked, numbered, and sent to everyone who may see it. */
  async postText(c: Consultation, reader: Principal, input: { text: string; clientId?: string }): Promise<ConsultMessageView> {
    this.assertWritable(c);
    // A retry with the same clientId is answered with the first message by `write`, under the consultation's lock; not
    // looked up here first (one statement less on every message: retries are rare, and checking the text again is harmless).
    const patientSide = reader.kind === 'account';
    if (patientSide) await this.assertConsented(c.patientId);
    const verdict = await this.check(input.text, patientSide ? await this.patients.openid(c.accountId) : null);
    if (verdict.suggest === 'risky') throw new DomainError('CONSULT_CONTENT_RISKY');
    return this.write(c, {
      kind: 'text',
      side: patientSide ? 'patient' : 'staff',
      text: input.text,
      authorPatientId: patientSide ? c.patientId : null,
      authorStaffId: reader.kind === 'staff' ? reader.staffId : null,
      state: verdict.suggest === 'review' ? 'held' : 'visible',
      securityLabel: verdict.label,
      clientId: input.clientId ?? null,
    });
  }

  /**
   * A picture: decoded and re-encoded (consult-images.ts), stored, then numbered. A patient's is `checking` — shown
   * to its author only — until WeChat's media check answers (ConsultMediaChecks asks right after, and a job asks
   * again if WeChat could not be reached). Staff pictures are re-encoded but not media-checked: WeChat's check needs
   * the sender's openid, and staff sign in with a password, so WeChat has none for them (as with their texts, which
   * get msg_sec_check v1).
   */
  async postImage(c: Consultation, reader: Principal, file: { buffer: Buffer; size: number } | undefined, clientId?: string): Promise<ConsultMessageView> {
    this.assertWritable(c);
    const again = await this.existingByClientId(c, clientId);
    if (again) return this.views.messageView(again);
    if (reader.kind === 'account') await this.assertConsented(c.patientId);
    if (!file?.buffer?.length) throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'file', problems: ['required'] }] });
    if (file.buffer.length > CONSULT_IMAGE_MAX_BYTES) throw new DomainError('CONSULT_IMAGE_TOO_LARGE', { maxMb: CONSULT_IMAGE_MAX_BYTES / 1024 / 1024 });
    const image = await reencodeImage(file.buffer);
    const now = this.clock.now();
    const month = now.toISOString().slice(0, 7).replace('-', '/');
    const message = new ConsultMessage();
    const key = `consultations/${month}/${message.id}.jpg`;
    // Stored before the row exists: a crash leaves an unreferenced file at worst, never a message without its image.
    await this.storage.put(key, image.bytes, image.type);
    const patientSide = reader.kind === 'account';
    return this.write(
      c,
      {
        kind: 'image',
        side: patientSide ? 'patient' : 'staff',
        authorPatientId: patientSide ? c.patientId : null,
        authorStaffId: reader.kind === 'staff' ? reader.staffId : null,
        state: patientSide ? 'checking' : 'visible',
        clientId: clientId ?? null,
        image: { key, type: image.type, size: image.bytes.length },
      },
      message.id,
    );
  }

  /**
   * WeChat's verdict on a patient's picture, in the caller's transaction with the consultation locked: pass → shown
   * to both sides and counted as if just written (as an approved held message); risky → rejected; review → held for
   * service staff. Returns what to publish after commit.
   */
  async settleMediaCheck(
    m: EntityManager,
    c: Consultation,
    message: ConsultMessage,
    verdict: { suggest: 'pass' | 'review' | 'risky'; label: number | null },
  ): Promise<AfterMediaCheck> {
    const now = this.clock.now();
    const before = c.status;
    message.state = verdict.suggest === 'pass' ? 'visible' : verdict.suggest === 'risky' ? 'rejected' : 'held';
    message.securityLabel = verdict.suggest === 'pass' ? null : verdict.label;
    await m.update(ConsultMessage, { id: message.id }, { state: message.state, securityLabel: message.securityLabel });
    if (message.state === 'visible') {
      const changes: Partial<Consultation> = { lastMessageAt: now, ...previewOf(message) };
      Object.assign(c, changes);
      await m.update(Consultation, { id: c.id }, changes);
      if (OPEN_CONSULTATION_STATUSES.includes(c.status)) await this.afterVisible(m, c, message, true);
    }
    return async () => {
      await this.views.publishMessage(c, message);
      if (before !== c.status || message.state === 'visible') await this.views.publishConsultation(c);
    };
  }

  async postNote(c: Consultation, staff: StaffPrincipal, text: string): Promise<ConsultMessageView> {
    if (c.status === 'cancelled') throw new DomainError('CONSULTATION_CLOSED');
    return this.write(c, { kind: 'note', side: 'staff', text, authorStaffId: staff.staffId });
  }

  /** Numbers and stores a message under the consultation's lock, moves the status, and publishes after commit. */
  private async write(c: Consultation, input: NewMessage, id?: string): Promise<ConsultMessageView> {
    const patientPresent = input.side === 'staff' && input.kind !== 'note' ? await this.bus.isPresent(c.accountId, this.clock.now()) : true;
    const { message, consultation, statusChanged } = await this.tx.run(async (m) => {
      const current = await lockRow(m, Consultation, c.id);
      if (!current) throw new DomainError('CONSULTATION_NOT_FOUND');
      if (input.kind !== 'note') this.assertWritable(current);
      const before = current.status;
      const armedAt = armedAutoClose(current);
      // The message's own changes to the consultation and those of its being seen, in one UPDATE.
      const visible = (message: ConsultMessage) => message.state === 'visible' && input.kind !== 'note';
      let message: ConsultMessage;
      try {
        message = await this.append(m, current, input, id, (message) => (visible(message) ? this.visibleChanges(current, message) : {}));
      } catch (error) {
        // A retry of a message already written: the unique (consultation, clientId) index says so, not a read before
        // every message. Only the INSERT is undone; `current` is unchanged until the INSERT has succeeded.
        if (!input.clientId || !isClientIdTaken(error)) throw error;
        const again = await m.getRepository(ConsultMessage).findOneBy({ consultationId: c.id, clientId: input.clientId });
        if (!again) throw error;
        return { message: again, consultation: current, statusChanged: false };
      }
      if (visible(message)) await this.afterVisibleEffects(m, current, message, patientPresent, armedAt);
      // A picture waiting for WeChat's media check: a job asks (again) if the ask right after this fails.
      if (message.state === 'checking') {
        await enqueueMediaCheck(this.jobs, m, message.id, new Date(this.clock.now().getTime() + MEDIA_CHECK_RETRY_MS), 'upload');
      }
      return { message, consultation: current, statusChanged: before !== current.status };
    });
    const view = await this.views.publishMessage(consultation, message);
    if (statusChanged) await this.views.publishConsultation(consultation);
    return view;
  }

  /** Inserts the next message of a consultation locked (or created) in the caller's transaction. */
  async append(
    m: EntityManager,
    c: Consultation,
    input: NewMessage,
    id?: string,
    alsoChanges?: (message: ConsultMessage) => Partial<Consultation>,
  ): Promise<ConsultMessage> {
    const now = this.clock.now();
    const message = m.getRepository(ConsultMessage).create({
      ...(id && { id }),
      consultationId: c.id,
      seq: c.lastSeq + 1,
      kind: input.kind,
      side: input.side,
      text: input.text ?? null,
      systemCode: input.system?.code ?? null,
      systemParams: input.system?.params ?? null,
      authorStaffId: input.authorStaffId ?? null,
      authorPatientId: input.authorPatientId ?? null,
      state: input.state ?? 'visible',
      securityLabel: input.state === 'held' ? (input.securityLabel ?? null) : null,
      clientId: input.clientId ?? null,
      imageKey: input.image?.key ?? null,
      imageType: input.image?.type ?? null,
      imageSize: input.image?.size ?? null,
      createdAt: now,
    });
    await insertMany(m, ConsultMessage, [message]);
    c.lastSeq = message.seq;
    const changes: Partial<Consultation> = { lastSeq: c.lastSeq };
    if (message.state === 'visible' && message.kind !== 'note') {
      c.lastMessageAt = now;
      Object.assign(c, previewOf(message));
      Object.assign(changes, { lastMessageAt: now, ...previewOf(message) });
    }
    // The writer has read everything up to their own message.
    if (message.side === 'patient') c.patientReadSeq = changes.patientReadSeq = message.seq;
    if (message.side === 'staff' && message.kind !== 'note') c.staffReadSeq = changes.staffReadSeq = message.seq;
    if (alsoChanges) Object.assign(changes, alsoChanges(message));
    await updateById(m, Consultation, c.id, changes);
    return message;
  }

  /**
   * A message both sides see: the patient writing → waiting for the doctor; the doctor writing → waiting for the
   * patient (first response recorded, auto-close armed, and a "医生已回复" message if the patient is not connected).
   */
  private async afterVisible(m: EntityManager, c: Consultation, message: ConsultMessage, patientPresent: boolean): Promise<void> {
    const armedAt = armedAutoClose(c);
    const changes = this.visibleChanges(c, message);
    if (Object.keys(changes).length) await m.update(Consultation, { id: c.id }, changes);
    await this.afterVisibleEffects(m, c, message, patientPresent, armedAt);
  }

  /** What a visible message changes on its consultation (`c` is changed too), without writing it. */
  private visibleChanges(c: Consultation, message: ConsultMessage): Partial<Consultation> {
    if (message.side === 'patient') {
      c.lastPatientSeq = message.seq;
      c.status = c.status === 'pending_payment' ? c.status : 'waiting_doctor';
      c.autoCloseAt = null;
      return { status: c.status, lastPatientSeq: message.seq, autoCloseAt: null };
    }
    if (message.side !== 'staff') return {};
    const now = this.clock.now();
    const closeAt = autoCloseAt(now, this.config.consultations.autoCloseHours);
    const changes: Partial<Consultation> = { status: 'waiting_patient', autoCloseAt: closeAt };
    if (!c.firstRespondedAt) c.firstRespondedAt = changes.firstRespondedAt = now;
    if (!c.assigneeStaffId && message.authorStaffId) c.assigneeStaffId = changes.assigneeStaffId = message.authorStaffId;
    c.status = 'waiting_patient';
    c.autoCloseAt = closeAt;
    return changes;
  }

  /**
   * After `visibleChanges` are written: the doctor's answer arms the auto-close (a job, unless one armed before
   * `armedAt` is due first: it re-arms itself) and tells a patient not connected.
   */
  private async afterVisibleEffects(m: EntityManager, c: Consultation, message: ConsultMessage, patientPresent: boolean, armedAt: Date | null): Promise<void> {
    if (message.side !== 'staff') return;
    const closeAt = c.autoCloseAt!;
    if (needsAutoCloseJob(armedAt, closeAt)) {
      await this.jobs.enqueue(
        m,
        'consultations.auto-close',
        { consultationId: c.id },
        { runAt: closeAt, idempotencyKey: `consult.close:${c.id}:${message.seq}` },
      );
    }
    if (!patientPresent && c.lastPatientSeq > 0) await this.notifyReply(m, c, message);
  }

  /**
   * A patient not connected is told once per answered patient message: a "医生已回复" notification in 消息, and a
   * subscribe message against their grant.
   */
  private async notifyReply(m: EntityManager, c: Consultation, message: ConsultMessage): Promise<void> {
    const author = message.authorStaffId ? await this.staff.byId(message.authorStaffId, m) : null;
    await this.notifications.notify(m, {
      patientId: c.patientId,
      kind: 'doctor_replied',
      params: {
        consultationId: c.id,
        doctorName: author?.displayName ?? null,
        preview: message.kind === 'image' ? null : shorten(message.text, 40) || null,
        repliedAt: this.clock.now().toISOString(),
      },
      link: `${CHAT_PAGE}?id=${c.id}`,
      dedupeKey: `consult-reply:${c.id}:${c.lastPatientSeq}`,
      expiresAt: new Date(this.clock.now().getTime() + 7 * DAY_MS),
    });
  }

  async markRead(c: Consultation, reader: Principal, seq: number): Promise<void> {
    const side = reader.kind === 'account' ? 'patient' : 'staff';
    const column = side === 'patient' ? 'patientReadSeq' : 'staffReadSeq';
    const upTo = Math.min(Math.max(0, Math.floor(seq)), c.lastSeq);
    if (upTo <= c[column]) return;
    // Only ever forward: a late, smaller mark from another device changes nothing.
    await this.tx.run((m) =>
      m
        .createQueryBuilder()
        .update(Consultation)
        .set({ [column]: upTo })
        .where('id = :id', { id: c.id })
        .andWhere(`${column} < :upTo`, { upTo })
        .execute(),
    );
    await this.views.publishRead(c, side, upTo);
  }

  /** A module that acts when a consultation closes (the survey trigger) listens here. */
  onClosed(listener: ConsultationListener): void {
    this.closedListeners.push(listener);
  }

  /** A module that acts on a patient's rating (surveys: the rating answers the consultation's survey) listens here. */
  onRated(listener: ConsultationListener): void {
    this.ratedListeners.push(listener);
  }

  async close(c: Consultation, reader: Principal): Promise<Consultation> {
    return this.closeWith(c.id, reader.kind === 'account' ? 'patient' : 'doctor', reader.kind === 'staff' ? reader.displayName : null);
  }

  private async closeWith(id: string, by: 'patient' | 'doctor' | 'auto', staffName: string | null): Promise<Consultation> {
    const result = await this.tx.run(async (m) => {
      const c = await lockRow(m, Consultation, id);
      if (!c) throw new DomainError('CONSULTATION_NOT_FOUND');
      if (!OPEN_CONSULTATION_STATUSES.includes(c.status)) {
        if (c.status === 'closed') return { c, message: null };
        throw new DomainError('CONSULTATION_CLOSED');
      }
      const now = this.clock.now();
      const system: NewMessage['system'] =
        by === 'auto'
          ? { code: 'auto_closed' as const, params: { hours: this.config.consultations.autoCloseHours } }
          : by === 'patient'
            ? { code: 'closed_by_patient' as const, params: {} }
            : { code: 'closed_by_doctor' as const, params: { name: staffName } };
      const message = await this.append(m, c, { kind: 'system', side: 'system', system });
      c.status = 'closed';
      c.closedAt = now;
      c.closedBy = by;
      c.autoCloseAt = null;
      await m.update(Consultation, { id: c.id }, { status: 'closed', closedAt: now, closedBy: by, autoCloseAt: null });
      for (const listener of this.closedListeners) await listener(m, c);
      return { c, message };
    });
    if (result.message) {
      await this.views.publishMessage(result.c, result.message);
      await this.views.publishConsultation(result.c);
    }
    return result.c;
  }

  async rate(c: Consultation, input: { score: number; comment?: string }): Promise<Consultation> {
    return this.tx.run(async (m) => {
      const current = await lockRow(m, Consultation, c.id);
      if (!current) throw new DomainError('CONSULTATION_NOT_FOUND');
      if (current.status !== 'closed') throw new DomainError('CONSULT_NOT_RATABLE');
      if (current.ratedAt) throw new DomainError('CONSULT_ALREADY_RATED');
      const changes = { ratingScore: input.score, ratingComment: input.comment?.trim() || null, ratedAt: this.clock.now() };
      await m.update(Consultation, { id: c.id }, changes);
      Object.assign(current, changes);
      for (const listener of this.ratedListeners) await listener(m, current);
      return current;
    });
  }

  /** A held message after review: shown to everyone (and counted as if just written), or refused. */
  async applyReview(messageId: string, reviewer: StaffPrincipal, decision: 'approve' | 'reject'): Promise<ConsultMessage> {
    const result = await this.tx.run(async (m) => {
      const message = await m.getRepository(ConsultMessage).findOneBy({ id: messageId });
      if (!message) throw new DomainError('NOT_FOUND');
      const c = await lockRow(m, Consultation, message.consultationId);
      const current = await m.getRepository(ConsultMessage).findOneByOrFail({ id: messageId });
      if (!c || current.state !== 'held') throw new DomainError('CONSULT_REVIEW_NOT_PENDING');
      const now = this.clock.now();
      current.state = decision === 'approve' ? 'visible' : 'rejected';
      current.reviewedByStaffId = reviewer.staffId;
      current.reviewedAt = now;
      await m.update(ConsultMessage, { id: current.id }, { state: current.state, reviewedByStaffId: reviewer.staffId, reviewedAt: now });
      const before = c.status;
      if (current.state === 'visible') {
        const changes: Partial<Consultation> = { lastMessageAt: now, ...previewOf(current) };
        if (!c.subject && current.side === 'patient') changes.subject = shorten(current.text, 120);
        Object.assign(c, changes);
        await m.update(Consultation, { id: c.id }, changes);
        if (OPEN_CONSULTATION_STATUSES.includes(c.status)) {
          const present = current.side === 'staff' ? await this.bus.isPresent(c.accountId, now) : true;
          await this.afterVisible(m, c, current, present);
        }
      }
      return { c, message: current, statusChanged: before !== c.status };
    });
    await this.views.publishMessage(result.c, result.message);
    if (result.statusChanged || result.message.state === 'visible') await this.views.publishConsultation(result.c);
    return result.message;
  }

  // ---------------------------------------------------------------- jobs

  /** Open consultations per staff member (for the auto-assignment cap and the transfer list). */
  async openCounts(m: EntityManager, staffIds: string[]): Promise<Map<string, number>> {
    if (!staffIds.length) return new Map();
    const rows = await m
      .getRepository(Consultation)
      .createQueryBuilder('c')
      .select('c.assigneeStaffId', 'id')
      .addSelect('COUNT(*)', 'n')
      .where('c.assigneeStaffId IN (:...ids)', { ids: staffIds })
      .andWhere('c.status IN (:...open)', { open: OPEN_CONSULTATION_STATUSES })
      .groupBy('c.assigneeStaffId')
      .getRawMany<{ id: string; n: string | number }>();
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  /** The job: a pool consultation nobody claimed goes to the department's least busy doctor under the cap. */
  async autoAssign(consultationId: string): Promise<void> {
    const result = await this.tx.run(async (m) => {
      const c = await lockRow(m, Consultation, consultationId);
      if (!c || c.assigneeStaffId || c.status !== 'waiting_doctor') return null;
      const doctors = await this.staff.doctorsOf(c.departmentId, m);
      if (!doctors.length) return null;
      const load = await this.openCounts(
        m,
        doctors.map((d) => d.id),
      );
      const pickedId = pickLeastBusy(
        doctors.map((d) => ({ id: d.id, open: load.get(d.id) ?? 0 })),
        this.config.consultations.maxOpenPerDoctor,
      );
      // Everyone at the cap: it stays in the pool, and escalation at the target tells the lead.
      const pick = doctors.find((d) => d.id === pickedId);
      if (!pick) return null;
      c.assigneeStaffId = pick.id;
      await m.update(Consultation, { id: c.id }, { assigneeStaffId: pick.id });
      const message = await this.append(m, c, { kind: 'system', side: 'system', system: { code: 'assigned', params: { name: pick.displayName } } });
      return { c, message };
    });
    if (result) {
      await this.views.publishMessage(result.c, result.message);
      await this.views.publishConsultation(result.c);
    }
  }

  /** The job at the first-response target: still unanswered → overdue, escalated to the department lead (a private note). */
  async escalateIfOverdue(consultationId: string): Promise<void> {
    const result = await this.tx.run(async (m) => {
      const c = await lockRow(m, Consultation, consultationId);
      const now = this.clock.now();
      if (!c || c.status !== 'waiting_doctor' || c.firstRespondedAt || c.escalatedAt || !c.firstResponseDueAt || c.firstResponseDueAt > now) return null;
      const department = await this.catalog.department(c.departmentId, m);
      const lead = department?.leadStaffId ? await this.staff.byId(department.leadStaffId, m) : null;
      c.escalatedAt = now;
      await m.update(Consultation, { id: c.id }, { escalatedAt: now });
      const system = { code: 'escalated' as const, params: { minutes: this.config.consultations.firstResponseMinutes, leadName: lead?.displayName ?? null } };
      const message = await this.append(m, c, { kind: 'note', side: 'system', system });
      return { c, message, leadId: lead?.id ?? null };
    });
    if (!result) return;
    this.logger.warn(`consultation ${consultationId} overdue: escalated to ${result.leadId ?? 'the department (no lead set)'}`);
    await this.views.publishMessage(result.c, result.message);
    await this.views.publishConsultation(result.c, result.leadId ? [`staff:${result.leadId}`] : []);
  }

  /** The job: closes a consultation waiting for the patient with no new message since; re-arms itself if there was one. */
  async autoClose(consultationId: string): Promise<void> {
    const c = await this.dataSource.getRepository(Consultation).findOneBy({ id: consultationId });
    if (!c || c.status !== 'waiting_patient' || !c.autoCloseAt) return;
    if (c.autoCloseAt > this.clock.now()) {
      await this.tx.run((m) =>
        this.jobs.enqueue(
          m,
          'consultations.auto-close',
          { consultationId },
          { runAt: c.autoCloseAt!, idempotencyKey: `consult.close:${c.id}:at${c.autoCloseAt!.getTime()}` },
        ),
      );
      return;
    }
    try {
      await this.closeWith(consultationId, 'auto', null);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }

  /** The daily job: transcripts (and images) past the retention period are deleted; then tomorrow's sweep is queued. */
  async purgeExpired(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.consultations.retentionDays * DAY_MS);
    const expired = await this.dataSource.getRepository(Consultation).find({
      where: { status: In(['closed', 'cancelled']), closedAt: LessThan(cutoff) },
      take: 500,
    });
    for (const c of expired) {
      const images = await this.dataSource.getRepository(ConsultMessage).find({ where: { consultationId: c.id, kind: 'image' } });
      await this.tx.run(async (m) => {
        await m.delete(ConsultMessage, { consultationId: c.id });
        await m.delete(Consultation, { id: c.id });
      });
      for (const image of images) if (image.imageKey) await this.storage.delete(image.imageKey).catch(() => undefined);
    }
    const tomorrow = addDays(localDate(this.clock.now(), this.config.timeZone), 1);
    await this.tx.run((m) =>
      this.jobs.enqueue(
        m,
        'consultations.purge',
        {},
        { runAt: new Date(this.clock.now().getTime() + DAY_MS), idempotencyKey: `consultations.purge:${tomorrow}` },
      ),
    );
    if (expired.length) this.logger.log(`retention: ${expired.length} consultation(s) past ${this.config.consultations.retentionDays} days deleted`);
    return expired.length;
  }

  async image(messageId: string): Promise<{ body: Buffer; contentType: string } | null> {
    const message = await this.dataSource.getRepository(ConsultMessage).findOneBy({ id: messageId });
    if (!message?.imageKey) return null;
    return this.storage.get(message.imageKey);
  }
}

/** The auto-close a consultation has armed (its job queued), if any: only while it waits for the patient. */
function armedAutoClose(c: Consultation): Date | null {
  return c.status === 'waiting_patient' ? c.autoCloseAt : null;
}

/** The INSERT failed on the unique (consultation, clientId) index: the same message was written before. */
function isClientIdTaken(error: unknown): boolean {
  return error instanceof QueryFailedError && /uq_consult_messages_client|consult_messages\.clientId/.test(error.message);
}
