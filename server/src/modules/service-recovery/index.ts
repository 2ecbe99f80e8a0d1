// The service-recovery module's public surface.
export { ServiceRecoveryModule } from './service-recovery.module.js';
export { ServiceIssues } from './service-issues.service.js';
export type { IssueEvidence, IssueResolvedListener, OpenServiceIssue } from './service-issues.service.js';
export type { ServiceIssue } from './service-issue.entity.js';
