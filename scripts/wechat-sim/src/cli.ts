#!/usr/bin/env node
import { join } from 'node:path';
import { newAppSecret } from './ids.js';
import { DEFAULT_APPID, startSimulator } from './simulator.js';

const DEFAULT_PORT = 3900;

async function main(): Promise<void> {
  const port = Number(process.env.WECHAT_SIM_PORT || DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`WECHAT_SIM_PORT must be a port number, not "${process.env.WECHAT_SIM_PORT}"`);
  const appid = process.env.WECHAT_APPID || DEFAULT_APPID;
  const secret = process.env.WECHAT_SECRET || newAppSecret();
  const keysDir = process.env.WECHAT_SIM_KEYS_DIR || join(process.cwd(), '.data', 'wechat-sim');

  const pushUrl = process.env.WECHAT_SIM_PUSH_URL;
  const pushToken = process.env.WECHAT_SIM_PUSH_TOKEN;
  const messagePush = pushUrl && pushToken ? { url: pushUrl, token: pushToken } : undefined;

  const sim = await startSimulator({ port, apps: [{ appid, secret }], keysDir, messagePush });
  console.log(`wechat-sim listening on ${sim.url}`);
  console.log(`wechat-sim app ${appid}${process.env.WECHAT_SECRET ? '' : ` secret ${secret} (generated; set WECHAT_SECRET to fix it)`}`);
  if (messagePush) console.log(`wechat-sim message push → ${messagePush.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1); // a second signal: stop waiting
    stopping = true;
    console.log(`wechat-sim ${signal}: closing`);
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`wechat-sim failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
