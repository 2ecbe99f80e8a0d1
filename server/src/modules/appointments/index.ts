// The appointments module's public surface.
export { AppointmentsModule } from './appointments.module.js';
export { AppointmentsService } from './appointments.service.js';
export { VisitsReader } from './visits.reader.js';
export type { Visit } from './visit.entity.js';
