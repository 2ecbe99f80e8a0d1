#!/usr/bin/env node
// Benchmark (prints figures; asserts nothing except that it reports what it measured): holding places in slots.
// 2,000 concurrent holds on one 100-seat slot over HTTP, then a sustained hold load, each beside the floor of the same
// conditional UPDATE + INSERT done by a raw mysql2 loop and the ceiling of a bare GET that touches no database; and
// GET of a doctor's week of slots against the same bare GET.
// Needs MySQL/MariaDB: DATABASE_URL=mariadb://root@127.0.0.1:3306/test pnpm bench:booking
// BENCH_TRACE=1 prints the statements of one free hold and of one week read; BENCH_PROFILE=1 (or a directory) takes a
// CPU profile of the server's thread during each read phase, writes it (.cpuprofile) and prints where its time went;
// BENCH_ONLY=reads skips the holds and the raw loop (quicker, for working on the reads).
//
// The server runs in this process's main thread, with production's V8 flags for API processes; the load (HTTP client and the raw mysql2 loop) runs in a worker
// thread, so the client does not share the server's event loop.
import { fork, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from './processes.mjs';
import { httpClient } from './http-client.mjs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const SERVER_ENTRY = import.meta.resolve('@yiban/server');
// mysql2 and ulid exactly as the server has them (they are its dependencies, not this package's).
const serverRequire = createRequire(SERVER_ENTRY);

if (isMainThread) {
  // The server runs in this process, so the process gets the V8 flags production gives API processes
  // (server/node-flags.json); BENCH_SERVER_NODE_ARGS gives others (' ' for V8's defaults), as in the chat benchmark.
  const wanted = (process.env.BENCH_SERVER_NODE_ARGS ?? NODE_FLAGS.api.join(' ')).split(/\s+/).filter(Boolean);
  if (process.env.BENCH_BOOKING_FLAGS_SET || wanted.every((flag) => process.execArgv.includes(flag))) await main();
  else {
    const run = spawnSync(process.execPath, [...process.execArgv, ...wanted, fileURLToPath(import.meta.url)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_BOOKING_FLAGS_SET: '1' },
    });
    process.exitCode = run.status ?? 1;
  }
} else parentPort.postMessage(await runLoad(workerData));

// ---------------------------------------------------------------------------------------------------------------
// The orchestrator and the server (main thread)

