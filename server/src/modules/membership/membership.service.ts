import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import {
  DEFAULT_TIER_POLICY,
  applyComputedTier,
  checkTierPolicy,
  higherTier,
  futureFactor,
  nextTier,
  patientValue,
  percentileCutoffs,
  tierForValue,
  type MemberBenefit,
  type MemberDetailView,
  type MemberTier,
  type MembershipPolicyView,
  type MembershipView,
  type PointsEntryView,
  type PointsReason,
  type RecomputeView,
  type TierOverrideRequest,
  type TierPolicy,
  type ValueBreakdown,
} from '@yiban/shared';
import { DataSource, In, LessThanOrEqual, MoreThan, type EntityManager } from 'typeorm';
import type { ActingProfile, StaffPrincipal } from '../../common/auth/principal.js';
import { AuditService } from '../../common/audit/audit.service.js';
import { insertIgnoreMany, insertOrLockMany } from '../../common/database/bulk-insert.js';
import { lockRange, lockRow } from '../../common/database/locks.js';
import { retryOnLockConflict } from '../../common/database/lock-conflicts.js';
import { selectFirst } from '../../common/database/lean.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { addDays, localDate, zonedInstant } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { AppointmentsService, VisitsReader } from '../appointments/index.js';
import { Notifications } from '../messaging/index.js';
import { Checkout } from '../payments/index.js';
import { PatientPanel, PatientsReader } from '../patients/index.js';
import { SurveysService } from '../surveys/index.js';
import { MemberState, MembershipPolicy, MembershipRecompute, PointsEntry, TierChange } from './membership.entities.js';
import { syncMembershipSegmentProfiles } from './membership-segment-profile.js';

const DAY_MS = 86_400_000;
/** Patients per transaction of a full recompute. */
export const RECOMPUTE_BATCH = 1_000;
/** The messaging source a recompute's upgrade messages are sent from (in bulk, by its drain lanes). */
const RECOMPUTE_SOURCE = 'membership:recompute';
/** State rows per upsert statement of a recompute (16 parameters each: under SQLite's 32,766). */
const STATES_PER_STATEMENT = 500;
/** Earned points last a year. */
const POINTS_LIFETIME_DAYS = 365;
/** What each earning is worth before the tier's multiplier. */
const EARNINGS: Partial<Record<PointsReason, number>> = { visit: 50, survey_answered: 20, event_attended: 100, referral: 200 };

export const MEMBERSHIP_PAGE = 'packages/membership/pages/card/index';

/** Told of tier changes (one, or a recompute batch's) in their transaction. */
export type TierChangedListener = (m: EntityManager, changes: readonly { patientId: string; from: MemberTier; to: MemberTier }[]) => Promise<void>;

/**
 * Membership: each patient's value (RFM and a lifetime-value estimate from visits and payments net of refunds), the
 * tier it earns under the admins' policy (thresholds or top percentiles; overrides that expire; quiet downgrades after
 * a grace period), kept up to date on every visit, payment and refund and by a full recompute (streamed in id order,
 * resumable after a kill), with the history; an upgrade is told to the patient. Points: a ledger, once per source
 * event, never below zero, earned points expiring after a year; tiers never read the spendable balance.
 */
