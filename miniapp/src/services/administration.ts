import type {
  AuditLogPage,
  AuditLogQuery,
  ConsultRatingsPage,
  ConsultRatingsQuery,
  CreateStaffRequest,
  StaffAccountsQuery,
  StaffAccountView,
  UpdateStaffRequest,
} from '@yiban/shared';
import { staffApi } from './api';

/** The console's administration: staff accounts and the audit log (admins), consultation ratings (service desk, admins). */

export const listStaffAccounts = (query: StaffAccountsQuery = {}) =>
  staffApi.get<StaffAccountView[]>('/staff', { query: { q: query.q?.trim() || undefined, role: query.role, active: query.active } });

/** Never repeated by the request module: a second try would answer STAFF_USERNAME_TAKEN for the account just made. */
export const createStaffAccount = (body: CreateStaffRequest) => staffApi.post<StaffAccountView>('/staff', body, { retry: false });

export const updateStaffAccount = (id: string, body: UpdateStaffRequest) =>
  staffApi.patch<StaffAccountView>(`/staff/${encodeURIComponent(id)}`, body, { retry: false });

/** A new password set by an admin; the member's sessions end at once. */
export const resetStaffPassword = (id: string, password: string) =>
  staffApi.post<StaffAccountView>(`/staff/${encodeURIComponent(id)}/password`, { password }, { retry: false });

export const listAuditLog = (query: AuditLogQuery) => staffApi.get<AuditLogPage>('/audit-logs', { query: { ...query } });

export const listConsultRatings = (query: ConsultRatingsQuery) => staffApi.get<ConsultRatingsPage>('/staff/consult-ratings', { query: { ...query } });
