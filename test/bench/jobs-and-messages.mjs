#!/usr/bin/env node
// Benchmark (prints figures; asserts nothing): jobs per second drained by 1 and by 2 workers over 10,000 no-op
// jobs; then appointment reminders through the one outbound path (one `messaging.deliver` job per delivery) sent by
// two worker processes (the built server, ROLE=worker) to the WeChat simulator in its own process, its send limit at
// 2,000/s — sends/s as a ratio to the limit, MariaDB statements and commits per send, and duplicates (the simulator's
// record of messages per user).
// Needs MySQL/MariaDB and Redis: DATABASE_URL=mariadb://root@127.0.0.1:3306/test REDIS_URL=redis://127.0.0.1:6379 pnpm bench
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
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
import { addPatients, jobRows, queueMessages } from '@yiban/server/testing';
import {
  BENCH_SECRET as secret,
  cpuOf,
  forkSimulator,
  mariadbPid,
  simulatorProcess,
  startServerProcess,
  statementCounters,
  statementsOf,
  stopProcess,
} from './processes.mjs';

const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
/** Its own app: the send rate is shared per app through Redis, and the campaigns benchmark uses BENCH_APPID. */
const appid = 'wx0123456789abcd01';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const SEND_LIMIT = 2_000;
/** Messages sent before the timed ones, so the workers' code is compiled and their connections open (as in a worker that has run for a while). */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 500);
const MESSAGE_WORKERS = Number(process.env.BENCH_MESSAGE_WORKERS ?? 2);
/** Handlers per worker process (WORKER_CONCURRENCY). */
const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 32);
if (process.argv[2] === '--sim') {
  await simulatorProcess(SEND_LIMIT, appid);
} else {
  await main();
}

