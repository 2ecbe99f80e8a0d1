#!/usr/bin/env node
// Benchmark (prints figures; asserts nothing): 1,000 concurrent patient sockets on one server instance.
// Doctor → patient delivery latency (from the doctor's POST /api/v1/consultations/:id/messages being sent to the
// patient's socket receiving the `message` frame) one at a time, with many doctors' replies in flight and at a paced
// rate; messages per second sustained; connect + auth time of the 1,000 sockets; server memory per connection.
// Needs MySQL/MariaDB: DATABASE_URL=mariadb://root@127.0.0.1:3306/test pnpm bench:consult
//
// The server runs in a child process, so its memory is its own (RSS and heap are read there, after a forced GC, and
// sent back over IPC). This process's main thread runs the WeChat simulator (content security for every message) and
// the setup; a worker thread runs the load (the patients' sockets and the doctors' HTTP client), so the clients do
// not share an event loop with the simulator.
// Knobs: BENCH_PATIENTS (1,000), BENCH_DOCTORS (20), BENCH_IN_FLIGHT per doctor (2), BENCH_SEQUENTIAL (300),
// BENCH_SATURATE_SECONDS (30), BENCH_PACED_SECONDS (20); BENCH_SERVER_PROFILE=<dir> writes a V8 CPU profile of the
// server for the connect and for each reply phase; BENCH_SERVER_NODE_ARGS replaces the V8 flags of the server process
// (by default production's, from server/node-flags.json).
import { createRequire } from 'node:module';
import { fork } from 'node:child_process';
import { httpClient } from './http-client.mjs';
import { NODE_FLAGS } from './processes.mjs';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const SERVER_ENTRY = import.meta.resolve('@yiban/server');
// ws exactly as the server has it (a server dependency, not this package's).
const serverRequire = createRequire(SERVER_ENTRY);
const SOCKET_PATH = '/api/v1/consultations/socket';
const PING_MS = 25_000; // what the mini-program sends (the server closes a socket silent for 60 s)
const SLOW_MS = 50; // the delivery goal at half the sustained rate: replies slower than this are counted per second
const DELIVERY_TIMEOUT_MS = 15_000; // a frame later than this counts as lost (and, if it comes, as late)
const REPLY_TEXT = '您好，根据您的描述，建议低盐饮食、规律作息，每天早晚各测一次血压并记录，如有胸闷胸痛请及时到门诊就诊。';

if (process.argv[2] === '--server') await serve();
else if (isMainThread) await main();
else loadWorker();

// ---------------------------------------------------------------------------------------------------------------
// The orchestrator (main thread): database, simulator, setup through the API, phases, report.