async function main() {
  const { DataSource, ENTITIES, DEMO_STAFF_PASSWORD, createApp, loadConfig, recreateDatabase, seedDemoData } = await import('@yiban/server');
  const { addPatients, appointmentRows, slotRows } = await import('@yiban/server/testing');
  const { startSimulator } = await import('@yiban/wechat-sim');

  const BURST = Number(process.env.BENCH_BURST ?? 2_000);
  const SEATS = 100;
  const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
  const HOLD_SECONDS = Number(process.env.BENCH_HOLD_SECONDS ?? 30);
  const RAW_SECONDS = Number(process.env.BENCH_RAW_SECONDS ?? 20);
  const GET_SECONDS = Number(process.env.BENCH_GET_SECONDS ?? 10);
  const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 2);
  const POOL = 20; // the server's TypeORM pool size on MySQL/MariaDB (server/src/database/data-source.ts)
  const DAILY_LIMIT = 50; // DAILY_BOOKING_LIMIT: the config's maximum (default 3)
  const WEEKS = 8;
  const READS_ONLY = process.env.BENCH_ONLY === 'reads';
  const API_PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? 1);
  const PROFILE_DIR =
    !process.env.BENCH_PROFILE || API_PROCESSES > 1 ? null : process.env.BENCH_PROFILE === '1' ? '/tmp/yiban-bench-booking-prof' : process.env.BENCH_PROFILE;
  const base = process.env.DATABASE_URL;
  if (!base || !/^(mysql|mariadb):/.test(base)) {
    console.error('Set DATABASE_URL to a MySQL/MariaDB server, e.g. DATABASE_URL=mariadb://root@127.0.0.1:3306/test pnpm bench:booking');
    process.exit(2);
  }
  const started = performance.now();

  const scratch = await recreateDatabase(base, 'yiban_bench_booking');
  const appid = 'wx0123456789abcdef';
  const secret = randomBytes(16).toString('hex');
  const sim = await startSimulator({
    port: 0,
    apps: [{ appid, secret }],
    keysDir: mkdtempSync(path.join(os.tmpdir(), 'yiban-bench-keys-')),
    logger: () => undefined,
  });
  const serverEnv = {
    NODE_ENV: 'test',
    ROLE: 'api',
    LOG_LEVEL: 'silent',
    DATABASE_URL: scratch.url,
    JWT_SECRET: randomBytes(48).toString('base64'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WECHAT_APPID: appid,
    WECHAT_SECRET: secret,
    WECHAT_API_BASE: sim.url,
    // Raised for the benchmark (default 3 a day per patient): each patient holds many places in one run.
    DAILY_BOOKING_LIMIT: String(DAILY_LIMIT),
    // Several API processes share their caches' invalidations and the send rate through Redis, as in production.
    ...(API_PROCESSES > 1 ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } : {}),
  };
  const config = loadConfig(serverEnv);
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const setupUrl = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  let baseUrl = setupUrl;
  const ds = app.get(DataSource);
  const entity = (name) => ENTITIES.find((e) => e.name === name);
  const [{ version }] = await ds.query('SELECT VERSION() AS version');

  const api = async (method, route, body, token) => {
    const res = await fetch(`${setupUrl}/api/v1${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  // Catalogue and staff as the demo has them; three doctors get a free general clinic (fee 0), so a hold is confirmed
  // at once and no WeChat Pay order is involved.
  await seedDemoData(ds, config);
  const { token: admin } = await api('POST', '/auth/staff/login', { username: 'admin', password: DEMO_STAFF_PASSWORD });
  const doctors = await ds.getRepository(entity('Doctor')).find({ where: { active: true }, order: { name: 'ASC' }, take: 3 });
  for (const d of doctors) {
    await ds.getRepository(entity('Doctor')).update({ id: d.id }, { visitTypes: d.visitTypes.map((v) => (v.type === 'general' ? { ...v, fee: 0 } : v)) });
  }
  const [loadDoctor, rawDoctor, burstDoctor] = doctors;

  // Schedules through the API, as an admin does: a realistic week (every day a morning and an afternoon clinic of
  // 16 fifteen-minute slots) for WEEKS weeks, 200 places a slot, for the HTTP holds and (another doctor) the raw loop;
  // two 100-seat slots for the bursts.
  const zoneDate = (ms) => new Intl.DateTimeFormat('en-CA', { timeZone: config.timeZone }).format(new Date(ms));
  const firstDay = zoneDate(Date.now() + 86_400_000);
  const weekEnd = zoneDate(Date.parse(`${firstDay}T12:00:00Z`) + 7 * 86_400_000);
  const weekday = (date) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
  const week = [1, 2, 3, 4, 5, 6, 7].flatMap((wd) => [
    { weekday: wd, period: 'morning', start: '08:00', end: '12:00', slotMinutes: 15, capacityPerSlot: 200, visitType: 'general' },
    { weekday: wd, period: 'afternoon', start: '13:30', end: '17:30', slotMinutes: 15, capacityPerSlot: 200, visitType: 'general' },
  ]);
  for (const d of [loadDoctor, rawDoctor]) await api('POST', '/schedules/bulk', { doctorId: d.id, fromDate: firstDay, weeks: WEEKS, pattern: week }, admin);
  await api(
    'POST',
    '/schedules/bulk',
    {
      doctorId: burstDoctor.id,
      fromDate: firstDay,
      weeks: 1,
      pattern: [
        { weekday: weekday(firstDay), period: 'morning', start: '09:00', end: '09:15', slotMinutes: 15, capacityPerSlot: SEATS, visitType: 'general' },
        { weekday: weekday(firstDay), period: 'afternoon', start: '14:00', end: '14:15', slotMinutes: 15, capacityPerSlot: SEATS, visitType: 'general' },
      ],
    },
    admin,
  );
  const slotsOf = (d) => slotRows.find({ app }, { doctorId: d.id }, { order: { startsAt: 'ASC' } });
  const loadSlots = await slotsOf(loadDoctor);
  const rawSlots = await slotsOf(rawDoctor);
  const [httpBurstSlot, rawBurstSlot] = await slotsOf(burstDoctor);
  const weekView = await api('GET', `/doctors/${loadDoctor.id}/slots?from=${firstDay}&to=${weekEnd}`);

  // Patients: accounts and self profiles written directly; each request is then authorised normally, by a bearer
  // token signed by the server's own TokenService.
  const patients = (await addPatients({ app }, BURST, { name: '患者' })).map((p) => ({ id: p.patientId, accountId: p.accountId, token: p.token }));
  // With BENCH_API_PROCESSES=N the load goes to N API processes of their own sharing one port (node:cluster); this
  // thread's server only set up, and the CPU profiles are of it, so they are not taken.
  const apiCluster = API_PROCESSES > 1 ? await startApiCluster(serverEnv, API_PROCESSES) : null;
  if (apiCluster) baseUrl = apiCluster.url;
  const setupSeconds = (performance.now() - started) / 1000;

  const common = { baseUrl, concurrency: CONCURRENCY, tokens: patients.map((p) => p.token) };
  const raw = {
    databaseUrl: scratch.url,
    pool: POOL,
    timeZone: config.timeZone,
    patients: patients.map(({ id, accountId }) => ({ id, accountId })),
  };
  const pick = ({ id, doctorId, departmentId, startsAt, endsAt, fee }) => ({ id, doctorId, departmentId, startsAt: +startsAt, endsAt: +endsAt, fee });

  let burst, burstBreakdown, holdBreakdown, burstSlotAfter, burstRows, holds, httpWork, rawBurst, rawHolds, rawWork;
  if (!READS_ONLY) {
    // 1. Warm the hold path, then the burst: 2,000 holds at once on one 100-seat slot (connections opened beforehand).
    let cursor = 0;
    const warm = await inWorker({ kind: 'http-holds', ...common, slotIds: loadSlots.map((s) => s.id), seconds: WARM_SECONDS, cursor });
    cursor = warm.cursor;
    if (process.env.BENCH_TRACE) await trace(ds, 'One free hold', () => api('POST', '/appointments', { slotId: loadSlots.at(-1).id }, patients.at(-1).token));
    const burstPhase = await profiled(PROFILE_DIR, 'burst', () => inWorker({ kind: 'http-burst', ...common, slotId: httpBurstSlot.id }));
    burst = burstPhase.result;
    burstBreakdown = burstPhase.breakdown;
    burstSlotAfter = await slotRows.one({ app }, { id: httpBurstSlot.id });
    burstRows = await appointmentRows.count({ app }, { slotId: httpBurstSlot.id });

    // 2. Sustained holds over HTTP: request k is patient k mod P on slot (k + ⌊k/P⌋) mod S — every (patient, slot)
    // pair once, about one hold per slot per round, one per patient per round (rounds stay under the daily limit).
    const before = await dbCounters(ds);
    const holdPhase = await profiled(PROFILE_DIR, 'holds', () =>
      inWorker({ kind: 'http-holds', ...common, slotIds: loadSlots.map((s) => s.id), seconds: HOLD_SECONDS, cursor }),
    );
    holds = holdPhase.result;
    holdBreakdown = holdPhase.breakdown;
    httpWork = perOp(before, await dbCounters(ds), holds.n);

    // 3. The raw mysql2 loop: the same burst and the same spread, on another doctor's slots.
    rawBurst = await inWorker({ kind: 'raw-burst', ...raw, slot: pick(rawBurstSlot) });
    const rawWarm = await inWorker({ kind: 'raw-holds', ...raw, concurrency: CONCURRENCY, slots: rawSlots.map(pick), seconds: WARM_SECONDS, cursor: 0 });
    const rawBefore = await dbCounters(ds);
    rawHolds = await inWorker({
      kind: 'raw-holds',
      ...raw,
      concurrency: CONCURRENCY,
      slots: rawSlots.map(pick),
      seconds: RAW_SECONDS,
      cursor: rawWarm.cursor,
    });
    rawWork = perOp(rawBefore, await dbCounters(ds), rawHolds.n);
  }

  // 4. Reads, each after a warm-up: a bare node:http server in this thread answering what the bare GET answers (the
  // floor of an HTTP answer on this machine: no framework), the bare GET, and a doctor's week.
  const weekRoute = `/api/v1/doctors/${loadDoctor.id}/slots?from=${firstDay}&to=${weekEnd}`;
  if (process.env.BENCH_TRACE) {
    // The first read after a change reads the days; the next ones, for a few seconds, use what it read.
    await trace(ds, "A doctor's week read first", () => api('GET', weekRoute.slice('/api/v1'.length)));
    await trace(ds, 'The same week read again', () => api('GET', weekRoute.slice('/api/v1'.length)));
  }
  const reads = { concurrency: CONCURRENCY, seconds: GET_SECONDS, warmSeconds: WARM_SECONDS };
  const bare = await bareNodeServer();
  const node = await profiled(PROFILE_DIR, 'bare-node-http', () => inWorker({ kind: 'http-get', ...reads, baseUrl: bare.url, route: '/api/v1/health/live' }));
  await bare.close();
  const live = await profiled(PROFILE_DIR, 'bare-get', () => inWorker({ kind: 'http-get', ...reads, baseUrl, route: '/api/v1/health/live' }));
  const weekStatements = countStatements(ds);
  const weekGet = await profiled(PROFILE_DIR, 'week', () => inWorker({ kind: 'http-get', ...reads, baseUrl, route: weekRoute }));
  // The warm-up's reads are counted too: the figure is statements per read over both.
  const weekWork = weekStatements.stop() / (weekGet.result.n + weekGet.result.warmN);

  // What the database holds afterwards.
  const [over] = await ds.query('SELECT COUNT(*) AS n FROM slots WHERE booked > capacity');
  const [mismatch] = await ds.query(
    'SELECT COUNT(*) AS n FROM slots s WHERE s.booked <> (SELECT COUNT(*) FROM appointments a WHERE a.slotId = s.id AND a.activeKey IS NOT NULL)',
  );

  // Report.
  const f0 = (n) => Math.round(n).toLocaleString('en-US');
  const ms = (n) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
  const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
  const statuses = (s) =>
    Object.entries(s)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ×${f0(n)}`)
      .join(', ');
  const line = (label, r, unit = 'req/s') =>
    `  ${label.padEnd(44)} ${f0(r.rate).padStart(6)} ${unit.padEnd(7)} p50 ${ms(r.p50).padStart(6)} ms · p99 ${ms(r.p99).padStart(6)} ms · ${f0(r.n)} in ${r.seconds.toFixed(1)} s [${statuses(r.statuses)}]`;
  const warnings = [];

  console.log(`\nYiban booking benchmark — MariaDB/MySQL ${version}, ${os.cpus().length} cores, ${new Date().toISOString()}`);
  console.log(
    `All slots are free (fee 0): a hold is confirmed at once and no WeChat Pay call is made. A paid hold also creates a WeChat Pay order; that path is not measured here.`,
  );
  console.log(
    `Config overrides: DAILY_BOOKING_LIMIT=${DAILY_LIMIT} (default 3; the config's maximum), ROLE=api (no job worker running); server V8 flags: ${process.execArgv.filter((a) => a.startsWith('--max') || a.startsWith('--v8-pool-size')).join(' ') || "V8's defaults"}. ${f0(BURST)} patients, bearer tokens signed by the server's TokenService. ${API_PROCESSES > 1 ? `The load goes to ${API_PROCESSES} API processes on one port (node:cluster, sharing events through Redis); the setup's server stays idle in this thread. ` : ''}Setup ${setupSeconds.toFixed(1)} s.`,
  );
  if (READS_ONLY) console.log('BENCH_ONLY=reads: no holds and no raw loop in this run (the week has no places taken).');

  if (!READS_ONLY) {
    console.log(`\nBurst: ${f0(BURST)} concurrent holds on one ${SEATS}-seat slot`);
    console.log(
      `  HTTP POST /api/v1/appointments: holds confirmed ${burst.statuses['201'] ?? 0} (slot.booked ${burstSlotAfter.booked}, appointment rows ${burstRows}) · all ${f0(burst.n)} answered in ${burst.seconds.toFixed(2)} s (${f0(burst.rate)} req/s) · p50 ${ms(burst.p50)} ms · p99 ${ms(burst.p99)} ms [${statuses(burst.statuses)}]`,
    );
    if ((burst.statuses['201'] ?? 0) !== SEATS || burstSlotAfter.booked !== SEATS || burstRows !== SEATS) {
      warnings.push(
        `WARNING: the HTTP burst confirmed ${burst.statuses['201'] ?? 0} holds (slot.booked ${burstSlotAfter.booked}, rows ${burstRows}), not ${SEATS}`,
      );
    }
    console.log(
      `  raw mysql2 loop (pool ${POOL}):        holds confirmed ${rawBurst.statuses.held ?? 0} · all ${f0(rawBurst.n)} done in ${rawBurst.seconds.toFixed(2)} s (${f0(rawBurst.rate)} ops/s) · p50 ${ms(rawBurst.p50)} ms · p99 ${ms(rawBurst.p99)} ms [${statuses(rawBurst.statuses)}]`,
    );
    if ((rawBurst.statuses.held ?? 0) !== SEATS) warnings.push(`WARNING: the raw burst confirmed ${rawBurst.statuses.held ?? 0} holds, not ${SEATS}`);
    console.log(`  ratios HTTP ÷ raw: throughput ${ratio(burst.rate, rawBurst.rate)} · p99 ${ratio(burst.p99, rawBurst.p99)}`);
  }

  console.log(
    `\nSustained, ${CONCURRENCY} concurrent callers (server and raw loop: ${POOL} database connections); holds spread over ${f0(loadSlots.length)} free slots × 200 places and ${f0(BURST)} patients, after a ${WARM_SECONDS} s warm-up`,
  );
  if (!READS_ONLY) {
    console.log(line(`HTTP holds, POST /api/v1/appointments (${HOLD_SECONDS} s)`, holds));
    console.log(line(`raw mysql2 UPDATE + INSERT, 1 tx/hold (${RAW_SECONDS} s)`, rawHolds, 'ops/s'));
  }
  console.log(line(`bare node:http server, same answer (${GET_SECONDS} s)`, node.result));
  console.log(line(`bare GET /api/v1/health/live (${GET_SECONDS} s)`, live.result));
  console.log(line(`GET a doctor's week, ${weekView.length} slots (${GET_SECONDS} s)`, weekGet.result));
  if (!READS_ONLY) {
    console.log(
      `  database work per hold (server-wide counters, exact only if nothing else uses the database server): HTTP ${httpWork.statements.toFixed(1)} statements, ${httpWork.commits.toFixed(2)} commits · raw loop ${rawWork.statements.toFixed(1)} statements, ${rawWork.commits.toFixed(2)} commits`,
    );
  }
  console.log(`  statements per week read (counted by the server's TypeORM logger over the phase): ${weekWork.toFixed(3)}`);
  if (!READS_ONLY) {
    const heldSustained = holds.statuses['201'] ?? 0;
    if (heldSustained !== holds.n) warnings.push(`WARNING: ${f0(holds.n - heldSustained)} of ${f0(holds.n)} sustained HTTP holds were not confirmed`);
    if ((rawHolds.statuses.held ?? 0) !== rawHolds.n) warnings.push(`WARNING: ${f0(rawHolds.n - (rawHolds.statuses.held ?? 0))} raw holds were not confirmed`);
  }
  if ((node.result.statuses['200'] ?? 0) !== node.result.n) warnings.push('WARNING: the bare node:http server did not always answer 200');
  if ((live.result.statuses['200'] ?? 0) !== live.result.n) warnings.push(`WARNING: the bare GET did not always answer 200 (is /api/v1/health/live there?)`);
  if ((weekGet.result.statuses['200'] ?? 0) !== weekGet.result.n) warnings.push('WARNING: the week GET did not always answer 200');
  if (Number(over.n) || Number(mismatch.n)) warnings.push(`WARNING: ${over.n} slots over capacity, ${mismatch.n} slots whose count differs from their rows`);

  if (PROFILE_DIR) {
    console.log(`\nWhere the server's thread spent each phase (CPU profiles in ${PROFILE_DIR}; the reads' warm-ups included)`);
    if (!READS_ONLY) {
      printBreakdown('the burst, 2,000 holds on 100 seats', burstBreakdown, burst.n);
      printBreakdown('sustained holds', holdBreakdown, holds.n);
    }
    for (const [label, phase] of [
      ['bare node:http server', node],
      ['bare GET /api/v1/health/live', live],
      ["a doctor's week", weekGet],
    ]) {
      printBreakdown(label, phase.breakdown, phase.result.n + phase.result.warmN);
    }
  }

  console.log('\nRatios');
  if (!READS_ONLY) {
    console.log(
      `  HTTP holds ÷ raw mysql2 loop:  throughput ${ratio(holds.rate, rawHolds.rate)} · p50 ${ratio(holds.p50, rawHolds.p50)} · p99 ${ratio(holds.p99, rawHolds.p99)}`,
    );
    console.log(
      `  HTTP holds ÷ bare GET:         throughput ${ratio(holds.rate, live.result.rate)} · p50 ${ratio(holds.p50, live.result.p50)} · p99 ${ratio(holds.p99, live.result.p99)}`,
    );
  }
  console.log(
    `  week of slots GET ÷ bare GET:  throughput ${ratio(weekGet.result.rate, live.result.rate)} · p50 ${ratio(weekGet.result.p50, live.result.p50)} · p99 ${ratio(weekGet.result.p99, live.result.p99)}`,
  );
  console.log(
    `  bare GET ÷ bare node:http:     throughput ${ratio(live.result.rate, node.result.rate)} · p50 ${ratio(live.result.p50, node.result.p50)} · p99 ${ratio(live.result.p99, node.result.p99)}`,
  );
  console.log(`  after the run: ${over.n} slots over capacity, ${mismatch.n} slots whose booked count differs from their appointment rows`);
  for (const w of warnings) console.log(w);
  console.log(`Total ${((performance.now() - started) / 1000).toFixed(0)} s`);

  apiCluster?.close();
  await app.close();
  await sim.close();
  await scratch.drop();
}

