import { CLINICAL_ROLES, type ErrorCode, type MemberTier, type StaffRole } from '@yiban/shared';
import type { Principal, StaffPrincipal } from './principal.js';

/**
 * Who may do what, as pure rules over the principal and the resource's facts. Three outcomes:
 * - `allow`;
 * - `hidden`: the caller may not know it exists → the resource's not-found code (so ids cannot be probed);
 * - `denied`: the caller may see it but not do this → FORBIDDEN_ROLE.
 * Reading a patient's record (care relationship, break the glass) needs the database and is in AccessPolicy.
 */
export type AccessOutcome = 'allow' | 'hidden' | 'denied';

/** Staff who work with patients' visits: front desk, clinic, case management, service desk. Marketing never sees them one by one. */
export const CLINIC_ROLES: readonly StaffRole[] = ['admin', 'doctor', 'nurse', 'case_manager', 'service'];
/** Staff who treat: they may complete a visit. */
export const TREATING_ROLES: readonly StaffRole[] = ['admin', 'doctor', 'nurse'];
/** Staff who record a discharge or an outside visit for their department (the case manager writes up the discharge letter). */
export const RECORDING_ROLES: readonly StaffRole[] = ['admin', 'doctor', 'nurse', 'case_manager'];
/** Staff who run follow-up plans: case managers, and the treating doctors and nurses. */
export const FOLLOWUP_ROLES: readonly StaffRole[] = ['admin', 'case_manager', 'doctor', 'nurse'];
/** Staff who review chat messages held by content security. */
export const REVIEW_ROLES: readonly StaffRole[] = ['service', 'admin'];
/** Staff who read patients' ratings of closed consultations (the service, not the clinical content). */
export const RATING_ROLES: readonly StaffRole[] = ['service', 'admin'];
/** Who runs the VIP club: create and publish events, see registrations and attendance. */
export const CLUB_ROLES: readonly StaffRole[] = ['marketing', 'admin'];
/** Who checks people in at the door (club staff and the service desk). */
export const CHECK_IN_ROLES: readonly StaffRole[] = ['marketing', 'admin', 'service'];

export interface ResourceFacts {
  appointment: { accountId: string; departmentId: string };
  consultation: { accountId: string; departmentId: string; assigneeStaffId: string | null };
  waitlist_entry: { accountId: string };
  /** A department's staff-side work: its schedule, its day list, its consultation pool. */
  department: { departmentId: string };
  /** Chat messages held by content security, across departments. */
  held_messages: Record<string, never>;
  /** Patients' ratings and comments on closed consultations, across departments. */
  consult_ratings: Record<string, never>;
  /** A follow-up plan or one of its tasks: whose it is (the case manager, the department, the treating doctor's account). */
  followup: { caseManagerStaffId: string | null; departmentId: string | null; doctorStaffId: string | null };
  /** A VIP club event: which tiers may register (empty: all) and, for a patient, their tier. */
  club_event: { eligibleTiers: readonly MemberTier[]; tier: MemberTier | null };
  /** A registration for a club event: the account that made it. */
  club_registration: { accountId: string | null };
}
export type ResourceType = keyof ResourceFacts;

export interface ResourceActions {
  appointment: 'read' | 'cancel' | 'reschedule' | 'pay' | 'check_in' | 'complete' | 'no_show';
  consultation: 'read' | 'write' | 'close' | 'pay' | 'rate' | 'claim' | 'transfer' | 'note' | 'read_patient';
  waitlist_entry: 'read' | 'accept' | 'decline' | 'leave';
  department: 'manage_schedule' | 'list_appointments' | 'consult_inbox' | 'lead' | 'record_visits';
  held_messages: 'review';
  consult_ratings: 'read';
  followup: 'enrol' | 'read' | 'work' | 'stop';
  club_event: 'register' | 'manage' | 'read_registrations' | 'check_in';
  club_registration: 'read' | 'cancel' | 'confirm' | 'pay';
}

/** What a caller that may not see a resource is told. */
export const NOT_FOUND: Record<ResourceType, ErrorCode> = {
  appointment: 'APPOINTMENT_NOT_FOUND',
  consultation: 'CONSULTATION_NOT_FOUND',
  waitlist_entry: 'WAITLIST_NOT_FOUND',
  department: 'DEPARTMENT_NOT_FOUND',
  held_messages: 'NOT_FOUND',
  consult_ratings: 'NOT_FOUND',
  followup: 'FOLLOWUP_TASK_NOT_FOUND',
  club_event: 'EVENT_NOT_FOUND',
  club_registration: 'EVENT_REGISTRATION_NOT_FOUND',
};

const has = (staff: StaffPrincipal, roles: readonly StaffRole[]) => staff.roles.some((r) => roles.includes(r));
const isAdmin = (staff: StaffPrincipal) => staff.roles.includes('admin');
const inDepartment = (staff: StaffPrincipal, departmentId: string) => staff.departmentIds.includes(departmentId);
const leads = (staff: StaffPrincipal, departmentId: string) => isAdmin(staff) || staff.leadOf.includes(departmentId);
const yesNo = (allowed: boolean): AccessOutcome => (allowed ? 'allow' : 'denied');