async function main() {
  const { ENTITIES, DEMO_STAFF_PASSWORD, loadConfig, openDatabase, recreateDatabase, seedDemoData } = await import('@yiban/server');
  const { residentIdNumber } = await import('@yiban/server/testing');
  const { startSimulator } = await import('@yiban/wechat-sim');

  const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 1_000);
  const DOCTORS = Number(process.env.BENCH_DOCTORS ?? 20);
  const IN_FLIGHT_PER_DOCTOR = Number(process.env.BENCH_IN_FLIGHT ?? 2);
  const FIRST_IN_FLIGHT = 40;
  const ONE_AT_A_TIME = Number(process.env.BENCH_SEQUENTIAL ?? 300);
  const SATURATE_SECONDS = Number(process.env.BENCH_SATURATE_SECONDS ?? 30);
  const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 20);
  const SETUP_CONCURRENCY = 25;
  const base = process.env.DATABASE_URL;
  if (!base || !/^(mysql|mariadb):/.test(base)) {
    console.error('Set DATABASE_URL to a MySQL/MariaDB server, e.g. DATABASE_URL=mariadb://root@127.0.0.1:3306/test pnpm bench:consult');
    process.exit(2);
  }

  // Open files: each of the two sides (server child, this process) holds one descriptor per socket, plus the
  // database pool, the simulator's and the doctors' HTTP connections. Node raises its soft limit to the hard limit
  // at start-up, so the figure that matters is the one this process now has (the child inherits the same).
  const needFds = PATIENTS + 300;
  const fdLimit = openFileLimit();
  if (fdLimit !== null && fdLimit < needFds) {
    console.error(
      `The open-file limit of this process is ${fdLimit}; ${PATIENTS} sockets need about ${needFds} descriptors in the server and as many here.\n` +
        `Raise it in the shell first (ulimit -n ${Math.max(4096, needFds)}; if that fails, the hard limit — ulimit -Hn — must be raised by root,\n` +
        `e.g. LimitNOFILE in a systemd unit or nofile in /etc/security/limits.conf), or run fewer with BENCH_PATIENTS.`,
    );
    process.exit(2);
  }

  const busyBefore = await machineBusy();
  const started = performance.now();
  const scratch = await recreateDatabase(base, 'yiban_bench_consult');
  const appid = 'wx0123456789abcdef';
  const secret = randomBytes(16).toString('hex');
  const sim = await startSimulator({
    port: 0,
    apps: [{ appid, secret }],
    keysDir: mkdtempSync(path.join(os.tmpdir(), 'yiban-bench-keys-')),
    logger: () => undefined,
  });
  const env = {
    NODE_ENV: 'test',
    ROLE: 'api',
    LOG_LEVEL: 'warn',
    DATABASE_URL: scratch.url,
    JWT_SECRET: randomBytes(48).toString('base64'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WECHAT_APPID: appid,
    WECHAT_SECRET: secret,
    WECHAT_API_BASE: sim.url,
    // Raised for the benchmark: 1,000 patients and 20 doctors sign in from one address within a minute (default
    // 20 a minute per address), and the tokens signed at setup must outlive the run (default 15 minutes).
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
  };
  const config = loadConfig(env);
  const ds = await openDatabase(config.database);
  const entity = (name) => ENTITIES.find((e) => e.name === name);
  const [{ version }] = await ds.query('SELECT VERSION() AS version');

  // Catalogue and staff as the demo has them; DOCTORS − 1 more Cardiology doctors beside doctor.zhang (same
  // password hash, so they sign in through the real login).
  await seedDemoData(ds, config);
  const card = await ds.getRepository(entity('Department')).findOneByOrFail({ code: 'CARD' });
  const zhang = await ds.getRepository(entity('StaffMember')).findOneByOrFail({ username: 'doctor.zhang' });
  const usernames = ['doctor.zhang'];
  for (let i = 1; i < DOCTORS; i++) {
    const username = `bench.doctor${String(i).padStart(2, '0')}`;
    await ds.getRepository(entity('StaffMember')).insert(
      ds.getRepository(entity('StaffMember')).create({
        username,
        passwordHash: zhang.passwordHash,
        displayName: `测试医生${i}`,
        roles: ['doctor'],
        departmentId: card.id,
      }),
    );
    usernames.push(username);
  }

  // The server, in a child process.
  const logPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'yiban-bench-consult-')), 'server.log');
  const logFd = openSync(logPath, 'w');
  const child = fork(fileURLToPath(import.meta.url), ['--server'], {
    // The V8 flags production runs the API with (server/node-flags.json), unless BENCH_SERVER_NODE_ARGS says others
    // (`BENCH_SERVER_NODE_ARGS=' '` for V8's defaults), to compare GC settings.
    execArgv: ['--expose-gc', ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? NODE_FLAGS.api)],
    env: { ...process.env, BENCH_SERVER_ENV: JSON.stringify(env) },
    stdio: ['ignore', logFd, logFd, 'ipc'],
  });
  let stopping = false;
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`The server process exited during the run (code ${code}, signal ${signal}); its log: ${logPath}`);
    process.exit(1);
  });
  const server = ipc(
    (m) => child.send(m),
    (listener) => child.on('message', listener),
  );
  const { port } = await server.ready;
  const baseUrl = `http://127.0.0.1:${port}`;

  const api = async (method, route, body, token) => {
    const res = await fetch(`${baseUrl}/api/v1${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const simPost = async (route, body) => {
    const res = await fetch(`${sim.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`simulator ${route}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  // Setup, all through the API: doctors sign in; each patient is a new simulator user who signs in through
  // code2Session and asks a health question in Cardiology (content-checked by the simulator); the doctors claim
  // the questions in turn (patient i → doctor i mod DOCTORS).
  const doctors = [];
  for (const username of usernames)
    doctors.push({ username, token: (await api('POST', '/auth/staff/login', { username, password: DEMO_STAFF_PASSWORD })).token });
  const patients = new Array(PATIENTS);
  await pool(PATIENTS, SETUP_CONCURRENCY, async (i) => {
    const { code } = await simPost('/__sim/login-code', {});
    const login = await api('POST', '/auth/wechat/login', { code });
    // The privacy policy and the health-data consent: a consultation needs both.
    const consents = await api('GET', '/me/consents', undefined, login.token);
    for (const kind of consents.missingRequired)
      await api('POST', '/me/consents', { kind, version: consents.currentVersions[kind], granted: true }, login.token);
    // Real-name care (实名就医): the profile's name, resident ID card and phone, as the app asks for them.
    await api(
      'PATCH',
      `/me/patients/${login.patient.id}`,
      { name: `患者${i + 1}`, idType: 'resident_id', idNumber: residentIdNumber(700_000 + i), phone: `139${String(i).padStart(8, '0')}` },
      login.token,
    );
    const { consultation } = await api(
      'POST',
      '/consultations',
      { kind: 'health_consult', departmentId: card.id, question: `医生您好，我最近早上血压有点高（第${i + 1}位），平时需要注意什么？` },
      login.token,
    );
    patients[i] = { token: login.token, consultationId: consultation.id, doctor: i % DOCTORS, lastSeq: consultation.lastSeq };
  });
  await pool(PATIENTS, SETUP_CONCURRENCY, async (i) => {
    const view = await api('POST', `/consultations/${patients[i].consultationId}/claim`, undefined, doctors[patients[i].doctor].token);
    patients[i].lastSeq = view.lastSeq;
  });
  const setupSeconds = (performance.now() - started) / 1000;

  // The load, in a worker thread that keeps the sockets across the phases.
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { baseUrl, patients, doctors: doctors.map((d, j) => ({ token: d.token, patients: patients.flatMap((p, i) => (p.doctor === j ? [i] : [])) })) },
  });
  worker.once('error', (error) => {
    console.error('The load worker failed:', error);
    process.exit(1);
  });
  const load = ipc(
    (m) => worker.postMessage(m),
    (listener) => worker.on('message', listener),
  );

  // Memory: before the sockets (server warmed by the setup's ~3,000 requests), with them, after the replies, after closing.
  const m0 = await server.ask('memory');
  // BENCH_SERVER_PROFILE=<dir>: a V8 CPU profile of the server process for the connect and each reply phase.
  const profileDir = process.env.BENCH_SERVER_PROFILE;
  const profiled = async (name, work) => {
    if (profileDir) await server.ask('profileStart');
    const result = await work();
    if (profileDir) await server.ask('profileStop', { file: path.join(profileDir, `${name}.cpuprofile`) });
    return result;
  };
  const connect = await profiled('connect', () => load.ask('connect'));
  await sleep(1_000);
  const m1 = await server.ask('memory');

  const dbCounters = async () =>
    Object.fromEntries(
      (await ds.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_commit')")).map((r) => [r.Variable_name, Number(r.Value)]),
    );
  const phase = async (args) => {
    const before = await dbCounters();
    await server.ask('stats'); // resets the server's CPU, event-loop utilisation and delay counters
    const cpuBefore = cpuTimes();
    const here = process.cpuUsage();
    const dbBefore = processCpuSeconds(dbPid);
    const simDelay = monitorEventLoopDelay({ resolution: 10 });
    simDelay.enable();
    const simGc = { n: 0, total: 0, max: 0 };
    const simGcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        simGc.n += 1;
        simGc.total += e.duration;
        simGc.max = Math.max(simGc.max, e.duration);
      }
    });
    simGcObserver.observe({ entryTypes: ['gc'] });
    const t0 = performance.now();
    const result = await profiled(`replies-${args.tag}`, () => load.ask('replies', args));
    simDelay.disable();
    simGcObserver.disconnect();
    const stats = await server.ask('stats');
    const wall = (performance.now() - t0) / 1000;
    stats.machine = machineShare(cpuBefore, cpuTimes()) * os.cpus().length;
    const used = process.cpuUsage(here);
    stats.here = (used.user + used.system) / 1e6 / wall;
    stats.db = dbPid ? (processCpuSeconds(dbPid) - dbBefore) / wall : NaN;
    stats.other = stats.machine - stats.cpu - stats.here - (stats.db || 0);
    const after = await dbCounters();
    const n = Math.max(1, result.posted);
    return {
      ...result,
      simDelayMax: simDelay.max / 1e6,
      simGc,
      server: stats,
      statements: (after.Questions - before.Questions) / n,
      commits: (after.Com_commit - before.Com_commit) / n,
    };
  };
  const dbPid = localDatabasePid();
  const phases = [];
  phases.push({
    label: `first answers: every thread once, ${FIRST_IN_FLIGHT} in flight`,
    ...(await phase({ mode: 'each', inFlight: FIRST_IN_FLIGHT, tag: 'f' })),
  });
  phases.push({ label: `one at a time (${ONE_AT_A_TIME} replies)`, ...(await phase({ mode: 'sequential', count: ONE_AT_A_TIME, tag: 's' })) });
  const saturated = await phase({ mode: 'closed', perDoctor: IN_FLIGHT_PER_DOCTOR, seconds: SATURATE_SECONDS, tag: 'c' });
  phases.push({ label: `${DOCTORS} doctors × ${IN_FLIGHT_PER_DOCTOR} in flight (${SATURATE_SECONDS} s)`, ...saturated });
  const pacedRate = Math.max(1, Math.round(saturated.rate / 2));
  phases.push({
    label: `paced at half of that: ${pacedRate}/s (${PACED_SECONDS} s)`,
    ...(await phase({ mode: 'paced', rate: pacedRate, seconds: PACED_SECONDS, tag: 'p' })),
  });
  const m2 = await server.ask('memory');
  const anomalies = await load.ask('anomalies');
  const closing = await load.ask('close');
  await sleep(1_000);
  const m3 = await server.ask('memory');

  // What the database holds: every 201 is one staff text row.
  const [{ n: staffRows }] = await ds.query("SELECT COUNT(*) AS n FROM consult_messages WHERE side = 'staff' AND kind = 'text' AND clientId LIKE 'bench-%'");
  const posted201 = phases.reduce((s, p) => s + (p.statuses['201'] ?? 0), 0);

  // Report.
  const f0 = (n) => Math.round(n).toLocaleString('en-US');
  const ms = (n) => (!Number.isFinite(n) ? 'n/a' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
  const mib = (b) => (b / 1048576).toFixed(1);
  const kib = (b) => (b / 1024).toFixed(1);
  const pct = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : 'n/a');
  const cores = (x) => (Number.isFinite(x) ? Math.max(0, x).toFixed(2) : 'n/a');
  const statuses = (s) =>
    Object.entries(s)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ×${f0(n)}`)
      .join(', ');
  const warnings = [];
  if (busyBefore > 0.15)
    warnings.push(
      `NOTE: other processes kept the CPUs ${(busyBefore * 100).toFixed(0)}% busy when the run started: the figures are lower than on an idle machine`,
    );

  console.log(`\nYiban consultation sockets benchmark — MariaDB/MySQL ${version}, ${os.cpus().length} cores, ${new Date().toISOString()}`);
  console.log(
    `One server instance in a child process (ROLE=api: no job worker; no REDIS_URL: the in-process event bus), ${f0(PATIENTS)} patients each with one open health consultation in Cardiology, ${DOCTORS} Cardiology doctors; every reply goes through the simulator's msg_sec_check (v1) and publishes to the patient's account channel (no staff sockets are open). Open-file limit ${fdLimit ?? 'unknown'}. Setup through the API ${setupSeconds.toFixed(1)} s. CPUs busy with other work when it started: ${(busyBefore * 100).toFixed(0)}%.`,
  );

  console.log(`\nConnect + auth: ${f0(connect.n)} sockets opened at once (WebSocket upgrade, then {type:'auth', token} → {type:'ready'})`);
  console.log(
    `  ready ${f0(connect.ready)} of ${f0(connect.n)}${connect.failures.length ? ` [failures: ${connect.failures.join(', ')}]` : ''} · all ready after ${connect.seconds.toFixed(2)} s (${f0(connect.ready / connect.seconds)} sockets/s) · server counts ${m1.sockets ?? 'n/a'} open sockets`,
  );
  console.log(
    `  per socket: upgrade p50 ${ms(connect.open.p50)} ms · p99 ${ms(connect.open.p99)} ms; auth → ready p50 ${ms(connect.auth.p50)} ms · p99 ${ms(connect.auth.p99)} ms; total p50 ${ms(connect.total.p50)} ms · p99 ${ms(connect.total.p99)} ms`,
  );
  if (connect.ready !== connect.n) warnings.push(`WARNING: ${connect.n - connect.ready} of ${connect.n} sockets did not become ready`);
  if (m1.sockets !== null && m1.sockets !== connect.ready) warnings.push(`WARNING: the server counts ${m1.sockets} sockets, the load ${connect.ready}`);

  const perConn = (a, b, key) => (b[key] - a[key]) / Math.max(1, connect.ready);
  console.log(
    `\nServer memory (child process, after a forced GC): before the sockets → with ${f0(connect.ready)} sockets → after the replies → after closing them`,
  );
  for (const key of ['rss', 'heapUsed', 'heapTotal', 'external']) {
    console.log(
      `  ${key.padEnd(9)} ${mib(m0[key]).padStart(6)} → ${mib(m1[key]).padStart(6)} → ${mib(m2[key]).padStart(6)} → ${mib(m3[key]).padStart(6)} MiB · per connection ${kib(perConn(m0, m1, key)).padStart(5)} KiB`,
    );
  }
  console.log(`  open descriptors ${m0.fds} → ${m1.fds} → ${m2.fds} → ${m3.fds}; server sockets ${m0.sockets} → ${m1.sockets} → ${m2.sockets} → ${m3.sockets}`);

  console.log(`\nDoctor → patient delivery (POST sent → 'message' frame on the patient's socket)`);
  console.log(
    `  ${'phase'.padEnd(46)} ${'posted'.padStart(6)} ${'lost'.padStart(4)} ${'msg/s'.padStart(6)}  ${'delivery p50 / p99'.padEnd(20)} ${'POST p50 / p99'.padEnd(18)} server loop busy · delay p99 · cores: server + load/sim + db + other · SQL/msg`,
  );
  for (const p of phases) {
    console.log(
      `  ${p.label.padEnd(46)} ${f0(p.posted).padStart(6)} ${f0(p.lost).padStart(4)} ${f0(p.rate).padStart(6)}  ${`${ms(p.delivery.p50)} / ${ms(p.delivery.p99)} ms`.padEnd(20)} ${`${ms(p.post.p50)} / ${ms(p.post.p99)} ms`.padEnd(18)} ${pct(p.server.elu)} · ${ms(p.server.delayP99)} ms · ${cores(p.server.cpu)} + ${cores(p.server.here)} + ${cores(p.server.db)} + ${cores(p.server.other)} · ${p.statements.toFixed(1)} (${p.commits.toFixed(2)} commits) [${statuses(p.statuses)}]`,
    );
    if ((p.statuses['201'] ?? 0) !== p.posted) warnings.push(`WARNING: ${p.label}: ${p.posted - (p.statuses['201'] ?? 0)} posts not answered 201`);
    if (p.server.other > 0.25)
      warnings.push(`NOTE: ${p.label}: other processes used ${cores(p.server.other)} cores meanwhile; the figures are lower than on an idle machine`);
    if (p.lost) warnings.push(`WARNING: ${p.label}: ${p.lost} frames not received within ${DELIVERY_TIMEOUT_MS / 1000} s`);
  }
  console.log(
    `  (msg/s: frames delivered over the phase's wall time; server loop busy: the server's event-loop utilisation, delay p99: its event-loop delay; cores: CPU time over the phase in cores — the server process, this process (the sockets, the doctors' client and the simulator), the MariaDB process, and everything else on the machine; SQL/msg: MariaDB's global Questions and Com_commit per posted reply)`,
  );
  // Where the slow replies were: spread over the phase (queueing) or bunched in a few seconds (a stall somewhere).
  for (const p of phases) {
    const slowTotal = p.slowBySecond.reduce((n, [, k]) => n + k, 0);
    if (!slowTotal) continue;
    console.log(
      `  over ${SLOW_MS} ms, by second sent (${p.label.split(':')[0]}): ${slowTotal} of ${f0(p.posted)} in ${p.slowBySecond.length} of ${Math.ceil(p.seconds)} s — ${p.slowBySecond.map(([sec, k]) => `${sec}s ×${k}`).join(', ')}`,
    );
    console.log(
      `    longest stalls: server loop delay ${ms(p.server.delayMax)} ms, its longest GC ${ms(p.server.gc.max)} ms (${p.server.gc.n} GCs, ${ms(p.server.gc.total)} ms in all); the load thread's loop delay ${ms(p.loadDelayMax)} ms; the simulator's (this process's main thread) loop delay ${ms(p.simDelayMax)} ms, its longest GC ${ms(p.simGc.max)} ms (${p.simGc.n} GCs)`,
    );
  }

  console.log(
    `\nOn the sockets: ${f0(anomalies.frames)} frames (${f0(anomalies.messageFrames)} message, ${f0(anomalies.consultationFrames)} consultation, ${f0(anomalies.pongs)} pong), ${anomalies.outOfOrder} out of order or repeated, ${anomalies.gaps} gaps in seq, ${anomalies.late} late (after ${DELIVERY_TIMEOUT_MS / 1000} s), ${anomalies.errorFrames.length} error frames, ${anomalies.unexpectedCloses.length} unexpected closes · database: ${staffRows} staff text rows for ${posted201} answers 201 · closing: ${closing.closed} closed in ${closing.seconds.toFixed(2)} s`,
  );
  if (anomalies.outOfOrder || anomalies.gaps) warnings.push(`WARNING: ${anomalies.outOfOrder} out-of-order and ${anomalies.gaps} gaps in the patients' seqs`);
  if (anomalies.errorFrames.length) warnings.push(`WARNING: error frames: ${[...new Set(anomalies.errorFrames)].join(', ')}`);
  if (anomalies.unexpectedCloses.length) warnings.push(`WARNING: sockets closed by the server: ${[...new Set(anomalies.unexpectedCloses)].join(', ')}`);
  if (Number(staffRows) !== posted201) warnings.push(`WARNING: ${staffRows} rows for ${posted201} answers 201`);
  closeSync(logFd);
  const log = readFileSync(logPath, 'utf8').split('\n').filter(Boolean);
  if (log.length) warnings.push(`NOTE: the server logged ${log.length} lines at warn or above (${logPath}); first: ${log[0].slice(0, 300)}`);
  const [, one, closed, paced] = phases;
  const rows = [
    [
      `connect + auth, ${f0(connect.n)} sockets at once`,
      `${f0(connect.ready)} ready after ${connect.seconds.toFixed(2)} s · per socket p50 ${ms(connect.total.p50)} ms · p99 ${ms(connect.total.p99)} ms`,
    ],
    ['server memory per connection', `RSS ${kib(perConn(m0, m1, 'rss'))} KiB · heapUsed ${kib(perConn(m0, m1, 'heapUsed'))} KiB`],
    ['delivery, one reply at a time', `p50 ${ms(one.delivery.p50)} ms · p99 ${ms(one.delivery.p99)} ms`],
    [
      `sustained, ${DOCTORS * IN_FLIGHT_PER_DOCTOR} replies in flight`,
      `${f0(closed.rate)} msg/s · delivery p50 ${ms(closed.delivery.p50)} ms · p99 ${ms(closed.delivery.p99)} ms`,
    ],
    [`delivery at ${f0(pacedRate)} msg/s (half of that)`, `p50 ${ms(paced.delivery.p50)} ms · p99 ${ms(paced.delivery.p99)} ms`],
    ['lost frames · errors', `${phases.reduce((a, p) => a + p.lost, 0)} · ${phases.reduce((a, p) => a + p.posted - (p.statuses['201'] ?? 0), 0)}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nSummary`);
  for (const [k, v] of rows) console.log(`  | ${k.padEnd(width)} | ${v}`);
  for (const w of warnings) console.log(w);
  console.log(`Total ${((performance.now() - started) / 1000).toFixed(0)} s`);

  await worker.terminate();
  stopping = true;
  await server.ask('stop').catch(() => undefined);
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  await ds.destroy();
  await sim.close();
  await scratch.drop();
}

/** The machine's CPU time so far, idle and in all (Linux /proc/stat); null when unknown. */
function cpuTimes() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    return { idle: fields[3] + fields[4], total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/** The share of all cores' time that was not idle between two samples (NaN when unknown). */
function machineShare(a, b) {
  return a && b ? 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total) : NaN;
}

/** How busy the machine is with other work over one second, before anything here starts. */
async function machineBusy() {
  const a = cpuTimes();
  await sleep(1_000);
  return machineShare(a, cpuTimes()) || 0;
}

/** The pid of a MariaDB/MySQL server on this machine (to read its CPU time), or null. */
function localDatabasePid() {
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        if (/^(mariadbd|mysqld)$/.test(readFileSync(`/proc/${pid}/comm`, 'utf8').trim())) return Number(pid);
      } catch {
        /* gone meanwhile */
      }
    }
  } catch {
    /* no /proc */
  }
  return null;
}

