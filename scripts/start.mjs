#!/usr/bin/env node
// Starts the product on this machine: the WeChat simulator, the server (embedded SQLite unless
// DATABASE_URL is set) with demo data, the H5 build of the mini-program, and prints the URLs. Development secrets are generated once
// into .data/dev-secrets.json (never committed). Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureBuild } from '../miniapp/scripts/build.mjs';
import { serveH5 } from '../miniapp/scripts/serve-h5.mjs';

const root = new URL('..', import.meta.url).pathname;
const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');
mkdirSync(dataDir, { recursive: true });

const secretsFile = path.join(dataDir, 'dev-secrets.json');
if (!existsSync(secretsFile)) {
  const secrets = {
    JWT_SECRET: randomBytes(48).toString('base64'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WECHAT_SECRET: randomBytes(16).toString('hex'),
  };
  writeFileSync(secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 });
}
const secrets = JSON.parse(readFileSync(secretsFile, 'utf8'));

const apiPort = Number(process.env.PORT ?? 3000);
const simPort = Number(process.env.WECHAT_SIM_PORT ?? 3900);
const h5Port = Number(process.env.H5_PORT ?? 10086);
const simUrl = `http://127.0.0.1:${simPort}`;
const apiUrl = `http://127.0.0.1:${apiPort}`;
const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  DATA_DIR: dataDir,
  JWT_SECRET: process.env.JWT_SECRET ?? secrets.JWT_SECRET,
  DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY ?? secrets.DATA_ENCRYPTION_KEY,
  WECHAT_APPID: process.env.WECHAT_APPID ?? 'wx5f1e0c0d2b3a4c5d',
  WECHAT_SECRET: process.env.WECHAT_SECRET ?? secrets.WECHAT_SECRET,
  WECHAT_API_BASE: process.env.WECHAT_API_BASE ?? simUrl,
  WECHAT_SIM_PORT: String(simPort),
  WECHAT_SIM_KEYS_DIR: path.join(dataDir, 'wechat-sim'),
  // WeChat Pay against the simulator: it writes its merchant keys here at its first start.
  WECHATPAY_KEYS_DIR: process.env.WECHATPAY_KEYS_DIR ?? path.join(dataDir, 'wechat-sim'),
  WECHATPAY_API_BASE: process.env.WECHATPAY_API_BASE ?? simUrl,
  // The mini-program's message push (media-check verdicts on chat pictures): the simulator posts to the API with the
  // Token the server checks (its development default unless WECHAT_PUSH_TOKEN is set).
  WECHAT_SIM_PUSH_URL: `${apiUrl}/api/v1/wechat/push`,
  WECHAT_SIM_PUSH_TOKEN: process.env.WECHAT_PUSH_TOKEN ?? 'YibanDevPushToken2026',
  // The demo charges ¥20 for an online follow-up (paid at the simulator); health consultations are free.
  CONSULT_FOLLOWUP_FEE: process.env.CONSULT_FOLLOWUP_FEE ?? '2000',
  PORT: String(apiPort),
  LOG_PRETTY: process.env.LOG_PRETTY ?? 'true',
};

const step = (text) => console.log(`\n▶ ${text}`);
const children = [];
let h5;
let stopping = false;

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  void h5?.close();
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function startChild(name, args) {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n✖ ${name} stopped (${signal ?? `exit ${code}`}); stopping everything.`);
      stop(code || 1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url, name, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  console.error(`✖ ${name} did not answer at ${url} within ${seconds}s`);
  stop(1);
}

async function portFree(port) {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) });
    return false;
  } catch (error) {
    return error?.cause?.code === 'ECONNREFUSED';
  }
}

for (const [port, what] of [
  [apiPort, 'PORT'],
  [simPort, 'WECHAT_SIM_PORT'],
]) {
  if (!(await portFree(port))) {
    console.error(`✖ Port ${port} is already in use (set ${what} to another port, or stop what is running there).`);
    process.exit(1);
  }
}

step('Building shared, simulator and server');
const build = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);

step(`Starting the WeChat simulator on ${simUrl}`);
startChild('WeChat simulator', ['scripts/wechat-sim/dist/cli.js']);
await waitFor(`${simUrl}/__sim/health`, 'WeChat simulator');

step(`Preparing the database (${process.env.DATABASE_URL ? 'DATABASE_URL' : `embedded SQLite in ${path.relative(root, dataDir)}/`}) and demo data`);
const seed = spawnSync(process.execPath, ['server/dist/database/cli/seed.js'], { cwd: root, stdio: 'inherit', env });
if (seed.status !== 0) stop(seed.status ?? 1);

step(`Starting the API on ${apiUrl}`);
// The V8 flags production runs the API with (server/node-flags.json): a larger young generation and one V8 helper
// thread (docs/configuration.md).
const nodeFlags = JSON.parse(readFileSync(path.join(root, 'server/node-flags.json'), 'utf8'));
startChild('API server', [...nodeFlags.api, 'server/dist/main.js']);
await waitFor(`${apiUrl}/api/v1/health`, 'API server');

if (!stopping) {
  step(`Building (when sources changed) and serving the H5 mini-program on http://127.0.0.1:${h5Port}`);
  await ensureBuild('h5', { log: (line) => console.log(`  ${line}`) });
  h5 = await serveH5({ port: h5Port, apiBaseUrl: `${apiUrl}/api/v1`, wechatSimUrl: simUrl });
}

if (!stopping) {
  console.log(`
────────────────────────────────────────────────────────────
 Yiban 医伴 is running
   Mini-program    ${h5.url}   (H5 build: the patient's WeChat journey in a browser)
   Staff console   ${h5.url}/#/packages/staff/pages/login/index
   API             ${apiUrl}/api/v1
   API docs        ${apiUrl}/api/docs
   Health          ${apiUrl}/api/v1/health
   WeChat sim      ${simUrl}   (control API under /__sim/)
 Demo staff: admin, doctor.zhang, doctor.li, nurse.wang, cm.chen,
             marketing.liu, service.zhao — password Yiban-demo-2026
 Stop with Ctrl-C.
────────────────────────────────────────────────────────────`);
}
