// The consultations module's public surface.
export { ConsultationsModule } from './consultations.module.js';
export { ConsultationsService, type ConsultationListener } from './consultations.service.js';
export type { Consultation } from './consultation.entity.js';
export { ConsultViews } from './consult-views.js';
export { ConsultSocketGateway } from './consult-socket.gateway.js';
