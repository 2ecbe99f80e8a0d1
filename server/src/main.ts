import { ConfigError, loadConfig } from './config/config.js';
import { createApp } from './app.js';

try {
  const config = loadConfig();
  const app = await createApp(config);
  if (config.role === 'worker') {
    // A worker process serves no HTTP: it only runs jobs (started by WorkerRunner on init).
    await app.init();
    console.log(`Yiban worker running (database ${config.database.type}, concurrency ${config.worker.concurrency})`);
  } else {
    await app.listen(config.port, config.host);
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
    console.log(`Yiban API listening on ${url}/api/v1 (docs ${url}/api/docs, database ${config.database.type}, role ${config.role})`);
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error(error);
  process.exit(1);
}
