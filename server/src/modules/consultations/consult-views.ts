import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLINICAL_ROLES, type ConsultationView, type ConsultMessageView, type ConsultServerFrame, type StaffRole } from '@yiban/shared';
import { createHash } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { Department } from '../catalog/department.entity.js';
import { Doctor } from '../catalog/doctor.entity.js';
import { Patient } from '../patients/patient.entity.js';
import { Payment } from '../payments/payment.entity.js';
import { PaymentsService } from '../payments/payments.service.js';
import { StaffMember } from '../staff/staff-member.entity.js';
import { ConsultEventBus } from './consult-events.js';
import { ImageLinks } from './consult-images.js';
import { ConsultMessage } from './consult-message.entity.js';
import { Consultation } from './consultation.entity.js';

/** Who is reading: a patient's WeChat account, or a staff member as loaded from the database. */
export type Reader = { kind: 'account'; accountId: string } | { kind: 'staff'; staff: StaffMember };

export function isClinical(roles: readonly StaffRole[]): boolean {
  return roles.some((role) => CLINICAL_ROLES.includes(role));
}

/** A message's list line: "[图片]" for an image. */
export function preview(message: Pick<ConsultMessage, 'kind' | 'text'>): string {
  if (message.kind === 'image') return '[图片]';
  const text = (message.text ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** Views of consultations and messages for one reader, and the socket targets each change goes to. */
@Injectable()
export class ConsultViews {
  private readonly logger = new Logger('Consultations');
  readonly links: ImageLinks;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PaymentsService) private readonly payments: PaymentsService,
    @Inject(ConsultEventBus) private readonly bus: ConsultEventBus,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.links = new ImageLinks(createHash('sha256').update(`consult-images\n${config.auth.jwtSecret}`).digest());
  }

  /** Whether this reader may see the message: notes only to staff; held or rejected only to their author. */
  canSee(reader: Reader, message: ConsultMessage): boolean {
    if (reader.kind === 'account') {
      if (message.kind === 'note') return false;
      return message.state === 'visible' || message.side === 'patient';
    }
    return message.state === 'visible' || message.authorStaffId === reader.staff.id;
  }

  async messageViews(list: ConsultMessage[]): Promise<ConsultMessageView[]> {
    if (!list.length) return [];
    const staffIds = [...new Set(list.map((m) => m.authorStaffId).filter((id): id is string => !!id))];
    const patientIds = [...new Set(list.map((m) => m.authorPatientId).filter((id): id is string => !!id))];
    const [staff, patients] = await Promise.all([
      staffIds.length ? this.dataSource.getRepository(StaffMember).findBy({ id: In(staffIds) }) : [],
      patientIds.length ? this.dataSource.getRepository(Patient).find({ where: { id: In(patientIds) }, withDeleted: true }) : [],
    ]);
    const staffBy = new Map(staff.map((s) => [s.id, s.displayName]));
    const patientBy = new Map(patients.map((p) => [p.id, p.name]));
    const now = this.clock.now();
    return list.map((m) => ({
      id: m.id,
      consultationId: m.consultationId,
      seq: m.seq,
      kind: m.kind,
      side: m.side,
      authorName: m.authorStaffId ? (staffBy.get(m.authorStaffId) ?? null) : m.authorPatientId ? (patientBy.get(m.authorPatientId) ?? null) : null,
      authorStaffId: m.authorStaffId,
      text: m.text,
      image: m.imageKey && m.imageType ? { url: this.links.sign(m.id, now), contentType: m.imageType, size: m.imageSize ?? 0 } : null,
      state: m.state,
      clientId: m.clientId,
      createdAt: m.createdAt.toISOString(),
    }));
  }

  async messageView(message: ConsultMessage): Promise<ConsultMessageView> {
    return (await this.messageViews([message]))[0]!;
  }

  async view(consultation: Consultation, reader: Reader): Promise<ConsultationView> {
    return (await this.views([consultation], reader))[0]!;
  }

  async views(list: Consultation[], reader: Reader): Promise<ConsultationView[]> {
    if (!list.length) return [];
    const ids = (pick: (c: Consultation) => string | null) => [...new Set(list.map(pick).filter((id): id is string => !!id))];
    const doctorIds = ids((c) => c.doctorId);
    const staffIds = ids((c) => c.assigneeStaffId);
    const [departments, doctors, staff, patients, payments, unread] = await Promise.all([
      this.dataSource.getRepository(Department).findBy({ id: In(ids((c) => c.departmentId)) }),
      doctorIds.length ? this.dataSource.getRepository(Doctor).findBy({ id: In(doctorIds) }) : [],
      staffIds.length ? this.dataSource.getRepository(StaffMember).findBy({ id: In(staffIds) }) : [],
      this.dataSource.getRepository(Patient).find({ where: { id: In(ids((c) => c.patientId)) }, withDeleted: true }),
      this.dataSource.getRepository(Payment).findBy({ purpose: 'consultation', subjectId: In(list.filter((c) => c.fee > 0).map((c) => c.id)) }),
      this.unreadCounts(list, reader),
    ]);
    const departmentBy = new Map(departments.map((d) => [d.id, d]));
    const doctorBy = new Map(doctors.map((d) => [d.id, d]));
    const staffBy = new Map(staff.map((s) => [s.id, s]));
    const patientBy = new Map(patients.map((p) => [p.id, p]));
    const paymentBy = new Map(payments.map((p) => [p.subjectId, p]));
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
        assigneeName: c.assigneeStaffId ? (staffBy.get(c.assigneeStaffId)?.displayName ?? null) : null,
        subject: c.subject,
        fee: c.fee,
        payment: this.payments.summary(paymentBy.get(c.id) ?? null),
        payBefore: c.status === 'pending_payment' ? (c.payBefore?.toISOString() ?? null) : null,
        lastSeq: c.lastSeq,
        lastMessageAt: c.lastMessageAt.toISOString(),
        lastMessagePreview: c.lastPreview,
        unread: unread.get(c.id) ?? 0,
        patientReadSeq: c.patientReadSeq,
        staffReadSeq: c.staffReadSeq,
        firstResponseDueAt: waitingFirst ? (c.firstResponseDueAt?.toISOString() ?? null) : null,
        firstRespondedAt: c.firstRespondedAt?.toISOString() ?? null,
        overdue: waitingFirst && !!c.firstResponseDueAt && c.firstResponseDueAt <= now,
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
  private async unreadCounts(list: Consultation[], reader: Reader): Promise<Map<string, number>> {
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
