import type {
  ServiceIssueDetail,
  ServiceIssueStatusFilter,
  ServiceIssueSummary,
  ServiceIssueView,
  QuestionnaireDefinition,
  SaveTemplateRequest,
  ServiceQualityReport,
  SurveyAnswer,
  SurveyInvitationView,
  SurveyResponseResult,
  SurveyTemplateView,
  SurveyTriggerSettings,
} from '@yiban/shared';
import { patientApi, staffApi } from './api';

/** Satisfaction surveys: the acting profile's invitations and their answers; service recovery in the console. */

const id = (value: string) => encodeURIComponent(value);

export const SURVEY_LIST_PAGE = '/packages/surveys/pages/list/index';
export const SURVEY_ANSWER_PAGE = '/packages/surveys/pages/answer/index';

export const myInvitations = () => patientApi.get<SurveyInvitationView[]>('/surveys/invitations');

export const getInvitation = (invitationId: string) => patientApi.get<SurveyInvitationView>(`/surveys/invitations/${id(invitationId)}`);

export const answerInvitation = (invitationId: string, answers: SurveyAnswer[]) =>
  patientApi.post<SurveyResponseResult>(`/surveys/invitations/${id(invitationId)}/response`, { answers });

// ---------------------------------------------------------------- staff: service recovery

export const SERVICE_ISSUES_PAGE = '/packages/staff/pages/service-issues/index';

export const listServiceIssues = (status: ServiceIssueStatusFilter, cursor?: string | null) =>
  staffApi.get<{ items: ServiceIssueView[]; nextCursor: string | null }>('/service-issues', { query: { status, ...(cursor && { cursor }) } });

export const serviceIssueSummary = () => staffApi.get<ServiceIssueSummary>('/service-issues/summary');

export const getServiceIssue = (issueId: string) => staffApi.get<ServiceIssueDetail>(`/service-issues/${id(issueId)}`);

export const takeServiceIssue = (issueId: string) => staffApi.post<ServiceIssueDetail>(`/service-issues/${id(issueId)}/assign`);

export const noteServiceIssue = (issueId: string, text: string) => staffApi.post<ServiceIssueDetail>(`/service-issues/${id(issueId)}/notes`, { text });

export const resolveServiceIssue = (issueId: string, resolution: string) =>
  staffApi.post<ServiceIssueDetail>(`/service-issues/${id(issueId)}/resolve`, { resolution });

// ---------------------------------------------------------------- staff: the service-quality report (aggregates)

export const SERVICE_QUALITY_PAGE = '/packages/staff/pages/service-quality/index';

export const serviceQuality = (query: { from?: string; to?: string; departmentId?: string }) =>
  staffApi.get<ServiceQualityReport>('/analytics/service-quality', { query });

export const serviceQualityCsv = (query: { from?: string; to?: string }) => staffApi.get<string>('/analytics/service-quality.csv', { query });

// ---------------------------------------------------------------- staff: templates and triggers

export const SURVEY_TEMPLATES_PAGE = '/packages/staff/pages/survey-templates/index';

export const listSurveyTemplates = () => staffApi.get<SurveyTemplateView[]>('/surveys/templates');

export const createSurveyTemplate = (body: SaveTemplateRequest) => staffApi.post<SurveyTemplateView>('/surveys/templates', body);

export const saveSurveyDraft = (templateId: string, definition: QuestionnaireDefinition) =>
  staffApi.request<SurveyTemplateView>(`/surveys/templates/${id(templateId)}/draft`, { method: 'PUT', body: { definition } });

export const publishSurveyTemplate = (templateId: string) => staffApi.post<SurveyTemplateView>(`/surveys/templates/${id(templateId)}/publish`);

export const surveyTriggers = () => staffApi.get<SurveyTriggerSettings[]>('/surveys/triggers');

export const updateSurveyTrigger = (settings: SurveyTriggerSettings) => {
  const { trigger, ...body } = settings;
  return staffApi.request<SurveyTriggerSettings[]>(`/surveys/triggers/${id(trigger)}`, { method: 'PUT', body });
};
