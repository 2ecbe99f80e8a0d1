import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  renderConsultSystemLine,
  type ConsultationView,
  type ConsultMessageView,
  type ConsultServerFrame,
  type ConsultSystemLine,
  type Locale,
} from '@yiban/shared';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { CatalogReader } from '../catalog/index.js';
import { PatientsReader } from '../patients/index.js';
import { Checkout } from '../payments/index.js';
import { StaffDirectory } from '../staff/index.js';
import { ConsultEventBus } from './consult-events.js';
import { isOverdue } from './consult-rules.js';
import { ImageLinks } from './consult-images.js';
import { ConsultMessage } from './consult-message.entity.js';
import { Consultation } from './consultation.entity.js';

/** The words of a text, shortened for a list line. */
export function shorten(text: string | null, max = 60): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function systemLine(message: Pick<ConsultMessage, 'systemCode' | 'systemParams'>): ConsultSystemLine | null {
  return message.systemCode ? { code: message.systemCode, params: message.systemParams ?? {} } : null;
}

/** What a message leaves as the consultation's list line, language-neutral (rendered by `renderPreview`). */
export function previewOf(message: Pick<ConsultMessage, 'kind' | 'text' | 'systemCode' | 'systemParams'>): {
  lastPreviewKind: 'text' | 'image' | 'system';
  lastPreview: string | null;
} {
  if (message.kind === 'image') return { lastPreviewKind: 'image', lastPreview: null };
  const line = systemLine(message);
  if (line) return { lastPreviewKind: 'system', lastPreview: JSON.stringify(line).slice(0, 255) };
  return { lastPreviewKind: 'text', lastPreview: shorten(message.text) };
}

export function renderPreview(kind: 'text' | 'image' | 'system' | null, stored: string | null, locale: Locale): string | null {
  if (kind === 'image') return locale === 'zh-CN' ? '[图片]' : '[Picture]';
  if (kind === 'system' && stored) {
    try {
      return shorten(renderConsultSystemLine(JSON.parse(stored) as ConsultSystemLine, locale));
    } catch {
      return null;
    }
  }
  return stored;
}

const HELD_SUBJECT = { 'zh-CN': '（内容审核中）', en: '(under review)' } as const;