async function main() {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.error('Set DATABASE_URL to a MySQL/MariaDB server, e.g. DATABASE_URL=mariadb://root@127.0.0.1:3306/test pnpm bench');
    process.exit(2);
  }

  // BENCH_DB: another name, so two checkouts can run the benchmark on one database server at once.
  const scratch = await recreateDatabase(base, process.env.BENCH_DB ?? 'yiban_bench');
  const databaseUrl = scratch.url;

  const sim = await forkSimulator(fileURLToPath(import.meta.url));
  process.once('exit', () => sim.child.kill());
  const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    JWT_SECRET: randomBytes(48).toString('base64'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WECHAT_APPID: appid,
    WECHAT_SECRET: secret,
    WECHAT_API_BASE: sim.url,
    QUIET_HOURS: '00:00-00:00',
    WECHAT_SEND_RATE_PER_SECOND: String(SEND_LIMIT),
  };
  const config = loadConfig({ ...env, ROLE: 'api' });
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

  // Messages: patients with a grant for the appointment reminder, queued through the one outbound path for later; two
  // worker processes start and wait; then every delivery and its job are made due at once and the clock starts.
  const template = DEVELOPMENT_TEMPLATES.appointment_reminder.id;
  const { openids } = await sim.ask({ users: MESSAGES + WARM_UP, templateId: template });
  const everyone = await addPatients({ app }, openids, { name: '患者', grants: [template] });
  const added = everyone.slice(0, MESSAGES);
  const warming = everyone.slice(MESSAGES);
  const later = new Date(Date.now() + 86_400_000);
  /** The reminder each patient gets, keyed by `tag` (`bench` timed, `warm` the warm-up), due at `notBefore` (now if unset). */
  const reminders = (patients, tag, notBefore) =>
    queueMessages(
      { app },
      patients.map(({ patientId }) => ({
        patientId,
        kind: 'appointment_reminder',
        data: { name1: '患者', thing2: '心血管内科', name3: '张伟', time4: '2026-11-23 09:00', thing5: '请提前到达' },
        dedupeKey: `${tag}:${patientId}`,
        ...(notBefore && { notBefore }),
      })),
    );
  await reminders(added, 'bench', later);
  const mysql = createRequire(import.meta.resolve('@yiban/server'))('mysql2/promise');
  const db = await mysql.createConnection({ uri: databaseUrl.replace(/^mariadb:/, 'mysql:'), timezone: 'Z' });
  const workers = [...Array(MESSAGE_WORKERS).keys()].map(() =>
    startServerProcess(
      'worker',
      { ...env, WORKER_CONCURRENCY: String(WORKER_CONCURRENCY), WORKER_POLL_MS: process.env.BENCH_WORKER_POLL_MS ?? '20' },
      { countStatements: true },
    ),
  );
  process.once('exit', () => workers.forEach((w) => w.kill()));
  await Promise.all(workers.map((w) => w.ready));
  // The warm-up: sent now, and the timed ones only once they are all sent and recorded.
  const received = async () => (await sim.ask({ received: true })).received;
  await reminders(warming, 'warm');
  while ((await received()) < WARM_UP) await sleep(50);
  const pendingCount = async () => Number((await db.query("SELECT COUNT(*) AS n FROM message_deliveries WHERE status IN ('queued', 'sending')"))[0][0].n);
  while ((await pendingCount()) > MESSAGES) await sleep(50);
  const received0 = await received();
  const others = [sim.child.pid, mariadbPid()].filter(Boolean);
  const cpu0 = [...workers.map((w) => w.pid), ...others].map(cpuOf);
  const { refused: refused0 } = await sim.ask({ refused: true });
  const before = await statementCounters(db);
  const sentBefore = await Promise.all(workers.map(statementsOf));
  const released = new Date();
  // One transaction: a job claimed between two statements would find its delivery not due yet, and leave it.
  await db.beginTransaction();
  await db.query("UPDATE message_deliveries SET notBefore = ? WHERE dedupeKey LIKE 'bench:%'", [released]);
  await db.query("UPDATE jobs SET runAt = ? WHERE kind = 'messaging.deliver'", [released]);
  await db.commit();
  // Waiting asks the simulator (in its own process, and cheap) until every message has arrived, then the database until
  // every outcome is recorded: a count over the deliveries every 50 ms would be MariaDB work the sends pay for.
  for (;;) {
    await sleep(50);
    if (workers.some((w) => w.exitCode !== null)) throw new Error('a worker exited');
    if ((await received()) - received0 < MESSAGES) continue;
    if ((await pendingCount()) === 0) break;
  }
  const wallSeconds = (Date.now() - released.getTime()) / 1000;
  const after = await statementCounters(db);
  const sentAfter = await Promise.all(workers.map(statementsOf));
  const sum = (counts, key) => counts.reduce((a, c) => a + c[key], 0);
  const cpu = [...workers.map((w) => w.pid), ...others].map((pid, i) => cpuOf(pid) - cpu0[i]);
  const { refused: refused1 } = await sim.ask({ refused: true });
  const [[times]] = await db.query("SELECT MAX(sentAt) AS last, SUM(status = 'sent') AS sent FROM message_deliveries WHERE dedupeKey LIKE 'bench:%'");
  const [statuses] = await db.query("SELECT status, reason, COUNT(*) AS n FROM message_deliveries WHERE dedupeKey LIKE 'bench:%' GROUP BY status, reason");
  const inbox = await sim.ask({ inbox: true, since: 0, from: released.getTime() });
  await Promise.all(workers.map(stopProcess));
  const delivered = Number(times.sent);
  const msgSeconds = (new Date(times.last).getTime() - released.getTime()) / 1000;
  if (process.env.BENCH_STATEMENT_KINDS)
    console.log(
      JSON.stringify(
        sentAfter.map((c) =>
          Object.entries(c.kinds)
            .sort((x, y) => y[1] - x[1])
            .slice(0, 25),
        ),
      ),
    );
  const statements = sum(sentAfter, 'statements') - sum(sentBefore, 'statements');
  const commits = sum(sentAfter, 'commits') - sum(sentBefore, 'commits');

  const rate = (n, s) => n / s;
  console.log(
    `\nYiban benchmark — ${config.database.type}, ${os.cpus().length} cores (load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}), ${new Date().toISOString()}`,
  );
  console.log(
    `jobs (${JOBS} no-op):  1 worker ${rate(JOBS, one).toFixed(0)} jobs/s · 2 workers ${rate(JOBS, two).toFixed(0)} jobs/s · 2-worker/1-worker ratio ${(one / two).toFixed(2)}`,
  );
  console.log(
    `messages (${MESSAGES} reminders, ${MESSAGE_WORKERS} worker processes × ${WORKER_CONCURRENCY} handlers, simulator limit ${SEND_LIMIT}/s in its own process): ${rate(delivered, msgSeconds).toFixed(0)} sent/s · ratio to the limit ${(rate(delivered, msgSeconds) / SEND_LIMIT).toFixed(2)}`,
  );
  console.log(
    `  statements per send ${(statements / delivered).toFixed(3)} · commits per send ${(commits / delivered).toFixed(3)} (MariaDB global Questions ${((after.Questions - before.Questions) / delivered).toFixed(2)}, Com_commit ${((after.Com_commit - before.Com_commit) / delivered).toFixed(3)} per send, all sessions) · 45011 refusals ${refused1[45011] - refused0[45011]} · duplicates ${inbox.duplicates} (${inbox.messages} messages to ${inbox.users} users, ${WARM_UP} of them the warm-up's)`,
  );
  console.log(
    `  outcomes: ${statuses.map((r) => `${r.status}${r.reason ? `/${r.reason}` : ''} ×${r.n}`).join(', ')}; CPU s ${workers.map((_, i) => `worker ${i + 1} ${cpu[i].toFixed(1)}`).join(' / ')} / simulator ${cpu[workers.length]?.toFixed(1)} / MariaDB ${cpu[workers.length + 1]?.toFixed(1) ?? '?'} in ${wallSeconds.toFixed(1)} s`,
  );
  console.log(`  received by the simulator, by half second from the release: ${inbox.halves.join(' · ')}`);
  console.log(
    '  (send time: from the deliveries being made due to the last recorded send. Statements and commits: counted in the worker processes at their mysql2 connections, so other sessions on the shared server do not count; the global counters beside them count every session.)',
  );
  if (inbox.duplicates > 0 || delivered !== MESSAGES || inbox.messages !== MESSAGES + WARM_UP) {
    console.log(`NOT EVERY PATIENT GOT EXACTLY ONE MESSAGE: ${delivered} sent, ${inbox.duplicates} duplicates`);
    process.exitCode = 1;
  }

  await db.end();
  await second.destroy();
  await app.close();
  sim.child.kill('SIGTERM');
  await scratch.drop();
}
