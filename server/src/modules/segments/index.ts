// The segments module's public surface.
export { SegmentsModule } from './segments.module.js';
export { SegmentsService } from './segments.service.js';
export type { SegmentAudienceBatch, SegmentDeleteCheck } from './segments.service.js';
