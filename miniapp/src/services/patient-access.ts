import type { BreakGlassGrantView, BreakGlassRequest, BreakGlassResponse, Page } from '@yiban/shared';
import { staffApi } from './api';

/**
 * Staff reaching a patient's record outside a care relationship: breaking the glass (a reason, audited, for a while)
 * and the admins' list of every such read.
 */

/** Never repeated by the request module: each call is a new grant and a new line in the audit log. */
export const breakTheGlass = (patientId: string, reason: string) =>
  staffApi.post<BreakGlassResponse>(`/patients/${encodeURIComponent(patientId)}/break-glass`, { reason: reason.trim() } satisfies BreakGlassRequest, {
    retry: false,
  });

/** Admins: every grant, newest first, page by page. */
export const listBreakGlassGrants = (cursor: string | null, limit = 20) =>
  staffApi.get<Page<BreakGlassGrantView>>('/admin/break-glass', { query: { limit, cursor: cursor ?? undefined } });
