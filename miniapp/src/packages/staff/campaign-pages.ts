/** The console's campaign pages (kept in one place so the pages link to each other by name). */
export const CAMPAIGN_PAGES = {
  list: '/packages/staff/pages/campaigns/index',
  edit: '/packages/staff/pages/campaign-edit/index',
  approvals: '/packages/staff/pages/campaign-approvals/index',
  calendar: '/packages/staff/pages/campaign-calendar/index',
  results: '/packages/staff/pages/campaign-results/index',
  /** The segment builder (its own page in the console). */
  segments: '/packages/staff/pages/segments/index',
} as const;

export const editUrl = (id?: string) => (id ? `${CAMPAIGN_PAGES.edit}?id=${encodeURIComponent(id)}` : CAMPAIGN_PAGES.edit);
export const resultsUrl = (id: string) => `${CAMPAIGN_PAGES.results}?id=${encodeURIComponent(id)}`;
