// The pages this build has (kept equal to app.config.ts by test/unit/message-format.test.ts): a message from the
// server may name a page a newer version of the app has; only pages that exist here are opened.

export const TAB_PAGES = ['pages/home/index', 'pages/booking/index', 'pages/messages/index', 'pages/me/index'] as const;

export const SUBPACKAGE_PAGES = [
  'packages/consent/pages/index/index',
  'packages/consent/pages/policy/index',
  'packages/profile/pages/index/index',
  'packages/profile/pages/phone/index',
  'packages/family/pages/index/index',
  'packages/family/pages/edit/index',
  'packages/settings/pages/index/index',
  'packages/settings/pages/marketing/index',
  'packages/booking/pages/doctors/index',
  'packages/booking/pages/doctor/index',
  'packages/booking/pages/confirm/index',
  'packages/booking/pages/result/index',
  'packages/booking/pages/appointments/index',
  'packages/booking/pages/appointment/index',
  'packages/booking/pages/reschedule/index',
  'packages/booking/pages/waitlist/index',
  'packages/booking/pages/orders/index',
  'packages/consult/pages/start/index',
  'packages/consult/pages/chat/index',
  'packages/consult/pages/list/index',
  'packages/content/pages/feed/index',
  'packages/content/pages/article/index',
  'packages/content/pages/favourites/index',
  'packages/surveys/pages/list/index',
  'packages/surveys/pages/answer/index',
  'packages/followups/pages/plan/index',
  'packages/membership/pages/card/index',
  'packages/club/pages/list/index',
  'packages/club/pages/event/index',
  'packages/health-record/pages/index/index',
  'packages/health-record/pages/trend/index',
  'packages/health-record/pages/entry/index',
  'packages/staff/pages/login/index',
  'packages/staff/pages/home/index',
  'packages/staff/pages/departments/index',
  'packages/staff/pages/schedule/index',
  'packages/staff/pages/appointments/index',
  'packages/staff/pages/inbox/index',
  'packages/staff/pages/consult/index',
  'packages/staff/pages/reviews/index',
  'packages/staff/pages/break-glass/index',
  'packages/staff/pages/accounts/index',
  'packages/staff/pages/audit/index',
  'packages/staff/pages/ratings/index',
  'packages/staff/pages/articles/index',
  'packages/staff/pages/article-edit/index',
  'packages/staff/pages/article-reviews/index',
  'packages/staff/pages/campaigns/index',
  'packages/staff/pages/campaign-edit/index',
  'packages/staff/pages/campaign-approvals/index',
  'packages/staff/pages/campaign-calendar/index',
  'packages/staff/pages/campaign-results/index',
  'packages/staff/pages/segments/index',
  'packages/staff/pages/service-issues/index',
  'packages/staff/pages/service-quality/index',
  'packages/staff/pages/survey-templates/index',
  'packages/staff/pages/followups/index',
  'packages/staff/pages/followup-templates/index',
  'packages/staff/pages/club-events/index',
  'packages/staff/pages/club-event/index',
  'packages/staff/pages/member-analytics/index',
  'packages/staff/pages/member/index',
  'packages/staff/pages/membership-policy/index',
] as const;

/** Where a mini-program page path ("pages/x/index?id=1", with or without a leading slash) leads, or null if not in this build. */
export function routeFor(page: string | null | undefined): { url: string; tab: boolean } | null {
  if (!page) return null;
  const trimmed = page.trim().replace(/^\/+/, '');
  const [path, query] = trimmed.split('?', 2) as [string, string | undefined];
  if ((TAB_PAGES as readonly string[]).includes(path)) return { url: `/${path}`, tab: true }; // switchTab takes no query
  if ((SUBPACKAGE_PAGES as readonly string[]).includes(path)) return { url: `/${path}${query ? `?${query}` : ''}`, tab: false };
  return null;
}
