// The membership module's public surface.
export { MembershipModule } from './membership.module.js';
export { MembershipService, MEMBERSHIP_PAGE } from './membership.service.js';
export type { MemberState } from './membership.entities.js';
