// The appointments module's public surface.
export { AppointmentsModule } from './appointments.module.js';
export { AppointmentsService } from './appointments.service.js';
export { VisitsReader, type VisitRecordedListener } from './visits.reader.js';
export { AppointmentsReader } from './appointments.reader.js';
export type { Visit } from './visit.entity.js';
export { VisitSegmentFacts } from './visit-segment-facts.js';
export { VisitCohorts } from './visit-cohorts.reader.js';
export { visitSegmentProfile } from './visit-segment-profile.js';
export type { VisitDiagnosis } from './visit-diagnosis.entity.js';
export { newQrCode } from './appointment-rules.js';
