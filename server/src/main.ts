import { ConfigError, loadConfig } from './config/config.js';
import { createApp } from './app.js';

try {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  console.log(`Yiban API listening on ${url}/api/v1 (docs ${url}/api/docs, database ${config.database.type})`);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error(error);
  process.exit(1);
}
