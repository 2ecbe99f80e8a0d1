import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import {
  checkFollowupTemplate,
  cleanFollowupTemplate,
  localized,
  type SaveFollowupTemplateRequest,
  type EnrolRequest,
  type FollowupAnswersView,
  type FollowupBox,
  type FollowupBoxCounts,
  type FollowupOutcome,
  type FollowupPlanSource,
  type FollowupPlanView,
  type FollowupTaskView,
  type FollowupTemplateView,
  type Locale,
  type WorkbenchTaskView,
} from '@yiban/shared';
import { DataSource, In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { AccessDirectory } from '../../common/auth/access-directory.js';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import type { ActingProfile, StaffPrincipal } from '../../common/auth/principal.js';
import { AuditService } from '../../common/audit/audit.service.js';
import { insertIgnoreMany } from '../../common/database/bulk-insert.js';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { addDays, localDate, zonedInstant } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { FieldCipher } from '../../integrations/crypto/field-cipher.js';
import { VisitsReader, type Visit } from '../appointments/index.js';
import { Notifications } from '../messaging/index.js';
import { PatientPanel, PatientsReader, type PanelFollowUp } from '../patients/index.js';
import { StaffDirectory } from '../staff/index.js';
import { SurveysService, type AnsweredQuestionnaire } from '../surveys/index.js';
import { DEFAULT_PLANS } from './default-plans.js';
import { FollowupPlan } from './followup-plan.entity.js';
import { allowedOutcomes, applyOutcome, matchesVisit, QUESTIONNAIRE_OPEN_DAYS, scheduleSteps, STEP_HOUR, validRescheduleDate } from './followup-rules.js';
import { FollowupTask } from './followup-task.entity.js';
import { FollowupTemplate } from './followup-template.entity.js';

/** The patient's plan page, where a reminder leads. */
export const FOLLOWUP_PAGE = 'packages/followups/pages/plan/index';
const BOOKING_PAGE = 'packages/booking/pages/doctors/index';
const ARTICLE_PAGE = 'packages/content/pages/article/index';
const FEED_PAGE = 'packages/content/pages/feed/index';

/** How far ahead the workbench's "upcoming" box looks. */
const UPCOMING_DAYS = 7;

/**
 * Follow-up plans: templates with steps at day offsets; enrolment by staff, or by a visit or discharge that matches a
 * template (once per visit, one active plan per patient and template); each step a task on its hospital date. On
 * the day, a questionnaire is sent (through surveys, against the health-data consent), a reminder, an article or a
 * revisit suggestion is told to the patient (notification centre); calls wait in the case manager's workbench. A
 * red-flag answer opens an escalation at once, for the case manager and the treating doctor. A visit to the
 * department closes a pending revisit. Who sees which plan is the access policy's `followup` rule.
 */
@Injectable()
export class FollowupsService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(AccessDirectory) private readonly access: AccessDirectory,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(Notifications) private readonly notifications: Notifications,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(VisitsReader) private readonly visits: VisitsReader,
    @Inject(SurveysService) private readonly surveys: SurveysService,
    @Inject(PatientPanel) private readonly panel: PatientPanel,
  ) {}

  onModuleInit(): void {
    this.registry.register('followups.step', ({ payload }) => this.runStep(payload.taskId));
    this.visits.onRecorded((m, visit, diagnoses) => this.afterVisit(m, visit, diagnoses));
    this.surveys.onAnswered((m, answered) => this.afterAnswer(m, answered));
    // A care relationship: an active plan the staff member runs, or whose red flag they were told of.
    this.access.addCareSource('followup', async (staff, patientId) => {
      const plans = await this.dataSource.getRepository(FollowupPlan).findBy({ patientId, status: 'active' });
      if (!plans.length) return false;
      if (plans.some((p) => p.caseManagerStaffId === staff.staffId)) return true;
      return this.dataSource.getRepository(FollowupTask).existsBy({ planId: In(plans.map((p) => p.id)), doctorStaffId: staff.staffId });
    });
    this.panel.provideFollowUps((reader, patientId, locale) => this.panelPlans(reader, patientId, locale));
  }

  /** Registered in `onModuleInit`: the plans beside a consultation, those the reader may see (as `plansOf`), newest first. */
  private async panelPlans(reader: StaffPrincipal, patientId: string, locale: Locale): Promise<PanelFollowUp[]> {
    const plans = await this.dataSource.getRepository(FollowupPlan).find({ where: { patientId }, order: { createdAt: 'DESC' }, take: 10 });
    const tasks = plans.length ? await this.dataSource.getRepository(FollowupTask).find({ where: { planId: In(plans.map((p) => p.id)) } }) : [];
    const visible = plans.filter((p) => tasks.some((t) => t.planId === p.id && this.policy.can(reader, 'followup', 'read', t)));
    const templates = await this.templatesById(visible.map((p) => p.templateId));
    return visible.map((p) => {
      const t = templates.get(p.templateId)!;
      return { id: p.id, title: localized(t.name, t.nameEn, locale).value, status: p.status };
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureDefaults();
  }

  /** The shipped pathways exist (created once, whichever instance starts first). */
  async ensureDefaults(): Promise<void> {
    const existing = new Set((await this.dataSource.getRepository(FollowupTemplate).find({ select: { key: true } })).map((t) => t.key));
    const missing = DEFAULT_PLANS.filter((p) => !existing.has(p.key));
    if (!missing.length) return;
    await this.tx.run((m) =>
      insertIgnoreMany(
        m,
        FollowupTemplate,
        missing.map((p) => m.getRepository(FollowupTemplate).create({ ...p })),
      ),
    );
  }

  private today(): string {
    return localDate(this.clock.now(), this.config.timeZone);
  }

  // ---------------------------------------------------------------- templates

  async templates(locale: Locale): Promise<FollowupTemplateView[]> {
    const rows = await this.dataSource.getRepository(FollowupTemplate).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((t) => this.templateView(t, locale));
  }

  private templateView(t: FollowupTemplate, locale: Locale): FollowupTemplateView {
    return {
      id: t.id,
      key: t.key,
      name: localized(t.name, t.nameEn, locale).value,
      description: t.description ? localized(t.description, t.descriptionEn, locale).value : null,
      match: t.match,
      steps: t.steps.map((s, index) => ({ ...s, index, titleShown: localized(s.title, s.titleEn ?? null, locale).value })),
      active: t.active,
      edit: {
        name: t.name,
        nameEn: t.nameEn,
        description: t.description,
        descriptionEn: t.descriptionEn,
        match: t.match,
        steps: t.steps,
        active: t.active,
      },
    };
  }

  /** A new pathway (checked; each questionnaire must be published). */
  async createTemplate(actor: StaffPrincipal, input: SaveFollowupTemplateRequest, locale: Locale): Promise<FollowupTemplateView> {
    const clean = await this.checkedTemplate(input);
    const key = input.key ?? '';
    if (!key) throw new DomainError('FOLLOWUP_TEMPLATE_INVALID', { count: 1, problems: [{ path: 'key', problem: 'required' }] });
    const id = await this.tx.run(async (m) => {
      if (await m.getRepository(FollowupTemplate).existsBy({ key })) throw new DomainError('FOLLOWUP_TEMPLATE_KEY_TAKEN', { key });
      const row = m.getRepository(FollowupTemplate).create({ ...clean, key, createdByStaffId: actor.staffId });
      await m.insert(FollowupTemplate, row);
      return row.id;
    });
    return this.templateView(await this.dataSource.getRepository(FollowupTemplate).findOneByOrFail({ id }), locale);
  }

  /** Changes a pathway: plans already running keep the steps they were enrolled with; new enrolments use these. */
  async updateTemplate(id: string, input: SaveFollowupTemplateRequest, locale: Locale): Promise<FollowupTemplateView> {
    const clean = await this.checkedTemplate({ ...input, key: undefined });
    await this.tx.run(async (m) => {
      const row = await lockRow(m, FollowupTemplate, id);
      if (!row) throw new DomainError('FOLLOWUP_TEMPLATE_NOT_FOUND');
      await m.update(FollowupTemplate, { id }, clean);
    });
    return this.templateView(await this.dataSource.getRepository(FollowupTemplate).findOneByOrFail({ id }), locale);
  }

  private async checkedTemplate(input: SaveFollowupTemplateRequest): Promise<ReturnType<typeof cleanFollowupTemplate>> {
    const problems = checkFollowupTemplate(input);
    if (!problems.length) {
      const keys = [...new Set(input.steps.filter((s) => s.kind === 'questionnaire').map((s) => s.questionnaireKey!))];
      const published = await this.surveys.publishedKeys(keys);
      input.steps.forEach((s, i) => {
        if (s.kind === 'questionnaire' && !published.has(s.questionnaireKey!)) problems.push({ path: `steps.${i}.questionnaireKey`, problem: 'notPublished' });
      });
    }
    if (problems.length) throw new DomainError('FOLLOWUP_TEMPLATE_INVALID', { count: problems.length, problems });
    return cleanFollowupTemplate(input);
  }

  // ---------------------------------------------------------------- enrolment

  /** Staff enrol a patient (consent to health data required): the plan with its tasks on their dates. */
  async enrol(actor: StaffPrincipal, input: EnrolRequest, locale: Locale): Promise<FollowupPlanView> {
    const template = await this.dataSource.getRepository(FollowupTemplate).findOneBy({ id: input.templateId });
    if (!template || !template.active) throw new DomainError('FOLLOWUP_TEMPLATE_NOT_FOUND');
    const patient = await this.patients.byId(input.patientId);
    if (!patient || patient.deletedAt) throw new DomainError('PATIENT_NOT_FOUND');
    const today = this.today();
    const startsOn = input.startsOn ?? today;
    if (startsOn < addDays(today, -30) || startsOn > addDays(today, 366)) throw new DomainError('FOLLOWUP_DATE_INVALID');
    let caseManagerStaffId: string | null = actor.roles.includes('case_manager') ? actor.staffId : null;
    if (input.caseManagerId) {
      const cm = await this.staff.byId(input.caseManagerId);
      if (!cm?.active || !cm.roles.includes('case_manager')) throw new DomainError('STAFF_NOT_FOUND');
      caseManagerStaffId = cm.id;
    }
    const departmentId = input.departmentId ?? template.match.departmentIds[0] ?? (await this.visits.views(patient.id))[0]?.departmentId ?? null;
    this.policy.assert(actor, 'followup', 'enrol', { caseManagerStaffId, departmentId, doctorStaffId: null });
    await this.policy.assertConsented(patient.id);
    const planId = await this.tx.run(async (m) => {
      const plan = await this.createPlan(m, template, {
        patientId: patient.id,
        startsOn,
        source: 'staff',
        sourceKey: null,
        departmentId,
        doctorId: null,
        caseManagerStaffId,
        enrolledByStaffId: actor.staffId,
      });
      if (!plan) throw new DomainError('FOLLOWUP_ALREADY_ENROLLED');
      await this.audit.record(
        actor,
        { action: 'patient.update', patientId: patient.id, resource: 'followup_plan', resourceId: plan.id, purpose: `enrol ${template.key}` },
        m,
      );
      return plan.id;
    });
    return this.planView(planId, locale);
  }

  /**
   * Writes a plan and its tasks in the caller's transaction, and queues each automatic step for its day. Null when
   * the patient is on this template already (or this visit enrolled them already).
   */
  private async createPlan(
    m: EntityManager,
    template: FollowupTemplate,
    input: {
      patientId: string;
      startsOn: string;
      source: FollowupPlanSource;
      sourceKey: string | null;
      departmentId: string | null;
      doctorId: string | null;
      caseManagerStaffId: string | null;
      enrolledByStaffId: string | null;
    },
  ): Promise<FollowupPlan | null> {
    const plan = m.getRepository(FollowupPlan).create({ ...input, templateId: template.id, activeKey: `${input.patientId}:${template.id}` });
    // Two enrolments at once (a discharge and a case manager): the unique active key keeps one.
    await insertIgnoreMany(m, FollowupPlan, [plan]);
    if (!(await m.getRepository(FollowupPlan).existsBy({ id: plan.id }))) return null;
    const doctorStaffId = input.doctorId ? ((await this.staff.forDoctor(input.doctorId, m))?.id ?? null) : null;
    const tasks = scheduleSteps(input.startsOn, template.steps).map(({ index, step, dueOn }) =>
      m.getRepository(FollowupTask).create({
        planId: plan.id,
        patientId: input.patientId,
        stepKey: `step:${index}`,
        stepIndex: index,
        step,
        kind: step.kind,
        dueOn,
        caseManagerStaffId: input.caseManagerStaffId,
        departmentId: input.departmentId,
        doctorStaffId,
      }),
    );
    if (tasks.length) await m.insert(FollowupTask, tasks);
    const now = this.clock.now();
    for (const task of tasks) {
      if (task.kind === 'call') continue;
      const at = zonedInstant(task.dueOn, STEP_HOUR, this.config.timeZone);
      await this.jobs.enqueue(m, 'followups.step', { taskId: task.id }, { runAt: at > now ? at : now, idempotencyKey: `followups.step:${task.id}` });
    }
    return plan;
  }

  /**
   * A visit or discharge recorded: patients matching an active template are enrolled from the visit's date (once per
   * visit; not when already on it, nor without the health-data consent); a pending revisit to that department is done.
   */
  private async afterVisit(m: EntityManager, visit: Visit, diagnoses: readonly string[]): Promise<void> {
    const revisits = await m.getRepository(FollowupTask).find({ where: { patientId: visit.patientId, kind: 'revisit', status: 'pending' } });
    for (const task of revisits.filter((t) => !t.departmentId || t.departmentId === visit.departmentId)) {
      await m.update(FollowupTask, { id: task.id }, { status: 'done', outcome: 'visited', completedAt: this.clock.now() });
    }
    const templates = (await m.getRepository(FollowupTemplate).findBy({ active: true })).filter((t) => matchesVisit(t.match, visit, diagnoses));
    if (!templates.length) return;
    if ((await this.access.missingConsents(visit.patientId)).length) return;
    for (const template of templates) {
      if (await m.getRepository(FollowupPlan).existsBy({ templateId: template.id, sourceKey: visit.id })) continue;
      await this.createPlan(m, template, {
        patientId: visit.patientId,
        startsOn: visit.date,
        source: visit.encounterClass === 'inpatient' ? 'discharge' : 'visit',
        sourceKey: visit.id,
        departmentId: visit.departmentId,
        doctorId: visit.doctorId,
        caseManagerStaffId: null,
        enrolledByStaffId: null,
      });
    }
  }

  // ---------------------------------------------------------------- steps on their day

  /** A step's day (09:00 hospital time): a questionnaire sent, a reminder, an article or a revisit told; calls wait for staff. */
  private async runStep(taskId: string): Promise<void> {
    await this.tx.run(async (m) => {
      const task = await lockRow(m, FollowupTask, taskId);
      if (!task || task.status !== 'pending' || task.stepIndex === null) return;
      const plan = await m.getRepository(FollowupPlan).findOneBy({ id: task.planId });
      if (!plan || plan.status !== 'active') return;
      const step = task.step;
      if (!step) return;
      const now = this.clock.now();
      // Health data is processed only under the consent: without it no questionnaire, no message about the plan.
      if ((await this.access.missingConsents(task.patientId)).length) {
        await m.update(FollowupTask, { id: task.id }, { status: 'skipped', outcome: 'consent_withdrawn', completedAt: now });
        return;
      }
      if (step.kind === 'questionnaire') {
        const invitationId = await this.surveys.inviteForFollowup(m, {
          patientId: task.patientId,
          templateKey: step.questionnaireKey ?? '',
          taskId: task.id,
          departmentId: plan.departmentId,
          expiresAfterDays: QUESTIONNAIRE_OPEN_DAYS,
        });
        if (invitationId) await m.update(FollowupTask, { id: task.id }, { invitationId });
        return;
      }
      const patient = await this.patients.byId(task.patientId, m);
      const link =
        step.kind === 'revisit'
          ? `${BOOKING_PAGE}${plan.departmentId ? `?departmentId=${plan.departmentId}` : ''}`
          : step.kind === 'education'
            ? step.articleId
              ? `${ARTICLE_PAGE}?id=${step.articleId}`
              : `${FEED_PAGE}${step.articleTag ? `?tag=${encodeURIComponent(step.articleTag)}` : ''}`
            : `${FOLLOWUP_PAGE}?id=${plan.id}`;
      await this.notifications.notify(m, {
        patientId: task.patientId,
        kind: 'follow_up_reminder',
        params: {
          taskId: task.id,
          patientName: patient?.name ?? null,
          // The hospital's words for the step, both languages as entered (the reader's is shown).
          item: step.title,
          ...(step.titleEn && { itemEn: step.titleEn }),
          dueAt: zonedInstant(task.dueOn, STEP_HOUR, this.config.timeZone).toISOString(),
          doctorName: null,
          step: step.kind,
        },
        link,
        dedupeKey: `followup-step:${task.id}`,
      });
      // A revisit stays open until a visit is recorded (or the case manager notes the booking).
      if (step.kind !== 'revisit') await m.update(FollowupTask, { id: task.id }, { status: 'done', outcome: 'sent', completedAt: now });
    });
  }

  /**
   * A follow-up questionnaire answered: its task is done; a red flag opens an escalation at once (a call due today, at
   * the top of the case manager's and the treating doctor's workbench).
   */
  private async afterAnswer(m: EntityManager, answered: AnsweredQuestionnaire): Promise<void> {
    if (answered.trigger !== 'followup' || !answered.sourceKey) return;
    const task = await lockRow(m, FollowupTask, answered.sourceKey);
    if (!task) return;
    const now = this.clock.now();
    if (task.status === 'pending') await m.update(FollowupTask, { id: task.id }, { status: 'done', outcome: 'answered', completedAt: now });
    if (!answered.redFlags.length) return;
    const escalation = m.getRepository(FollowupTask).create({
      planId: task.planId,
      patientId: task.patientId,
      stepKey: `flag:${answered.invitationId}`,
      stepIndex: null,
      kind: 'call',
      dueOn: this.today(),
      escalated: true,
      escalation: answered.redFlags,
      caseManagerStaffId: task.caseManagerStaffId,
      departmentId: task.departmentId,
      doctorStaffId: task.doctorStaffId,
    });
    await insertIgnoreMany(m, FollowupTask, [escalation]);
  }

  // ---------------------------------------------------------------- the workbench

  /** Tasks in a box that the caller works (the policy's `followup` rule), oldest due first; escalations first of all. */
  async tasks(
    actor: StaffPrincipal,
    query: { box: FollowupBox; limit: number; cursor?: string; patientId?: string },
    locale: Locale,
  ): Promise<{ items: WorkbenchTaskView[]; nextCursor: string | null; counts: FollowupBoxCounts }> {
    const today = this.today();
    const offset = query.cursor ? Number.parseInt(query.cursor, 10) || 0 : 0;
    const qb = this.scoped(actor, query.patientId);
    this.inBox(qb, query.box, today);
    qb.orderBy(query.box === 'done' ? 't.completedAt' : 't.dueOn', query.box === 'done' ? 'DESC' : 'ASC')
      .addOrderBy('t.id', 'ASC')
      .skip(offset)
      .take(query.limit + 1);
    const rows = (await qb.getMany()).filter((t) => this.policy.can(actor, 'followup', 'read', t));
    const page = rows.slice(0, query.limit);
    const counts = await this.counts(actor, today, query.patientId);
    const items = await this.workbenchViews(page, today, locale);
    if (items.length)
      await this.audit.record(actor, {
        action: 'patient.list',
        resource: 'followup_task',
        resourceId: query.box,
        purpose: `follow-up workbench (${items.length} tasks)`,
      });
    return { items, nextCursor: rows.length > query.limit ? String(offset + query.limit) : null, counts };
  }

  /** The rows a caller could work, narrowed in SQL by the same facts the policy decides on (the policy has the last word). */
  private scoped(actor: StaffPrincipal, patientId?: string): SelectQueryBuilder<FollowupTask> {
    const qb = this.dataSource.getRepository(FollowupTask).createQueryBuilder('t');
    if (patientId) qb.andWhere('t.patientId = :patientId', { patientId });
    if (actor.roles.includes('admin')) return qb;
    const ors = ['t.doctorStaffId = :me'];
    if (actor.departmentIds.length) ors.push('t.departmentId IN (:...departments)');
    if (actor.roles.includes('case_manager')) ors.push('t.caseManagerStaffId = :me', 't.caseManagerStaffId IS NULL');
    return qb.andWhere(`(${ors.join(' OR ')})`, { me: actor.staffId, departments: actor.departmentIds });
  }

  private inBox(qb: SelectQueryBuilder<FollowupTask>, box: FollowupBox, today: string): void {
    switch (box) {
      case 'escalated':
        qb.andWhere("t.status = 'pending'").andWhere('t.escalated = :yes', { yes: true });
        return;
      case 'today':
        qb.andWhere("t.status = 'pending'").andWhere('t.escalated = :no', { no: false }).andWhere('t.dueOn = :today', { today });
        return;
      case 'overdue':
        qb.andWhere("t.status = 'pending'").andWhere('t.escalated = :no', { no: false }).andWhere('t.dueOn < :today', { today });
        return;
      case 'upcoming':
        qb.andWhere("t.status = 'pending'")
          .andWhere('t.dueOn > :today', { today })
          .andWhere('t.dueOn <= :until', { until: addDays(today, UPCOMING_DAYS) });
        return;
      case 'done':
        qb.andWhere("t.status IN ('done', 'skipped')");
        return;
    }
  }

  private async counts(actor: StaffPrincipal, today: string, patientId?: string): Promise<FollowupBoxCounts> {
    const count = async (box: FollowupBox) => {
      const qb = this.scoped(actor, patientId);
      this.inBox(qb, box, today);
      return qb.getCount();
    };
    const [todayN, overdue, escalated, upcoming] = await Promise.all([count('today'), count('overdue'), count('escalated'), count('upcoming')]);
    return { today: todayN, overdue, escalated, upcoming };
  }

  /** Records a task's outcome (a call not answered comes back tomorrow, up to three tries). */
  async complete(actor: StaffPrincipal, id: string, input: { outcome: FollowupOutcome; note?: string }, locale: Locale): Promise<WorkbenchTaskView> {
    await this.tx.run(async (m) => {
      const task = await lockRow(m, FollowupTask, id);
      this.policy.assert(actor, 'followup', 'work', task);
      if (task.status !== 'pending') throw new DomainError('FOLLOWUP_TASK_CLOSED');
      const allowed = allowedOutcomes(task);
      if (!allowed.includes(input.outcome)) throw new DomainError('FOLLOWUP_OUTCOME_INVALID', { outcome: input.outcome, allowed: [...allowed] });
      const next = applyOutcome(task, input.outcome, this.today());
      const note = input.note?.trim() ? [task.note, input.note.trim()].filter(Boolean).join('\n').slice(-1000) : task.note;
      await m.update(
        FollowupTask,
        { id: task.id },
        {
          ...next,
          outcome: input.outcome,
          note,
          ...(next.status === 'done' && { completedAt: this.clock.now(), completedByStaffId: actor.staffId }),
        },
      );
      await this.audit.record(
        actor,
        { action: 'patient.update', patientId: task.patientId, resource: 'followup_task', resourceId: task.id, purpose: `outcome ${input.outcome}` },
        m,
      );
      await this.closePlanIfDone(m, task.planId);
    });
    return this.workbenchTask(actor, id, locale);
  }

  /** Moves a pending task to another day (from today to a year ahead); an automatic step goes out on the new day. */
  async reschedule(actor: StaffPrincipal, id: string, input: { dueOn: string; note?: string }, locale: Locale): Promise<WorkbenchTaskView> {
    const today = this.today();
    if (!validRescheduleDate(input.dueOn, today)) throw new DomainError('FOLLOWUP_DATE_INVALID');
    await this.tx.run(async (m) => {
      const task = await lockRow(m, FollowupTask, id);
      this.policy.assert(actor, 'followup', 'work', task);
      if (task.status !== 'pending') throw new DomainError('FOLLOWUP_TASK_CLOSED');
      const note = input.note?.trim() ? [task.note, input.note.trim()].filter(Boolean).join('\n').slice(-1000) : task.note;
      await m.update(FollowupTask, { id: task.id }, { dueOn: input.dueOn, note });
      if (task.kind !== 'call' && !task.invitationId) {
        const at = zonedInstant(input.dueOn, STEP_HOUR, this.config.timeZone);
        const now = this.clock.now();
        await this.jobs.enqueue(
          m,
          'followups.step',
          { taskId: task.id },
          { runAt: at > now ? at : now, idempotencyKey: `followups.step:${task.id}:${input.dueOn}` },
        );
      }
    });
    return this.workbenchTask(actor, id, locale);
  }

  /** Stops a plan (the patient declined, moved, died …): its open tasks are cancelled. */
  async stop(actor: StaffPrincipal, planId: string, reason: string, locale: Locale): Promise<FollowupPlanView> {
    await this.tx.run(async (m) => {
      const plan = await lockRow(m, FollowupPlan, planId);
      if (!plan) throw new DomainError('FOLLOWUP_PLAN_NOT_FOUND');
      this.policy.assert(actor, 'followup', 'stop', { ...plan, doctorStaffId: null });
      if (plan.status !== 'active') return;
      await m.update(FollowupPlan, { id: plan.id }, { status: 'stopped', activeKey: null, stoppedReason: reason, endedAt: this.clock.now() });
      await m.update(FollowupTask, { planId: plan.id, status: 'pending' }, { status: 'cancelled' });
      await this.audit.record(
        actor,
        { action: 'patient.update', patientId: plan.patientId, resource: 'followup_plan', resourceId: plan.id, purpose: `stop ${reason}` },
        m,
      );
    });
    return this.planView(planId, locale);
  }

  /** A plan whose tasks are all closed is completed (the patient may be enrolled on it again). */
  private async closePlanIfDone(m: EntityManager, planId: string): Promise<void> {
    if (await m.getRepository(FollowupTask).existsBy({ planId, status: 'pending' })) return;
    await m.update(FollowupPlan, { id: planId, status: 'active' }, { status: 'completed', activeKey: null, endedAt: this.clock.now() });
  }

  /**
   * The answers behind a questionnaire step or a red flag, for the care team that works the task (audited as a read of
   * the patient's answers).
   */
  async answers(actor: StaffPrincipal, id: string, locale: Locale): Promise<FollowupAnswersView> {
    const task = await this.dataSource.getRepository(FollowupTask).findOneBy({ id });
    this.policy.assert(actor, 'followup', 'read', task);
    const invitationId = task.invitationId ?? (task.stepKey.startsWith('flag:') ? task.stepKey.slice(5) : null);
    const answered = invitationId ? await this.surveys.answersOf(invitationId, locale) : null;
    await this.audit.record(actor, {
      action: 'patient.read',
      patientId: task.patientId,
      resource: 'survey_response',
      resourceId: invitationId ?? task.id,
      purpose: 'follow-up answers',
    });
    return { taskId: task.id, title: answered?.title ?? '', answeredAt: answered?.answeredAt ?? null, items: answered?.items ?? [] };
  }

  /** A patient's plans for staff who work them (each read audited). */
  async plansOf(actor: StaffPrincipal, patientId: string, locale: Locale): Promise<FollowupPlanView[]> {
    const plans = await this.dataSource.getRepository(FollowupPlan).find({ where: { patientId }, order: { createdAt: 'DESC' } });
    const tasks = plans.length ? await this.dataSource.getRepository(FollowupTask).find({ where: { planId: In(plans.map((p) => p.id)) } }) : [];
    const visible = plans.filter((p) => tasks.some((t) => t.planId === p.id && this.policy.can(actor, 'followup', 'read', t)));
    if (!visible.length) {
      if (!(await this.patients.byId(patientId))) throw new DomainError('PATIENT_NOT_FOUND');
      return [];
    }
    await this.audit.record(actor, { action: 'patient.read', patientId, resource: 'followup_plan', resourceId: patientId, purpose: 'follow-up plans' });
    return this.planViews(visible, locale);
  }

  // ---------------------------------------------------------------- the patient

  /** The acting profile's plans, newest first, with their tasks in date order. */
  async mine(patient: ActingProfile, locale: Locale): Promise<FollowupPlanView[]> {
    const plans = await this.dataSource.getRepository(FollowupPlan).find({ where: { patientId: patient.id }, order: { createdAt: 'DESC' }, take: 20 });
    return this.planViews(plans, locale);
  }

  // ---------------------------------------------------------------- views

  private async planView(id: string, locale: Locale): Promise<FollowupPlanView> {
    const plan = await this.dataSource.getRepository(FollowupPlan).findOneByOrFail({ id });
    return (await this.planViews([plan], locale))[0]!;
  }

  private async planViews(plans: FollowupPlan[], locale: Locale): Promise<FollowupPlanView[]> {
    if (!plans.length) return [];
    const [templates, tasks, staff] = await Promise.all([
      this.templatesById(plans.map((p) => p.templateId)),
      this.dataSource.getRepository(FollowupTask).find({ where: { planId: In(plans.map((p) => p.id)) }, order: { dueOn: 'ASC', createdAt: 'ASC' } }),
      this.staff.byIds(plans.map((p) => p.caseManagerStaffId)),
    ]);
    return plans.map((p) => {
      const template = templates.get(p.templateId)!;
      const own = tasks.filter((t) => t.planId === p.id).map((t) => this.taskView(t, p, locale));
      const cm = p.caseManagerStaffId ? staff.get(p.caseManagerStaffId) : undefined;
      return {
        id: p.id,
        patientId: p.patientId,
        templateId: p.templateId,
        templateKey: template.key,
        templateName: localized(template.name, template.nameEn, locale).value,
        status: p.status,
        source: p.source,
        startsOn: p.startsOn,
        departmentId: p.departmentId,
        caseManager: cm ? { id: cm.id, name: cm.displayName } : null,
        tasks: own,
        nextTaskId: own.find((t) => t.status === 'pending')?.id ?? null,
        createdAt: p.createdAt.toISOString(),
      };
    });
  }

  private async templatesById(ids: string[]): Promise<Map<string, FollowupTemplate>> {
    const rows = await this.dataSource.getRepository(FollowupTemplate).findBy({ id: In([...new Set(ids)]) });
    return new Map(rows.map((t) => [t.id, t]));
  }

  private taskView(t: FollowupTask, plan: Pick<FollowupPlan, 'departmentId'>, locale: Locale): FollowupTaskView {
    const step = t.step ?? undefined;
    const title = step
      ? localized(step.title, step.titleEn ?? null, locale).value
      : locale === 'en'
        ? 'Red flag: call the patient now'
        : '危急值预警：请立即电话联系患者';
    return {
      id: t.id,
      planId: t.planId,
      dueOn: t.dueOn,
      kind: t.kind,
      status: t.status,
      title,
      escalated: t.escalated,
      // The question in the reader's language, the answer with its unit (multiple-choice values as their codes).
      escalation:
        t.escalation?.map((f) => ({
          itemId: f.itemId,
          text: localized(f.text, f.textEn ?? null, locale).value,
          value: f.unit ? `${f.value} ${f.unit}` : f.value,
        })) ?? null,
      outcome: t.outcome,
      note: t.note,
      attempts: t.attempts,
      completedAt: t.completedAt?.toISOString() ?? null,
      invitationId: t.invitationId,
      departmentId: t.kind === 'revisit' ? plan.departmentId : null,
      articleId: step?.articleId ?? null,
      articleTag: step?.articleTag ?? null,
    };
  }

  private async workbenchTask(actor: StaffPrincipal, id: string, locale: Locale): Promise<WorkbenchTaskView> {
    const task = await this.dataSource.getRepository(FollowupTask).findOneBy({ id });
    this.policy.assert(actor, 'followup', 'read', task);
    return (await this.workbenchViews([task], this.today(), locale))[0]!;
  }

  private async workbenchViews(tasks: FollowupTask[], today: string, locale: Locale): Promise<WorkbenchTaskView[]> {
    if (!tasks.length) return [];
    const plans = new Map(
      (await this.dataSource.getRepository(FollowupPlan).findBy({ id: In([...new Set(tasks.map((t) => t.planId))]) })).map((p) => [p.id, p]),
    );
    const [templates, patients, phones, staff] = await Promise.all([
      this.templatesById([...plans.values()].map((p) => p.templateId)),
      this.patients.byIds(tasks.map((t) => t.patientId)),
      this.patients.contactPhonesEnc(tasks.map((t) => t.patientId)),
      this.staff.byIds(tasks.map((t) => t.caseManagerStaffId)),
    ]);
    return tasks.map((t) => {
      const plan = plans.get(t.planId)!;
      const template = templates.get(plan.templateId)!;
      const phone = phones.get(t.patientId);
      const cm = t.caseManagerStaffId ? staff.get(t.caseManagerStaffId) : undefined;
      return {
        ...this.taskView(t, plan, locale),
        // The care team calls: the number in full (the list read is audited).
        patient: { id: t.patientId, name: patients.get(t.patientId)?.name ?? null, phone: phone ? this.cipher.decrypt(phone) : null },
        plan: { id: plan.id, templateName: localized(template.name, template.nameEn, locale).value, startsOn: plan.startsOn },
        caseManager: cm ? { id: cm.id, name: cm.displayName } : null,
        overdue: t.status === 'pending' && t.dueOn < today,
      };
    });
  }
}
