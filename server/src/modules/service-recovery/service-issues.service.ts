import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Locale, ServiceIssueDetail, ServiceIssueStatusFilter, ServiceIssueSummary, ServiceIssueView } from '@yiban/shared';
import { DataSource, LessThan, MoreThanOrEqual, type EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { lockRow } from '../../common/database/locks.js';
import { newestFirst } from '../../common/database/paging.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { Notifications } from '../messaging/index.js';
import { PatientsReader } from '../patients/index.js';
import { StaffDirectory } from '../staff/index.js';
import { ServiceIssue, ServiceIssueNote, type ServiceIssueSource } from './service-issue.entity.js';

const HOUR_MS = 3_600_000;

/** What opens an issue: the patient, why, the one cause it is about, and the care it concerns. */
export interface OpenServiceIssue {
  patientId: string;
  reasons: ServiceIssueSource[];
  sourceKey: string;
  responseId?: string | null;
  departmentId?: string | null;
  doctorId?: string | null;
}

/** What the patient said that opened the issue, for the staff who handle it (the survey module provides it). */
export type IssueEvidence = (issue: ServiceIssue, m: EntityManager, locale: Locale) => Promise<Pick<ServiceIssueDetail, 'lowRatings' | 'nps' | 'patientWords'>>;

/** Called in the transaction that resolves an issue (a re-survey is queued there). */
export type IssueResolvedListener = (m: EntityManager, issue: ServiceIssue) => Promise<void>;

/** A complaint outranks a detractor, which outranks a low score. */
const RANK: ServiceIssueSource[] = ['complaint', 'detractor', 'low_score'];

/**
 * Service recovery (服务补救): issues opened by what patients said, owned by service staff until resolved within the
 * SLA (`SERVICE_ISSUE_SLA_HOURS`; a complaint gets half of it). When the SLA passes the issue is escalated (it stays at
 * the top of the list, marked). Resolving tells the patient in 消息 what was done, and whoever listens (surveys)
 * asks them again.
 */
@Injectable()
export class ServiceIssues implements OnModuleInit {
  private evidence: IssueEvidence | null = null;
  private readonly resolvedListeners: IssueResolvedListener[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(Notifications) private readonly notifications: Notifications,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.registry.register('service-issues.escalate', ({ payload }) => this.escalateIfOpen(payload.issueId));
  }

  /** The module that opens issues from answers tells what the patient said (read when staff open an issue). */
  provideEvidence(evidence: IssueEvidence): void {
    this.evidence = evidence;
  }

  onResolved(listener: IssueResolvedListener): void {
    this.resolvedListeners.push(listener);
  }

  /** Opens an issue in the caller's transaction, once per cause (the same cause again answers the existing id). */
  async open(m: EntityManager, input: OpenServiceIssue): Promise<string> {
    const existing = await m.getRepository(ServiceIssue).findOne({ select: { id: true }, where: { sourceKey: input.sourceKey } });
    if (existing) return existing.id;
    const reasons = RANK.filter((r) => input.reasons.includes(r));
    const source = reasons[0] ?? 'low_score';
    const slaMs = this.config.serviceIssueSlaHours * HOUR_MS * (source === 'complaint' ? 0.5 : 1);
    const issue = m.getRepository(ServiceIssue).create({
      patientId: input.patientId,
      source,
      reasons,
      sourceKey: input.sourceKey,
      responseId: input.responseId ?? null,
      departmentId: input.departmentId ?? null,
      doctorId: input.doctorId ?? null,
      dueAt: new Date(this.clock.now().getTime() + slaMs),
    });
    await m.insert(ServiceIssue, issue);
    await this.jobs.enqueue(m, 'service-issues.escalate', { issueId: issue.id }, { runAt: issue.dueAt, idempotencyKey: `service-issues.escalate:${issue.id}` });
    return issue.id;
  }

  /** Newest first; `overdue`: open past the SLA. */
  async list(query: { status: ServiceIssueStatusFilter; limit: number; cursor?: string }): Promise<{ items: ServiceIssueView[]; nextCursor: string | null }> {
    const qb = this.dataSource.getRepository(ServiceIssue).createQueryBuilder('i');
    const now = this.clock.now();
    if (query.status === 'open') qb.where('i.status = :s', { s: 'open' });
    else if (query.status === 'resolved') qb.where('i.status = :s', { s: 'resolved' });
    else if (query.status === 'overdue') qb.where('i.status = :s AND i.dueAt < :now', { s: 'open', now });
    const page = await newestFirst(qb, 'i', query);
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  async summary(): Promise<ServiceIssueSummary> {
    const repo = this.dataSource.getRepository(ServiceIssue);
    const now = this.clock.now();
    const [open, overdue, resolved] = await Promise.all([
      repo.countBy({ status: 'open' }),
      repo.countBy({ status: 'open', dueAt: LessThan(now) }),
      repo.countBy({ status: 'resolved' }),
    ]);
    const rows = await repo.find({ select: { createdAt: true, resolvedAt: true }, where: { status: 'resolved', resolvedAt: MoreThanOrEqual(new Date(0)) } });
    const hours = rows.map((r) => (r.resolvedAt!.getTime() - r.createdAt.getTime()) / HOUR_MS);
    return { open, overdue, resolved, meanHoursToResolve: hours.length ? Math.round((hours.reduce((a, b) => a + b, 0) / hours.length) * 10) / 10 : null };
  }

  /** One issue with what the patient said and the notes: a read of the patient's answers, audited. */
  async detail(actor: StaffPrincipal, id: string, locale: Locale): Promise<ServiceIssueDetail> {
    const issue = await this.dataSource.getRepository(ServiceIssue).findOneBy({ id });
    if (!issue) throw new DomainError('SERVICE_ISSUE_NOT_FOUND');
    const [view] = await this.views([issue]);
    const evidence = this.evidence ? await this.evidence(issue, this.dataSource.manager, locale) : { lowRatings: [], nps: null, patientWords: [] };
    const notes = await this.dataSource.getRepository(ServiceIssueNote).find({ where: { issueId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const authors = await this.staff.byIds(notes.map((n) => n.staffId));
    await this.audit.record(actor, {
      action: 'patient.read',
      patientId: issue.patientId,
      resource: 'service_issue',
      resourceId: id,
      purpose: 'service recovery',
    });
    return {
      ...view!,
      ...evidence,
      notes: notes.map((n) => ({
        id: n.id,
        staff: { id: n.staffId, name: authors.get(n.staffId)?.displayName ?? '' },
        text: n.text,
        createdAt: n.createdAt.toISOString(),
      })),
    };
  }

  /** Takes the issue (the caller becomes its owner); an open issue only. */
  async assignToMe(actor: StaffPrincipal, id: string, locale: Locale): Promise<ServiceIssueDetail> {
    await this.tx.run(async (m) => {
      const issue = await lockRow(m, ServiceIssue, id);
      if (!issue) throw new DomainError('SERVICE_ISSUE_NOT_FOUND');
      if (issue.status !== 'open') throw new DomainError('SERVICE_ISSUE_RESOLVED');
      await m.update(ServiceIssue, { id }, { assignedStaffId: actor.staffId });
    });
    return this.detail(actor, id, locale);
  }

  async addNote(actor: StaffPrincipal, id: string, text: string, locale: Locale): Promise<ServiceIssueDetail> {
    await this.tx.run(async (m) => {
      const issue = await lockRow(m, ServiceIssue, id);
      if (!issue) throw new DomainError('SERVICE_ISSUE_NOT_FOUND');
      await m.insert(ServiceIssueNote, m.getRepository(ServiceIssueNote).create({ issueId: id, staffId: actor.staffId, text }));
    });
    return this.detail(actor, id, locale);
  }

  /** Resolves an open issue: the patient reads the resolution in 消息; listeners (a re-survey) run in the same transaction. */
  async resolve(actor: StaffPrincipal, id: string, resolution: string, locale: Locale): Promise<ServiceIssueDetail> {
    await this.tx.run(async (m) => {
      const issue = await lockRow(m, ServiceIssue, id);
      if (!issue) throw new DomainError('SERVICE_ISSUE_NOT_FOUND');
      if (issue.status !== 'open') throw new DomainError('SERVICE_ISSUE_RESOLVED');
      const now = this.clock.now();
      Object.assign(issue, {
        status: 'resolved',
        resolution,
        resolvedAt: now,
        resolvedByStaffId: actor.staffId,
        assignedStaffId: issue.assignedStaffId ?? actor.staffId,
      });
      await m.update(
        ServiceIssue,
        { id },
        { status: 'resolved', resolution, resolvedAt: now, resolvedByStaffId: actor.staffId, assignedStaffId: issue.assignedStaffId },
      );
      await this.notifications.notify(m, {
        patientId: issue.patientId,
        kind: 'service_issue_resolved',
        params: { issueId: id, resolution, resolvedAt: now.toISOString() },
        dedupeKey: `service-issue-resolved:${id}`,
      });
      for (const listener of this.resolvedListeners) await listener(m, issue);
    });
    return this.detail(actor, id, locale);
  }

  /** At the SLA: an issue still open is escalated (once). */
  private async escalateIfOpen(issueId: string): Promise<void> {
    await this.tx.run(async (m) => {
      const issue = await lockRow(m, ServiceIssue, issueId);
      if (!issue || issue.status !== 'open' || issue.escalatedAt) return;
      if (issue.dueAt.getTime() > this.clock.now().getTime()) return;
      await m.update(ServiceIssue, { id: issueId }, { escalatedAt: this.clock.now() });
    });
  }

  private async views(rows: ServiceIssue[]): Promise<ServiceIssueView[]> {
    const [patients, staff] = await Promise.all([this.patients.byIds(rows.map((r) => r.patientId)), this.staff.byIds(rows.map((r) => r.assignedStaffId))]);
    const now = this.clock.now().getTime();
    return rows.map((r) => ({
      id: r.id,
      patient: { id: r.patientId, name: patients.get(r.patientId)?.name ?? null },
      source: r.source,
      reasons: r.reasons,
      status: r.status,
      overdue: r.status === 'open' && r.dueAt.getTime() < now,
      dueAt: r.dueAt.toISOString(),
      escalatedAt: r.escalatedAt?.toISOString() ?? null,
      assignedTo: r.assignedStaffId ? { id: r.assignedStaffId, name: staff.get(r.assignedStaffId)?.displayName ?? '' } : null,
      departmentId: r.departmentId,
      resolution: r.resolution,
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
