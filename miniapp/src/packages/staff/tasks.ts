import type { StaffRole } from '@yiban/shared';
import type { MessageKey } from '../../i18n';

export interface StaffTask {
  id: string;
  title: MessageKey;
  hint: MessageKey;
  /** The page that does it: only capabilities that exist are tasks (nothing is announced before it works). */
  url: string;
}

const TASKS = {
  inbox: { id: 'inbox', title: 'staff.task.inbox', hint: 'staff.task.inboxHint', url: '/packages/staff/pages/inbox/index' },
  reviews: { id: 'reviews', title: 'staff.task.reviews', hint: 'staff.task.reviewsHint', url: '/packages/staff/pages/reviews/index' },
  staff: { id: 'staff', title: 'staff.task.staff', hint: 'staff.task.staffHint', url: '/packages/staff/pages/accounts/index' },
  audit: { id: 'audit', title: 'staff.task.audit', hint: 'staff.task.auditHint', url: '/packages/staff/pages/audit/index' },
  ratings: { id: 'ratings', title: 'staff.task.ratings', hint: 'staff.task.ratingsHint', url: '/packages/staff/pages/ratings/index' },
  breakGlass: { id: 'breakGlass', title: 'staff.task.breakGlass', hint: 'staff.task.breakGlassHint', url: '/packages/staff/pages/break-glass/index' },
  schedule: { id: 'schedule', title: 'staff.task.schedule', hint: 'staff.task.scheduleHint', url: '/packages/staff/pages/schedule/index' },
  frontDesk: { id: 'frontDesk', title: 'staff.task.frontDesk', hint: 'staff.task.frontDeskHint', url: '/packages/staff/pages/appointments/index' },
  campaigns: { id: 'campaigns', title: 'staff.task.campaigns', hint: 'staff.task.campaignsHint', url: '/packages/staff/pages/campaigns/index' },
  campaignCalendar: {
    id: 'campaignCalendar',
    title: 'staff.task.campaignCalendar',
    hint: 'staff.task.campaignCalendarHint',
    url: '/packages/staff/pages/campaign-calendar/index',
  },
  campaignApprovals: {
    id: 'campaignApprovals',
    title: 'staff.task.campaignApprovals',
    hint: 'staff.task.campaignApprovalsHint',
    url: '/packages/staff/pages/campaign-approvals/index',
  },
  segments: { id: 'segments', title: 'staff.task.segments', hint: 'staff.task.segmentsHint', url: '/packages/staff/pages/segments/index' },
  content: { id: 'content', title: 'staff.task.content', hint: 'staff.task.contentHint', url: '/packages/staff/pages/articles/index' },
  articleReviews: {
    id: 'articleReviews',
    title: 'staff.task.articleReviews',
    hint: 'staff.task.articleReviewsHint',
    url: '/packages/staff/pages/article-reviews/index',
  },
  serviceIssues: {
    id: 'serviceIssues',
    title: 'staff.task.serviceIssues',
    hint: 'staff.task.serviceIssuesHint',
    url: '/packages/staff/pages/service-issues/index',
  },
  followups: {
    id: 'followups',
    title: 'staff.task.followups',
    hint: 'staff.task.followupsHint',
    url: '/packages/staff/pages/followups/index',
  },
  followupTemplates: {
    id: 'followupTemplates',
    title: 'staff.task.followupTemplates',
    hint: 'staff.task.followupTemplatesHint',
    url: '/packages/staff/pages/followup-templates/index',
  },
  surveyTemplates: {
    id: 'surveyTemplates',
    title: 'staff.task.surveyTemplates',
    hint: 'staff.task.surveyTemplatesHint',
    url: '/packages/staff/pages/survey-templates/index',
  },
  serviceQuality: {
    id: 'serviceQuality',
    title: 'staff.task.serviceQuality',
    hint: 'staff.task.serviceQualityHint',
    url: '/packages/staff/pages/service-quality/index',
  },
  membershipPolicy: {
    id: 'membershipPolicy',
    title: 'staff.task.membershipPolicy',
    hint: 'staff.task.membershipPolicyHint',
    url: '/packages/staff/pages/membership-policy/index',
  },
  memberReports: {
    id: 'memberReports',
    title: 'staff.task.memberReports',
    hint: 'staff.task.memberReportsHint',
    url: '/packages/staff/pages/member-analytics/index',
  },
  clubEvents: {
    id: 'clubEvents',
    title: 'staff.task.clubEvents',
    hint: 'staff.task.clubEventsHint',
    url: '/packages/staff/pages/club-events/index',
  },
  departments: { id: 'departments', title: 'staff.task.departments', hint: 'staff.task.departmentsHint', url: '/packages/staff/pages/departments/index' },
} satisfies Record<string, StaffTask>;

/**
 * What each role can do in the console today (product: doctor inbox; case manager the consultations handed to them;
 * marketing never chats; service the content review of chat messages and patients' ratings; admin staff accounts, the
 * audit log and the break-the-glass reads to review). Capabilities still to be built (follow-ups, VIP, campaigns,
 * content, events, surveys, settings) join a role's list when their page exists — never before. Every role has at
 * least the hospital's departments and doctors, so no home is empty.
 */
export const ROLE_TASKS: Record<StaffRole, StaffTask[]> = {
  doctor: [TASKS.inbox, TASKS.followups, TASKS.frontDesk, TASKS.schedule, TASKS.articleReviews, TASKS.departments],
  nurse: [TASKS.frontDesk, TASKS.followups, TASKS.inbox, TASKS.schedule, TASKS.departments],
  case_manager: [TASKS.followups, TASKS.followupTemplates, TASKS.inbox, TASKS.surveyTemplates, TASKS.departments],
  marketing: [
    TASKS.campaigns,
    TASKS.segments,
    TASKS.campaignCalendar,
    TASKS.content,
    TASKS.clubEvents,
    TASKS.serviceQuality,
    TASKS.memberReports,
    TASKS.departments,
  ],
  service: [TASKS.serviceIssues, TASKS.clubEvents, TASKS.serviceQuality, TASKS.surveyTemplates, TASKS.reviews, TASKS.ratings, TASKS.departments],
  admin: [
    TASKS.staff,
    TASKS.audit,
    TASKS.breakGlass,
    TASKS.campaignApprovals,
    TASKS.articleReviews,
    TASKS.content,
    TASKS.campaigns,
    TASKS.segments,
    TASKS.serviceIssues,
    TASKS.serviceQuality,
    TASKS.memberReports,
    TASKS.followups,
    TASKS.followupTemplates,
    TASKS.surveyTemplates,
    TASKS.clubEvents,
    TASKS.membershipPolicy,
    TASKS.ratings,
    TASKS.inbox,
    TASKS.reviews,
    TASKS.schedule,
    TASKS.frontDesk,
    TASKS.departments,
  ],
};

/** The union of a member's roles' tasks, in role order, each once. */
export function tasksFor(roles: readonly StaffRole[]): StaffTask[] {
  const seen = new Set<string>();
  const out: StaffTask[] = [];
  for (const role of roles) {
    for (const task of ROLE_TASKS[role] ?? []) {
      if (seen.has(task.id)) continue;
      seen.add(task.id);
      out.push(task);
    }
  }
  return out;
}