/** User + system CPU seconds a process has used so far (Linux; clock ticks assumed 100 a second). */
function processCpuSeconds(pid) {
  if (!pid) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The soft limit on open files of this process (Linux), or null when it cannot be read. */
function openFileLimit() {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === 'unlimited' ? Infinity : Number(soft) || null;
  } catch {
    return null;
  }
}

/** Request/answer over a message channel (the server's IPC, the worker's port). */
function ipc(send, listen) {
  let next = 0;
  const waiting = new Map();
  let readyResolve;
  const ready = new Promise((resolve) => (readyResolve = resolve));
  listen((m) => {
    if (m.type === 'ready') return readyResolve(m);
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error) w.reject(new Error(m.error));
    else w.resolve(m.result);
  });
  return {
    ready,
    ask: (cmd, args) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve, reject });
        send({ id, cmd, args });
      }),
  };
}

/** Runs `op(i)` for i in [0, n) with at most `concurrency` at once. */
async function pool(n, concurrency, op) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      while (next < n) await op(next++);
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The server (child process): the real app, listening; answers memory and load figures over IPC.

async function serve() {
  const { createApp, loadConfig } = await import('@yiban/server');
  const { openChatSockets } = await import('@yiban/server/testing');
  const app = await createApp(loadConfig(JSON.parse(process.env.BENCH_SERVER_ENV)));
  await app.listen(0, '127.0.0.1');
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // Garbage collections of the server over the phase: how many, their total and the longest (a stall of the loop).
  let gc = { n: 0, total: 0, max: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.n++;
      gc.total += e.duration;
      gc.max = Math.max(gc.max, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  let since = performance.now();
  let profiler = null;
  const answers = {
    profileStart: async () => {
      const { Session } = await import('node:inspector/promises');
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    },
    profileStop: async ({ file }) => {
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = null;
      writeFileSync(file, JSON.stringify(profile));
    },
    memory: async () => {
      for (let i = 0; i < 3; i++) {
        globalThis.gc();
        await sleep(100);
      }
      return { ...process.memoryUsage(), fds: readdirSync('/proc/self/fd').length, sockets: openChatSockets({ app }) };
    },
    stats: () => {
      const result = {
        elu: performance.eventLoopUtilization(elu).utilization,
        cpu: (() => {
          const c = process.cpuUsage(cpu);
          return (c.user + c.system) / 1000 / (performance.now() - since);
        })(),
        delayP99: delay.percentile(99) / 1e6,
        delayMax: delay.max / 1e6,
        gc,
      };
      gc = { n: 0, total: 0, max: 0 };
      elu = performance.eventLoopUtilization();
      cpu = process.cpuUsage();
      since = performance.now();
      delay.reset();
      return result;
    },
    stop: async () => {
      setImmediate(async () => {
        await app.close();
        process.exit(0);
      });
    },
  };
  process.on('message', async ({ id, cmd, args }) => {
    try {
      process.send({ id, result: await answers[cmd](args) });
    } catch (error) {
      process.send({ id, error: error.stack });
    }
  });
  process.send({ type: 'ready', port: app.getHttpServer().address().port });
}

// ---------------------------------------------------------------------------------------------------------------
// The load (worker thread): the patients' sockets and the doctors' HTTP client, kept across the phases.

function loadWorker() {
  const { WebSocket } = serverRequire('ws');
  const { baseUrl, patients, doctors } = workerData;
  const wsUrl = `${baseUrl.replace(/^http/, 'ws')}${SOCKET_PATH}`;
  const byConsultation = new Map(patients.map((p, i) => [p.consultationId, i]));
  const sockets = new Array(patients.length);
  const pending = new Map(); // clientId → resolve(receivedAt)
  const seen = { frames: 0, messageFrames: 0, consultationFrames: 0, pongs: 0, outOfOrder: 0, gaps: 0, late: 0, errorFrames: [], unexpectedCloses: [] };
  let closing = false;
  let counter = 0;

  const onFrame = (i, raw) => {
    const at = performance.now();
    seen.frames++;
    let frame;
    try {
      frame = JSON.parse(raw.toString());
    } catch {
      seen.errorFrames.push('unparseable frame');
      return;
    }
    if (frame.type === 'ready') return sockets[i].onReady?.(at);
    if (frame.type === 'pong') return void seen.pongs++;
    if (frame.type === 'consultation') return void seen.consultationFrames++;
    if (frame.type === 'error') return void seen.errorFrames.push(frame.code);
    if (frame.type !== 'message') return;
    seen.messageFrames++;
    const m = frame.message;
    const p = patients[byConsultation.get(m.consultationId) ?? -1];
    if (!p || byConsultation.get(m.consultationId) !== i) return void seen.errorFrames.push('message for another patient');
    if (m.seq <= p.lastSeq) seen.outOfOrder++;
    else if (m.seq > p.lastSeq + 1) seen.gaps++;
    p.lastSeq = Math.max(p.lastSeq, m.seq);
    const resolve = m.clientId && pending.get(m.clientId);
    if (resolve) {
      pending.delete(m.clientId);
      resolve(at);
    } else if (m.clientId?.startsWith('bench-')) seen.late++;
  };

  const open = (i) =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const s = { ws: new WebSocket(wsUrl, { perMessageDeflate: false, handshakeTimeout: 30_000 }), ping: null };
      sockets[i] = s;
      let opened = NaN;
      let done = false;
      const finish = (result) => {
        if (done) return;
        done = true;
        resolve(result);
      };
      s.onReady = (at) => {
        s.onReady = null;
        // The client's heartbeat, spread over the interval.
        s.ping = setTimeout(function beat() {
          if (s.ws.readyState === WebSocket.OPEN) s.ws.send('{"type":"ping"}');
          s.ping = setTimeout(beat, PING_MS);
        }, Math.random() * PING_MS);
        finish({ ok: true, open: opened - t0, auth: at - opened, total: at - t0 });
      };
      s.ws.on('open', () => {
        opened = performance.now();
        s.ws.send(JSON.stringify({ type: 'auth', token: patients[i].token }));
      });
      s.ws.on('message', (data) => onFrame(i, data));
      s.ws.on('error', (error) => finish({ ok: false, reason: error.code ?? error.message }));
      s.ws.on('close', (code, reason) => {
        clearTimeout(s.ping);
        if (!closing) seen.unexpectedCloses.push(`${code} ${reason}`.trim());
        finish({ ok: false, reason: `closed ${code} ${reason}`.trim() });
      });
    });

  const client = httpClient(baseUrl, 256);
  const post = (route, token, body) => client.send('POST', route, token, body);

  /** One doctor reply to patient i: resolves with the POST's status and time, and the delivery time (null: lost). */
  const reply = async (i, tag) => {
    const p = patients[i];
    const clientId = `bench-${tag}-${String(++counter).padStart(6, '0')}`;
    const body = JSON.stringify({ text: REPLY_TEXT, clientId });
    let timer;
    const t0 = performance.now();
    const delivered = new Promise((resolve) => {
      pending.set(clientId, resolve);
      timer = setTimeout(() => {
        pending.delete(clientId);
        resolve(null);
      }, DELIVERY_TIMEOUT_MS);
    });
    const status = await post(`/api/v1/consultations/${p.consultationId}/messages`, doctors[p.doctor].token, body);
    const postMs = performance.now() - t0;
    if (status !== '201') {
      // Not written: no frame will come.
      pending.get(clientId)?.(NaN);
      pending.delete(clientId);
    }
    const at = await delivered;
    clearTimeout(timer);
    return { status, sentAt: t0, postMs, deliveryMs: at === null || Number.isNaN(at) ? null : at - t0, lost: status === '201' && at === null };
  };

  const phase = async ({ mode, inFlight, count, perDoctor, seconds, rate, tag }) => {
    const delivery = [];
    const posts = [];
    const statuses = {};
    let lost = 0;
    const loadDelay = monitorEventLoopDelay({ resolution: 10 });
    loadDelay.enable();
    const slow = new Map(); // second of the phase → replies delivered after more than SLOW_MS
    const record = (r) => {
      if (r.deliveryMs !== null && r.deliveryMs > SLOW_MS) {
        const second = Math.floor((r.sentAt - start) / 1000);
        slow.set(second, (slow.get(second) ?? 0) + 1);
      }
      posts.push(r.postMs);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.deliveryMs !== null) delivery.push(r.deliveryMs);
      if (r.lost) lost++;
    };
    const start = performance.now();
    if (mode === 'each' || mode === 'sequential') {
      // Every thread once (the first answer: status → waiting for the patient), or `count` replies one at a time.
      const order = mode === 'each' ? patients.map((_, i) => i) : Array.from({ length: count }, (_, k) => (k * 7) % patients.length);
      let next = 0;
      await Promise.all(
        Array.from({ length: mode === 'each' ? inFlight : 1 }, async () => {
          while (next < order.length) record(await reply(order[next++], tag));
        }),
      );
    } else if (mode === 'closed') {
      // Each doctor keeps `perDoctor` replies in flight, each on its own thread (never two at once on one).
      const end = start + seconds * 1000;
      await Promise.all(
        doctors.flatMap((d) =>
          Array.from({ length: perDoctor }, async (_, j) => {
            for (let k = j; performance.now() < end; k += perDoctor) record(await reply(d.patients[k % d.patients.length], tag));
          }),
        ),
      );
    } else if (mode === 'paced') {
      // Open loop: a reply every 1/rate s whatever the answers, threads in turn.
      const interval = 1000 / rate;
      const total = Math.round(rate * seconds);
      const inFlightReplies = [];
      for (let k = 0; k < total; k++) {
        const due = start + k * interval;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        inFlightReplies.push(reply((k * 7) % patients.length, tag).then(record));
      }
      await Promise.all(inFlightReplies);
    }
    const wall = (performance.now() - start) / 1000;
    loadDelay.disable();
    return {
      posted: posts.length,
      lost,
      seconds: wall,
      rate: delivery.length / wall,
      delivery: percentiles(delivery),
      post: percentiles(posts),
      statuses,
      slowBySecond: [...slow.entries()].sort((a, b) => a[0] - b[0]),
      loadDelayMax: loadDelay.max / 1e6,
    };
  };

  const commands = {
    connect: async () => {
      const start = performance.now();
      const results = await Promise.all(patients.map((_, i) => open(i)));
      const ok = results.filter((r) => r.ok);
      const reasons = {};
      for (const r of results) if (!r.ok) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
      return {
        n: patients.length,
        ready: ok.length,
        seconds: (performance.now() - start) / 1000,
        failures: Object.entries(reasons).map(([k, n]) => `${k} ×${n}`),
        open: percentiles(ok.map((r) => r.open)),
        auth: percentiles(ok.map((r) => r.auth)),
        total: percentiles(ok.map((r) => r.total)),
      };
    },
    replies: (args) => phase(args),
    anomalies: () => seen,
    close: async () => {
      closing = true;
      const start = performance.now();
      const closed = await Promise.all(
        sockets.map(
          (s) =>
            new Promise((resolve) => {
              if (!s || s.ws.readyState === WebSocket.CLOSED) return resolve(0);
              s.ws.once('close', () => resolve(1));
              s.ws.close(1000, 'bench done');
            }),
        ),
      );
      client.close();
      return { closed: closed.reduce((a, b) => a + b, 0), seconds: (performance.now() - start) / 1000 };
    },
  };
  parentPort.on('message', async ({ id, cmd, args }) => {
    try {
      parentPort.postMessage({ id, result: await commands[cmd](args) });
    } catch (error) {
      parentPort.postMessage({ id, error: error.stack });
    }
  });
}

/** Nearest-rank p50/p99 of latencies in ms. */
function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
  return { n: sorted.length, p50: at(0.5), p99: at(0.99) };
}
