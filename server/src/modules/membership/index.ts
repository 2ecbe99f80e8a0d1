// The membership module's public surface.
export { MembershipModule } from './membership.module.js';
export { MembershipService, MEMBERSHIP_PAGE } from './membership.service.js';
export { MembershipReports } from './membership-reports.reader.js';
export type { MemberState } from './membership.entities.js';
export { MembershipSegmentFacts } from './membership-segment-facts.js';
export { membershipSegmentProfile } from './membership-segment-profile.js';
