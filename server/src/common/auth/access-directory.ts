import { Injectable } from '@nestjs/common';
import type { ConsentKind, RealNamePart, StaffRole } from '@yiban/shared';
import type { ActingProfile, StaffPrincipal } from './principal.js';

/** What the policy needs to know about a staff member, loaded once per request. */
export interface StaffFacts {
  active: boolean;
  roles: StaffRole[];
  displayName: string;
  departmentIds: string[];
  leadOf: string[];
}

/**
 * A way a clinical staff member comes to care for a patient (an appointment or visit in their department, a
 * consultation assigned to them, later a follow-up plan they are on). `since` is the start of the care window.
 */
export type CareSource = (staff: StaffPrincipal, patientId: string, since: Date) => Promise<boolean>;

/**
 * The facts the access policy reads, supplied by the modules that own them (staff, patients, appointments,
 * consultations …) when they start: the policy lives in common/auth and depends on no module.
 */
@Injectable()
export class AccessDirectory {
  private staffLoader: ((staffId: string) => Promise<StaffFacts | null>) | null = null;
  private profileResolver: ((accountId: string, patientId: string | undefined) => Promise<ActingProfile | null>) | null = null;
  private patientChecker: ((patientId: string) => Promise<boolean>) | null = null;
  private readonly care = new Map<string, CareSource>();
  private consentsMissing: ((patientId: string) => Promise<ConsentKind[]>) | null = null;
  private realNameParts: ((patientId: string, profile?: ActingProfile) => Promise<RealNamePart[]>) | null = null;

  /** The consents module: which required consents (at their current versions) a profile lacks. */
  provideConsents(missing: (patientId: string) => Promise<ConsentKind[]>): void {
    this.consentsMissing = missing;
  }

  /** The patients module: what a profile lacks before it can book or consult (实名); `profile`: one it resolved just now. */
  provideRealName(missing: (patientId: string, profile?: ActingProfile) => Promise<RealNamePart[]>): void {
    this.realNameParts = missing;
  }

  missingConsents(patientId: string): Promise<ConsentKind[]> {
    if (!this.consentsMissing) throw new Error('no consent checker registered (the consents module provides it)');
    return this.consentsMissing(patientId);
  }

  missingRealName(patientId: string, profile?: ActingProfile): Promise<RealNamePart[]> {
    if (!this.realNameParts) throw new Error('no real-name checker registered (the patients module provides it)');
    return this.realNameParts(patientId, profile);
  }

  private sessionChecker: ((sessionId: string) => Promise<boolean>) | null = null;
  private sessionEnder: ((subject: { kind: 'account' | 'staff'; id: string }) => Promise<string[]>) | null = null;

  /** The auth module answers whether a session is alive, and ends all sessions of a subject (returning their ids). */
  provideSessions(active: (sessionId: string) => Promise<boolean>, endAll: (subject: { kind: 'account' | 'staff'; id: string }) => Promise<string[]>): void {
    this.sessionChecker = active;
    this.sessionEnder = endAll;
  }

  sessionActive(sessionId: string): Promise<boolean> {
    if (!this.sessionChecker) throw new Error('no session checker registered (the auth module provides it)');
    return this.sessionChecker(sessionId);
  }

  endSessionsOf(subject: { kind: 'account' | 'staff'; id: string }): Promise<string[]> {
    if (!this.sessionEnder) throw new Error('no session checker registered (the auth module provides it)');
    return this.sessionEnder(subject);
  }

  provideStaff(loader: (staffId: string) => Promise<StaffFacts | null>): void {
    this.staffLoader = loader;
  }

  provideProfiles(
    resolver: (accountId: string, patientId: string | undefined) => Promise<ActingProfile | null>,
    exists: (patientId: string) => Promise<boolean>,
  ): void {
    this.profileResolver = resolver;
    this.patientChecker = exists;
  }

  addCareSource(name: string, source: CareSource): void {
    if (this.care.has(name)) throw new Error(`care source ${name} registered twice`);
    this.care.set(name, source);
  }

  staff(staffId: string): Promise<StaffFacts | null> {
    if (!this.staffLoader) throw new Error('no staff directory registered (the staff module provides it)');
    return this.staffLoader(staffId);
  }

  /** The chosen profile if the account manages it, else the account holder's own; null when there is none. */
  profile(accountId: string, patientId: string | undefined): Promise<ActingProfile | null> {
    if (!this.profileResolver) throw new Error('no profile resolver registered (the patients module provides it)');
    return this.profileResolver(accountId, patientId);
  }

  patientExists(patientId: string): Promise<boolean> {
    if (!this.patientChecker) throw new Error('no profile resolver registered (the patients module provides it)');
    return this.patientChecker(patientId);
  }

  /** The name of the first care source that links the staff member to the patient, or null. */
  async careRelationship(staff: StaffPrincipal, patientId: string, since: Date): Promise<string | null> {
    for (const [name, source] of this.care) if (await source(staff, patientId, since)) return name;
    return null;
  }

  get careSources(): string[] {
    return [...this.care.keys()];
  }
}
