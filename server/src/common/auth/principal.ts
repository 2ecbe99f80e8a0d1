import type { StaffRole } from '@yiban/shared';
import type { Patient } from '../../modules/patients/patient.entity.js';

/** A WeChat account holder: acts for one of the patient profiles the account manages. */
export interface AccountPrincipal {
  kind: 'account';
  accountId: string;
  sessionId: string;
  roles: ['patient'];
}

export interface StaffPrincipal {
  kind: 'staff';
  staffId: string;
  sessionId: string;
  roles: StaffRole[];
}

export type Principal = AccountPrincipal | StaffPrincipal;

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** The profile a patient endpoint acts for, resolved and ownership-checked by the guard. */
    actingPatient?: Patient;
  }
}
