import { Inject, Injectable } from '@nestjs/common';
import {
  maskPhone,
  OPEN_CONSULTATION_STATUSES,
  type CannedReplyView,
  type ConsultPatientSummary,
  type ConsultReviewItem,
  type InboxBox,
  type InboxPage,
  type TransferTarget,
} from '@yiban/shared';
import { Brackets, DataSource, type EntityManager, In } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { PatientAccess } from '../../common/auth/patient-access.service.js';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../integrations/clock.js';
import { FieldCipher } from '../../integrations/crypto/field-cipher.js';
import { AppointmentsService } from '../appointments/appointments.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Department } from '../catalog/department.entity.js';
import { StaffMember } from '../staff/staff-member.entity.js';
import { CannedReply } from './canned-reply.entity.js';
import { ConsultMessage } from './consult-message.entity.js';
import { ConsultViews } from './consult-views.js';
import { Consultation } from './consultation.entity.js';
import { ConsultationsService } from './consultations.service.js';

/** The doctor's side: inbox, claim and transfer, the patient panel, canned replies, and the content review queue. */
@Injectable()
export class ConsultDeskService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(ConsultViews) private readonly views: ConsultViews,
    @Inject(PatientAccess) private readonly access: PatientAccess,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AppointmentsService) private readonly appointments: AppointmentsService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
  ) {}

  private async isLead(staff: StaffMember, departmentId: string): Promise<boolean> {
    if (staff.roles.includes('admin')) return true;
    return this.dataSource.getRepository(Department).existsBy({ id: departmentId, leadStaffId: staff.id });
  }

  // ---------------------------------------------------------------- inbox

  async inbox(principal: StaffPrincipal, box: InboxBox, departmentId?: string): Promise<InboxPage> {
    const staff = await this.consultations.clinicalStaff(principal);
    const admin = staff.roles.includes('admin');
    const department = departmentId ?? staff.departmentId;
    if (departmentId && !admin && departmentId !== staff.departmentId) throw new DomainError('FORBIDDEN_ROLE');
    const lead = department ? await this.isLead(staff, department) : false;
    const now = this.clock.now();
    const repo = this.dataSource.getRepository(Consultation);
    const open = OPEN_CONSULTATION_STATUSES as string[];

    const mine = () => repo.createQueryBuilder('c').where('c.assigneeStaffId = :me', { me: staff.id }).andWhere('c.status IN (:...open)', { open });
    const unassigned = () =>
      repo
        .createQueryBuilder('c')
        .where('c.assigneeStaffId IS NULL')
        .andWhere("c.status = 'waiting_doctor'")
        .andWhere('c.departmentId = :department', { department: department ?? '' });
    // Leads and admins watch the whole department's overdue list; everyone else their own and the pool's.
    const overdue = () => {
      const qb = repo
        .createQueryBuilder('c')
        .where("c.status = 'waiting_doctor'")
        .andWhere('c.firstRespondedAt IS NULL')
        .andWhere('c.firstResponseDueAt <= :now', { now });
      if (lead) return qb.andWhere('c.departmentId = :department', { department: department ?? '' });
      return qb.andWhere(
        new Brackets((w) =>
          w
            .where('c.assigneeStaffId = :me', { me: staff.id })
            .orWhere('(c.assigneeStaffId IS NULL AND c.departmentId = :department)', { department: department ?? '' }),
        ),
      );
    };
    const closed = () => repo.createQueryBuilder('c').where('c.assigneeStaffId = :me', { me: staff.id }).andWhere("c.status = 'closed'");
    const boxes = { mine, unassigned, overdue, closed };

    const order = box === 'closed' ? 'DESC' : 'ASC';
    const items = await boxes[box]()
      .orderBy(box === 'closed' ? 'c.closedAt' : box === 'mine' ? 'c.lastMessageAt' : 'c.firstResponseDueAt', order)
      .take(100)
      .getMany();
    const [nMine, nUnassigned, nOverdue, unreadMine] = await Promise.all([
      mine().getCount(),
      unassigned().getCount(),
      overdue().getCount(),
      mine()
        .andWhere(
          "EXISTS (SELECT 1 FROM consult_messages m WHERE m.consultationId = c.id AND m.side = 'patient' AND m.state = 'visible' AND m.seq > c.staffReadSeq)",
        )
        .getCount(),
    ]);
    await this.audit.record(principal, { action: 'consultation.list', resource: 'consultation', purpose: `inbox:${box}` });
    return {
      items: await this.views.views(items, { kind: 'staff', staff }),
      counts: { mine: nMine, unassigned: nUnassigned, overdue: nOverdue, unreadMine },
    };
  }

  // ---------------------------------------------------------------- claim, transfer

  async claim(principal: StaffPrincipal, id: string): Promise<Consultation> {
    const { staff } = await this.consultations.forStaff(principal, id);
    const result = await this.tx.run(async (m) => {
      const c = await lockRow(m, Consultation, id);
      if (!c) throw new DomainError('CONSULTATION_NOT_FOUND');
      if (!OPEN_CONSULTATION_STATUSES.includes(c.status)) throw new DomainError('CONSULTATION_CLOSED');
      if (c.assigneeStaffId === staff.id) return { c, message: null };
      if (c.assigneeStaffId) {
        const holder = await m.getRepository(StaffMember).findOneBy({ id: c.assigneeStaffId });
        throw new DomainError('CONSULT_ALREADY_ASSIGNED', { name: holder?.displayName ?? '' });
      }
      if (!staff.roles.includes('admin') && staff.departmentId !== c.departmentId) throw new DomainError('CONSULTATION_NOT_FOUND');
      c.assigneeStaffId = staff.id;
      await m.update(Consultation, { id: c.id }, { assigneeStaffId: staff.id });
      const message = await this.appendSystem(m, c, `${staff.displayName}已接诊，请稍候。`);
      return { c, message };
    });
    await this.publish(result.c, result.message);
    return result.c;
  }

  async transferTargets(principal: StaffPrincipal, id: string): Promise<TransferTarget[]> {
    const { consultation } = await this.consultations.forStaff(principal, id);
    const candidates = (await this.dataSource.getRepository(StaffMember).findBy({ active: true })).filter(
      (s) => (s.roles.includes('doctor') && s.departmentId === consultation.departmentId) || s.roles.includes('case_manager'),
    );
    const load = await this.consultations.openCounts(
      this.dataSource.manager,
      candidates.map((s) => s.id),
    );
    return candidates
      .filter((s) => s.id !== consultation.assigneeStaffId)
      .map((s) => ({ staffId: s.id, displayName: s.displayName, roles: s.roles, departmentId: s.departmentId, openCount: load.get(s.id) ?? 0 }))
      .sort((a, b) => a.openCount - b.openCount || a.displayName.localeCompare(b.displayName, 'zh-CN'));
  }

  /** The assignee, the department's lead or an admin hands a consultation to a doctor of the department or a case manager. */
  async transfer(principal: StaffPrincipal, id: string, input: { staffId: string; note?: string }): Promise<Consultation> {
    const { consultation, staff } = await this.consultations.forStaff(principal, id);
    const allowed =
      consultation.assigneeStaffId === staff.id ||
      (!consultation.assigneeStaffId && staff.departmentId === consultation.departmentId) ||
      (await this.isLead(staff, consultation.departmentId));
    if (!allowed) throw new DomainError('FORBIDDEN_ROLE');
    const target = await this.dataSource.getRepository(StaffMember).findOneBy({ id: input.staffId });
    const valid =
      !!target?.active && ((target.roles.includes('doctor') && target.departmentId === consultation.departmentId) || target.roles.includes('case_manager'));
    if (!valid || !target) throw new DomainError('CONSULT_TRANSFER_TARGET_INVALID');
    const result = await this.tx.run(async (m) => {
      const c = await lockRow(m, Consultation, id);
      if (!c) throw new DomainError('CONSULTATION_NOT_FOUND');
      if (!OPEN_CONSULTATION_STATUSES.includes(c.status)) throw new DomainError('CONSULTATION_CLOSED');
      const previous = c.assigneeStaffId;
      c.assigneeStaffId = target.id;
      await m.update(Consultation, { id: c.id }, { assigneeStaffId: target.id });
      const role = target.roles.includes('doctor') ? '' : '个案管理师';
      const message = await this.appendSystem(m, c, `您的咨询已转由${role}${target.displayName}继续解答。`);
      const note = input.note?.trim()
        ? await this.consultations.append(m, c, {
            kind: 'note',
            side: 'staff',
            text: `转交说明（${staff.displayName}）：${input.note.trim()}`,
            authorStaffId: staff.id,
          })
        : null;
      return { c, message, note, previous };
    });
    await this.publish(result.c, result.message, result.previous ? [`staff:${result.previous}`] : []);
    if (result.note) await this.views.publishMessage(result.c, result.note);
    return result.c;
  }

  private async appendSystem(m: EntityManager, c: Consultation, text: string): Promise<ConsultMessage> {
    return this.consultations.append(m, c, { kind: 'system', side: 'system', text });
  }

  private async publish(c: Consultation, message: ConsultMessage | null, extra: string[] = []): Promise<void> {
    if (!message) return;
    await this.views.publishMessage(c, message);
    await this.views.publishConsultation(c, extra);
  }

  /** Every staff read of a chat is written to the audit log (PIPL: staff reads of health data). */
  async auditRead(principal: StaffPrincipal, c: Consultation): Promise<void> {
    await this.audit.record(principal, {
      action: 'consultation.read',
      patientId: c.patientId,
      resource: 'consultation',
      resourceId: c.id,
      purpose: 'consultation',
    });
  }

  // ---------------------------------------------------------------- the patient beside the chat

  async patientSummary(principal: StaffPrincipal, id: string): Promise<ConsultPatientSummary> {
    const { consultation } = await this.consultations.forStaff(principal, id);
    const patient = await this.access.forStaff(principal, consultation.patientId, { resource: 'consultation', purpose: `consultation:${consultation.id}` });
    const [visits, earlier] = await Promise.all([
      this.appointments.visitsFor(patient.id),
      this.dataSource.getRepository(Consultation).find({ where: { patientId: patient.id }, order: { createdAt: 'DESC' }, take: 20 }),
    ]);
    const today = this.clock.now();
    let age: number | null = null;
    if (patient.birthDate) {
      const [y, mo, d] = patient.birthDate.split('-').map(Number) as [number, number, number];
      age = today.getUTCFullYear() - y - (today.getUTCMonth() + 1 < mo || (today.getUTCMonth() + 1 === mo && today.getUTCDate() < d) ? 1 : 0);
    }
    return {
      patientId: patient.id,
      name: patient.name,
      gender: patient.gender,
      age,
      language: patient.language,
      phoneMasked: patient.phoneEnc ? maskPhone(this.cipher.decrypt(patient.phoneEnc)) : null,
      tags: [],
      tier: null,
      visits: visits.slice(0, 20),
      consultations: earlier
        .filter((c) => c.id !== consultation.id)
        .map((c) => ({ id: c.id, kind: c.kind, status: c.status, subject: c.subject, createdAt: c.createdAt.toISOString() })),
      followUps: [],
    };
  }

  // ---------------------------------------------------------------- canned replies

  private cannedView(reply: CannedReply, staff: StaffMember, lead: boolean): CannedReplyView {
    const editable = reply.scope === 'mine' ? reply.ownerStaffId === staff.id : reply.createdByStaffId === staff.id || lead;
    return { id: reply.id, scope: reply.scope, title: reply.title, text: reply.text, editable };
  }

  async cannedReplies(principal: StaffPrincipal): Promise<CannedReplyView[]> {
    const staff = await this.consultations.clinicalStaff(principal);
    const rows = await this.dataSource.getRepository(CannedReply).find({
      where: [{ scope: 'mine', ownerStaffId: staff.id }, ...(staff.departmentId ? [{ scope: 'department' as const, departmentId: staff.departmentId }] : [])],
      order: { createdAt: 'ASC' },
    });
    const lead = staff.departmentId ? await this.isLead(staff, staff.departmentId) : false;
    return rows.map((r) => this.cannedView(r, staff, lead));
  }

  async createCannedReply(principal: StaffPrincipal, input: { scope: 'mine' | 'department'; title: string; text: string }): Promise<CannedReplyView> {
    const staff = await this.consultations.clinicalStaff(principal);
    if (input.scope === 'department' && !staff.departmentId) {
      throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'scope', problems: ['department replies need a department'] }] });
    }
    const reply = this.dataSource.getRepository(CannedReply).create({
      scope: input.scope,
      ownerStaffId: input.scope === 'mine' ? staff.id : null,
      departmentId: input.scope === 'department' ? staff.departmentId : null,
      title: input.title.trim(),
      text: input.text.trim(),
      createdByStaffId: staff.id,
    });
    await this.tx.run((m) => m.insert(CannedReply, reply));
    return this.cannedView(reply, staff, true);
  }

  async deleteCannedReply(principal: StaffPrincipal, id: string): Promise<void> {
    const staff = await this.consultations.clinicalStaff(principal);
    const reply = await this.dataSource.getRepository(CannedReply).findOneBy({ id });
    const visible = reply && (reply.scope === 'mine' ? reply.ownerStaffId === staff.id : reply.departmentId === staff.departmentId);
    if (!reply || !visible) throw new DomainError('CANNED_REPLY_NOT_FOUND');
    const lead = staff.departmentId ? await this.isLead(staff, staff.departmentId) : false;
    if (!this.cannedView(reply, staff, lead).editable) throw new DomainError('FORBIDDEN_ROLE');
    await this.tx.run((m) => m.delete(CannedReply, { id }));
  }

  // ---------------------------------------------------------------- content review (service staff)

  private async reviewer(principal: StaffPrincipal): Promise<StaffMember> {
    const staff = await this.dataSource.getRepository(StaffMember).findOneBy({ id: principal.staffId });
    if (!staff?.active || !staff.roles.some((r) => r === 'service' || r === 'admin')) throw new DomainError('FORBIDDEN_ROLE');
    return staff;
  }

  async reviews(principal: StaffPrincipal): Promise<ConsultReviewItem[]> {
    await this.reviewer(principal);
    const held = await this.dataSource.getRepository(ConsultMessage).find({ where: { state: 'held' }, order: { createdAt: 'ASC' }, take: 100 });
    if (!held.length) return [];
    const consultations = await this.dataSource.getRepository(Consultation).findBy({ id: In([...new Set(held.map((m) => m.consultationId))]) });
    const departments = await this.dataSource.getRepository(Department).findBy({ id: In([...new Set(consultations.map((c) => c.departmentId))]) });
    const consultationBy = new Map(consultations.map((c) => [c.id, c]));
    const departmentBy = new Map(departments.map((d) => [d.id, d.name]));
    const views = await this.views.messageViews(held);
    await this.audit.record(principal, { action: 'consultation.review', resource: 'consult_message', purpose: `review queue (${held.length})` });
    return held.map((m, i) => ({
      message: views[i]!,
      consultationId: m.consultationId,
      departmentName: departmentBy.get(consultationBy.get(m.consultationId)?.departmentId ?? '') ?? '',
      label: m.securityLabel,
    }));
  }

  async decide(principal: StaffPrincipal, messageId: string, decision: 'approve' | 'reject'): Promise<ConsultMessage> {
    const staff = await this.reviewer(principal);
    const message = await this.consultations.applyReview(messageId, staff, decision);
    const c = await this.dataSource.getRepository(Consultation).findOneBy({ id: message.consultationId });
    await this.audit.record(principal, {
      action: 'consultation.review',
      patientId: c?.patientId,
      resource: 'consult_message',
      resourceId: messageId,
      purpose: decision,
    });
    return message;
  }
}
