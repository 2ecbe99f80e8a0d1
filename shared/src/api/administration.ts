import type { AuditAction } from '../enums.js';
import type { StaffRole } from '../roles.js';
import type { ConsultationKind } from './consultations.js';
import type { StaffView } from './staff.js';

/** Roles that work in one department (its clinic days, its consultations): an account with one of them names it. */
export const DEPARTMENT_ROLES: readonly StaffRole[] = ['doctor', 'nurse'];

/** A staff account as administrators manage it (`GET /staff`). */
export interface StaffAccountView extends StaffView {
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

/** `GET /staff` filters: words in the username or display name, one role, active or disabled. */
export interface StaffAccountsQuery {
  q?: string;
  role?: StaffRole;
  active?: boolean;
}

/** `POST /staff`. */
export interface CreateStaffRequest {
  username: string;
  password: string;
  displayName: string;
  roles: StaffRole[];
  departmentId?: string;
}

/** `PATCH /staff/{id}`: `departmentId: null` takes the department away (allowed only for roles that need none). */
export interface UpdateStaffRequest {
  displayName?: string;
  roles?: StaffRole[];
  departmentId?: string | null;
  active?: boolean;
}

/** `POST /staff/{id}/password`: a new password set by an admin; the member's sessions end at once. */
export interface ResetStaffPasswordRequest {
  password: string;
}

/** `GET /audit-logs` filters; `from`/`to` are hospital-time dates, both ends included. */
export interface AuditLogQuery {
  actorStaffId?: string;
  patientId?: string;
  action?: AuditAction;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** One audit entry as admins read it: who (and with which roles then), what, whose record, why, when. */
export interface AuditLogView {
  id: string;
  at: string;
  actorStaffId: string;
  actorName: string | null;
  actorUsername: string | null;
  /** The roles the member held at the time, comma-separated (as stored). */
  actorRoles: string;
  action: AuditAction;
  patientId: string | null;
  /** The patient's name and masked identifiers (admins are clinical staff); null when no patient or none found. */
  patient: { name: string | null; phoneMasked: string | null; idNumberMasked: string | null } | null;
  resource: string;
  resourceId: string | null;
  purpose: string | null;
  requestId: string | null;
}

export interface AuditLogPage {
  items: AuditLogView[];
  nextCursor: string | null;
}

/** `GET /staff/consult-ratings` filters; `from`/`to` are hospital-time dates of the rating, both ends included. */
export interface ConsultRatingsQuery {
  from?: string;
  to?: string;
  /** Only ratings at or below this score (1–5): "what went wrong". */
  maxScore?: number;
  departmentId?: string;
  limit?: number;
  cursor?: string;
}

/** A rated consultation as service staff judge the service: the score and the patient's words, not the chat. */
export interface ConsultRatingView {
  consultationId: string;
  kind: ConsultationKind;
  departmentId: string;
  departmentName: string;
  /** Who answered (the assignee), if anyone did. */
  staffName: string | null;
  /** Masked (张*丰) for readers who are not clinical staff. */
  patientName: string | null;
  patientNameMasked: boolean;
  score: number;
  comment: string | null;
  ratedAt: string;
  closedAt: string | null;
}

/** Every rating that matches the filters (not just this page): how many, the average, how many of each score. */
export interface ConsultRatingSummary {
  count: number;
  /** One decimal; null when there are none. */
  average: number | null;
  /** Counts of scores 1, 2, 3, 4 and 5, in that order. */
  distribution: [number, number, number, number, number];
}

export interface ConsultRatingsPage {
  summary: ConsultRatingSummary;
  items: ConsultRatingView[];
  nextCursor: string | null;
}
