import { Injectable } from '@nestjs/common';
import type { StaffRole } from '@yiban/shared';
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
