import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessDirectory } from '../../common/auth/access-directory.js';
import { CONSENT_KINDS, CURRENT_CONSENT_VERSIONS, REQUIRED_CONSENTS, type ConsentKind, type ConsentRecordView, type ConsentStateView } from '@yiban/shared';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager } from 'typeorm';
import { Transactions } from '../../common/database/transactions.js';
import { ClusterEvents } from '../../common/realtime/cluster-events.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { currentRequest } from '../../common/http/request-context.js';
import { Clock } from '../../integrations/clock.js';
import type { ActingProfile } from '../../common/auth/principal.js';
import { Consent } from './consent.entity.js';
import { foldConsentStates } from './consent-state.entity.js';
import type { RecordConsentDto } from './consents.dto.js';

/** Told to every instance (the sender too) after a commit that recorded consent decisions of these patients. */
const DECIDED = 'consents.decided';
/** How long a patient found to hold every required consent is trusted without reading; a decision forgets it at once. */
const CONSENTED_FOR_MS = 60_000;

/** Versioned, append-only consent decisions per patient (PIPL: separate consent for health data; marketing opt-in). */
@Injectable()
export class ConsentsService implements OnModuleInit {
  /**
   * Patients found a moment ago to hold every required consent: the access policy asks before every route that
   * processes health data (each hold, each message). A decision forgets its patient here at once and on every instance
   * after its commit, so a withdrawal takes effect on the next request.
   */
  private readonly consented = new LRUCache<string, true>({ max: 100_000, ttl: CONSENTED_FOR_MS });

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessDirectory) private readonly access: AccessDirectory,
    @Inject(ClusterEvents) private readonly cluster: ClusterEvents,
  ) {
    this.cluster.subscribe(DECIDED, (payload) => {
      for (const id of Array.isArray(payload) ? payload : []) if (typeof id === 'string') this.consented.delete(id);
    });
  }

  /** The access policy asks here before any route processes a patient's health data. */
  onModuleInit(): void {
    this.access.provideConsents((patientId) => this.missingRequired(patientId));
  }

  /** The required consents a patient lacks at their current versions (none: remembered, see `consented`). */
  async missingRequired(patientId: string): Promise<ConsentKind[]> {
    if (this.consented.has(patientId)) return [];
    const rows = await this.dataSource
      .getRepository(Consent)
      .createQueryBuilder('c')
      .select(['c.kind AS kind', 'c.version AS version', 'c.granted AS granted'])
      .where('c.patientId = :patientId', { patientId })
      .orderBy('c.decidedAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getRawMany<{ kind: string; version: string; granted: unknown }>();
    const latest = new Map(rows.map((r) => [r.kind, r]));
    const missing = REQUIRED_CONSENTS.filter((kind) => {
      const row = latest.get(kind);
      return !row || !Number(row.granted) || row.version !== CURRENT_CONSENT_VERSIONS[kind];
    });
    if (!missing.length) this.consented.set(patientId, true);
    return missing;
  }

  /** Consent decisions of these patients are written in `m`'s transaction: forgotten here at once, everywhere once committed. */
  decided(m: EntityManager, patientIds: readonly string[]): void {
    for (const id of patientIds) this.consented.delete(id);
    const ids = [...patientIds];
    this.tx.afterCommit(m, () => {
      this.cluster.publish(DECIDED, ids).catch(() => ids.forEach((id) => this.consented.delete(id)));
    });
  }

  async state(patientId: string): Promise<ConsentStateView> {
    const latest = await this.latest(patientId);
    const consents: Partial<Record<ConsentKind, ConsentRecordView>> = {};
    for (const [kind, row] of latest) consents[kind] = { kind, version: row.version, granted: row.granted, decidedAt: row.decidedAt.toISOString() };
    const missingRequired = REQUIRED_CONSENTS.filter((kind) => {
      const row = latest.get(kind);
      return !row || !row.granted || row.version !== CURRENT_CONSENT_VERSIONS[kind];
    });
    return { consents, currentVersions: { ...CURRENT_CONSENT_VERSIONS }, missingRequired };
  }

  async history(patientId: string): Promise<ConsentRecordView[]> {
    const rows = await this.dataSource.getRepository(Consent).find({ where: { patientId }, order: { decidedAt: 'DESC', id: 'DESC' } });
    return rows.map((r) => ({ kind: r.kind, version: r.version, granted: r.granted, decidedAt: r.decidedAt.toISOString() }));
  }

  /** Records one decision. Agreeing needs the version in force; withdrawing is always possible, of a version that was published. */
  async record(patient: ActingProfile, accountId: string | null, input: RecordConsentDto): Promise<ConsentStateView> {
    if (!input.granted && input.version !== CURRENT_CONSENT_VERSIONS[input.kind]) {
      const decided = await this.dataSource.getRepository(Consent).existsBy({ patientId: patient.id, kind: input.kind, version: input.version });
      if (!decided) throw new DomainError('CONSENT_VERSION_UNKNOWN', { kind: input.kind, currentVersion: CURRENT_CONSENT_VERSIONS[input.kind] });
    }
    if (input.granted && input.version !== CURRENT_CONSENT_VERSIONS[input.kind]) {
      throw new DomainError('CONSENT_VERSION_OUTDATED', { kind: input.kind, currentVersion: CURRENT_CONSENT_VERSIONS[input.kind] });
    }
    const ctx = currentRequest();
    await this.tx.run(async (m) => {
      const decision = m.getRepository(Consent).create({
        patientId: patient.id,
        kind: input.kind,
        version: input.version,
        granted: input.granted,
        decidedAt: this.clock.now(),
        decidedByAccountId: accountId,
        ip: ctx?.ip ?? null,
        userAgent: ctx?.userAgent ?? null,
      });
      await m.insert(Consent, decision);
      // The current state (segments read it) moves in the same transaction as the history.
      await foldConsentStates(m, [decision]);
      this.decided(m, [patient.id]);
    });
    return this.state(patient.id);
  }

  /** True when the patient's latest decision for this kind is a grant of the version in force. */
  async hasCurrent(patientId: string, kind: ConsentKind): Promise<boolean> {
    const row = (await this.latest(patientId)).get(kind);
    return Boolean(row?.granted && row.version === CURRENT_CONSENT_VERSIONS[kind]);
  }

  /** Of these patients, those whose latest decision for this kind grants the version in force (set-based, for bulk sends). */
  async grantedAmong(patientIds: string[], kind: ConsentKind, m: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    const granted = new Set<string>();
    for (let i = 0; i < patientIds.length; i += 5000) {
      const ids = patientIds.slice(i, i + 5000);
      if (!ids.length) break;
      const rows = await m
        .getRepository(Consent)
        .createQueryBuilder('c')
        .select(['c.patientId', 'c.version', 'c.granted', 'c.decidedAt', 'c.id'])
        .where('c.kind = :kind AND c.patientId IN (:...ids)', { kind, ids })
        .orderBy('c.decidedAt', 'ASC')
        .addOrderBy('c.id', 'ASC')
        .getMany();
      const latest = new Map<string, Consent>();
      for (const row of rows) latest.set(row.patientId, row);
      for (const [patientId, row] of latest) if (row.granted && row.version === CURRENT_CONSENT_VERSIONS[kind]) granted.add(patientId);
    }
    return granted;
  }

  private async latest(patientId: string): Promise<Map<ConsentKind, Consent>> {
    const rows = await this.dataSource.getRepository(Consent).find({ where: { patientId }, order: { decidedAt: 'ASC', id: 'ASC' } });
    const latest = new Map<ConsentKind, Consent>();
    for (const row of rows) if ((CONSENT_KINDS as readonly string[]).includes(row.kind)) latest.set(row.kind, row);
    return latest;
  }
}
