// The consents module's public surface.
export { ConsentsModule } from './consents.module.js';
export { ConsentsService } from './consents.service.js';
export { ConsentSegmentFacts } from './consent-segment-facts.js';
export { consentSegmentProfile } from './consent-segment-profile.js';
