// The consultations module's public surface.
export { ConsultationsModule } from './consultations.module.js';
export { ConsultationsService } from './consultations.service.js';
export { ConsultViews } from './consult-views.js';
export { ConsultSocketGateway } from './consult-socket.gateway.js';
