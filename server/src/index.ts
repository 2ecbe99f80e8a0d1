export { createApp } from './app.js';
export { loadConfig, ConfigError, type AppConfig } from './config/config.js';
export { dataSourceOptions, openDatabase } from './database/data-source.js';
export { pendingSchemaChanges } from './database/schema-drift.js';
export { ENTITIES } from './database/entities.js';
export { seedDemoData, DEMO_STAFF_PASSWORD } from './database/seed/demo-data.js';
// Re-exported so tests reach the server's own typeorm instance (DI tokens are class identities).
export { DataSource } from 'typeorm';
export { Clock } from './integrations/clock.js';
export { Transactions } from './common/database/transactions.js';
export { Job } from './common/jobs/job.entity.js';
export { JobQueue } from './common/jobs/job-queue.js';
export { JobRegistry, JOB_KINDS, MissingJobHandlersError } from './common/jobs/job-registry.js';
export { JobWorker, type JobWorkerOptions } from './common/jobs/job-worker.js';
