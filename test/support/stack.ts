import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp, DataSource, loadConfig, type AppConfig } from '@yiban/server';
import { startSimulator, type RunningSimulator } from '@yiban/wechat-sim';
import { freshDatabaseUrl } from './database.js';
import { ApiClient } from './api-client.js';

export const TEST_APPID = 'wx0123456789abcdef';
export const TEST_APP_SECRET = 'test-secret-0123456789abcdef';
/** The message-push Token the server and the simulator share (WeChat's rule: 3–32 letters or digits). */
export const TEST_PUSH_TOKEN = 'TestPushToken0123456789';

export interface Stack {
  api: ApiClient;
  sim: RunningSimulator;
  simUrl: string;
  app: NestExpressApplication;
  dataSource: DataSource;
  config: AppConfig;
  dbKind: 'mysql' | 'sqlite';
  /** Starts another server instance on the same database and simulator (for multi-instance tests). */
  startPeer(env?: Record<string, string>): Promise<{ api: ApiClient; app: NestExpressApplication; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** The common test environment for the server; `overrides` replace any variable. */
export function testEnv(simUrl: string, db: Record<string, string>, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: randomBytes(48).toString('base64'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WECHAT_APPID: TEST_APPID,
    WECHAT_SECRET: TEST_APP_SECRET,
    WECHAT_API_BASE: simUrl,
    WECHAT_TIMEOUT_MS: '3000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    // Suites sign staff in many times a minute from one address; the limits themselves are tested with the defaults.
    STAFF_LOGIN_PER_ADDRESS_PER_MINUTE: '10000',
    STAFF_LOGIN_FAILURES_PER_ACCOUNT: '1000',
    WECHAT_PUSH_TOKEN: TEST_PUSH_TOKEN,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Suites that test jobs run their own workers; background polling would only add noise.
    ROLE: 'api',
    ...db,
    ...overrides,
  };
}

async function listen(config: AppConfig): Promise<{ app: NestExpressApplication; api: ApiClient }> {
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, api: new ApiClient(`http://127.0.0.1:${address.port}`) };
}

/**
 * The real thing, in this process: the WeChat simulator on a random port, a fresh database
 * (MariaDB/MySQL or SQLite per TEST_DB), and the server listening on a random port.
 */
export async function startStack(overrides: Record<string, string> = {}): Promise<Stack> {
  const sim = await startSimulator({
    port: 0,
    apps: [{ appid: TEST_APPID, secret: TEST_APP_SECRET }],
    keysDir: mkdtempSync(path.join(os.tmpdir(), 'yiban-sim-keys-')),
    logger: () => undefined,
  });
  const db = await freshDatabaseUrl();
  // WeChat Pay against the simulator: the merchant's half of its keys folder, as a hospital would configure it.
  const env = testEnv(sim.url, db.env, { WECHATPAY_KEYS_DIR: sim.keys.dir ?? '', WECHATPAY_API_BASE: sim.url, WECHATPAY_TIMEOUT_MS: '3000', ...overrides });
  const config = loadConfig(env);
  const { app, api } = await listen(config);
  // The app's message push, as set in its admin console: WeChat's events (media-check verdicts) go to this server.
  sim.state.push.configure({ appid: TEST_APPID, url: `${api.baseUrl}/api/v1/wechat/push`, token: config.wechatPush.token });
  const peers: { close(): Promise<void> }[] = [];
  return {
    api,
    sim,
    simUrl: sim.url,
    app,
    dataSource: app.get(DataSource),
    config,
    dbKind: db.kind,
    async startPeer(extra = {}) {
      const peer = await listen(loadConfig({ ...env, ...extra }));
      const handle = { ...peer, close: () => peer.app.close() };
      peers.push(handle);
      return handle;
    },
    async close() {
      for (const peer of peers) await peer.close();
      await app.close();
      await sim.close();
      await db.drop();
    },
  };
}
