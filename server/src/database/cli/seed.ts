/** Seeds demo data into an empty database (migrating it first). Usage: node dist/database/cli/seed.js */
import 'reflect-metadata';
import { ConfigError, loadConfig } from '../../config/config.js';
import { openDatabase } from '../data-source.js';
import { DEMO_STAFF_PASSWORD, seedDemoData } from '../seed/demo-data.js';
import { seedDemoSchedules } from '../seed/demo-schedules.js';

try {
  const config = loadConfig();
  const dataSource = await openDatabase(config.database);
  try {
    const seeded = await seedDemoData(dataSource, config);
    console.log(seeded ? `Demo data seeded (staff password: ${DEMO_STAFF_PASSWORD})` : 'Database already has data; demo seed skipped');
    const clinics = await seedDemoSchedules(dataSource, config);
    console.log(clinics ? `Demo clinics added for the next two weeks: ${clinics}` : 'Demo clinics already cover the next two weeks');
  } finally {
    await dataSource.destroy();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