@Injectable()
export class MembershipService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Notifications) private readonly notifications: Notifications,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(VisitsReader) private readonly visits: VisitsReader,
    @Inject(AppointmentsService) private readonly appointments: AppointmentsService,
    @Inject(Checkout) private readonly checkout: Checkout,
    @Inject(SurveysService) private readonly surveys: SurveysService,
    @Inject(PatientPanel) private readonly panel: PatientPanel,
  ) {}

  private readonly tierListeners: TierChangedListener[] = [];

  /** A part of membership that acts when tiers change (the health butler), told in the change's transaction. */
  onTierChanged(listener: TierChangedListener): void {
    this.tierListeners.push(listener);
  }

  onModuleInit(): void {
    this.registry.register('membership.recompute', ({ payload, signal }) => this.recomputeBatch(payload.runId, signal));
    this.registry.register('membership.review', ({ payload }) => this.revalueExact(payload.patientId));
    this.registry.register('membership.expire-points', () => this.dailyExpiry());
    this.visits.onRecorded(async (m, visit) => {
      await this.revalue(m, visit.patientId, `visit:${visit.id}`);
      await this.earn(m, { patientId: visit.patientId, reason: 'visit', sourceKey: `visit:${visit.id}` });
    });
    this.checkout.onMoneyMoved((m, payment) => this.revalue(m, payment.patientId, `payment:${payment.id}:${payment.refunded}`));
    this.appointments.provideTiers((ids, m) => this.tiersOf(ids, m));
    this.checkout.provideDiscounts(async (patientId, m) => {
      const [tier, { policy }] = [(await this.tiersOf([patientId], m)).get(patientId) ?? 'lead', await this.policyRow(m)];
      return policy.feeDiscountPercent[tier] ?? 0;
    });
    this.surveys.onAnswered((m, answered) =>
      this.earn(m, { patientId: answered.patientId, reason: 'survey_answered', sourceKey: `survey:${answered.invitationId}` }),
    );
    // The tier beside a consultation, for the staff caring for the patient (a platinum patient has a butler to call).
    this.panel.provideTier(async (patientId) => (await this.tiersOf([patientId])).get(patientId) ?? 'lead');
  }

  private today(): string {
    return localDate(this.clock.now(), this.config.timeZone);
  }

  /** The daily expiry of points, queued once per day whichever worker starts first. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    await this.tx.run((m) => this.jobs.enqueue(m, 'membership.expire-points', {}, { idempotencyKey: `membership.expire-points:${this.today()}` }));
  }

  /** Expires what is due (in rounds of 500 earnings), then queues tomorrow's run. */
  private async dailyExpiry(): Promise<void> {
    while ((await this.expirePoints()).earnings > 0);
    const tomorrow = addDays(this.today(), 1);
    await this.tx.run((m) =>
      this.jobs.enqueue(
        m,
        'membership.expire-points',
        {},
        { runAt: zonedInstant(tomorrow, '03:00', this.config.timeZone), idempotencyKey: `membership.expire-points:${tomorrow}` },
      ),
    );
  }

  // ---------------------------------------------------------------- the policy

  async policyRow(m?: EntityManager): Promise<{ policy: TierPolicy; cutoffs: TierPolicy['thresholds'] | null; updatedAt: Date | null }> {
    const row = await (m ?? this.dataSource.manager).getRepository(MembershipPolicy).findOneBy({ id: 'default' });
    return row ? { policy: row.policy, cutoffs: row.cutoffs, updatedAt: row.updatedAt } : { policy: DEFAULT_TIER_POLICY, cutoffs: null, updatedAt: null };
  }

  async policyView(): Promise<MembershipPolicyView> {
    const { policy, cutoffs, updatedAt } = await this.policyRow();
    return { policy, futureFactor: Math.round(futureFactor(policy.value) * 1000) / 1000, cutoffs, updatedAt: (updatedAt ?? new Date(0)).toISOString() };
  }

  /** Admins change the policy (checked); tiers follow at the next recompute, or a patient's next visit or payment. */
  async updatePolicy(actor: StaffPrincipal, policy: TierPolicy): Promise<MembershipPolicyView> {
    const problems = checkTierPolicy(policy);
    if (problems.length) throw new DomainError('MEMBERSHIP_POLICY_INVALID', { count: problems.length, problems });
    await this.tx.run((m) => m.getRepository(MembershipPolicy).save({ id: 'default', policy, updatedByStaffId: actor.staffId }));
    return this.policyView();
  }

  /** The thresholds a value is compared with: the policy's (value mode) or the last recompute's cut-offs (percentile). */
  private thresholds(row: { policy: TierPolicy; cutoffs: TierPolicy['thresholds'] | null }): TierPolicy['thresholds'] {
    if (row.policy.mode === 'value') return row.policy.thresholds;
    return row.cutoffs ?? { platinum: Number.MAX_SAFE_INTEGER, gold: Number.MAX_SAFE_INTEGER, iron: Number.MAX_SAFE_INTEGER };
  }

  // ---------------------------------------------------------------- one patient's value and tier

  /** The value model's inputs for a batch of patients, in two grouped reads. */
  private async facts(m: EntityManager, ids: readonly string[]) {
    const [visits, spend] = await Promise.all([this.visits.valueFacts(ids, m), this.checkout.netSpend(ids, m)]);
    return (id: string) => {
      const v = visits.get(id);
      return {
        firstVisitOn: v?.firstVisitOn ?? null,
        lastVisitOn: v?.lastVisitOn ?? null,
        visits: v?.visits ?? 0,
        netSpend: (spend.get(id) ?? 0) + (v?.outsideSpend ?? 0),
      };
    };
  }

  /**
   * Re-values one patient in the caller's transaction (a visit, a payment, a refund), so the card and the booking rules
   * see the new tier at once; then, after that transaction commits, once more exactly (`revalueExact`). The second pass
   * is what makes it right under concurrency: on MariaDB the caller's reads come from a snapshot taken before it waited
   * for the patient's row, so two of the same patient's visits at once would each miss the other.
   */
  async revalue(m: EntityManager, patientId: string, event: string): Promise<void> {
    const row = await this.policyRow(m);
    const inputs = (await this.facts(m, [patientId]))(patientId);
    const state = await this.lockStateUnlessBusy(m, patientId);
    if (state) await this.apply(m, state, inputs, row);
    await this.jobs.enqueue(m, 'membership.review', { patientId }, { idempotencyKey: `membership.revalue:${patientId}:${event}` });
  }

  /**
   * The patient's state row locked for the caller's transaction (a visit, a payment) — or null, leaving the patient to
   * the exact pass after the commit, when waiting for it could deadlock: the row is held by another transaction (a
   * recompute batch writing its range, another visit of the same patient), or it is missing while a recompute batch
   * is at work (the batch may have created it, not yet committed). On MariaDB a lock this transaction waited for
   * inside the range a batch was inserting into became a gap lock when the batch's inserts split the index page, and
   * the batch's next insert then waited for it: a deadlock that failed the visit (caught by the test of visits
   * recorded during a first recompute). So the caller never waits for a state row here.
   */
  private async lockStateUnlessBusy(m: EntityManager, patientId: string): Promise<MemberState | null> {
    if (m.connection.options.type === 'better-sqlite3') return this.lockState(m, patientId); // transactions one at a time
    if (await m.getRepository(MemberState).existsBy({ patientId })) {
      return selectFirst(m, MemberState, { patientId }, { lock: 'skip-locked', withDeleted: true });
    }
    // Missing: a batch at work holds its run's row (it locks it first). Taking that row here, without waiting, also
    // keeps the next batch from starting until this transaction ends, so the row can be created safely.
    const running = await m.getRepository(MembershipRecompute).findOne({ select: { id: true }, where: { status: 'running' } });
    if (running && !(await selectFirst(m, MembershipRecompute, { id: running.id }, { lock: 'skip-locked' }))) return null;
    return this.lockState(m, patientId);
  }

  /**
   * Re-values one patient exactly, in transactions of its own: the row is created if missing, then locked as the first
   * statement, so every read after it (a snapshot taken then) sees all that was committed before — and a transaction
   * still adding a visit or a payment queues its own pass, which waits for this one. Also the end of a grace period.
   */
  async revalueExact(patientId: string): Promise<void> {
    // A job: a deadlock with a recompute batch (see lockStateUnlessBusy) only means trying again.
    await retryOnLockConflict(() => this.tx.run((m) => this.ensureStates(m, [patientId])));
    await retryOnLockConflict(() =>
      this.tx.run(async (m) => {
        const state = await lockRow(m, MemberState, patientId, 'patientId');
        if (!state) return;
        const row = await this.policyRow(m);
        await this.apply(m, state, (await this.facts(m, [patientId]))(patientId), row);
      }),
    );
  }

  /**
   * A patient's state row, locked for the transaction; created first when missing. On MariaDB the order matters:
   * - a locking read of a missing key takes a gap lock, and two transactions for two new patients in the same gap
   *   then block each other's inserts (a deadlock: a payment notification answered 500 and retried 15 s later);
   * - concurrent INSERT IGNOREs of an existing key take shared locks that deadlock when upgraded (two visits of a new
   *   patient at once, with a recompute batch waiting for the row between them).
   * So: a plain read, then an insert of only the missing rows that write-locks a row met meanwhile, then the row lock.
   */
  private async lockState(m: EntityManager, patientId: string): Promise<MemberState> {
    await this.ensureStates(m, [patientId]);
    return (await lockRow(m, MemberState, patientId, 'patientId'))!;
  }

  private async ensureStates(m: EntityManager, ids: readonly string[]): Promise<void> {
    const existing = new Set(
      (await m.getRepository(MemberState).find({ select: { patientId: true }, where: { patientId: In([...ids]) } })).map((s) => s.patientId),
    );
    const missing = ids.filter((id) => !existing.has(id));
    // A row another transaction has just created (not yet committed) is met here: locked for writing at once, never
    // read-locked first (see insertOrLockMany).
    await insertOrLockMany(
      m,
      MemberState,
      missing.map((patientId) => m.getRepository(MemberState).create({ patientId })),
    );
  }

  /** Writes a state's value and tier; a change goes to the history, an upgrade to the patient, a downgrade's review is queued. */
  private async apply(
    m: EntityManager,
    state: MemberState,
    inputs: { firstVisitOn: string | null; lastVisitOn: string | null; visits: number; netSpend: number },
    row: { policy: TierPolicy; cutoffs: TierPolicy['thresholds'] | null },
    computedOverride?: MemberTier,
  ): Promise<boolean> {
    const now = this.clock.now();
    const breakdown = patientValue(inputs, row.policy.value, this.today());
    const computed = computedOverride ?? tierForValue(breakdown.value, this.thresholds(row));
    const before = this.tierState(state);
    const { state: next, change } = applyComputedTier(before, computed, now, row.policy.downgradeGraceDays);
    const changes: Partial<MemberState> = {
      firstVisitOn: inputs.firstVisitOn,
      lastVisitOn: inputs.lastVisitOn,
      visits: inputs.visits,
      netSpend: inputs.netSpend,
      value: breakdown.value,
      computedTier: computed,
      tier: next.tier,
      downgradeTo: next.downgradeTo,
      downgradeAfter: next.downgradeAfter ? new Date(next.downgradeAfter) : null,
      overrideTier: next.override?.tier ?? null,
      overrideUntil: next.override ? new Date(next.override.until) : null,
      ...(!next.override && state.overrideTier && { overrideReason: null, overrideByStaffId: null }),
      ...(change && { tierSince: now }),
      computedAt: now,
    };
    await m.update(MemberState, { patientId: state.patientId }, changes);
    if (change) await this.recordChange(m, state.patientId, change.from, change.to, change.reason, null);
    if (next.downgradeAfter && next.downgradeAfter !== before.downgradeAfter)
      await this.jobs.enqueue(
        m,
        'membership.review',
        { patientId: state.patientId },
        { runAt: new Date(next.downgradeAfter), idempotencyKey: `membership.review:${state.patientId}:${next.downgradeAfter}` },
      );
    return !!change;
  }

  private tierState(s: MemberState) {
    return {
      tier: s.tier,
      downgradeTo: s.downgradeTo,
      downgradeAfter: s.downgradeAfter?.toISOString() ?? null,
      override: s.overrideTier && s.overrideUntil ? { tier: s.overrideTier, until: s.overrideUntil.toISOString() } : null,
    };
  }

  private async recordChange(
    m: EntityManager,
    patientId: string,
    from: MemberTier,
    to: MemberTier,
    reason: TierChange['reason'],
    byStaffId: string | null,
  ): Promise<void> {
    const at = this.clock.now();
    await m.insert(TierChange, m.getRepository(TierChange).create({ patientId, fromTier: from, toTier: to, reason, byStaffId, at }));
    await syncMembershipSegmentProfiles(m, [patientId]); // segments read the tier from the profile (same transaction)
    for (const listener of this.tierListeners) await listener(m, [{ patientId, from, to }]);
    if (reason === 'upgrade' || (reason === 'override' && higherTier(to, from)))
      await this.notifications.notify(m, {
        patientId,
        kind: 'tier_upgraded',
        params: { from, to },
        link: MEMBERSHIP_PAGE,
        dedupeKey: `tier-upgraded:${patientId}:${to}:${at.toISOString()}`,
      });
  }

  /** Admins set a tier until a date, with a reason (shown as an override; the computed tier applies when it ends). */
  async override(actor: StaffPrincipal, patientId: string, input: TierOverrideRequest): Promise<MemberDetailView> {
    const until = new Date(input.until);
    const now = this.clock.now();
    if (!(until.getTime() > now.getTime()) || until.getTime() > now.getTime() + 366 * DAY_MS) throw new DomainError('MEMBERSHIP_OVERRIDE_INVALID');
    const patient = await this.patients.byId(patientId);
    if (!patient || patient.deletedAt) throw new DomainError('PATIENT_NOT_FOUND');
    await this.tx.run(async (m) => {
      const state = await this.lockState(m, patientId);
      await m.update(
        MemberState,
        { patientId },
        {
          tier: input.tier,
          overrideTier: input.tier,
          overrideUntil: until,
          overrideReason: input.reason.trim(),
          overrideByStaffId: actor.staffId,
          downgradeTo: null,
          downgradeAfter: null,
          tierSince: now,
        },
      );
      if (state.tier !== input.tier) await this.recordChange(m, patientId, state.tier, input.tier, 'override', actor.staffId);
      // When it ends, the computed tier applies at once.
      await this.jobs.enqueue(m, 'membership.review', { patientId }, { runAt: until, idempotencyKey: `membership.review:${patientId}:${until.toISOString()}` });
      await this.audit.record(
        actor,
        { action: 'patient.update', patientId, resource: 'member_tier', resourceId: patientId, purpose: `override ${input.tier}` },
        m,
      );
    });
    return this.detail(actor, patientId);
  }

  // ---------------------------------------------------------------- every patient

  /** Starts a full recompute (one at a time). */
  async startRecompute(actor: StaffPrincipal): Promise<RecomputeView> {
    const id = await this.tx.run(async (m) => {
      const running = await m.getRepository(MembershipRecompute).findOneBy({ status: 'running' });
      if (running) return running.id;
      const run = m.getRepository(MembershipRecompute).create({ startedByStaffId: actor.staffId });
      await m.insert(MembershipRecompute, run);
      await this.jobs.enqueue(m, 'membership.recompute', { runId: run.id }, { idempotencyKey: `membership.recompute:${run.id}` });
      return run.id;
    });
    return this.recomputeView(id);
  }

  async recomputeView(id: string): Promise<RecomputeView> {
    const r = await this.dataSource.getRepository(MembershipRecompute).findOneBy({ id });
    if (!r) throw new DomainError('NOT_FOUND');
    return {
      id: r.id,
      status: r.status,
      phase: r.phase,
      processed: r.processed,
      changed: r.changed,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    };
  }

  /**
   * Batches in id order until done: each batch reads its patients' facts in grouped queries, writes their states and
   * moves the run's cursor in one transaction — so a killed worker resumes after the last batch written, and the API
   * keeps serving (short transactions, a patient's own update waits for its row at most one batch). Percentile mode
   * values everyone first, then cuts the percentiles, then assigns tiers. A batch sends a fixed number of statements
   * whatever its size (docs/benchmarks.md, the membership recompute): its states in multi-row upserts, its tier
   * changes in one INSERT and its upgrades told in one call.
   */
  async recomputeBatch(runId: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      // The batch's patients first; then, in the batch's own transaction, the run and the batch's range of state rows
      // are locked before anything is read, so the facts are read from a snapshot taken after the locks: a visit or
      // payment committed meanwhile is counted, one still in flight waits and re-values after. The range lock covers
      // the gaps too: a missing row is created by the batch's own upsert, and a patient's revaluation that would
      // create it meanwhile waits for the batch (revaluations read before they insert, so they hold no gap lock the
      // batch could wait for).
      const peek = await this.dataSource.getRepository(MembershipRecompute).findOneBy({ id: runId });
      if (!peek || peek.status !== 'running') return;
      const ids = await this.patients.idsAfter(peek.cursor, RECOMPUTE_BATCH);
      const more = await this.tx.run(async (m) => {
        const run = await lockRow(m, MembershipRecompute, runId);
        if (!run || run.status !== 'running') return false;
        if (run.cursor !== peek.cursor || run.phase !== peek.phase) return true; // another worker moved it: look again
        const states = ids.length ? await this.lockBatchStates(m, ids) : [];
        const row = await this.policyRow(m);
        if (!ids.length) {
          if (run.phase === 'values' && row.policy.mode === 'percentile') {
            const values = (
              await m
                .getRepository(MemberState)
                .createQueryBuilder('s')
                .select('s.value', 'value')
                .where('s.value > 0')
                .orderBy('s.value', 'DESC')
                .getRawMany<{ value: unknown }>()
            ).map((r) => Number(r.value));
            await m.getRepository(MembershipPolicy).save({ id: 'default', policy: row.policy, cutoffs: percentileCutoffs(values, row.policy.thresholds) });
            await m.update(MembershipRecompute, { id: run.id }, { phase: 'tiers', cursor: null });
            return true;
          }
          await m.update(MembershipRecompute, { id: run.id }, { status: 'done', finishedAt: this.clock.now() });
          return false;
        }
        const factsOf = await this.batchFacts(m, ids);
        const valuesOnly = run.phase === 'values' && row.policy.mode === 'percentile';
        const changed = valuesOnly ? 0 : await this.applyBatch(m, states, factsOf, row);
        if (valuesOnly) {
          const today = this.today();
          const now = this.clock.now();
          await this.writeStates(
            m,
            states.map((s) => ({ ...s, value: patientValue(factsOf(s.patientId), row.policy.value, today).value, computedAt: now })),
          );
        }
        await m.update(
          MembershipRecompute,
          { id: run.id },
          { cursor: ids[ids.length - 1]!, processed: run.processed + (valuesOnly ? 0 : ids.length), changed: run.changed + changed },
        );
        return true;
      });
      if (!more) return;
    }
  }

  /**
   * A batch's state rows (ids in the database's order), locked with the gaps between them; a patient without a row
   * gets a new one (lead, no points), written by the batch's upsert. A row in the range that is not the batch's (a
   * patient added meanwhile) stays as it is.
   */
  private async lockBatchStates(m: EntityManager, ids: readonly string[]): Promise<MemberState[]> {
    const found = new Map((await lockRange(m, MemberState, ids[0]!, ids[ids.length - 1]!, 'patientId')).map((s) => [s.patientId, s]));
    const repo = m.getRepository(MemberState);
    return ids.map((patientId) => found.get(patientId) ?? repo.create({ patientId }));
  }

  /**
   * `facts` for a recompute's batch (ids in the database's order, as `idsAfter` gives them), read as one index range
   * from the first to the last: an IN list of 1,000 ids cost MariaDB several times more. A patient added inside the
   * range meanwhile is read too and ignored (only the batch's ids are looked up).
   */
  private async batchFacts(m: EntityManager, ids: readonly string[]) {
    const [first, last] = [ids[0]!, ids[ids.length - 1]!];
    const [visits, spend] = await Promise.all([this.visits.valueFactsBetween(first, last, m), this.checkout.netSpendBetween(first, last, m)]);
    return (id: string) => {
      const v = visits.get(id);
      return {
        firstVisitOn: v?.firstVisitOn ?? null,
        lastVisitOn: v?.lastVisitOn ?? null,
        visits: v?.visits ?? 0,
        netSpend: (spend.get(id) ?? 0) + (v?.outsideSpend ?? 0),
      };
    };
  }

  /**
   * `apply` for a batch of locked states at once (the same rules): the states in multi-row upserts, the tier changes
   * in one INSERT, the upgrades told in one call, a review queued for each downgrade that starts waiting. Returns how
   * many tiers changed.
   */
  private async applyBatch(
    m: EntityManager,
    states: readonly MemberState[],
    factsOf: (id: string) => { firstVisitOn: string | null; lastVisitOn: string | null; visits: number; netSpend: number },
    row: { policy: TierPolicy; cutoffs: TierPolicy['thresholds'] | null },
  ): Promise<number> {
    const now = this.clock.now();
    const today = this.today();
    const thresholds = this.thresholds(row);
    const written: MemberState[] = [];
    const changes: { patientId: string; from: MemberTier; to: MemberTier; reason: TierChange['reason'] }[] = [];
    const reviews: { patientId: string; after: string }[] = [];
    for (const state of states) {
      const inputs = factsOf(state.patientId);
      const value = patientValue(inputs, row.policy.value, today).value;
      const computed = tierForValue(value, thresholds);
      const before = this.tierState(state);
      const { state: next, change } = applyComputedTier(before, computed, now, row.policy.downgradeGraceDays);
      const cleared = !next.override && state.overrideTier;
      written.push({
        ...state,
        ...inputs,
        value,
        computedTier: computed,
        tier: next.tier,
        downgradeTo: next.downgradeTo,
        downgradeAfter: next.downgradeAfter ? new Date(next.downgradeAfter) : null,
        overrideTier: next.override?.tier ?? null,
        overrideUntil: next.override ? new Date(next.override.until) : null,
        overrideReason: cleared ? null : state.overrideReason,
        overrideByStaffId: cleared ? null : state.overrideByStaffId,
        tierSince: change ? now : state.tierSince,
        computedAt: now,
      });
      if (change) changes.push({ patientId: state.patientId, ...change });
      if (next.downgradeAfter && next.downgradeAfter !== before.downgradeAfter) reviews.push({ patientId: state.patientId, after: next.downgradeAfter });
    }
    await this.writeStates(m, written);
    if (changes.length) {
      await insertIgnoreMany(
        m,
        TierChange,
        changes.map((c) =>
          m.getRepository(TierChange).create({ patientId: c.patientId, fromTier: c.from, toTier: c.to, reason: c.reason, byStaffId: null, at: now }),
        ),
      );
      const changedIds = changes.map((c) => c.patientId);
      await syncMembershipSegmentProfiles(m, changedIds); // as recordChange does
      for (const listener of this.tierListeners) await listener(m, changes);
      // As recordChange tells one upgrade, with the profiles' accounts read once for the batch.
      const upgrades = changes.filter((c) => c.reason === 'upgrade');
      const upgradedIds = upgrades.map((c) => c.patientId);
      const accounts = upgrades.length ? await this.patients.byIds(upgradedIds, m) : new Map<string, { accountId: string | null }>();
      await this.notifications.notify(
        m,
        upgrades.map((c) => ({
          patientId: c.patientId,
          accountId: accounts.get(c.patientId)?.accountId ?? null,
          kind: 'tier_upgraded' as const,
          params: { from: c.from, to: c.to },
          link: MEMBERSHIP_PAGE,
          dedupeKey: `tier-upgraded:${c.patientId}:${c.to}:${now.toISOString()}`,
        })),
        // In bulk (a few multi-row INSERTs, no job per message): the WeChat messages go out through the source's drain
        // lanes, as a campaign's do — one at a time they cost three statements per upgrade.
        { source: RECOMPUTE_SOURCE },
      );
    }
    for (const r of reviews)
      await this.jobs.enqueue(
        m,
        'membership.review',
        { patientId: r.patientId },
        { runAt: new Date(r.after), idempotencyKey: `membership.review:${r.patientId}:${r.after}` },
      );
    return changes.length;
  }

  /**
   * Writes whole state rows (locked, or created here under the batch's range lock) in multi-row upserts: `INSERT … ON DUPLICATE KEY UPDATE` on MariaDB,
   * `INSERT … ON CONFLICT DO UPDATE` on SQLite; the points balance is not among the columns and is never touched.
   */
  private async writeStates(m: EntityManager, states: readonly MemberState[]): Promise<void> {
    if (!states.length) return;
    const { driver } = m.connection;
    const sqlite = driver.options.type === 'better-sqlite3';
    const columns = m.connection.getMetadata(MemberState).columns.filter((c) => c.propertyName !== 'points');
    const names = columns.map((c) => driver.escape(c.databaseName));
    const set = columns
      .filter((c) => !c.isPrimary)
      .map((c) => driver.escape(c.databaseName))
      .map((n) => (sqlite ? `${n} = excluded.${n}` : `${n} = VALUES(${n})`))
      .join(', ');
    const head = `INSERT INTO ${driver.escape(m.connection.getMetadata(MemberState).tableName)} (${names.join(', ')}) VALUES `;
    const tail = sqlite ? ` ON CONFLICT(${driver.escape('patientId')}) DO UPDATE SET ${set}` : ` ON DUPLICATE KEY UPDATE ${set}`;
    for (let i = 0; i < states.length; i += STATES_PER_STATEMENT) {
      const params: unknown[] = [];
      const tuples = states.slice(i, i + STATES_PER_STATEMENT).map((s) => {
        for (const c of columns) params.push(driver.preparePersistentValue(c.getEntityValue(s), c));
        return `(${columns.map(() => '?').join(', ')})`;
      });
      await m.query(head + tuples.join(', ') + tail, params);
    }
  }

  // ---------------------------------------------------------------- points

  /**
   * Earns points for a source event (once: the source key is unique), multiplied by the patient's tier; they expire
   * after a year. In the caller's transaction.
   */
  async earn(m: EntityManager, input: { patientId: string; reason: PointsReason; sourceKey: string; points?: number; exact?: boolean }): Promise<void> {
    const base = input.points ?? EARNINGS[input.reason] ?? 0;
    if (base <= 0) return;
    if (await m.getRepository(PointsEntry).existsBy({ sourceKey: input.sourceKey })) return;
    const state = await this.lockState(m, input.patientId);
    const { policy } = await this.policyRow(m);
    // Points given back (a cancelled registration) are exactly what was spent; earnings are multiplied by the tier.
    const points = input.exact ? base : Math.round(base * (policy.pointsMultiplier[state.tier] ?? 1));
    const entry = m.getRepository(PointsEntry).create({
      patientId: input.patientId,
      delta: points,
      reason: input.reason,
      sourceKey: input.sourceKey,
      expiresAt: new Date(this.clock.now().getTime() + POINTS_LIFETIME_DAYS * DAY_MS),
      remaining: points,
      balanceAfter: state.points + points,
    });
    await insertIgnoreMany(m, PointsEntry, [entry]);
    if (!(await m.getRepository(PointsEntry).existsBy({ id: entry.id }))) return;
    await m.update(MemberState, { patientId: input.patientId }, { points: state.points + points });
  }

  /**
   * Spends points (an event, a benefit) once per source: oldest earnings first; never more than the balance
   * (POINTS_INSUFFICIENT). In the caller's transaction.
   */
  async spend(m: EntityManager, input: { patientId: string; points: number; reason: PointsReason; sourceKey: string }): Promise<void> {
    if (await m.getRepository(PointsEntry).existsBy({ sourceKey: input.sourceKey })) return;
    const state = await this.lockState(m, input.patientId);
    if (state.points < input.points) throw new DomainError('POINTS_INSUFFICIENT', { balance: state.points, needed: input.points });
    await this.consume(m, input.patientId, input.points);
    await m.insert(
      PointsEntry,
      m.getRepository(PointsEntry).create({
        patientId: input.patientId,
        delta: -input.points,
        reason: input.reason,
        sourceKey: input.sourceKey,
        balanceAfter: state.points - input.points,
      }),
    );
    await m.update(MemberState, { patientId: input.patientId }, { points: state.points - input.points });
  }

  /** Takes points from the oldest earnings still holding some. */
  private async consume(m: EntityManager, patientId: string, points: number): Promise<void> {
    let left = points;
    const earnings = await m.getRepository(PointsEntry).find({
      where: { patientId, remaining: MoreThan(0) },
      order: { expiresAt: 'ASC', createdAt: 'ASC' },
    });
    for (const e of earnings) {
      if (left <= 0) break;
      const take = Math.min(left, e.remaining);
      await m.update(PointsEntry, { id: e.id }, { remaining: e.remaining - take });
      left -= take;
    }
  }

  /** Earnings past their date lose what is left of them (one ledger entry each); at most 500 earnings per call. */
  async expirePoints(now = this.clock.now()): Promise<{ earnings: number; points: number }> {
    const due = await this.dataSource.getRepository(PointsEntry).find({ where: { expiresAt: LessThanOrEqual(now), remaining: MoreThan(0) }, take: 500 });
    let expired = 0;
    for (const e of due) {
      await this.tx.run(async (m) => {
        const entry = await lockRow(m, PointsEntry, e.id);
        if (!entry || entry.remaining <= 0) return;
        const state = (await lockRow(m, MemberState, entry.patientId, 'patientId'))!;
        const take = Math.min(entry.remaining, state.points);
        await m.update(PointsEntry, { id: entry.id }, { remaining: 0 });
        if (take <= 0) return;
        await m.insert(
          PointsEntry,
          m
            .getRepository(PointsEntry)
            .create({ patientId: entry.patientId, delta: -take, reason: 'expired', sourceKey: `expired:${entry.id}`, balanceAfter: state.points - take }),
        );
        await m.update(MemberState, { patientId: entry.patientId }, { points: state.points - take });
        expired += take;
      });
    }
    return { earnings: due.length, points: expired };
  }

  // ---------------------------------------------------------------- views

  /** The acting profile's card: tier, points, the next tier and how far, what the tier brings. */
  async mine(patient: ActingProfile): Promise<MembershipView> {
    const [state, row] = await Promise.all([this.dataSource.getRepository(MemberState).findOneBy({ patientId: patient.id }), this.policyRow()]);
    const tier = state?.tier ?? 'lead';
    const thresholds = this.thresholds(row);
    const next = nextTier(tier, thresholds);
    const value = state?.value ?? 0;
    const soon = await this.dataSource.getRepository(PointsEntry).find({
      where: { patientId: patient.id, remaining: MoreThan(0), expiresAt: LessThanOrEqual(new Date(this.clock.now().getTime() + 30 * DAY_MS)) },
      order: { expiresAt: 'ASC' },
    });
    return {
      tier,
      points: state?.points ?? 0,
      ...(next &&
        next.from < Number.MAX_SAFE_INTEGER && { nextTier: next.tier, progress: Math.max(0, Math.min(1, Math.round((value / next.from) * 100) / 100)) }),
      benefits: this.benefits(tier, row.policy),
      override: state?.overrideTier && state.overrideUntil ? { tier: state.overrideTier, until: state.overrideUntil.toISOString() } : null,
      expiringSoon: soon.length ? { points: soon.reduce((s, e) => s + e.remaining, 0), on: soon[0]!.expiresAt!.toISOString() } : null,
    };
  }

  /**
   * What the tier brings today — only what the service already does for it: the points multiplier, the fee discount
   * the checkout applies, and first choice of slots reserved for the tier or below. (The health butler joins the list
   * when case management assigns one; a benefit is never promised before it works.)
   */
  private benefits(tier: MemberTier, policy: TierPolicy): MemberBenefit[] {
    const list: MemberBenefit[] = [];
    if ((policy.pointsMultiplier[tier] ?? 1) > 1) list.push({ code: 'points_multiplier', value: policy.pointsMultiplier[tier] });
    if ((policy.feeDiscountPercent[tier] ?? 0) > 0) list.push({ code: 'fee_discount', value: policy.feeDiscountPercent[tier] });
    if (tier !== 'lead') list.push({ code: 'reserved_slots' });
    return list;
  }

  async ledger(patient: ActingProfile, limit = 50): Promise<PointsEntryView[]> {
    const rows = await this.dataSource
      .getRepository(PointsEntry)
      .find({ where: { patientId: patient.id }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
    return rows.map((e) => ({
      id: e.id,
      delta: e.delta,
      reason: e.reason,
      balanceAfter: e.balanceAfter,
      expiresAt: e.expiresAt?.toISOString() ?? null,
      createdAt: e.createdAt.toISOString(),
    }));
  }

  /** A patient's membership for admins: the model's inputs and result, the tier, its history (audited). */
  async detail(actor: StaffPrincipal, patientId: string): Promise<MemberDetailView> {
    const patient = await this.patients.byId(patientId);
    if (!patient) throw new DomainError('PATIENT_NOT_FOUND');
    const [state, row, history] = await Promise.all([
      this.dataSource.getRepository(MemberState).findOneBy({ patientId }),
      this.policyRow(),
      this.dataSource.getRepository(TierChange).find({ where: { patientId }, order: { at: 'DESC' }, take: 50 }),
    ]);
    const inputs = {
      firstVisitOn: state?.firstVisitOn ?? null,
      lastVisitOn: state?.lastVisitOn ?? null,
      visits: state?.visits ?? 0,
      netSpend: state?.netSpend ?? 0,
    };
    const breakdown: ValueBreakdown = patientValue(inputs, row.policy.value, this.today());
    await this.audit.record(actor, { action: 'patient.read', patientId, resource: 'member_tier', resourceId: patientId, purpose: 'membership' });
    return {
      patientId,
      tier: state?.tier ?? 'lead',
      computedTier: state?.computedTier ?? 'lead',
      breakdown,
      downgrade: state?.downgradeTo && state.downgradeAfter ? { to: state.downgradeTo, after: state.downgradeAfter.toISOString() } : null,
      override:
        state?.overrideTier && state.overrideUntil
          ? { tier: state.overrideTier, until: state.overrideUntil.toISOString(), reason: state.overrideReason }
          : null,
      points: state?.points ?? 0,
      history: history.map((h) => ({ from: h.fromTier, to: h.toTier, reason: h.reason, at: h.at.toISOString() })),
    };
  }

  /** Tiers of several patients (lead when none), for other modules (booking's reserved slots, events' eligibility). */
  async tiersOf(patientIds: readonly string[], m?: EntityManager): Promise<Map<string, MemberTier>> {
    if (!patientIds.length) return new Map();
    const rows = await (m ?? this.dataSource.manager)
      .getRepository(MemberState)
      .find({ select: { patientId: true, tier: true }, where: { patientId: In([...patientIds]) } });
    const found = new Map(rows.map((r) => [r.patientId, r.tier]));
    return new Map(patientIds.map((id) => [id, found.get(id) ?? 'lead']));
  }
}
