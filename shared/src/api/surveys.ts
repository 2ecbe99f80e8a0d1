import type { NpsClass, QualityDimension, QuestionKind, QuestionnaireDefinition, QuestionnaireProblem, ShowIf, Touchpoint } from '../questionnaire.js';

/** An item as the reader reads it: texts in their language (the Chinese when no English was entered). */
export interface QuestionItemView {
  id: string;
  kind: QuestionKind;
  text: string;
  required: boolean;
  scale?: 5 | 7;
  options?: { value: string; label: string }[];
  unit?: string;
  min?: number;
  max?: number;
  decimals?: number;
  showIf?: ShowIf;
  dimension?: QualityDimension;
  touchpoint?: Touchpoint;
  /** Expectation or perception of a gap-scored statement. */
  pairRole?: 'expectation' | 'perception';
}

export interface QuestionnaireView {
  title: string;
  intro: string | null;
  items: QuestionItemView[];
}

export type TemplatePurposeCode = 'survey' | 'followup';

/** A template for staff: what it is, its published version rendered, and the definition of its newest version to edit. */
export interface SurveyTemplateView extends QuestionnaireView {
  id: string;
  key: string;
  purpose: TemplatePurposeCode;
  /** 0 while none is published. */
  publishedVersion: number;
  latestVersion: number;
  /** A newer version than the published one is being edited. */
  hasDraft: boolean;
  /** The newest version's definition, both languages (the editor's input). */
  definition: QuestionnaireDefinition;
  updatedAt: string;
}

export interface SaveTemplateRequest {
  key?: string;
  purpose?: TemplatePurposeCode;
  definition: QuestionnaireDefinition;
}

/** A refused definition: `SURVEY_TEMPLATE_INVALID` with these in `details.problems`. */
export type TemplateProblems = QuestionnaireProblem[];

export type SurveyInvitationStatus = 'pending' | 'answered' | 'expired';

export interface SurveyInvitationView {
  id: string;
  status: SurveyInvitationStatus;
  /** What it asks about, when known (a visit's department). */
  departmentId: string | null;
  template: QuestionnaireView & { key: string };
  createdAt: string;
  expiresAt: string;
  answeredAt: string | null;
}

export interface SurveyAnswer {
  itemId: string;
  value: number | string | string[];
}

export interface SurveyResponseResult {
  scores: {
    nps?: number;
    npsClass?: NpsClass;
    gap?: Partial<Record<QualityDimension, number>>;
    topBoxShare: number | null;
  };
  /** Set when the answers opened a service issue (a low score, a detractor, a complaint). */
  serviceIssueId?: string;
  /** Set when answers crossed a red-flag threshold (a follow-up questionnaire): the care team is alerted at once. */
  redFlag?: true;
}

/** Staff sending one by hand. */
export interface CreateInvitationRequest {
  patientId: string;
  templateId: string;
}

/**
 * The care events that invite: a completed visit, a discharge (an inpatient stay recorded as ended), a closed online
 * consultation (the chat's rating answers it), a resolved service issue (the re-survey), a VIP club event attended.
 */
export const SURVEY_TRIGGER_CODES = ['visit_completed', 'discharge', 'consultation_closed', 'issue_resolved', 'event_attended'] as const;
export type SurveyTriggerCode = (typeof SURVEY_TRIGGER_CODES)[number];

/** A trigger's settings (admins): whether it invites, which template, after how long, for how long. */
export interface SurveyTriggerSettings {
  trigger: SurveyTriggerCode;
  enabled: boolean;
  templateKey: string;
  delayHours: number;
  expiresAfterDays: number;
  /** The one reminder, this many hours after the invitation (0: none). */
  remindAfterHours: number;
}

export type ServiceIssueStatusFilter = 'open' | 'overdue' | 'resolved' | 'all';

export interface ServiceIssueView {
  id: string;
  patient: { id: string; name: string | null };
  source: 'low_score' | 'detractor' | 'complaint';
  reasons: ('low_score' | 'detractor' | 'complaint')[];
  status: 'open' | 'resolved';
  overdue: boolean;
  dueAt: string;
  escalatedAt: string | null;
  assignedTo: { id: string; name: string } | null;
  departmentId: string | null;
  resolution: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

/** One issue with what the patient said: the low ratings (item texts) and their words, and the staff's notes. */
export interface ServiceIssueDetail extends ServiceIssueView {
  lowRatings: { itemId: string; text: string; value: number; scale: number }[];
  nps: number | null;
  patientWords: string[];
  notes: { id: string; staff: { id: string; name: string }; text: string; createdAt: string }[];
}

export interface ServiceIssueSummary {
  open: number;
  overdue: number;
  resolved: number;
  /** Mean hours from opening to resolution over resolved issues (null when none). */
  meanHoursToResolve: number | null;
}

/** One cell of the gap heat map, or one row of a breakdown: the mean P − E over `n` answered pairs. */
export interface GapCell {
  dimension: QualityDimension;
  touchpoint: Touchpoint | null;
  gap: number;
  expectation: number;
  perception: number;
  n: number;
}

/**
 * `GET /api/v1/analytics/service-quality?from=&to=` (aggregates only; hospital-time dates, both included; at most
 * 366 days; default the last 90 days). Optional `departmentId` or `doctorId` narrows everything but the issues to one
 * department or doctor.
 */
export interface ServiceQualityReport {
  from: string;
  to: string;
  responses: number;
  nps: { score: number | null; promoters: number; passives: number; detractors: number; answered: number };
  boxes: { top: number; middle: number; bottom: number; topBoxShare: number | null };
  byDimension: { dimension: QualityDimension; gap: number; n: number }[];
  /** Dimension × touchpoint (the heat map). */
  grid: GapCell[];
  /** The five cells furthest below expectation. */
  lowest: GapCell[];
  byDepartment: { departmentId: string; name: string; gap: number | null; nps: number | null; responses: number }[];
  byDoctor: { doctorId: string; name: string; gap: number | null; nps: number | null; responses: number }[];
  /** Per week (Monday, hospital time). */
  trend: { week: string; responses: number; nps: number | null; topBoxShare: number | null; gap: number | null }[];
  /** The gap by dimension per week (the heat map over time). */
  overTime: { week: string; dimension: QualityDimension; gap: number; n: number }[];
  /** Service issues now (not limited to the dates). */
  issues: ServiceIssueSummary;
}