export function isClinical(staff: Pick<StaffPrincipal, 'roles'>): boolean {
  return staff.roles.some((r) => CLINICAL_ROLES.includes(r));
}

/** Patients' names in full for clinical staff; masked (张*丰) for everyone else, who judge words and service, not people. */
export function seesPatientNames(staff: Pick<StaffPrincipal, 'roles'>): boolean {
  return isClinical(staff);
}

type Rule<T extends ResourceType> = (principal: Principal, action: ResourceActions[T], facts: ResourceFacts[T]) => AccessOutcome;

const RULES: { [T in ResourceType]: Rule<T> } = {
  appointment(p, action, a) {
    if (p.kind === 'account') {
      if (a.accountId !== p.accountId) return 'hidden';
      return yesNo(action === 'read' || action === 'cancel' || action === 'reschedule' || action === 'pay');
    }
    if (!has(p, CLINIC_ROLES) || !(isAdmin(p) || inDepartment(p, a.departmentId))) return 'hidden';
    if (action === 'pay') return 'denied';
    if (action === 'complete') return yesNo(has(p, TREATING_ROLES));
    return 'allow';
  },
  consultation(p, action, c) {
    if (p.kind === 'account') {
      if (c.accountId !== p.accountId) return 'hidden';
      return yesNo(['read', 'write', 'close', 'pay', 'rate'].includes(action));
    }
    // Marketing and service staff never read chats; clinical staff read their department's, those assigned to them, admins any.
    if (!isClinical(p) || !(isAdmin(p) || c.assigneeStaffId === p.staffId || inDepartment(p, c.departmentId))) return 'hidden';
    switch (action) {
      case 'read':
      case 'write':
      case 'close':
      case 'note':
      case 'read_patient':
        return 'allow';
      case 'claim':
        return yesNo(isAdmin(p) || inDepartment(p, c.departmentId));
      case 'transfer':
        return yesNo(c.assigneeStaffId === p.staffId || (!c.assigneeStaffId && inDepartment(p, c.departmentId)) || leads(p, c.departmentId));
      case 'pay':
      case 'rate':
        return 'denied';
    }
  },
  waitlist_entry(p, _action, e) {
    return p.kind === 'account' && e.accountId === p.accountId ? 'allow' : 'hidden';
  },
  department(p, action, d) {
    if (p.kind === 'account') return 'denied';
    const mine = isAdmin(p) || inDepartment(p, d.departmentId);
    switch (action) {
      case 'manage_schedule':
        return yesNo(mine && has(p, CLINIC_ROLES));
      case 'list_appointments':
        return yesNo(mine && has(p, CLINIC_ROLES));
      case 'consult_inbox':
        return yesNo(mine && isClinical(p));
      case 'lead':
        return yesNo(leads(p, d.departmentId));
      case 'record_visits':
        return yesNo(mine && has(p, RECORDING_ROLES));
    }
  },
  followup(p, action, f) {
    if (p.kind === 'account' || !has(p, FOLLOWUP_ROLES)) return 'hidden';
    if (isAdmin(p)) return 'allow';
    const department = f.departmentId !== null && inDepartment(p, f.departmentId);
    // Case managers run plans across departments: their own, the pool's, and their departments'.
    const caseManager = p.roles.includes('case_manager') && (f.caseManagerStaffId === null || f.caseManagerStaffId === p.staffId || department);
    // Treating staff: their department's plans, and the doctor told of a red flag.
    const treating = has(p, ['doctor', 'nurse']) && (department || f.doctorStaffId === p.staffId);
    if (action === 'enrol') return yesNo(p.roles.includes('case_manager') || (has(p, ['doctor', 'nurse']) && department));
    return caseManager || treating ? 'allow' : 'hidden';
  },
  club_event(p, action, e) {
    if (p.kind === 'account') {
      // Only the tiers the event is for (the caller's message names them); staff work is never a patient's.
      if (action !== 'register') return 'denied';
      return yesNo(!e.eligibleTiers.length || (e.tier !== null && e.eligibleTiers.includes(e.tier)));
    }
    if (action === 'register') return 'denied';
    // The door (check-in, and the lists it needs) is also the service desk's; creating and changing events is the club's.
    return yesNo(has(p, action === 'manage' ? CLUB_ROLES : CHECK_IN_ROLES));
  },
  club_registration(p, _action, r) {
    if (p.kind === 'staff') return 'hidden';
    return r.accountId === p.accountId ? 'allow' : 'hidden';
  },
  held_messages(p) {
    return p.kind === 'staff' && has(p, REVIEW_ROLES) ? 'allow' : 'denied';
  },
  consult_ratings(p) {
    return p.kind === 'staff' && has(p, RATING_ROLES) ? 'allow' : 'denied';
  },
};

/** The outcome for one (principal, action, resource). */
export function decide<T extends ResourceType>(principal: Principal, type: T, action: ResourceActions[T], facts: ResourceFacts[T]): AccessOutcome {
  return (RULES[type] as Rule<T>)(principal, action, facts);
}
