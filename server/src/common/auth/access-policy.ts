import { Inject, Injectable } from '@nestjs/common';
import { DataSource, MoreThan } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { AuditService } from '../audit/audit.service.js';
import { newestFirst } from '../database/paging.js';
import { Transactions } from '../database/transactions.js';
import { DomainError } from '../errors/domain-error.js';
import { AccessDirectory } from './access-directory.js';
import { decide, isClinical, NOT_FOUND, type AccessOutcome, type ResourceActions, type ResourceFacts, type ResourceType } from './access-rules.js';
import { BreakGlassGrant } from './break-glass-grant.entity.js';
import { SessionGate } from './session-gate.js';
import type { AccountPrincipal, ActingProfile, Principal, StaffPrincipal } from './principal.js';
import type { TokenSubject } from './token.service.js';

/**
 * The one access policy. Services ask it `(principal, action, resource)` and get one answer per outcome: the
 * resource's not-found code for what the caller may not know exists, FORBIDDEN_ROLE for what they may see but not
 * do. A patient's record is reached by its account, or by clinical staff through a care relationship or an
 * audited "break the glass" grant — never by role alone.
 */
@Injectable()
export class AccessPolicy {
  constructor(
    @Inject(AccessDirectory) private readonly directory: AccessDirectory,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SessionGate) private readonly sessions: SessionGate,
  ) {}

  /**
   * The principal behind a verified token, while its session lives (ended sessions answer AUTH_TOKEN_INVALID, so the
   * app renews or signs in again); staff facts come from the staff record (roles, departments, active).
   */
  async principal(subject: TokenSubject): Promise<Principal> {
    if (subject.kind === 'account') {
      if (!(await this.sessions.isActive(subject.sessionId))) throw new DomainError('AUTH_TOKEN_INVALID');
      return { kind: 'account', accountId: subject.accountId, sessionId: subject.sessionId, roles: ['patient'] };
    }
    const facts = await this.directory.staff(subject.staffId);
    if (!facts?.active) throw new DomainError('AUTH_ACCOUNT_DISABLED');
    if (!(await this.sessions.isActive(subject.sessionId))) throw new DomainError('AUTH_TOKEN_INVALID');
    return {
      kind: 'staff',
      staffId: subject.staffId,
      sessionId: subject.sessionId,
      roles: facts.roles,
      departmentIds: facts.departmentIds,
      leadOf: facts.leadOf,
      displayName: facts.displayName,
    };
  }

  check<T extends ResourceType>(principal: Principal, type: T, action: ResourceActions[T], facts: ResourceFacts[T]): AccessOutcome {
    return decide(principal, type, action, facts);
  }

  can<T extends ResourceType>(principal: Principal, type: T, action: ResourceActions[T], facts: ResourceFacts[T]): boolean {
    return decide(principal, type, action, facts) === 'allow';
  }

  /** Throws unless allowed. A missing resource (null) is hidden, exactly like one the caller may not see. */
  assert<T extends ResourceType, F extends ResourceFacts[T]>(
    principal: Principal,
    type: T,
    action: ResourceActions[T],
    facts: F | null | undefined,
  ): asserts facts is F {
    const outcome = facts ? decide(principal, type, action, facts) : 'hidden';
    if (outcome === 'hidden') throw new DomainError(NOT_FOUND[type]);
    if (outcome === 'denied') throw new DomainError('FORBIDDEN_ROLE');
  }

  /**
   * A patient's health data is processed only under the privacy policy and the separate health-data consent at their
   * current versions (PIPL); CONSENT_REQUIRED names what is missing.
   */
  async assertConsented(patientId: string): Promise<void> {
    const missing = await this.directory.missingConsents(patientId);
    if (missing.length) throw new DomainError('CONSENT_REQUIRED', { missing });
  }

  /**
   * Booking and consulting need a real-name profile (实名): REAL_NAME_REQUIRED names what is missing. `profile`: the
   * profile as the caller has just resolved it (the acting profile), so it is not read again.
   */
  async assertRealName(patientId: string, profile?: ActingProfile): Promise<void> {
    const missing = await this.directory.missingRealName(patientId, profile);
    if (missing.length) throw new DomainError('REAL_NAME_REQUIRED', { missing });
  }

  /** Ends every session of an account or staff member at once, on every instance (logout everywhere, a changed or disabled account). */
  async endSessions(subject: { kind: 'account' | 'staff'; id: string }): Promise<void> {
    await this.sessions.ended(await this.directory.endSessionsOf(subject));
  }

  /** The profile a patient route acts for: the chosen one if the account manages it (FORBIDDEN_OWNERSHIP otherwise), else its own. */
  async actingProfile(principal: AccountPrincipal, patientId?: string): Promise<ActingProfile> {
    const profile = await this.directory.profile(principal.accountId, patientId);
    if (!profile) throw new DomainError(patientId ? 'FORBIDDEN_OWNERSHIP' : 'PATIENT_NOT_FOUND');
    return profile;
  }

  /**
   * Staff reading a patient's record (profile, history beside a chat): clinical roles only, through a care
   * relationship or a live break-the-glass grant. Every read is written to the audit log.
   */
  async readPatientRecord(
    staff: StaffPrincipal,
    patientId: string,
    why: { resource: string; purpose: string },
  ): Promise<{ via: 'care'; relationship: string } | { via: 'break_glass'; until: Date }> {
    if (!isClinical(staff)) throw new DomainError('FORBIDDEN_ROLE');
    const since = new Date(this.clock.now().getTime() - this.config.access.careRelationshipDays * 86_400_000);
    const care = await this.directory.careRelationship(staff, patientId, since);
    if (care) {
      await this.audit.record(staff, { action: 'patient.read', patientId, resource: why.resource, resourceId: patientId, purpose: why.purpose });
      return { via: 'care', relationship: care };
    }
    const grant = await this.liveGrant(staff.staffId, patientId);
    if (!grant) {
      if (!(await this.directory.patientExists(patientId))) throw new DomainError('PATIENT_NOT_FOUND');
      // What the app needs to offer breaking the glass: whose record, and for how long it would open.
      throw new DomainError('CARE_RELATIONSHIP_REQUIRED', { patientId, breakGlassMinutes: this.config.access.breakGlassMinutes });
    }
    await this.audit.record(staff, {
      action: 'patient.read',
      patientId,
      resource: why.resource,
      resourceId: patientId,
      purpose: `${why.purpose} [break-glass ${grant.id}]`,
    });
    return { via: 'break_glass', until: grant.expiresAt };
  }

  /** The care relationship linking the staff member to the patient now, if any (for the UI: offer break-the-glass or not). */
  async careRelationship(staff: StaffPrincipal, patientId: string): Promise<string | null> {
    if (!isClinical(staff)) return null;
    const since = new Date(this.clock.now().getTime() - this.config.access.careRelationshipDays * 86_400_000);
    return this.directory.careRelationship(staff, patientId, since);
  }

  /** Opens a record outside one's care for a while, with a reason; audited and shown to admins. */
  async breakGlass(staff: StaffPrincipal, patientId: string, reason: string): Promise<BreakGlassGrant> {
    if (!isClinical(staff)) throw new DomainError('FORBIDDEN_ROLE');
    if (!(await this.directory.patientExists(patientId))) throw new DomainError('PATIENT_NOT_FOUND');
    const now = this.clock.now();
    return this.tx.run(async (m) => {
      const grant = m.getRepository(BreakGlassGrant).create({
        staffId: staff.staffId,
        patientId,
        reason: reason.trim(),
        expiresAt: new Date(now.getTime() + this.config.access.breakGlassMinutes * 60_000),
      });
      await m.insert(BreakGlassGrant, grant);
      await this.audit.record(
        staff,
        { action: 'patient.break_glass', patientId, resource: 'patient', resourceId: patientId, purpose: reason.trim().slice(0, 255) },
        m,
      );
      return grant;
    });
  }

  private liveGrant(staffId: string, patientId: string): Promise<BreakGlassGrant | null> {
    return this.dataSource.getRepository(BreakGlassGrant).findOne({
      where: { staffId, patientId, expiresAt: MoreThan(this.clock.now()) },
      order: { expiresAt: 'DESC' },
    });
  }

  /** Every break-the-glass grant, newest first (admins review them). */
  async breakGlassGrants(filter: { limit: number; cursor?: string }): Promise<{ items: BreakGlassGrant[]; nextCursor: string | null }> {
    return newestFirst(this.dataSource.getRepository(BreakGlassGrant).createQueryBuilder('g'), 'g', filter);
  }
}
