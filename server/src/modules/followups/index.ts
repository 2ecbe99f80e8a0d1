// The follow-ups module's public surface.
export { FollowupsModule } from './followups.module.js';
export { FollowupsService, FOLLOWUP_PAGE } from './followups.service.js';
export { FollowupReport } from './followup-report.js';
