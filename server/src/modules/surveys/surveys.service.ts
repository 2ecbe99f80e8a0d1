import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import {
  checkAnswers,
  checkDefinition,
  cleanDefinition,
  localized,
  scoreAnswers,
  toFhirQuestionnaire,
  SURVEY_TRIGGER_CODES,
  type Locale,
  type QuestionnaireDefinition,
  type ServiceIssueDetail,
  type SurveyAnswer,
  type SurveyInvitationView,
  type SurveyResponseResult,
  type SurveyTemplateView,
  type SurveyTriggerCode,
  type SurveyTriggerSettings,
  type TemplatePurposeCode,
} from '@yiban/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import type { ActingProfile, StaffPrincipal } from '../../common/auth/principal.js';
import { insertIgnoreMany } from '../../common/database/bulk-insert.js';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { localDate } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { VisitsReader, type Visit } from '../appointments/index.js';
import { ConsultationsService, type Consultation } from '../consultations/index.js';
import { Notifications } from '../messaging/index.js';
import { PatientsReader } from '../patients/index.js';
import { ServiceIssues, type ServiceIssue } from '../service-recovery/index.js';
import { CONSULT_RATING_ITEMS, DEFAULT_TEMPLATES, type TemplatePurpose } from './default-templates.js';
import { QuestionnaireTemplate } from './questionnaire-template.entity.js';
import { QuestionnaireVersion } from './questionnaire-version.entity.js';
import { renderQuestionnaire } from './questionnaire-view.js';
import { SurveyGap } from './survey-gap.entity.js';
import { SurveyInvitation, type SurveyTrigger } from './survey-invitation.entity.js';
import { SurveyResponse } from './survey-response.entity.js';
import { SurveyTriggerSetting } from './survey-trigger-setting.entity.js';
import { DEFAULT_TRIGGER_SETTINGS, MANUAL_INVITATION, VISIT_SURVEY_MAX_AGE_DAYS } from './survey-triggers.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The mini-program page that answers an invitation. */
export const SURVEY_PAGE = 'packages/surveys/pages/answer/index';

/** What a follow-up step learns when its questionnaire is answered (in the answer's transaction). */
export interface AnsweredQuestionnaire {
  invitationId: string;
  patientId: string;
  trigger: SurveyTrigger;
  sourceKey: string | null;
  /** Items whose answers crossed a red-flag threshold: the question as written (both languages), the answer and its unit. */
  redFlags: { itemId: string; text: string; textEn?: string; value: string; unit?: string }[];
}
export type AnsweredListener = (m: EntityManager, answered: AnsweredQuestionnaire) => Promise<void>;

interface InviteInput {
  patientId: string;
  templateId: string;
  trigger: SurveyTrigger;
  sourceKey: string | null;
  departmentId?: string | null;
  doctorId?: string | null;
  expiresAfterDays: number;
  remindAfterHours: number;
  sentByStaffId?: string | null;
}

/**
 * Satisfaction surveys on the shared questionnaire engine: templates in versions (a broken definition is refused
 * before it is stored; an answer keeps the version it answered), invitations by hand or by a care event (one per event,
 * however often the event is replayed), told in 消息 and as a subscribe message against a grant, reminded once,
 * expiring; answers checked and scored (gap P − E per dimension and touchpoint, boxes, NPS), and a low score, a
 * detractor or a written complaint opening a service issue.
 */
