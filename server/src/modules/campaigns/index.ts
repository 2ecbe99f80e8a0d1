// The campaigns module's public surface: modules whose pages can be a landing (articles, events, surveys) or that can
// tell a conversion (booked, registered, answered) register with CampaignsService.
export { CampaignsModule } from './campaigns.module.js';
export { CampaignsService, type ConversionSource, type LandingHandler } from './campaigns.service.js';
export type { Campaign } from './campaign.entity.js';
