// @yiban/server/testing: test data factories and read helpers for tests and benchmarks that run the server in
// their own process. They take the running app (`{ app }`, e.g. a test stack) and reach the server's internals
// here, so tests and benchmarks import only the package's entry points. Not used by the server itself.
export type { TestServer } from './server.js';
export { withClockAdvanced, withClockAt } from './clock.js';
export { enqueueJob, runJobs } from './jobs.js';
export { makeSlot } from './scheduling.js';
export { addPatients, addVisit, type AddedPatient } from './patients.js';
export { removeOtherPatients, setSegmentFacts, type SegmentFacts } from './segments.js';
export { campaignRuns, materialiseCampaignRun, rewindCampaignRun, setBookedAt, tickCampaigns, type CampaignRunRow } from './campaigns.js';
export { residentIdNumber } from './identity.js';
export { tagPatients } from './tags.js';
export { ledger, recomputeBatches, recordHisVisit } from './membership.js';
export { addKeptPayment } from './membership-reports.js';
export {
  leaseDelivery,
  notify,
  notifyBulk,
  queueMessage,
  queueMessages,
  queueText,
  spendGrant,
  type AnyNotifyInput,
  type NotifyInput,
  type OutboundMessage,
  type OutboundText,
} from './messaging.js';
export { releaseExpiredHold, requestRefund, runRefundJob } from './payments.js';
export { withCheckInNumbers } from './check-in-numbers.js';
export { leanConsultation, leanPatient, leanUpdateConsultation } from './lean.js';
export { openChatSockets } from './consultations.js';
export * from './rows.js';
export { changedTables, tableRowCounts, type TableCounts } from './tables.js';