@Injectable()
export class SurveysService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(Notifications) private readonly notifications: Notifications,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(VisitsReader) private readonly visits: VisitsReader,
    @Inject(ServiceIssues) private readonly issues: ServiceIssues,
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
  ) {}

  private readonly answeredListeners: AnsweredListener[] = [];

  /** Follow-ups listen here: each answer, in its transaction, with its red flags. */
  onAnswered(listener: AnsweredListener): void {
    this.answeredListeners.push(listener);
  }

  onModuleInit(): void {
    this.registry.register('surveys.invite', ({ payload }) => this.inviteFromTrigger(payload));
    this.registry.register('surveys.remind', ({ payload }) => this.remind(payload.invitationId));
    this.visits.onRecorded((m, visit) => this.afterVisit(m, visit));
    this.consultations.onClosed((m, c) => this.afterConsultationClosed(m, c));
    this.consultations.onRated((m, c) => this.foldRating(m, c));
    this.issues.onResolved((m, issue) => this.afterIssueResolved(m, issue));
    this.issues.provideEvidence((issue, m, locale) => this.evidence(issue, m, locale));
  }

  /** The templates every hospital starts with exist (created once, whichever instance starts first). */
  async onApplicationBootstrap(): Promise<void> {
    await this.ensureDefaults();
  }

  async ensureDefaults(): Promise<void> {
    const existing = new Set((await this.dataSource.getRepository(QuestionnaireTemplate).find({ select: { key: true } })).map((t) => t.key));
    const missing = DEFAULT_TEMPLATES.filter((t) => !existing.has(t.key));
    if (!missing.length) return;
    await this.tx.run(async (m) => {
      const now = this.clock.now();
      const templates = missing.map((t) =>
        m.getRepository(QuestionnaireTemplate).create({ key: t.key, purpose: t.purpose, publishedVersion: 1, latestVersion: 1 }),
      );
      // Another instance may be creating them at the same moment: the unique key keeps one of each.
      await insertIgnoreMany(m, QuestionnaireTemplate, templates);
      const kept = await m.getRepository(QuestionnaireTemplate).find({ where: { key: In(missing.map((t) => t.key)) } });
      const versions = kept.map((t) =>
        m
          .getRepository(QuestionnaireVersion)
          .create({ templateId: t.id, version: 1, definition: missing.find((d) => d.key === t.key)!.definition, publishedAt: now }),
      );
      await insertIgnoreMany(m, QuestionnaireVersion, versions);
    });
  }

  // ---------------------------------------------------------------- templates (staff)

  async templates(locale: Locale, purpose?: TemplatePurposeCode): Promise<SurveyTemplateView[]> {
    const rows = await this.dataSource.getRepository(QuestionnaireTemplate).find({ where: purpose ? { purpose } : {}, order: { createdAt: 'ASC', id: 'ASC' } });
    return this.templateViews(rows, locale);
  }

  async template(id: string, locale: Locale): Promise<SurveyTemplateView> {
    const row = await this.dataSource.getRepository(QuestionnaireTemplate).findOneBy({ id });
    if (!row) throw new DomainError('SURVEY_TEMPLATE_NOT_FOUND');
    return (await this.templateViews([row], locale))[0]!;
  }

  /** A new template: its first version is a draft (checked; a broken definition is refused). */
  async createTemplate(
    actor: StaffPrincipal,
    input: { key: string; purpose: TemplatePurpose; definition: unknown },
    locale: Locale,
  ): Promise<SurveyTemplateView> {
    const definition = this.checked(input.definition);
    const id = await this.tx.run(async (m) => {
      if (await m.getRepository(QuestionnaireTemplate).existsBy({ key: input.key })) throw new DomainError('SURVEY_TEMPLATE_KEY_TAKEN', { key: input.key });
      const t = m
        .getRepository(QuestionnaireTemplate)
        .create({ key: input.key, purpose: input.purpose, publishedVersion: 0, latestVersion: 1, createdByStaffId: actor.staffId });
      await m.insert(QuestionnaireTemplate, t);
      await m.insert(QuestionnaireVersion, m.getRepository(QuestionnaireVersion).create({ templateId: t.id, version: 1, definition }));
      return t.id;
    });
    return this.template(id, locale);
  }

  /** Edits the draft (a new version after the published one; the published version never changes). */
  async saveDraft(id: string, input: { definition: unknown }, locale: Locale): Promise<SurveyTemplateView> {
    const definition = this.checked(input.definition);
    await this.tx.run(async (m) => {
      const t = await lockRow(m, QuestionnaireTemplate, id);
      if (!t) throw new DomainError('SURVEY_TEMPLATE_NOT_FOUND');
      if (t.latestVersion > t.publishedVersion) {
        await m.update(QuestionnaireVersion, { templateId: id, version: t.latestVersion }, { definition });
      } else {
        await m.insert(QuestionnaireVersion, m.getRepository(QuestionnaireVersion).create({ templateId: id, version: t.latestVersion + 1, definition }));
        await m.update(QuestionnaireTemplate, { id }, { latestVersion: t.latestVersion + 1 });
      }
    });
    return this.template(id, locale);
  }

  /** Publishes the draft (checked again): invitations from now on use it. */
  async publish(actor: StaffPrincipal, id: string, locale: Locale): Promise<SurveyTemplateView> {
    await this.tx.run(async (m) => {
      const t = await lockRow(m, QuestionnaireTemplate, id);
      if (!t) throw new DomainError('SURVEY_TEMPLATE_NOT_FOUND');
      if (t.latestVersion <= t.publishedVersion) throw new DomainError('SURVEY_TEMPLATE_NO_DRAFT');
      const draft = await m.getRepository(QuestionnaireVersion).findOneByOrFail({ templateId: id, version: t.latestVersion });
      this.checked(draft.definition);
      await m.update(QuestionnaireVersion, { id: draft.id }, { publishedAt: this.clock.now(), publishedByStaffId: actor.staffId });
      await m.update(QuestionnaireTemplate, { id }, { publishedVersion: t.latestVersion });
    });
    return this.template(id, locale);
  }

  /** The published version as a FHIR R4 Questionnaire. */
  async fhir(id: string): Promise<ReturnType<typeof toFhirQuestionnaire>> {
    const t = await this.dataSource.getRepository(QuestionnaireTemplate).findOneBy({ id });
    if (!t || !t.publishedVersion) throw new DomainError('SURVEY_TEMPLATE_NOT_FOUND');
    const v = await this.dataSource.getRepository(QuestionnaireVersion).findOneByOrFail({ templateId: id, version: t.publishedVersion });
    return toFhirQuestionnaire(v.definition, { id: t.key, version: v.version, status: 'active' });
  }

  private checked(definition: unknown): QuestionnaireDefinition {
    const problems = checkDefinition(definition as QuestionnaireDefinition);
    if (problems.length) throw new DomainError('SURVEY_TEMPLATE_INVALID', { problems });
    return cleanDefinition(definition as QuestionnaireDefinition);
  }

  private async templateViews(rows: QuestionnaireTemplate[], locale: Locale): Promise<SurveyTemplateView[]> {
    if (!rows.length) return [];
    const versions = await this.dataSource.getRepository(QuestionnaireVersion).find({ where: { templateId: In(rows.map((r) => r.id)) } });
    const of = (t: QuestionnaireTemplate, n: number) => versions.find((v) => v.templateId === t.id && v.version === n);
    return rows.map((t) => {
      const latest = of(t, t.latestVersion)!;
      const shown = of(t, t.publishedVersion) ?? latest;
      return {
        id: t.id,
        key: t.key,
        purpose: t.purpose,
        ...renderQuestionnaire(shown.definition, locale),
        publishedVersion: t.publishedVersion,
        latestVersion: t.latestVersion,
        hasDraft: t.latestVersion > t.publishedVersion,
        definition: latest.definition,
        updatedAt: t.updatedAt.toISOString(),
      };
    });
  }

  // ---------------------------------------------------------------- triggers (admins)

  async triggerSettings(): Promise<SurveyTriggerSettings[]> {
    const rows = new Map((await this.dataSource.getRepository(SurveyTriggerSetting).find()).map((r) => [r.trigger, r]));
    return SURVEY_TRIGGER_CODES.map((trigger) => {
      const r = rows.get(trigger);
      const d = DEFAULT_TRIGGER_SETTINGS[trigger];
      return r
        ? {
            trigger,
            enabled: r.enabled,
            templateKey: r.templateKey,
            delayHours: r.delayHours,
            expiresAfterDays: r.expiresAfterDays,
            remindAfterHours: r.remindAfterHours,
          }
        : { trigger, ...d };
    });
  }

  async updateTrigger(actor: StaffPrincipal, trigger: SurveyTriggerCode, input: Omit<SurveyTriggerSettings, 'trigger'>): Promise<SurveyTriggerSettings[]> {
    const template = await this.dataSource.getRepository(QuestionnaireTemplate).findOneBy({ key: input.templateKey });
    if (!template) throw new DomainError('SURVEY_TEMPLATE_NOT_FOUND');
    if (!template.publishedVersion) throw new DomainError('SURVEY_TEMPLATE_NOT_PUBLISHED');
    await this.tx.run((m) => m.getRepository(SurveyTriggerSetting).save({ trigger, ...input, updatedByStaffId: actor.staffId }));
    return this.triggerSettings();
  }

  private async setting(trigger: SurveyTriggerCode, m: EntityManager): Promise<Omit<SurveyTriggerSettings, 'trigger'>> {
    const row = await m.getRepository(SurveyTriggerSetting).findOneBy({ trigger });
    return row ?? DEFAULT_TRIGGER_SETTINGS[trigger];
  }

  // ---------------------------------------------------------------- invitations

  /** Staff invite one patient by hand (each send its own invitation). */
  async inviteByHand(actor: StaffPrincipal, input: { patientId: string; templateId: string }): Promise<{ id: string; status: 'pending'; expiresAt: string }> {
    const patient = await this.patients.byId(input.patientId);
    if (!patient || patient.deletedAt) throw new DomainError('PATIENT_NOT_FOUND');
    if (!patient.accountId) throw new DomainError('SURVEY_PATIENT_UNREACHABLE');
    const invitation = await this.tx.run((m) =>
      this.invite(m, {
        patientId: input.patientId,
        templateId: input.templateId,
        trigger: 'manual',
        sourceKey: null,
        sentByStaffId: actor.staffId,
        ...MANUAL_INVITATION,
      }),
    );
    return { id: invitation.id, status: 'pending', expiresAt: invitation.expiresAt.toISOString() };
  }

  /**
   * A follow-up step's questionnaire, in the step's transaction (once per step): told to the patient like any
   * invitation; its answer comes back through `onAnswered` with the red flags.
   */
  async inviteForFollowup(
    m: EntityManager,
    input: { patientId: string; templateKey: string; taskId: string; departmentId: string | null; expiresAfterDays: number },
  ): Promise<string | null> {
    const template = await m.getRepository(QuestionnaireTemplate).findOneBy({ key: input.templateKey });
    if (!template?.publishedVersion) return null;
    const invitation = await this.invite(m, {
      patientId: input.patientId,
      templateId: template.id,
      trigger: 'followup',
      sourceKey: input.taskId,
      departmentId: input.departmentId,
      expiresAfterDays: input.expiresAfterDays,
      remindAfterHours: Math.min(24, input.expiresAfterDays * 12),
    });
    return invitation.id;
  }

  /** Whether a template key names a published questionnaire (follow-up templates refer to them by key). */
  async publishedKeys(keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = await this.dataSource.getRepository(QuestionnaireTemplate).find({ where: { key: In(keys) } });
    return new Set(rows.filter((t) => t.publishedVersion > 0).map((t) => t.key));
  }

  /**
   * Creates an invitation in the caller's transaction (a trigger's: once per event — the existing one is answered
   * when the event comes again), tells the patient, and queues the one reminder.
   */
  private async invite(m: EntityManager, input: InviteInput): Promise<SurveyInvitation> {
    const repo = m.getRepository(SurveyInvitation);
    if (input.sourceKey) {
      const existing = await repo.findOneBy({ trigger: input.trigger, sourceKey: input.sourceKey });
      if (existing) return existing;
    }
    const template = await m.getRepository(QuestionnaireTemplate).findOneBy({ id: input.templateId });
    if (!template) throw new DomainError('SURVEY_TEMPLATE_NOT_FOUND');
    if (!template.publishedVersion) throw new DomainError('SURVEY_TEMPLATE_NOT_PUBLISHED');
    const version = await m.getRepository(QuestionnaireVersion).findOneByOrFail({ templateId: template.id, version: template.publishedVersion });
    const now = this.clock.now();
    const invitation = repo.create({
      patientId: input.patientId,
      templateId: template.id,
      versionId: version.id,
      trigger: input.trigger,
      sourceKey: input.sourceKey,
      departmentId: input.departmentId ?? null,
      doctorId: input.doctorId ?? null,
      expiresAt: new Date(now.getTime() + input.expiresAfterDays * DAY_MS),
      remindAt: input.remindAfterHours > 0 ? new Date(now.getTime() + input.remindAfterHours * HOUR_MS) : null,
      sentByStaffId: input.sentByStaffId ?? null,
    });
    // Two replays of one event at the same moment: the unique (trigger, sourceKey) keeps one.
    await insertIgnoreMany(m, SurveyInvitation, [invitation]);
    if (input.sourceKey) {
      const kept = await repo.findOneByOrFail({ trigger: input.trigger, sourceKey: input.sourceKey });
      if (kept.id !== invitation.id) return kept;
    }
    await this.tell(m, invitation, version.definition, 'invite');
    if (invitation.remindAt && invitation.remindAt < invitation.expiresAt)
      await this.jobs.enqueue(
        m,
        'surveys.remind',
        { invitationId: invitation.id },
        { runAt: invitation.remindAt, idempotencyKey: `surveys.remind:${invitation.id}` },
      );
    return invitation;
  }

  private async tell(m: EntityManager, invitation: SurveyInvitation, definition: QuestionnaireDefinition, why: 'invite' | 'remind'): Promise<void> {
    await this.notifications.notify(m, {
      patientId: invitation.patientId,
      kind: 'survey_invitation',
      // The hospital's title as entered (Chinese; the page shows the reader's language).
      params: { invitationId: invitation.id, title: definition.title, dueOn: localDate(invitation.expiresAt, this.config.timeZone) },
      link: `${SURVEY_PAGE}?id=${invitation.id}`,
      dedupeKey: `survey-${why}:${invitation.id}`,
      expiresAt: invitation.expiresAt,
    });
  }

  /**
   * A visit just recorded (in its transaction): the trigger's invitation — a clinic visit's, or a discharge's for an
   * inpatient stay — is queued for after its delay.
   */
  private async afterVisit(m: EntityManager, visit: Visit): Promise<void> {
    const trigger: SurveyTriggerCode = visit.encounterClass === 'inpatient' ? 'discharge' : 'visit_completed';
    const today = localDate(this.clock.now(), this.config.timeZone);
    if (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${visit.date}T00:00:00Z`) > VISIT_SURVEY_MAX_AGE_DAYS * DAY_MS) return;
    await this.queueTrigger(m, trigger, visit.id, visit);
  }

  /** A club event attended (the club module calls it in the check-in's transaction): its survey after the delay. */
  async afterEventAttended(m: EntityManager, attended: { patientId: string; registrationId: string }): Promise<void> {
    await this.queueTrigger(m, 'event_attended', attended.registrationId, { patientId: attended.patientId, departmentId: null, doctorId: null });
  }

  /** A consultation just closed: its survey after the delay (a rating given in the chat meanwhile answers it). */
  private async afterConsultationClosed(m: EntityManager, c: Consultation): Promise<void> {
    await this.queueTrigger(m, 'consultation_closed', c.id, c);
  }

  private async queueTrigger(
    m: EntityManager,
    trigger: SurveyTriggerCode,
    sourceKey: string,
    about: { patientId: string; departmentId: string | null; doctorId: string | null },
  ): Promise<void> {
    const s = await this.setting(trigger, m);
    if (!s.enabled) return;
    await this.jobs.enqueue(
      m,
      'surveys.invite',
      { trigger, sourceKey, patientId: about.patientId, departmentId: about.departmentId, doctorId: about.doctorId },
      { runAt: new Date(this.clock.now().getTime() + s.delayHours * HOUR_MS), idempotencyKey: `surveys.invite:${trigger}:${sourceKey}` },
    );
  }

  /**
   * The patient rated a closed consultation in the chat: the rating is the consultation's survey answer (one judgement,
   * asked once). It answers the pending invitation when that asks for the rating, or is kept as an answered invitation
   * when none was sent yet (the trigger's job then finds it and sends nothing). A pending invitation of another template
   * stays open for the patient. Scored like any answer: a low rating opens a service issue.
   */
  private async foldRating(m: EntityManager, c: Consultation): Promise<void> {
    if (c.ratingScore === null || c.ratingScore === undefined) return;
    const template = await m.getRepository(QuestionnaireTemplate).findOneBy({ key: 'consult_rating' });
    if (!template?.publishedVersion) return;
    let inv = await m.getRepository(SurveyInvitation).findOneBy({ trigger: 'consultation_closed', sourceKey: c.id });
    if (inv && (inv.status === 'answered' || inv.templateId !== template.id)) return;
    if (!inv) {
      const version = await m.getRepository(QuestionnaireVersion).findOneByOrFail({ templateId: template.id, version: template.publishedVersion });
      const created = m.getRepository(SurveyInvitation).create({
        patientId: c.patientId,
        templateId: template.id,
        versionId: version.id,
        trigger: 'consultation_closed',
        sourceKey: c.id,
        departmentId: c.departmentId,
        doctorId: c.doctorId,
        expiresAt: this.clock.now(),
      });
      await insertIgnoreMany(m, SurveyInvitation, [created]);
      inv = await lockRow(
        m,
        SurveyInvitation,
        (await m.getRepository(SurveyInvitation).findOneByOrFail({ trigger: 'consultation_closed', sourceKey: c.id })).id,
      );
      if (!inv || inv.status === 'answered') return;
    }
    const version = await m.getRepository(QuestionnaireVersion).findOneByOrFail({ id: inv.versionId });
    const items = new Set(version.definition.items.map((i) => i.id));
    const answers: SurveyAnswer[] = [
      { itemId: CONSULT_RATING_ITEMS.score, value: c.ratingScore },
      ...(c.ratingComment ? [{ itemId: CONSULT_RATING_ITEMS.comment, value: c.ratingComment.slice(0, 2000) }] : []),
    ].filter((a) => items.has(a.itemId));
    const { problems, byItem } = checkAnswers(version.definition, answers);
    // A version edited so that the stars no longer fit: the rating stays in the chat only.
    if (problems.length) return;
    await this.answer(m, inv, version.definition, byItem);
  }

  /** A resolved service issue: ask the patient again, shortly (its own trigger). */
  private async afterIssueResolved(m: EntityManager, issue: ServiceIssue): Promise<void> {
    const s = await this.setting('issue_resolved', m);
    if (!s.enabled) return;
    await this.jobs.enqueue(
      m,
      'surveys.invite',
      { trigger: 'issue_resolved', sourceKey: issue.id, patientId: issue.patientId, departmentId: issue.departmentId, doctorId: issue.doctorId },
      { runAt: new Date(this.clock.now().getTime() + s.delayHours * HOUR_MS), idempotencyKey: `surveys.invite:issue_resolved:${issue.id}` },
    );
  }

  /** A trigger's job: the invitation (once per event) with the trigger's settings as they are now. */
  private async inviteFromTrigger(p: {
    trigger: SurveyTriggerCode;
    sourceKey: string;
    patientId: string;
    departmentId: string | null;
    doctorId: string | null;
  }): Promise<void> {
    await this.tx.run(async (m) => {
      const s = await this.setting(p.trigger, m);
      if (!s.enabled) return;
      const patient = await this.patients.byId(p.patientId, m);
      if (!patient || patient.deletedAt || !patient.accountId) return;
      const template = await m.getRepository(QuestionnaireTemplate).findOneBy({ key: s.templateKey });
      if (!template?.publishedVersion) return;
      await this.invite(m, {
        patientId: p.patientId,
        templateId: template.id,
        trigger: p.trigger,
        sourceKey: p.sourceKey,
        departmentId: p.departmentId,
        doctorId: p.doctorId,
        expiresAfterDays: s.expiresAfterDays,
        remindAfterHours: s.remindAfterHours,
      });
    });
  }

  /** The one reminder, when the invitation is still open. */
  private async remind(invitationId: string): Promise<void> {
    await this.tx.run(async (m) => {
      const inv = await lockRow(m, SurveyInvitation, invitationId);
      if (!inv || inv.status !== 'pending' || inv.remindedAt || inv.expiresAt <= this.clock.now()) return;
      const version = await m.getRepository(QuestionnaireVersion).findOneByOrFail({ id: inv.versionId });
      await this.tell(m, inv, version.definition, 'remind');
      await m.update(SurveyInvitation, { id: inv.id }, { remindedAt: this.clock.now(), remindAt: null });
    });
  }

  /** The acting profile's invitations, newest first. */
  async mine(patient: ActingProfile, locale: Locale): Promise<SurveyInvitationView[]> {
    const rows = await this.dataSource
      .getRepository(SurveyInvitation)
      .find({ where: { patientId: patient.id }, order: { createdAt: 'DESC', id: 'DESC' }, take: 50 });
    return this.invitationViews(rows, locale);
  }

  async one(patient: ActingProfile, id: string, locale: Locale): Promise<SurveyInvitationView> {
    const row = await this.dataSource.getRepository(SurveyInvitation).findOneBy({ id, patientId: patient.id });
    if (!row) throw new DomainError('SURVEY_INVITATION_NOT_FOUND');
    return (await this.invitationViews([row], locale))[0]!;
  }

  private async invitationViews(rows: SurveyInvitation[], locale: Locale): Promise<SurveyInvitationView[]> {
    if (!rows.length) return [];
    const versions = new Map(
      (await this.dataSource.getRepository(QuestionnaireVersion).find({ where: { id: In([...new Set(rows.map((r) => r.versionId))]) } })).map((v) => [v.id, v]),
    );
    const keys = new Map(
      (
        await this.dataSource
          .getRepository(QuestionnaireTemplate)
          .find({ select: { id: true, key: true }, where: { id: In([...new Set(rows.map((r) => r.templateId))]) } })
      ).map((t) => [t.id, t.key]),
    );
    const now = this.clock.now();
    return rows.map((r) => ({
      id: r.id,
      status: r.status === 'answered' ? 'answered' : r.expiresAt <= now ? 'expired' : 'pending',
      departmentId: r.departmentId,
      template: { key: keys.get(r.templateId) ?? '', ...renderQuestionnaire(versions.get(r.versionId)!.definition, locale) },
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      answeredAt: r.answeredAt?.toISOString() ?? null,
    }));
  }

  /**
   * The patient's answers: checked against the version invited, scored, kept with their gaps; a low score, a detractor
   * or a written complaint opens a service issue. Once per invitation (409 the second time), never after it expired.
   */
  async respond(patient: ActingProfile, id: string, answers: SurveyAnswer[]): Promise<SurveyResponseResult> {
    return this.tx.run(async (m) => {
      const inv = await lockRow(m, SurveyInvitation, id);
      if (!inv || inv.patientId !== patient.id) throw new DomainError('SURVEY_INVITATION_NOT_FOUND');
      if (inv.status === 'answered') throw new DomainError('SURVEY_ALREADY_ANSWERED');
      if (inv.expiresAt <= this.clock.now()) throw new DomainError('SURVEY_EXPIRED');
      if (inv.trigger === 'followup') await this.policy.assertConsented(inv.patientId);
      const version = await m.getRepository(QuestionnaireVersion).findOneByOrFail({ id: inv.versionId });
      const { problems, byItem } = checkAnswers(version.definition, answers);
      if (problems.length) throw new DomainError('VALIDATION_FAILED', { fields: problems.map((p) => ({ field: p.path, problems: [p.problem] })) });
      return this.answer(m, inv, version.definition, byItem);
    });
  }

  /** Keeps an answer with its scores and gaps, opens a service issue when it calls for one, tells the listeners. */
  private async answer(
    m: EntityManager,
    inv: SurveyInvitation,
    definition: QuestionnaireDefinition,
    byItem: ReadonlyMap<string, SurveyAnswer['value']>,
  ): Promise<SurveyResponseResult> {
    const now = this.clock.now();
    const scores = scoreAnswers(definition, byItem);
    const response = m.getRepository(SurveyResponse).create({
      invitationId: inv.id,
      patientId: inv.patientId,
      versionId: inv.versionId,
      answers: [...byItem].map(([itemId, value]) => ({ itemId, value })),
      scores,
      nps: scores.nps ?? null,
      topBox: scores.boxes.top,
      middleBox: scores.boxes.middle,
      bottomBox: scores.boxes.bottom,
      departmentId: inv.departmentId,
      doctorId: inv.doctorId,
      submittedAt: now,
    });
    await m.insert(SurveyResponse, response);
    if (scores.gaps.length)
      await m.insert(
        SurveyGap,
        scores.gaps.map((g) =>
          m.getRepository(SurveyGap).create({
            responseId: response.id,
            dimension: g.dimension,
            touchpoint: g.touchpoint,
            departmentId: inv.departmentId,
            doctorId: inv.doctorId,
            expectation: g.expectation,
            perception: g.perception,
            gap: g.gap,
            submittedAt: now,
          }),
        ),
      );
    await m.update(SurveyInvitation, { id: inv.id }, { status: 'answered', answeredAt: now, remindAt: null });
    const reasons = [
      ...(scores.complaints.length ? (['complaint'] as const) : []),
      ...(scores.npsClass === 'detractor' ? (['detractor'] as const) : []),
      ...(scores.lowRatings.length ? (['low_score'] as const) : []),
    ];
    const serviceIssueId = reasons.length
      ? await this.issues.open(m, {
          patientId: inv.patientId,
          reasons: [...reasons],
          sourceKey: `survey-response:${response.id}`,
          responseId: response.id,
          departmentId: inv.departmentId,
          doctorId: inv.doctorId,
        })
      : undefined;
    const flagged = scores.redFlags.map((itemId) => {
      const item = definition.items.find((i) => i.id === itemId)!;
      const value = byItem.get(itemId);
      return {
        itemId,
        text: item.text,
        ...(item.textEn && { textEn: item.textEn }),
        value: Array.isArray(value) ? value.join(',') : String(value),
        ...(item.unit && { unit: item.unit }),
      };
    });
    for (const listener of this.answeredListeners)
      await listener(m, { invitationId: inv.id, patientId: inv.patientId, trigger: inv.trigger, sourceKey: inv.sourceKey, redFlags: flagged });
    return {
      scores: {
        ...(scores.nps !== undefined && { nps: scores.nps, npsClass: scores.npsClass }),
        ...(scores.gap && { gap: scores.gap }),
        topBoxShare: scores.topBoxShare,
      },
      ...(serviceIssueId && { serviceIssueId }),
      ...(flagged.length && { redFlag: true as const }),
    };
  }

  /**
   * An answered invitation as the care team reads it: each shown question in the reader's language with the answer
   * (choices as their labels, numbers with their unit) and whether it crossed a red flag. Null until answered.
   */
  async answersOf(
    invitationId: string,
    locale: Locale,
  ): Promise<{ title: string; answeredAt: string; items: { itemId: string; text: string; answer: string; redFlag: boolean }[] } | null> {
    const response = await this.dataSource.getRepository(SurveyResponse).findOneBy({ invitationId });
    if (!response) return null;
    const version = await this.dataSource.getRepository(QuestionnaireVersion).findOneByOrFail({ id: response.versionId });
    const d = version.definition;
    const byItem = new Map(response.answers.map((a) => [a.itemId, a.value]));
    const flagged = new Set(response.scores.redFlags);
    const shown = (itemId: string, value: SurveyAnswer['value']) => {
      const item = d.items.find((i) => i.id === itemId)!;
      const label = (v: string) => {
        const o = item.options?.find((x) => x.value === v);
        return o ? localized(o.label, o.labelEn ?? null, locale).value : v;
      };
      if (Array.isArray(value)) return value.map(label).join(locale === 'en' ? ', ' : '、');
      if (typeof value === 'string' && item.options) return label(value);
      return item.unit ? `${value} ${item.unit}` : String(value);
    };
    return {
      title: localized(d.title, d.titleEn ?? null, locale).value,
      answeredAt: response.submittedAt.toISOString(),
      items: d.items
        .filter((i) => byItem.has(i.id))
        .map((i) => ({
          itemId: i.id,
          text: localized(i.text, i.textEn ?? null, locale).value,
          answer: shown(i.id, byItem.get(i.id)!),
          redFlag: flagged.has(i.id),
        })),
    };
  }

  /** What the patient said in the response that opened an issue: the low ratings (in the reader's language), the NPS, their words. */
  private async evidence(issue: ServiceIssue, m: EntityManager, locale: Locale): Promise<Pick<ServiceIssueDetail, 'lowRatings' | 'nps' | 'patientWords'>> {
    if (!issue.responseId) return { lowRatings: [], nps: null, patientWords: [] };
    const response = await m.getRepository(SurveyResponse).findOneBy({ id: issue.responseId });
    if (!response) return { lowRatings: [], nps: null, patientWords: [] };
    const version = await m.getRepository(QuestionnaireVersion).findOneByOrFail({ id: response.versionId });
    const items = new Map(version.definition.items.map((i) => [i.id, i]));
    const value = new Map(response.answers.map((a) => [a.itemId, a.value]));
    return {
      lowRatings: response.scores.lowRatings.map((itemId) => {
        const item = items.get(itemId)!;
        return { itemId, text: localized(item.text, item.textEn ?? null, locale).value, value: Number(value.get(itemId)), scale: item.scale ?? 5 };
      }),
      nps: response.nps,
      patientWords: response.scores.complaints.map((itemId) => String(value.get(itemId) ?? '')).filter(Boolean),
    };
  }
}
