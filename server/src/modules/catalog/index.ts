// The catalog module's public surface: other modules read departments and doctors through CatalogReader.
export { CatalogModule } from './catalog.module.js';
export { CatalogReader } from './catalog.reader.js';
export type { Department } from './department.entity.js';
export type { Doctor } from './doctor.entity.js';
