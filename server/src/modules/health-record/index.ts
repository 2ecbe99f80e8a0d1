// The health-record module's public surface.
export { HealthRecordModule } from './health-record.module.js';
export { HealthRecordService } from './health-record.service.js';
export type { HealthMeasurement, HealthRecordEntry } from './health-record.entity.js';
