import { Inject, Injectable } from '@nestjs/common';
import {
  localized,
  maskName,
  maskPhone,
  OPEN_CONSULTATION_STATUSES,
  type CannedReplyView,
  type ConsultPatientSummary,
  type ConsultReviewItem,
  type InboxBox,
  type InboxPage,
  type Locale,
  type TransferTarget,
} from '@yiban/shared';
import { Brackets, DataSource, In } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import { isClinical } from '../../common/auth/access-rules.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { AuditService } from '../../common/audit/audit.service.js';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../integrations/clock.js';
import { FieldCipher } from '../../integrations/crypto/field-cipher.js';
import { VisitsReader } from '../appointments/index.js';
import { CatalogReader } from '../catalog/index.js';
import { PatientPanel, PatientTagsService, PatientsService } from '../patients/index.js';
import { StaffDirectory } from '../staff/index.js';
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
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(VisitsReader) private readonly visits: VisitsReader,
    @Inject(PatientsService) private readonly patients: PatientsService,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(PatientTagsService) private readonly tags: PatientTagsService,
    @Inject(PatientPanel) private readonly panel: PatientPanel,
  ) {}

  private leads(staff: StaffPrincipal, departmentId: string | null | undefined): boolean {
    return !!departmentId && this.policy.can(staff, 'department', 'lead', { departmentId });
  }

  // ---------------------------------------------------------------- inbox

  async inbox(principal: StaffPrincipal, box: InboxBox, departmentId: string | undefined, locale: Locale): Promise<InboxPage> {
    const department = departmentId ?? principal.departmentIds[0];
    if (department) this.policy.assert(principal, 'department', 'consult_inbox', { departmentId: department });
    else if (!isClinical(principal)) throw new DomainError('FORBIDDEN_ROLE');
    const lead = this.leads(principal, department);
    const now = this.clock.now();
    const repo = this.dataSource.getRepository(Consultation);
    const open = OPEN_CONSULTATION_STATUSES as string[];
    const me = principal.staffId;

    const mine = () => repo.createQueryBuilder('c').where('c.assigneeStaffId = :me', { me }).andWhere('c.status IN (:...open)', { open });
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
          w.where('c.assigneeStaffId = :me', { me }).orWhere('(c.assigneeStaffId IS NULL AND c.departmentId = :department)', { department: department ?? '' }),
        ),
      );
    };
    const closed = () => repo.createQueryBuilder('c').where('c.assigneeStaffId = :me', { me }).andWhere("c.status = 'closed'");
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
      items: await this.views.views(items, principal, locale),
      counts: { mine: nMine, unassigned: nUnassigned, overdue: nOverdue, unreadMine },
    };
  }

  // ---------------------------------------------------------------- claim, transfer

  async claim(principal: StaffPrincipal, id: string): Promise<Consultation> {
    await this.consultations.visibleTo(principal, id, 'claim');
    const result = await this.tx.run(async (m) => {
      const c = await lockRow(m, Consultation, id);
      if (!c) throw new DomainError('CONSULTATION_NOT_FOUND');
      if (!OPEN_CONSULTATION_STATUSES.includes(c.status)) throw new DomainError('CONSULTATION_CLOSED');
      if (c.assigneeStaffId === principal.staffId) return { c, message: null };
      if (c.assigneeStaffId) {
        const holder = await this.staff.byId(c.assigneeStaffId, m);
        throw new DomainError('CONSULT_ALREADY_ASSIGNED', { name: holder?.displayName ?? '' });
      }
      c.assigneeStaffId = principal.staffId;
      await m.update(Consultation, { id: c.id }, { assigneeStaffId: principal.staffId });
      const message = await this.consultations.append(m, c, {
        kind: 'system',
        side: 'system',
        system: { code: 'claimed', params: { name: principal.displayName } },
      });
      return { c, message };
    });
    await this.publish(result.c, result.message);
    return result.c;
  }

  async transferTargets(principal: StaffPrincipal, id: string): Promise<TransferTarget[]> {
    const consultation = await this.consultations.visibleTo(principal, id, 'read');
    const candidates = await this.staff.transferCandidates(consultation.departmentId);
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
    const consultation = await this.consultations.visibleTo(principal, id, 'transfer');
    const target = await this.staff.byId(input.staffId);
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
      const role = target.roles.includes('doctor') ? 'doctor' : 'case_manager';
      const message = await this.consultations.append(m, c, {
        kind: 'system',
        side: 'system',
        system: { code: 'transferred', params: { name: target.displayName, role } },
      });
      const text = input.note?.trim();
      const note = text
        ? await this.consultations.append(m, c, {
            kind: 'note',
            side: 'staff',
            system: { code: 'transfer_note', params: { name: principal.displayName, note: text } },
            authorStaffId: principal.staffId,
          })
        : null;
      return { c, message, note, previous };
    });
    await this.publish(result.c, result.message, result.previous ? [`staff:${result.previous}`] : []);
    if (result.note) await this.views.publishMessage(result.c, result.note);
    return result.c;
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

  /** The patient's record beside the chat: only for staff who care for them (the access policy; every read audited). */
  async patientSummary(principal: StaffPrincipal, id: string, locale: Locale): Promise<ConsultPatientSummary> {
    const consultation = await this.consultations.visibleTo(principal, id, 'read_patient');
    const patient = await this.patients.forStaff(principal, consultation.patientId, { resource: 'consultation', purpose: `consultation:${consultation.id}` });
    const [visits, earlier, tags, panel] = await Promise.all([
      this.visits.views(patient.id),
      this.dataSource.getRepository(Consultation).find({ where: { patientId: patient.id }, order: { createdAt: 'DESC' }, take: 20 }),
      this.tags.of(patient.id),
      this.panel.of(principal, patient.id, locale),
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
      tags,
      tier: panel.tier,
      visits: visits.slice(0, 20),
      consultations: earlier
        .filter((c) => c.id !== consultation.id)
        .map((c) => ({ id: c.id, kind: c.kind, status: c.status, subject: c.subject, createdAt: c.createdAt.toISOString() })),
      followUps: panel.followUps,
      access: patient.access,
    };
  }

  // ---------------------------------------------------------------- canned replies

  private cannedView(reply: CannedReply, staff: StaffPrincipal, lead: boolean): CannedReplyView {
    const editable = reply.scope === 'mine' ? reply.ownerStaffId === staff.staffId : reply.createdByStaffId === staff.staffId || lead;
    return { id: reply.id, scope: reply.scope, title: reply.title, text: reply.text, editable };
  }

  private clinical(principal: StaffPrincipal): { departmentId: string | null } {
    if (!isClinical(principal)) throw new DomainError('FORBIDDEN_ROLE');
    return { departmentId: principal.departmentIds[0] ?? null };
  }

  async cannedReplies(principal: StaffPrincipal): Promise<CannedReplyView[]> {
    const { departmentId } = this.clinical(principal);
    const rows = await this.dataSource.getRepository(CannedReply).find({
      where: [{ scope: 'mine', ownerStaffId: principal.staffId }, ...(departmentId ? [{ scope: 'department' as const, departmentId }] : [])],
      order: { createdAt: 'ASC' },
    });
    const lead = this.leads(principal, departmentId);
    return rows.map((r) => this.cannedView(r, principal, lead));
  }

  async createCannedReply(principal: StaffPrincipal, input: { scope: 'mine' | 'department'; title: string; text: string }): Promise<CannedReplyView> {
    const { departmentId } = this.clinical(principal);
    if (input.scope === 'department' && !departmentId) {
      throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'scope', problems: ['department replies need a department'] }] });
    }
    const reply = this.dataSource.getRepository(CannedReply).create({
      scope: input.scope,
      ownerStaffId: input.scope === 'mine' ? principal.staffId : null,
      departmentId: input.scope === 'department' ? departmentId : null,
      title: input.title.trim(),
      text: input.text.trim(),
      createdByStaffId: principal.staffId,
    });
    await this.tx.run((m) => m.insert(CannedReply, reply));
    return this.cannedView(reply, principal, true);
  }

  async deleteCannedReply(principal: StaffPrincipal, id: string): Promise<void> {
    const { departmentId } = this.clinical(principal);
    const reply = await this.dataSource.getRepository(CannedReply).findOneBy({ id });
    const visible = reply && (reply.scope === 'mine' ? reply.ownerStaffId === principal.staffId : reply.departmentId === departmentId);
    if (!reply || !visible) throw new DomainError('CANNED_REPLY_NOT_FOUND');
    if (!this.cannedView(reply, principal, this.leads(principal, departmentId)).editable) throw new DomainError('FORBIDDEN_ROLE');
    await this.tx.run((m) => m.delete(CannedReply, { id }));
  }

  // ---------------------------------------------------------------- content review (service staff)

  async reviews(principal: StaffPrincipal, locale: Locale): Promise<ConsultReviewItem[]> {
    this.policy.assert(principal, 'held_messages', 'review', {});
    const held = await this.dataSource.getRepository(ConsultMessage).find({ where: { state: 'held' }, order: { createdAt: 'ASC' }, take: 100 });
    if (!held.length) return [];
    const consultations = await this.dataSource.getRepository(Consultation).findBy({ id: In([...new Set(held.map((m) => m.consultationId))]) });
    const consultationBy = new Map(consultations.map((c) => [c.id, c]));
    const departments = await this.catalog.departments(consultations.map((c) => c.departmentId));
    const views = await this.views.messageViews(held, locale);
    await this.audit.record(principal, { action: 'consultation.review', resource: 'consult_message', purpose: `review queue (${held.length})` });
    // Reviewers who are not clinical staff judge the words, not the person: patients' names are masked for them.
    const masked = !isClinical(principal);
    return held.map((m, i) => {
      const department = departments.get(consultationBy.get(m.consultationId)?.departmentId ?? '');
      const view = views[i]!;
      return {
        message: masked && view.side === 'patient' && view.authorName ? { ...view, authorName: maskName(view.authorName) } : view,
        consultationId: m.consultationId,
        departmentName: department ? localized(department.name, department.nameEn, locale).value : '',
        label: m.securityLabel,
      };
    });
  }

  async decide(principal: StaffPrincipal, messageId: string, decision: 'approve' | 'reject'): Promise<ConsultMessage> {
    this.policy.assert(principal, 'held_messages', 'review', {});
    const message = await this.consultations.applyReview(messageId, principal, decision);
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
