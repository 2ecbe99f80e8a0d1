import type { Locale, StaffRole } from '@yiban/shared';

/** A WeChat account holder: acts for one of the patient profiles the account manages. */
export interface AccountPrincipal {
  kind: 'account';
  accountId: string;
  sessionId: string;
  roles: ['patient'];
}

/**
 * A staff member as the policy sees them, loaded once per request from the staff record (not the token): roles,
 * the departments they work in and the departments they lead. A role change or a disabled account takes effect
 * on the next request.
 */
export interface StaffPrincipal {
  kind: 'staff';
  staffId: string;
  sessionId: string;
  roles: StaffRole[];
  departmentIds: string[];
  /** Departments this member leads (escalations, the department's overdue list, canned replies). */
  leadOf: string[];
  displayName: string;
}

export type Principal = AccountPrincipal | StaffPrincipal;

/** What the guard resolved for a patient route: the profile acted for (checked to belong to the account). */
export interface ActingProfile {
  id: string;
  accountId: string | null;
  name: string | null;
  language: Locale;
  timeZone: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** The profile a patient endpoint acts for, resolved and ownership-checked by the guard. */
    actingPatient?: ActingProfile;
  }
}