/** Views of consultations and messages for one reader, and the socket targets each change goes to. */
@Injectable()
export class ConsultViews {
  private readonly logger = new Logger('Consultations');
  readonly links: ImageLinks;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Checkout) private readonly checkout: Checkout,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(ConsultEventBus) private readonly bus: ConsultEventBus,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.links = new ImageLinks(createHash('sha256').update(`consult-images\n${config.auth.jwtSecret}`).digest());
  }

  /** Whether this reader may see the message: notes only to staff; held or rejected only to their author. */
  canSee(reader: Principal, message: ConsultMessage): boolean {
    if (reader.kind === 'account') {
      if (message.kind === 'note') return false;
      return message.state === 'visible' || message.side === 'patient';
    }
    return message.state === 'visible' || message.authorStaffId === reader.staffId;
  }

  /** Message views; system lines rendered in `locale` (sockets render them again in each reader's language). */
  async messageViews(list: ConsultMessage[], locale: Locale = 'zh-CN'): Promise<ConsultMessageView[]> {
    if (!list.length) return [];
    const [staff, patients] = await Promise.all([
      this.staff.displayNames(list.map((m) => m.authorStaffId)),
      this.patients.byIds(list.map((m) => m.authorPatientId).filter((id): id is string => !!id)),
    ]);
    const now = this.clock.now();
    return list.map((m) => {
      const system = systemLine(m);
      return {
        id: m.id,
        consultationId: m.consultationId,
        seq: m.seq,
        kind: m.kind,
        side: m.side,
        authorName: m.authorStaffId ? (staff.get(m.authorStaffId) ?? null) : m.authorPatientId ? (patients.get(m.authorPatientId)?.name ?? null) : null,
        authorStaffId: m.authorStaffId,
        text: system ? renderConsultSystemLine(system, locale) : m.text,
        system,
        image: m.imageKey && m.imageType ? { url: this.links.sign(m.id, now), contentType: m.imageType, size: m.imageSize ?? 0 } : null,
        state: m.state,
        clientId: m.clientId,
        createdAt: m.createdAt.toISOString(),
      };
    });
  }

  async messageView(message: ConsultMessage, locale: Locale = 'zh-CN'): Promise<ConsultMessageView> {
    return (await this.messageViews([message], locale))[0]!;
  }

  async view(consultation: Consultation, reader: Principal, locale: Locale = 'zh-CN'): Promise<ConsultationView> {
    return (await this.views([consultation], reader, locale))[0]!;
  }

  async views(list: Consultation[], reader: Principal, locale: Locale = 'zh-CN'): Promise<ConsultationView[]> {
    if (!list.length) return [];
    const [departmentBy, doctorBy, staffBy, patientBy, paymentBy, unread] = await Promise.all([
      this.catalog.departments(list.map((c) => c.departmentId)),
      this.catalog.doctors(list.map((c) => c.doctorId)),
      this.staff.displayNames(list.map((c) => c.assigneeStaffId)),
      this.patients.byIds(list.map((c) => c.patientId)),
      this.checkout.summaries(
        'consultation',
        list.filter((c) => c.fee > 0).map((c) => c.id),
      ),
      this.unreadCounts(list, reader),
    ]);
    const now = this.clock.now();
    return list.map((c) => {
      const department = departmentBy.get(c.departmentId);
      const doctor = c.doctorId ? doctorBy.get(c.doctorId) : undefined;
      const waitingFirst = c.status === 'waiting_doctor' && !c.firstRespondedAt;
      return {
        id: c.id,
        kind: c.kind,
        status: c.status,
        patientId: c.patientId,
        patientName: patientBy.get(c.patientId)?.name ?? null,
        departmentId: c.departmentId,
        departmentName: department?.name ?? '',
        departmentNameEn: department?.nameEn ?? '',
        doctorId: c.doctorId,
        doctorName: doctor?.name ?? null,
        doctorNameEn: doctor?.nameEn ?? null,
        assigneeStaffId: c.assigneeStaffId,
        assigneeName: c.assigneeStaffId ? (staffBy.get(c.assigneeStaffId) ?? null) : null,
        subject: c.subject || HELD_SUBJECT[locale],
        fee: c.fee,
        payment: paymentBy.get(c.id) ?? null,
        payBefore: c.status === 'pending_payment' ? (c.payBefore?.toISOString() ?? null) : null,
        lastSeq: c.lastSeq,
        lastMessageAt: c.lastMessageAt.toISOString(),
        lastMessagePreview: renderPreview(c.lastPreviewKind, c.lastPreview, locale),
        unread: unread.get(c.id) ?? 0,
        patientReadSeq: c.patientReadSeq,
        staffReadSeq: c.staffReadSeq,
        firstResponseDueAt: waitingFirst ? (c.firstResponseDueAt?.toISOString() ?? null) : null,
        firstRespondedAt: c.firstRespondedAt?.toISOString() ?? null,
        overdue: waitingFirst && isOverdue(now, c.firstResponseDueAt, !!c.firstRespondedAt),
        escalatedAt: c.escalatedAt?.toISOString() ?? null,
        autoCloseAt: c.status === 'waiting_patient' ? (c.autoCloseAt?.toISOString() ?? null) : null,
        closedAt: c.closedAt?.toISOString() ?? null,
        closedBy: c.closedBy,
        rating: c.ratingScore && c.ratedAt ? { score: c.ratingScore, comment: c.ratingComment, ratedAt: c.ratedAt.toISOString() } : null,
        createdAt: c.createdAt.toISOString(),
      };
    });
  }

  /** Visible messages from the other side after the reader's read mark, per consultation, in one query. */
  private async unreadCounts(list: Consultation[], reader: Principal): Promise<Map<string, number>> {
    const patientSide = reader.kind === 'account';
    const qb = this.dataSource
      .getRepository(ConsultMessage)
      .createQueryBuilder('m')
      .innerJoin(Consultation, 'c', 'c.id = m.consultationId')
      .select('m.consultationId', 'id')
      .addSelect('COUNT(*)', 'n')
      .where('m.consultationId IN (:...ids)', { ids: list.map((c) => c.id) })
      .andWhere("m.state = 'visible'")
      .groupBy('m.consultationId');
    if (patientSide) qb.andWhere("m.side <> 'patient'").andWhere("m.kind <> 'note'").andWhere('m.seq > c.patientReadSeq');
    else qb.andWhere("m.side = 'patient'").andWhere('m.seq > c.staffReadSeq');
    const rows = await qb.getRawMany<{ id: string; n: string | number }>();
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  // ---------------------------------------------------------------- events

  /** Staff sockets that follow a consultation: its department, its assignee (who may be from elsewhere), admins. */
  staffTargets(c: Consultation, extra: string[] = []): string[] {
    return [`dept:${c.departmentId}`, 'staff:all', ...(c.assigneeStaffId ? [`staff:${c.assigneeStaffId}`] : []), ...extra];
  }

  /** Sends a message to everyone who may see it; returns its view (the writer's answer is the same view). */
  async publishMessage(c: Consultation, message: ConsultMessage): Promise<ConsultMessageView> {
    const [view] = await this.messageViews([message]);
    let targets: string[];
    if (message.kind === 'note') targets = this.staffTargets(c);
    else if (message.state === 'visible') targets = [`account:${c.accountId}`, ...this.staffTargets(c)];
    else if (message.side === 'patient') targets = [`account:${c.accountId}`, ...(message.state === 'held' ? ['reviewers'] : [])];
    else targets = [`staff:${message.authorStaffId}`, ...(message.state === 'held' ? ['reviewers'] : [])];
    await this.publish(targets, { type: 'message', message: view! });
    return view!;
  }

  async publishConsultation(c: Consultation, extra: string[] = []): Promise<void> {
    await this.publish([`account:${c.accountId}`, ...this.staffTargets(c, extra)], {
      type: 'consultation',
      consultationId: c.id,
      status: c.status,
      assigneeStaffId: c.assigneeStaffId,
      lastSeq: c.lastSeq,
    });
  }

  async publishRead(c: Consultation, side: 'patient' | 'staff', seq: number): Promise<void> {
    await this.publish([`account:${c.accountId}`, ...this.staffTargets(c)], { type: 'read', consultationId: c.id, side, seq });
  }

  /** Events are a convenience on top of the database: a lost one is caught up by the client's `sync`, so failures only log. */
  private async publish(targets: string[], frame: ConsultServerFrame): Promise<void> {
    try {
      await this.bus.publish({ targets, frame });
    } catch (error) {
      this.logger.warn(`chat event not published: ${(error as Error).message}`);
    }
  }
}