/** BENCH_TRACE=1: prints every statement the server sends for one call (TypeORM's logger, swapped for the call). */
async function trace(ds, label, call) {
  const logger = ds.logger;
  const statements = [];
  ds.logger = Object.assign(Object.create(logger), { logQuery: (query) => statements.push(query.replace(/\s+/g, ' ').slice(0, 240)) });
  try {
    await call();
  } finally {
    ds.logger = logger;
  }
  console.log(`\n${label} sends ${statements.length} statements:`);
  statements.forEach((q, i) => console.log(`  ${String(i + 1).padStart(2)}. ${q}`));
}

/** N API processes on one port (test/bench/api-cluster.mjs), with the server's config; stopped with this process. */
async function startApiCluster(env, n) {
  const child = fork(fileURLToPath(new URL('./api-cluster.mjs', import.meta.url)), [], {
    env: { ...process.env, BENCH_CLUSTER_ENV: JSON.stringify(env), BENCH_CLUSTER_PROCESSES: String(n) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { url } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the API cluster exited with ${code}`)));
  });
  process.once('exit', () => child.kill('SIGTERM'));
  return { url, close: () => child.kill('SIGTERM') };
}

/**
 * The floor of an HTTP answer on this machine: node:http alone, in the server's thread, answering what
 * `GET /api/v1/health/live` answers (a small JSON body, keep-alive kept as long as the app keeps it).
 */
async function bareNodeServer() {
  const body = JSON.stringify({ status: 'ok' });
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Runs `run`; with a profile directory, under the V8 CPU profiler of this (the server's) thread. */
async function profiled(dir, name, run) {
  if (!dir) return { result: await run() };
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  const result = await run();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  return { result, breakdown: breakdown(profile) };
}

/** Where a piece of code lives: an npm package, this server's own code (by folder), Node's internals, or V8. */
function origin(frame) {
  const { url, functionName } = frame.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/);
  if (pkg) return pkg[1];
  const own = url.match(/\/(server|shared)\/dist\/(?:src\/)?((?:[^/]+\/)?[^/]+)\//);
  if (own) return `yiban ${own[1]} ${own[2]}`;
  if (url.startsWith('node:')) return `node ${url.replace(/^node:(internal\/)?/, '').split('/')[0]}`;
  return url.includes('/test/bench/') ? 'this benchmark' : url;
}

/**
 * From a V8 CPU profile, time per origin: `self` where the sample was taken, `layer` the nearest package or server
 * code on its stack (a socket write or JSON.stringify counts for the middleware that asked for it).
 */
function breakdown(profile) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const originOf = new Map(profile.nodes.map((n) => [n.id, origin(n)]));
  const isCode = (o) => !/^(node |native |\()/.test(o);
  const layerOf = new Map();
  const layer = (id) => {
    if (!layerOf.has(id)) {
      let n = id;
      while (n !== undefined && !isCode(originOf.get(n))) n = parent.get(n);
      layerOf.set(id, n === undefined ? originOf.get(id) : originOf.get(n));
    }
    return layerOf.get(id);
  };
  const self = new Map();
  const layers = new Map();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    all += dt;
    self.set(originOf.get(id), (self.get(originOf.get(id)) ?? 0) + dt);
    layers.set(layer(id), (layers.get(layer(id)) ?? 0) + dt);
  });
  return { all, self, layers };
}

function printBreakdown(label, { all, self, layers }, requests) {
  const idle = self.get('(idle)') ?? 0;
  const busy = all - idle;
  const pct = (t) => `${((100 * t) / busy).toFixed(0)}%`;
  const top = (m, n) =>
    [...m.entries()]
      .filter(([o]) => o !== '(idle)' && o !== '(root)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .filter(([, t]) => t / busy >= 0.01)
      .map(([o, t]) => `${o} ${pct(t)}`)
      .join(' · ');
  console.log(
    `  ${label}: busy ${((100 * busy) / all).toFixed(0)}% of ${(all / 1e6).toFixed(1)} s, ${((busy / requests) | 0).toLocaleString('en-US')} µs busy per request (warm-up included; on a shared machine, time waiting for a core counts as busy)`,
  );
  console.log(`    self:     ${top(self, 14)}`);
  console.log(`    by layer: ${top(layers, 14)}`);
}

/** Counts the statements the server sends until `stop()` (TypeORM's logger, swapped meanwhile). */
function countStatements(ds) {
  const logger = ds.logger;
  let n = 0;
  ds.logger = Object.assign(Object.create(logger), { logQuery: () => void n++ });
  return {
    stop: () => {
      ds.logger = logger;
      return n;
    },
  };
}

/** MariaDB/MySQL's own counts of statements received and transactions committed (the whole database server). */
async function dbCounters(ds) {
  const rows = await ds.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_commit')");
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
}

function perOp(before, after, n) {
  return { statements: (after.Questions - before.Questions) / n, commits: (after.Com_commit - before.Com_commit) / n };
}

/** Runs one load phase in a worker thread and returns its figures. */
function inWorker(task) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: task });
    let result;
    worker.once('message', (m) => (result = m));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`${task.kind} worker exited with ${code} and no result`))));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The load (worker thread)

async function runLoad(task) {
  switch (task.kind) {
    case 'http-burst':
      return httpBurst(task);
    case 'http-holds':
      return httpHolds(task);
    case 'http-get':
      return httpGet(task);
    case 'raw-burst':
      return rawBurst(task);
    case 'raw-holds':
      return rawHolds(task);
    default:
      throw new Error(`unknown task ${task.kind}`);
  }
}

/** Nearest-rank percentiles of latencies in ms, with the rate over the wall time. */
function summary(latencies, seconds, statuses, extra = {}) {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
  return { n: sorted.length, seconds, rate: sorted.length / seconds, p50: at(0.5), p99: at(0.99), statuses, ...extra };
}

/** `concurrency` callers, each calling `op(k)` for the next k until `seconds` have passed. */
async function closedLoop(concurrency, seconds, cursor, op) {
  const latencies = [];
  const statuses = {};
  let k = cursor;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await op(k++);
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  return summary(latencies, (performance.now() - start) / 1000, statuses, { cursor: k });
}

/** All at once: every call started in the same tick. */
async function allAtOnce(n, op) {
  const latencies = new Array(n);
  const statuses = {};
  const start = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const t0 = performance.now();
      const status = await op(i);
      latencies[i] = performance.now() - t0;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }),
  );
  return summary(latencies, (performance.now() - start) / 1000, statuses);
}

async function httpBurst({ baseUrl, tokens, slotId }) {
  const client = httpClient(baseUrl, tokens.length);
  // One connection per patient, opened first (so the figure is the server's, not the TCP accept queue's).
  await Promise.all(tokens.map(() => client.send('GET', '/api/v1/health/live')));
  await sleep(50);
  const body = JSON.stringify({ slotId });
  const result = await allAtOnce(tokens.length, (i) => client.send('POST', '/api/v1/appointments', tokens[i], body));
  client.close();
  return result;
}

async function httpHolds({ baseUrl, tokens, slotIds, concurrency, seconds, cursor }) {
  const client = httpClient(baseUrl, concurrency);
  const bodies = slotIds.map((slotId) => JSON.stringify({ slotId }));
  const P = tokens.length;
  const S = slotIds.length;
  const result = await closedLoop(concurrency, seconds, cursor, (k) =>
    client.send('POST', '/api/v1/appointments', tokens[k % P], bodies[(k + Math.floor(k / P)) % S]),
  );
  client.close();
  return result;
}

async function httpGet({ baseUrl, route, concurrency, seconds, warmSeconds }) {
  const client = httpClient(baseUrl, concurrency);
  const warm = await closedLoop(concurrency, warmSeconds, 0, () => client.send('GET', route));
  const result = await closedLoop(concurrency, seconds, 0, () => client.send('GET', route));
  client.close();
  return { ...result, warmN: warm.n };
}

function rawPool({ databaseUrl, pool }) {
  const mysql = serverRequire('mysql2/promise');
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  // As the server's TypeORM connects: UTC instants, utf8mb4, the same pool size.
  return mysql.createPool({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    connectionLimit: pool,
  });
}

/** One hold, as the service's two statements that matter: the conditional UPDATE and the INSERT of the same appointments row, in one transaction. */
function rawHolder(pool, timeZone) {
  const newId = serverRequire('ulid').monotonicFactory();
  const day = new Intl.DateTimeFormat('en-CA', { timeZone });
  return async (patient, slot) => {
    const conn = await pool.getConnection();
    try {
      await conn.query('START TRANSACTION');
      const now = new Date();
      const [taken] = await conn.query("UPDATE slots SET booked = booked + 1 WHERE id = ? AND status = 'open' AND booked < capacity AND startsAt > ?", [
        slot.id,
        now,
      ]);
      if (!taken.affectedRows) {
        await conn.query('ROLLBACK');
        return 'full';
      }
      await conn.query(
        'INSERT INTO appointments (id, patientId, accountId, slotId, doctorId, departmentId, startsAt, endsAt, status, fee, activeKey, bookedOn, checkInCode, holdExpiresAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)',
        [
          newId(),
          patient.id,
          patient.accountId,
          slot.id,
          slot.doctorId,
          slot.departmentId,
          new Date(slot.startsAt),
          new Date(slot.endsAt),
          'confirmed',
          slot.fee,
          `${patient.id}:${slot.id}`,
          day.format(now),
          randomBytes(8).toString('base64url').slice(0, 10),
        ],
      );
      await conn.query('COMMIT');
      return 'held';
    } catch (error) {
      await conn.query('ROLLBACK').catch(() => undefined);
      return `error ${error.code ?? error.message}`;
    } finally {
      conn.release();
    }
  };
}

async function rawBurst(task) {
  const pool = rawPool(task);
  const hold = rawHolder(pool, task.timeZone);
  await Promise.all(Array.from({ length: task.pool }, () => pool.query('SELECT 1'))); // connections opened first
  const result = await allAtOnce(task.patients.length, (i) => hold(task.patients[i], task.slot));
  await pool.end();
  return result;
}

async function rawHolds(task) {
  const pool = rawPool(task);
  const hold = rawHolder(pool, task.timeZone);
  const P = task.patients.length;
  const S = task.slots.length;
  await Promise.all(Array.from({ length: task.pool }, () => pool.query('SELECT 1')));
  const result = await closedLoop(task.concurrency, task.seconds, task.cursor, (k) => hold(task.patients[k % P], task.slots[(k + Math.floor(k / P)) % S]));
  await pool.end();
  return result;
}
