import type {
  CompleteTaskRequest,
  FollowupAnswersView,
  FollowupBox,
  FollowupBoxCounts,
  FollowupPlanView,
  FollowupReport,
  FollowupTemplateView,
  RecordVisitRequest,
  SaveFollowupTemplateRequest,
  VisitView,
  WorkbenchTaskView,
} from '@yiban/shared';
import { patientApi, staffApi } from './api';

/** Follow-up plans: the acting profile's plans; the case managers' workbench and report in the console. */

const id = (value: string) => encodeURIComponent(value);

export const FOLLOWUP_PLAN_PAGE = '/packages/followups/pages/plan/index';
export const FOLLOWUP_WORKBENCH_PAGE = '/packages/staff/pages/followups/index';

export const myFollowups = () => patientApi.get<FollowupPlanView[]>('/me/followups');

export const followupTemplates = () => staffApi.get<FollowupTemplateView[]>('/followups/templates');

export const workbench = (box: FollowupBox, cursor?: string | null) =>
  staffApi.get<{ items: WorkbenchTaskView[]; nextCursor: string | null; counts: FollowupBoxCounts }>('/followups/tasks', {
    query: { box, ...(cursor && { cursor }) },
  });

export const completeTask = (taskId: string, body: CompleteTaskRequest) => staffApi.post<WorkbenchTaskView>(`/followups/tasks/${id(taskId)}/complete`, body);

export const rescheduleTask = (taskId: string, dueOn: string, note?: string) =>
  staffApi.post<WorkbenchTaskView>(`/followups/tasks/${id(taskId)}/reschedule`, { dueOn, ...(note && { note }) });

export const followupReport = (query: { from?: string; to?: string }) => staffApi.get<FollowupReport>('/analytics/followups', { query });

export const followupReportCsv = (query: { from?: string; to?: string }) => staffApi.get<string>('/analytics/followups.csv', { query });

export const plansOfPatient = (patientId: string) => staffApi.get<FollowupPlanView[]>(`/followups/patients/${id(patientId)}/plans`);

export const enrolPatient = (patientId: string, templateId: string) => staffApi.post<FollowupPlanView>('/followups/enrolments', { patientId, templateId });

/** A discharge (or an outside visit) recorded by staff, until an HIS feeds them. */
export const recordVisit = (body: RecordVisitRequest) => staffApi.post<VisitView>('/visits', body);

/** Staff invite one patient to a questionnaire by hand. */
export const inviteToSurvey = (patientId: string, templateId: string) =>
  staffApi.post<{ id: string; status: 'pending'; expiresAt: string }>('/surveys/invitations', { patientId, templateId });

export const taskAnswers = (taskId: string) => staffApi.get<FollowupAnswersView>(`/followups/tasks/${id(taskId)}/answers`);

export const FOLLOWUP_TEMPLATES_PAGE = '/packages/staff/pages/followup-templates/index';

export const createFollowupTemplate = (body: SaveFollowupTemplateRequest) => staffApi.post<FollowupTemplateView>('/followups/templates', body);

export const updateFollowupTemplate = (templateId: string, body: SaveFollowupTemplateRequest) =>
  staffApi.request<FollowupTemplateView>(`/followups/templates/${id(templateId)}`, { method: 'PUT', body });
