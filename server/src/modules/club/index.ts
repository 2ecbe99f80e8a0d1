// The club module's public surface.
export { ClubModule } from './club.module.js';
export { ClubService, CLUB_EVENT_PAGE } from './club.service.js';
export type { ClubEvent, ClubRegistration } from './club.entities.js';
