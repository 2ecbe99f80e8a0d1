import type { StaffRole } from '../roles.js';

export interface StaffView {
  id: string;
  username: string;
  displayName: string;
  roles: StaffRole[];
  departmentId: string | null;
  doctorId: string | null;
}

/** How a staff member reached a patient's record: a care relationship, or a break-the-glass grant open until `until`. */
export interface RecordAccess {
  via: 'care' | 'break_glass';
  until: string | null;
}

/** `POST /patients/{id}/break-glass`: a record opened outside one's care, for a while. */
export interface BreakGlassRequest {
  reason: string;
}

export interface BreakGlassResponse {
  grantId: string;
  expiresAt: string;
}

/** One break-the-glass read as admins review it. */
export interface BreakGlassGrantView {
  id: string;
  staffId: string;
  staffName: string | null;
  patientId: string;
  patientName: string | null;
  reason: string;
  createdAt: string;
  expiresAt: string;
}
