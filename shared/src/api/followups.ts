/**
 * Follow-up plans (随访): templates per condition or clinical pathway with steps at day offsets, plans a patient is
 * enrolled on, and the tasks the steps become. Dates are hospital dates (YYYY-MM-DD): a step due on day 3 is due on
 * the hospital's third calendar day after the start, wherever the patient is.
 */

/** What a step asks for: a call by the case manager, a questionnaire, a reminder, a suggested revisit, an article. */
export const FOLLOWUP_STEP_KINDS = ['call', 'questionnaire', 'reminder', 'revisit', 'education'] as const;
export type FollowupStepKind = (typeof FOLLOWUP_STEP_KINDS)[number];

/** A task is pending until done; skipped when it could not happen (consent withdrawn); cancelled with its plan. */
export const FOLLOWUP_TASK_STATUSES = ['pending', 'done', 'skipped', 'cancelled'] as const;
export type FollowupTaskStatus = (typeof FOLLOWUP_TASK_STATUSES)[number];

/** The case-manager workbench's boxes. `escalated` are red-flag tasks still open, shown first. */
export const FOLLOWUP_BOXES = ['today', 'overdue', 'escalated', 'upcoming', 'done'] as const;
export type FollowupBox = (typeof FOLLOWUP_BOXES)[number];

/**
 * How a task ended. Calls: reached (all well), reached_concern (a problem, noted), no_answer (tried again tomorrow,
 * up to three tries), wrong_number, declined. Red-flag calls also: referred_to_doctor, advised_visit,
 * advised_emergency. Questionnaires: answered (by the patient), answered_by_phone, not_reached. Revisits: visited (a
 * visit was recorded), booked, declined. Reminders and articles: sent. Skipped: consent_withdrawn.
 */
export const FOLLOWUP_OUTCOMES = [
  'reached',
  'reached_concern',
  'no_answer',
  'wrong_number',
  'declined',
  'referred_to_doctor',
  'advised_visit',
  'advised_emergency',
  'answered',
  'answered_by_phone',
  'not_reached',
  'visited',
  'booked',
  'sent',
  'consent_withdrawn',
] as const;
export type FollowupOutcome = (typeof FOLLOWUP_OUTCOMES)[number];

/** A plan: how it came (enrolled by staff, or by a visit or discharge matching the template), and its state. */
export const FOLLOWUP_PLAN_SOURCES = ['staff', 'visit', 'discharge'] as const;
export type FollowupPlanSource = (typeof FOLLOWUP_PLAN_SOURCES)[number];
export const FOLLOWUP_PLAN_STATUSES = ['active', 'completed', 'stopped'] as const;
export type FollowupPlanStatus = (typeof FOLLOWUP_PLAN_STATUSES)[number];

export interface FollowupStep {
  /** Days after the plan's start (0 = the start day). */
  offsetDays: number;
  kind: FollowupStepKind;
  title: string;
  titleEn?: string;
  /** questionnaire: the questionnaire template's key (e.g. post_op). */
  questionnaireKey?: string;
  /** education: an article; else articles with this tag. */
  articleId?: string;
  articleTag?: string;
}

/** Which visits enrol a patient automatically: a clinic visit or a discharge, in these departments, with these diagnoses. */
export interface FollowupMatch {
  on: 'visit' | 'discharge' | null;
  /** Empty: any department. */
  departmentIds: string[];
  /** ICD-10 prefixes (e.g. I10, E11, K35); empty: any diagnosis. */
  diagnosisPrefixes: string[];
}

export interface FollowupTemplateView {
  id: string;
  key: string;
  name: string;
  description: string | null;
  match: FollowupMatch;
  steps: (FollowupStep & { index: number; titleShown: string })[];
  active: boolean;
}

/** `POST /api/v1/followups/enrolments`. `startsOn` defaults to today (hospital date); `departmentId` to the template's or the patient's latest visit's. */
export interface EnrolRequest {
  patientId: string;
  templateId: string;
  startsOn?: string;
  departmentId?: string;
  /** The case manager who runs it (a case_manager); default: the enrolling case manager, else the pool. */
  caseManagerId?: string;
}

export interface FollowupTaskView {
  id: string;
  planId: string;
  dueOn: string;
  kind: FollowupStepKind;
  status: FollowupTaskStatus;
  title: string;
  /** A red-flag escalation: why (the answers that crossed a threshold, as the patient gave them). */
  escalated: boolean;
  escalation: { itemId: string; text: string; value: string }[] | null;
  outcome: FollowupOutcome | null;
  note: string | null;
  attempts: number;
  completedAt: string | null;
  /** questionnaire: the invitation to answer, once sent. */
  invitationId: string | null;
  /** revisit: where to book. */
  departmentId: string | null;
  /** education: the article (or the tag to list). */
  articleId: string | null;
  articleTag: string | null;
}

/** A task in the workbench: with whose it is and the plan it belongs to. */
export interface WorkbenchTaskView extends FollowupTaskView {
  patient: { id: string; name: string | null; phone: string | null };
  plan: { id: string; templateName: string; startsOn: string };
  caseManager: { id: string; name: string } | null;
  overdue: boolean;
}

export interface FollowupPlanView {
  id: string;
  patientId: string;
  templateId: string;
  templateKey: string;
  templateName: string;
  status: FollowupPlanStatus;
  source: FollowupPlanSource;
  startsOn: string;
  departmentId: string | null;
  caseManager: { id: string; name: string } | null;
  tasks: FollowupTaskView[];
  /** The first pending task (what is next), if any. */
  nextTaskId: string | null;
  createdAt: string;
}

/** `POST /api/v1/followups/tasks/{id}/complete`. */
export interface CompleteTaskRequest {
  outcome: FollowupOutcome;
  note?: string;
}

/** `POST /api/v1/followups/tasks/{id}/reschedule`. */
export interface RescheduleTaskRequest {
  dueOn: string;
  note?: string;
}

export interface FollowupBoxCounts {
  today: number;
  overdue: number;
  escalated: number;
  upcoming: number;
}

/** `GET /api/v1/analytics/followups?from=&to=`: completion and escalation rates (tasks due in the dates). */
export interface FollowupReport {
  from: string;
  to: string;
  rows: {
    /** 'template' or 'case_manager'. */
    by: 'template' | 'case_manager';
    id: string | null;
    name: string;
    due: number;
    done: number;
    /** Still pending past their day. */
    overdue: number;
    escalations: number;
    completionRate: number | null;
    escalationRate: number | null;
  }[];
  totals: { plans: number; activePlans: number; due: number; done: number; escalations: number; completionRate: number | null };
}

/** `GET /api/v1/followups/tasks/{id}/answers`: what the patient answered to a questionnaire step (care team; audited). */
export interface FollowupAnswersView {
  taskId: string;
  title: string;
  answeredAt: string | null;
  items: { itemId: string; text: string; answer: string; redFlag: boolean }[];
}
