#!/usr/bin/env node
// Benchmark (prints figures; asserts nothing): jobs per second drained by 1 and by 2 workers over 10,000 no-op
// jobs, and WeChat messages per second through the simulator with its send limit at 2,000/s — each as a ratio.
// Needs MySQL/MariaDB: DATABASE_URL=mariadb://root@127.0.0.1:3306/test pnpm bench
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Clock,
  DEVELOPMENT_TEMPLATES,
  Job,
  JOB_KINDS,
  JobQueue,
  JobRegistry,
  JobWorker,
  Transactions,
  createApp,
  recreateDatabase,
  loadConfig,
  openDatabase,
} from '@yiban/server';
import { addPatients, deliveryRows, jobRows, queueMessages } from '@yiban/server/testing';
import { startSimulator } from '@yiban/wechat-sim';

const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 3_000);
const SEND_LIMIT = 2_000;
const base = process.env.DATABASE_URL;
if (!base) {
  console.error('Set DATABASE_URL to a MySQL/MariaDB server, e.g. DATABASE_URL=mariadb://root@127.0.0.1:3306/test pnpm bench');
  process.exit(2);
}

const scratch = await recreateDatabase(base, 'yiban_bench');
const databaseUrl = scratch.url;

const appid = 'wx0123456789abcdef';
const secret = randomBytes(16).toString('hex');
const sim = await startSimulator({
  port: 0,
  apps: [{ appid, secret }],
  keysDir: mkdtempSync(path.join(os.tmpdir(), 'yiban-bench-keys-')),
  logger: () => undefined,
});
const config = loadConfig({
  NODE_ENV: 'test',
  ROLE: 'api',
  LOG_LEVEL: 'silent',
  DATABASE_URL: databaseUrl,
  JWT_SECRET: randomBytes(48).toString('base64'),
  DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  WECHAT_APPID: appid,
  WECHAT_SECRET: secret,
  WECHAT_API_BASE: sim.url,
  QUIET_HOURS: '00:00-00:00',
});
const app = await createApp(config);
await app.init();
const dataSource = (await import('@yiban/server')).DataSource;
const ds = app.get(dataSource);
const tx = app.get(Transactions);
const clock = app.get(Clock);

function noopRegistry() {
  const registry = new JobRegistry();
  for (const kind of JOB_KINDS) registry.register(kind, async () => undefined);
  registry.register('bench.noop', async () => undefined);
  return registry;
}

async function enqueueNoops(n) {
  const queue = app.get(JobQueue);
  for (let i = 0; i < n; i += 500)
    await tx.run(async (m) => {
      for (let j = i; j < Math.min(n, i + 500); j++) await queue.enqueue(m, 'bench.noop', { j });
    });
}

async function drainWith(workers, until) {
  const started = performance.now();
  for (const w of workers) w.start();
  while (!(await until())) await sleep(20);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((w) => w.stop(5_000)));
  return seconds;
}

const jobOptions = { batchSize: 50, concurrency: 16, pollMs: 5 };
const allDone = async () => (await jobRows.count({ app }, { status: 'done' })) >= JOBS;

await enqueueNoops(JOBS);
const one = await drainWith([new JobWorker(ds, (w) => tx.run(w), noopRegistry(), clock, jobOptions)], allDone);
await tx.run((m) => m.clear(Job));
await enqueueNoops(JOBS);
const second = await openDatabase(config.database);
const secondTx = new Transactions(second);
const two = await drainWith(
  [new JobWorker(ds, (w) => tx.run(w), noopRegistry(), clock, jobOptions), new JobWorker(second, (w) => secondTx.run(w), noopRegistry(), clock, jobOptions)],
  allDone,
);
await tx.run((m) => m.clear(Job));

// Messages: patients with a grant for the appointment reminder, queued through the one outbound path.
await fetch(`${sim.url}/__sim/limits`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ sendPerSecond: SEND_LIMIT }),
});
const template = DEVELOPMENT_TEMPLATES.appointment_reminder.id;
const patients = [];
for (let i = 0; i < MESSAGES; i += 50) {
  await Promise.all(
    [...Array(Math.min(50, MESSAGES - i)).keys()].map(async () => {
      const res = await fetch(`${sim.url}/__sim/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const { openid } = await res.json();
      await fetch(`${sim.url}/__sim/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid, templateIds: [template], kind: 'one_time' }),
      });
      patients.push(openid);
    }),
  );
}
const added = await addPatients({ app }, patients, { name: '患者', grants: [template] });
await queueMessages(
  { app },
  added.map(({ patientId }) => ({
    patientId,
    kind: 'appointment_reminder',
    data: { name1: '患者', thing2: '心血管内科', name3: '张伟', time4: '2026-11-23 09:00', thing5: '请提前到达' },
    dedupeKey: `bench:${patientId}`,
  })),
);
const deliveries = (status) => deliveryRows.count({ app }, { status });
const sent = async () => (await deliveries('sent')) + (await deliveries('failed')) >= MESSAGES;
const msgSeconds = await drainWith(
  [new JobWorker(ds, (w) => tx.run(w), app.get(JobRegistry), clock, { batchSize: 50, concurrency: 32, pollMs: 5 })],
  async () => (await deliveries('queued')) === 0 && (await deliveries('sending')) === 0 && (await sent()),
);
const delivered = await deliveries('sent');
const rateLimited = (await (await fetch(`${sim.url}/__sim/log?limit=1000`)).json()).calls.filter((c) => c.errcode === 45011).length;

const rate = (n, s) => n / s;
console.log(`\nYiban benchmark — ${config.database.type}, ${os.cpus().length} cores, ${new Date().toISOString()}`);
console.log(
  `jobs (${JOBS} no-op):  1 worker ${rate(JOBS, one).toFixed(0)} jobs/s · 2 workers ${rate(JOBS, two).toFixed(0)} jobs/s · 2-worker/1-worker ratio ${(one / two).toFixed(2)}`,
);
console.log(
  `messages (${MESSAGES} reminders, simulator limit ${SEND_LIMIT}/s): ${rate(delivered, msgSeconds).toFixed(0)} sent/s · ratio to the limit ${(rate(delivered, msgSeconds) / SEND_LIMIT).toFixed(2)} · 45011 answers seen in the last 1,000 calls: ${rateLimited}`,
);

await second.destroy();
await app.close();
await sim.close();
await scratch.drop();
