import { Inject, Injectable } from '@nestjs/common';
import {
  MEMBER_TIERS,
  MEMBER_TIER_LABELS,
  type Locale,
  type SegmentCountResponse,
  type SegmentFieldView,
  type SegmentRule,
  type SegmentView,
} from '@yiban/shared';
import { DataSource, In, LessThan } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { localDate } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { VisitSegmentFacts, visitSegmentProfile } from '../appointments/index.js';
import { ConsentSegmentFacts, consentSegmentProfile } from '../consents/index.js';
import { MembershipSegmentFacts, membershipSegmentProfile } from '../membership/index.js';
import { SubscriptionSegmentFacts } from '../messaging/index.js';
import { PatientSegmentFacts, patientIdsAfter, patientSegmentProfile } from '../patients/index.js';
import { StaffDirectory } from '../staff/index.js';
import { SegmentPlanner, type SegmentPlan, type SegmentStrategy } from './segment-plan.js';
import { SegmentProfiles, type SegmentProfileDrift } from './segment-profiles.js';
import { SegmentCompiler } from './segment-query.js';
import { FIELD_SPECS, MARKETING_MESSAGE_KINDS, isClinicalRule, validateRule } from './segment-rules.js';
import { Segment } from './segment.entity.js';

/** One batch of a segment's audience: reachable patients (WeChat account, not deleted), patient id ascending. */
export type SegmentAudienceBatch = { patientId: string; accountId: string }[];

/** Tells whether a saved segment is in use (e.g. by a campaign); a segment in use cannot be deleted. */
export type SegmentDeleteCheck = (segmentId: string) => Promise<boolean>;

const AUDIENCE_MAX_BATCH = 10_000;

/** Choice labels in the reader's language (stored values stay codes). */
const OPTION_LABELS: Record<string, Record<Locale, string>> = {
  male: { 'zh-CN': '男', en: 'Male' },
  female: { 'zh-CN': '女', en: 'Female' },
  unknown: { 'zh-CN': '未知', en: 'Unknown' },
  'zh-CN': { 'zh-CN': '中文', en: 'Chinese' },
  en: { 'zh-CN': '英文', en: 'English' },
  health_education: { 'zh-CN': '健康宣教', en: 'Health education' },
  care_greeting: { 'zh-CN': '节日/生日关怀', en: 'Holiday and birthday care' },
  event_invitation: { 'zh-CN': '活动邀请', en: 'Event invitation' },
  ...Object.fromEntries(MEMBER_TIERS.map((tier) => [tier, { 'zh-CN': MEMBER_TIER_LABELS[tier].zh, en: MEMBER_TIER_LABELS[tier].en }])),
};

const UNAVAILABLE: Record<'membership_not_built', Record<Locale, string>> = {
  membership_not_built: {
    'zh-CN': '会员等级尚未上线，暂不能按等级筛选',
    en: 'Membership tiers are not recorded yet, so segments cannot use them.',
  },
};

/**
 * Segments: rules over patient facts evaluated in the database (one query; never patients in memory). Facts come
 * from the modules that own them (their `*SegmentFacts` providers); this module owns only saved segments.
 */
