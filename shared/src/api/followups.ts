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
  /** Both languages as entered (the editor's input). */
  edit: Omit<SaveFollowupTemplateRequest, 'key'>;
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

/** `POST /api/v1/followups/templates`, `PUT /api/v1/followups/templates/{id}` (admins and case managers). */
export interface SaveFollowupTemplateRequest {
  /** Only when creating: lower-case letters, digits and _. */
  key?: string;
  name: string;
  nameEn?: string | null;
  description?: string | null;
  descriptionEn?: string | null;
  match: FollowupMatch;
  steps: FollowupStep[];
  active: boolean;
}

/** A problem with a template, where it is (`steps.2.title`) and what (a code the console words). */
export interface FollowupTemplateProblem {
  path: string;
  problem: 'required' | 'tooLong' | 'range' | 'unknown' | 'duplicate' | 'tooBroad' | 'format' | 'count' | 'notPublished';
}

export const MAX_FOLLOWUP_STEPS = 30;
export const MAX_FOLLOWUP_OFFSET_DAYS = 365;
const KEY = /^[a-z][a-z0-9_]{1,39}$/;
const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** An ICD-10 prefix: a letter and up to two digits, optionally a dot and up to four more (I1, I10, E11.6). */
const ICD10_PREFIX = /^[A-Z][0-9]{0,2}(\.[0-9A-Z]{1,4})?$/;

/**
 * Every problem of a follow-up template, with its path: names and titles present and short, 1–30 steps at whole
 * days 0–365 of known kinds, a questionnaire step naming its questionnaire, match rules well formed — and an automatic
 * enrolment narrowed by a department or a diagnosis (an empty rule would enrol every visit). The server also checks
 * that each questionnaire is published.
 */
export function checkFollowupTemplate(t: SaveFollowupTemplateRequest): FollowupTemplateProblem[] {
  const problems: FollowupTemplateProblem[] = [];
  const add = (path: string, problem: FollowupTemplateProblem['problem']) => problems.push({ path, problem });
  const text = (path: string, value: unknown, max: number, required: boolean) => {
    if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
      if (required) add(path, 'required');
    } else if (typeof value !== 'string') add(path, 'format');
    else if (value.length > max) add(path, 'tooLong');
  };
  if (t.key !== undefined && (typeof t.key !== 'string' || !KEY.test(t.key))) add('key', 'format');
  text('name', t.name, 80, true);
  text('nameEn', t.nameEn, 80, false);
  text('description', t.description, 500, false);
  text('descriptionEn', t.descriptionEn, 500, false);
  if (typeof t.active !== 'boolean') add('active', 'required');
  const m = t.match as Partial<FollowupMatch> | undefined;
  if (!m || typeof m !== 'object') add('match', 'required');
  else {
    if (m.on !== null && m.on !== 'visit' && m.on !== 'discharge') add('match.on', 'unknown');
    if (!Array.isArray(m.departmentIds) || m.departmentIds.length > 20) add('match.departmentIds', 'format');
    else m.departmentIds.forEach((d, i) => (typeof d !== 'string' || !ID.test(d)) && add(`match.departmentIds.${i}`, 'format'));
    if (!Array.isArray(m.diagnosisPrefixes) || m.diagnosisPrefixes.length > 30) add('match.diagnosisPrefixes', 'format');
    else m.diagnosisPrefixes.forEach((d, i) => (typeof d !== 'string' || !ICD10_PREFIX.test(d)) && add(`match.diagnosisPrefixes.${i}`, 'format'));
    if (m.on && Array.isArray(m.departmentIds) && Array.isArray(m.diagnosisPrefixes) && !m.departmentIds.length && !m.diagnosisPrefixes.length)
      add('match', 'tooBroad');
  }
  if (!Array.isArray(t.steps) || t.steps.length < 1 || t.steps.length > MAX_FOLLOWUP_STEPS) {
    add('steps', 'count');
    return problems;
  }
  t.steps.forEach((s, i) => {
    const at = `steps.${i}`;
    if (!s || typeof s !== 'object') return add(at, 'format');
    if (!Number.isInteger(s.offsetDays) || s.offsetDays < 0 || s.offsetDays > MAX_FOLLOWUP_OFFSET_DAYS) add(`${at}.offsetDays`, 'range');
    if (!(FOLLOWUP_STEP_KINDS as readonly string[]).includes(s.kind)) add(`${at}.kind`, 'unknown');
    text(`${at}.title`, s.title, 60, true);
    text(`${at}.titleEn`, s.titleEn, 80, false);
    if (s.kind === 'questionnaire' && (typeof s.questionnaireKey !== 'string' || !KEY.test(s.questionnaireKey))) add(`${at}.questionnaireKey`, 'required');
    if (s.kind !== 'questionnaire' && s.questionnaireKey !== undefined) add(`${at}.questionnaireKey`, 'unknown');
    if (s.articleId !== undefined && (s.kind !== 'education' || typeof s.articleId !== 'string' || !ID.test(s.articleId))) add(`${at}.articleId`, 'format');
    if (s.articleTag !== undefined && (s.kind !== 'education' || typeof s.articleTag !== 'string' || !s.articleTag.trim() || s.articleTag.length > 40))
      add(`${at}.articleTag`, 'format');
  });
  return problems;
}

/** The template as stored: steps in day order, only the known fields, trimmed words. */
export function cleanFollowupTemplate(t: SaveFollowupTemplateRequest): Omit<SaveFollowupTemplateRequest, 'key'> {
  const trim = (v: string | null | undefined) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return {
    name: t.name.trim(),
    nameEn: trim(t.nameEn),
    description: trim(t.description),
    descriptionEn: trim(t.descriptionEn),
    active: t.active,
    match: { on: t.match.on, departmentIds: [...new Set(t.match.departmentIds)], diagnosisPrefixes: [...new Set(t.match.diagnosisPrefixes)] },
    steps: t.steps
      .map((s) => ({
        offsetDays: s.offsetDays,
        kind: s.kind,
        title: s.title.trim(),
        ...(trim(s.titleEn) && { titleEn: trim(s.titleEn)! }),
        ...(s.kind === 'questionnaire' && { questionnaireKey: s.questionnaireKey }),
        ...(s.kind === 'education' && s.articleId && { articleId: s.articleId }),
        ...(s.kind === 'education' && trim(s.articleTag) && { articleTag: trim(s.articleTag)! }),
      }))
      .sort((a, b) => a.offsetDays - b.offsetDays),
  };
}
