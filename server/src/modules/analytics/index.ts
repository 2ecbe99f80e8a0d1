// The analytics module's public surface.
export { AnalyticsModule } from './analytics.module.js';
