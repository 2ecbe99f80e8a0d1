import type { StaffRole } from '@yiban/shared';
import type { MessageKey } from '../../i18n';

export interface StaffTask {
  id: string;
  title: MessageKey;
  hint: MessageKey;
  /** A page that works today; tasks without one are announced as coming soon. */
  url?: string;
}

const TASKS = {
  inbox: { id: 'inbox', title: 'staff.task.inbox', hint: 'staff.task.inboxHint', url: '/packages/staff/pages/inbox/index' },
  reviews: { id: 'reviews', title: 'staff.task.reviews', hint: 'staff.task.reviewsHint', url: '/packages/staff/pages/reviews/index' },
  followups: { id: 'followups', title: 'staff.task.followups', hint: 'staff.task.followupsHint' },
  vip: { id: 'vip', title: 'staff.task.vip', hint: 'staff.task.vipHint' },
  campaigns: { id: 'campaigns', title: 'staff.task.campaigns', hint: 'staff.task.campaignsHint' },
  content: { id: 'content', title: 'staff.task.content', hint: 'staff.task.contentHint' },
  events: { id: 'events', title: 'staff.task.events', hint: 'staff.task.eventsHint' },
  surveys: { id: 'surveys', title: 'staff.task.surveys', hint: 'staff.task.surveysHint' },
  complaints: { id: 'complaints', title: 'staff.task.complaints', hint: 'staff.task.complaintsHint' },
  staff: { id: 'staff', title: 'staff.task.staff', hint: 'staff.task.staffHint' },
  settings: { id: 'settings', title: 'staff.task.settings', hint: 'staff.task.settingsHint' },
  audit: { id: 'audit', title: 'staff.task.audit', hint: 'staff.task.auditHint' },
  breakGlass: { id: 'breakGlass', title: 'staff.task.breakGlass', hint: 'staff.task.breakGlassHint', url: '/packages/staff/pages/break-glass/index' },
  schedule: { id: 'schedule', title: 'staff.task.schedule', hint: 'staff.task.scheduleHint', url: '/packages/staff/pages/schedule/index' },
  frontDesk: { id: 'frontDesk', title: 'staff.task.frontDesk', hint: 'staff.task.frontDeskHint', url: '/packages/staff/pages/appointments/index' },
  departments: { id: 'departments', title: 'staff.task.departments', hint: 'staff.task.departmentsHint', url: '/packages/staff/pages/departments/index' },
} satisfies Record<string, StaffTask>;

/**
 * What each role works on (product: doctor inbox; case manager follow-ups and the consultations handed to them;
 * marketing campaigns and content — never chats; service the content review of chat messages, surveys and complaints;
 * admin staff and settings, and the break-the-glass reads to review).
 */
export const ROLE_TASKS: Record<StaffRole, StaffTask[]> = {
  doctor: [TASKS.inbox, TASKS.frontDesk, TASKS.schedule, TASKS.departments],
  nurse: [TASKS.frontDesk, TASKS.inbox, TASKS.schedule, TASKS.departments],
  case_manager: [TASKS.inbox, TASKS.followups, TASKS.vip],
  marketing: [TASKS.campaigns, TASKS.content, TASKS.events],
  service: [TASKS.reviews, TASKS.surveys, TASKS.complaints],
  admin: [TASKS.staff, TASKS.settings, TASKS.audit, TASKS.breakGlass, TASKS.inbox, TASKS.reviews, TASKS.schedule, TASKS.frontDesk, TASKS.departments],
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