@Injectable()
export class SegmentsService {
  private readonly deleteChecks: SegmentDeleteCheck[] = [];
  private readonly compiler: SegmentCompiler;
  private readonly planner: SegmentPlanner;
  private readonly profiles: SegmentProfiles;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(PatientSegmentFacts) private readonly patients: PatientSegmentFacts,
    @Inject(ConsentSegmentFacts) consents: ConsentSegmentFacts,
    @Inject(VisitSegmentFacts) visits: VisitSegmentFacts,
    @Inject(SubscriptionSegmentFacts) subscriptions: SubscriptionSegmentFacts,
    @Inject(MembershipSegmentFacts) membership: MembershipSegmentFacts,
  ) {
    this.compiler = new SegmentCompiler(patients, consents, [patients, consents, visits, subscriptions, membership], (name) => dataSource.driver.escape(name));
    this.planner = new SegmentPlanner(dataSource, patients);
    this.profiles = new SegmentProfiles(
      dataSource,
      tx,
      { patient: patientSegmentProfile, consent: consentSegmentProfile, visits: visitSegmentProfile, membership: membershipSegmentProfile },
      patientIdsAfter,
    );
  }

  /** Rewrites every patient's segment profile from the owners' facts (after a bulk import that bypassed them). */
  rebuildProfiles(onChunk?: (done: number) => void): Promise<number> {
    return this.profiles.rebuild(onChunk);
  }

  /** Differences between stored segment profiles and the owners' facts (none, unless a write bypassed an owner). */
  profileDrift(limit?: number): Promise<SegmentProfileDrift[]> {
    return this.profiles.drift(limit);
  }

  /** How many reachable patients match the rule (validated; throws SEGMENT_RULE_INVALID / SEGMENT_FIELD_UNAVAILABLE). */
  async count(rule: SegmentRule): Promise<number> {
    return (await this.measure(rule)).count;
  }

  /**
   * The count with what the builder shows beside it. `strategy` chooses how the database finds the matches
   * (`SegmentPlanner`); the answer never depends on it (tests run each rule both ways).
   */
  async measure(rule: unknown, strategy: SegmentStrategy = 'auto'): Promise<SegmentCountResponse> {
    const checked = validateRule(rule);
    const started = performance.now();
    const plan = await this.planner.count(this.compiler.compile(checked, this.today()), strategy);
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(plan.sql, plan.params);
    const [row] = (await this.dataSource.query(sql, values)) as { n: string | number }[];
    const tookMs = Math.round(performance.now() - started);
    return { count: Number(row?.n ?? 0), clinicalOnlyConsented: isClinicalRule(checked), tookMs };
  }

  /** The statement a count runs (for the benchmark and for reading), with its parameters and why it was chosen. */
  async explain(rule: unknown, strategy: SegmentStrategy = 'auto'): Promise<SegmentPlan> {
    return this.planner.count(this.compiler.compile(validateRule(rule), this.today()), strategy);
  }

  /** A saved segment, or null. */
  async get(id: string): Promise<{ id: string; name: string; rule: SegmentRule } | null> {
    const row = await this.dataSource.getRepository(Segment).findOneBy({ id });
    return row ? { id: row.id, name: row.name, rule: row.rule } : null;
  }

  /** Segment names by id, in one read (campaign lists name the segment of each row). */
  async names(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(Segment).find({ where: { id: In([...new Set(ids)]) }, select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * Streams the audience in keyset order (patient id ascending), batches of `batchSize`, starting after
   * `afterPatientId` (resumable). Only reachable patients: with a WeChat account, not deleted. Each batch is one
   * indexed query; nothing but the current batch is held.
   */
  async *audience(rule: SegmentRule, opts: { batchSize: number; afterPatientId?: string }): AsyncIterable<SegmentAudienceBatch> {
    const size = Math.floor(opts.batchSize);
    if (!(size >= 1 && size <= AUDIENCE_MAX_BATCH)) throw new RangeError(`batchSize must be 1–${AUDIENCE_MAX_BATCH}`);
    const checked = validateRule(rule);
    const today = this.today();
    const p = this.patients;
    let after = opts.afterPatientId ?? '';
    for (;;) {
      const { where, params } = this.compiler.compile(checked, today);
      const rows = await this.dataSource
        .createQueryBuilder()
        .select(p.patientId, 'patientId')
        .addSelect(p.accountId, 'accountId')
        .from(p.from.split(' ')[0]!, p.from.split(' ')[1]!)
        .where(`${p.reachable} AND ${p.patientId} > :sgAfter AND ${where}`, { ...params, sgAfter: after })
        .orderBy(p.patientId, 'ASC')
        .limit(size)
        .getRawMany<{ patientId: string; accountId: string }>();
      if (!rows.length) return;
      yield rows.map((r) => ({ patientId: r.patientId, accountId: r.accountId }));
      if (rows.length < size) return;
      after = rows[rows.length - 1]!.patientId;
    }
  }

  /** Registers a check run before a segment is deleted; any check answering true refuses with SEGMENT_IN_USE. */
  onDeleteCheck(check: SegmentDeleteCheck): void {
    this.deleteChecks.push(check);
  }

  /** Saved segments, newest first, in cursor pages. */
  async list(query: { limit: number; cursor?: string }): Promise<{ items: SegmentView[]; nextCursor: string | null }> {
    const rows = await this.dataSource.getRepository(Segment).find({
      where: query.cursor ? { id: LessThan(query.cursor) } : {},
      order: { id: 'DESC' },
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return { items: await this.views(page), nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null };
  }

  async view(id: string): Promise<SegmentView> {
    const row = await this.dataSource.getRepository(Segment).findOneBy({ id });
    if (!row) throw new DomainError('SEGMENT_NOT_FOUND');
    return (await this.views([row]))[0]!;
  }

  async create(actor: StaffPrincipal, input: { name: string; description?: string; rule: unknown }): Promise<SegmentView> {
    const rule = validateRule(input.rule);
    const { count } = await this.measure(rule);
    const row = await this.tx.run(async (m) => {
      const segment = m.getRepository(Segment).create({
        name: input.name,
        description: input.description ?? null,
        rule,
        lastCount: count,
        lastCountedAt: this.clock.now(),
        createdByStaffId: actor.staffId,
      });
      await m.insert(Segment, segment);
      return segment;
    });
    return this.view(row.id);
  }

  async update(id: string, input: { name?: string; description?: string; rule?: unknown }): Promise<SegmentView> {
    const rule = input.rule === undefined ? undefined : validateRule(input.rule);
    const count = rule ? (await this.measure(rule)).count : undefined;
    await this.tx.run(async (m) => {
      const current = await lockRow(m, Segment, id);
      if (!current) throw new DomainError('SEGMENT_NOT_FOUND');
      await m.update(
        Segment,
        { id },
        {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.description !== undefined && { description: input.description }),
          ...(rule && { rule, lastCount: count!, lastCountedAt: this.clock.now() }),
          updatedAt: this.clock.now(),
        },
      );
    });
    return this.view(id);
  }

  /** Counts a saved segment again and keeps the figure. */
  async recount(id: string): Promise<SegmentView> {
    const row = await this.dataSource.getRepository(Segment).findOneBy({ id });
    if (!row) throw new DomainError('SEGMENT_NOT_FOUND');
    const { count } = await this.measure(row.rule);
    await this.tx.run((m) => m.update(Segment, { id }, { lastCount: count, lastCountedAt: this.clock.now() }));
    return this.view(id);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.dataSource.getRepository(Segment).existsBy({ id }))) throw new DomainError('SEGMENT_NOT_FOUND');
    for (const check of this.deleteChecks) if (await check(id)) throw new DomainError('SEGMENT_IN_USE');
    await this.tx.run((m) => m.delete(Segment, { id }));
  }

  /** What the builder offers: each field's ops, value kind and choices, whether it is clinical, and why not offered. */
  fields(locale: Locale): SegmentFieldView[] {
    const views: SegmentFieldView[] = [];
    for (const [field, spec] of Object.entries(FIELD_SPECS) as [keyof typeof FIELD_SPECS, (typeof FIELD_SPECS)[keyof typeof FIELD_SPECS]][]) {
      if (!spec.inBuilder) continue;
      const value: SegmentFieldView['value'] =
        spec.value === 'gender' || spec.value === 'language' || spec.value === 'tier'
          ? 'enum'
          : spec.value === 'boolean'
            ? 'boolean'
            : spec.value === 'message_kind'
              ? 'message_kind'
              : field === 'visitedDepartmentId'
                ? 'department'
                : spec.value === 'age' || spec.value === 'days' || spec.value === 'count'
                  ? 'number'
                  : 'text';
      const options =
        spec.value === 'gender'
          ? ['male', 'female', 'unknown']
          : spec.value === 'language'
            ? ['zh-CN', 'en']
            : spec.value === 'message_kind'
              ? [...MARKETING_MESSAGE_KINDS]
              : spec.value === 'tier'
                ? [...MEMBER_TIERS]
                : undefined;
      views.push({
        field,
        ops: [...spec.ops],
        value,
        ...(options && { options: options.map((o) => ({ value: o, label: OPTION_LABELS[o]?.[locale] ?? o })) }),
        clinical: spec.clinical,
        ...(spec.unavailable && { unavailableReason: UNAVAILABLE[spec.unavailable][locale] }),
      });
    }
    return views;
  }

  private today(): string {
    return localDate(this.clock.now(), this.config.timeZone);
  }

  private async views(rows: Segment[]): Promise<SegmentView[]> {
    const staff = await this.staff.byIds(rows.map((r) => r.createdByStaffId));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      rule: r.rule,
      lastCount: r.lastCount,
      lastCountedAt: r.lastCountedAt ? r.lastCountedAt.toISOString() : null,
      createdBy: { id: r.createdByStaffId, name: staff.get(r.createdByStaffId)?.displayName ?? '' },
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }
}
