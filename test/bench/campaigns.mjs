#!/usr/bin/env node
// Benchmark (prints figures; asserts nothing except that every recipient got exactly one message): push campaigns
// through the campaigns API, the job workers and the WeChat simulator at WeChat's rate of 2,000 sends a second.
// Generates (once; reused while the database `yiban_bench_campaigns` has them) 100,000 reachable patients — WeChat
// account, self profile, privacy / health-data / marketing consents, a one-time health-education grant — with bulk
// multi-row INSERTs; then, for 10,000 and for 100,000 recipients: a segment and a campaign written by marketing through
// the API, submitted, approved by an admin, scheduled; two worker processes (the built server, ROLE=worker) materialise
// and drain it under the global rate shared through Redis, against the simulator in its own process.
// Prints the send time against N / 2,000 s, the peak RSS of the server processes, the time ratio 100,000 ÷ 10,000 and
// MariaDB statements per send.
// Needs MySQL/MariaDB and Redis: DATABASE_URL=mariadb://root@127.0.0.1:3306/test REDIS_URL=redis://127.0.0.1:6379/0 pnpm bench:campaigns
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  BENCH_APPID as APPID,
  BENCH_SECRET as SECRET,
  cpuOf,
  forkSimulator,
  mariadbPid,
  rssOf,
  simulatorProcess,
  startServerProcess,
  statementCounters,
  stopProcess as stop,
} from './processes.mjs';

const RATE = Number(process.env.BENCH_RATE ?? 2_000);
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const WORKER_HEAP_MB = Number(process.env.BENCH_WORKER_HEAP_MB ?? 160);
const PATIENTS = Math.max(...SIZES);
const DB = 'yiban_bench_campaigns';

if (process.argv[2] === '--sim') await simulatorProcess(RATE);
else await main();

// ---------------------------------------------------------------------------------------------------------------
// The orchestrator

async function main() {
  const SERVER_ENTRY = import.meta.resolve('@yiban/server');
  const serverRequire = createRequire(SERVER_ENTRY);
  const mysql = serverRequire('mysql2/promise');
  const { monotonicFactory } = serverRequire('ulid');
  const { CURRENT_CONSENT_VERSIONS } = await import('@yiban/shared');
  const { DEMO_STAFF_PASSWORD, DEVELOPMENT_TEMPLATES, createApp, loadConfig, seedDemoData, DataSource } = await import('@yiban/server');
  const EDU = DEVELOPMENT_TEMPLATES.health_education.id;

  const base = process.env.DATABASE_URL;
  if (!base || !/^(mysql|mariadb):/.test(base)) {
    console.error('Set DATABASE_URL to a MySQL/MariaDB server, e.g. DATABASE_URL=mariadb://root@127.0.0.1:3306/test pnpm bench:campaigns');
    process.exit(2);
  }
  const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
  const url = new URL(base.replace(/^mariadb:/, 'mysql:'));
  const admin = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${DB}\``);
  await admin.end();
  url.pathname = `/${DB}`;
  const DATABASE_URL = url.toString();
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL,
    REDIS_URL,
    JWT_SECRET: 'bench-jwt-secret-'.padEnd(48, 'x'),
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    WECHAT_APPID: APPID,
    WECHAT_SECRET: SECRET,
    QUIET_HOURS: '00:00-00:00',
    MARKETING_CAP_PER_WEEK: '100',
    WECHAT_SEND_RATE_PER_SECOND: String(RATE),
    WECHAT_TIMEOUT_MS: '10000',
    STAFF_LOGIN_PER_ADDRESS_PER_MINUTE: '10000',
  };

  // Migrations, demo catalogue and staff (idempotent), in this process.
  const started = performance.now();
  const setupConfig = loadConfig({ ...env, ROLE: 'api', WECHAT_API_BASE: 'http://127.0.0.1:9' });
  const setupApp = await createApp(setupConfig);
  const ds = setupApp.get(DataSource);
  await seedDemoData(ds, setupConfig);
  const [{ n: existing }] = await ds.query("SELECT COUNT(*) AS n FROM patient_tags WHERE tag = 'bench'");
  if (Number(existing) !== PATIENTS) {
    console.log(`Generating ${PATIENTS.toLocaleString()} patients in ${DB} (${Number(existing).toLocaleString()} there) …`);
    const genStarted = performance.now();
    const pool = mysql.createPool({ uri: DATABASE_URL, connectionLimit: 4 });
    const benchPatients = 'SELECT patientId FROM patient_tags WHERE tag = ?';
    await pool.query(`DELETE FROM patient_consents WHERE patientId IN (${benchPatients})`, ['bench']);
    await pool.query(`DELETE FROM subscription_grants WHERE accountId IN (SELECT accountId FROM patients WHERE id IN (${benchPatients}))`, ['bench']);
    await pool.query("DELETE FROM wechat_accounts WHERE openid LIKE 'oCampBench%'");
    await pool.query(`DELETE FROM patients WHERE id IN (${benchPatients})`, ['bench']);
    await pool.query("DELETE FROM patient_tags WHERE tag IN ('bench', 'bench10k')");
    const ulid = monotonicFactory();
    const now = new Date().toISOString().slice(0, 23).replace('T', ' ');
    const insert = async (table, columns, rows) => {
      const inflight = [];
      for (let i = 0; i < rows.length; i += 5_000) {
        const chunk = rows.slice(i, i + 5_000);
        inflight.push(
          pool.query(
            `INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ${chunk.map((r) => `(${r.map((v) => mysql.escape(v)).join(', ')})`).join(', ')}`,
          ),
        );
        if (inflight.length >= 4) await inflight.shift();
      }
      await Promise.all(inflight);
    };
    for (let start = 0; start < PATIENTS; start += 50_000) {
      const accounts = [];
      const patients = [];
      const consents = [];
      const grants = [];
      const tags = [];
      for (let i = start; i < Math.min(PATIENTS, start + 50_000); i++) {
        const accountId = ulid();
        const patientId = ulid();
        accounts.push([accountId, APPID, `oCampBench${String(i).padStart(10, '0')}`, now]);
        patients.push([patientId, accountId, 'self', `患者${i}`, i % 2 ? 'female' : 'male', `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, 'zh-CN']);
        for (const kind of ['privacy_policy', 'health_data', 'marketing']) consents.push([ulid(), patientId, kind, CURRENT_CONSENT_VERSIONS[kind], 1, now]);
        grants.push([ulid(), accountId, EDU, 1, 0, 'accept']);
        tags.push([ulid(), patientId, 'bench']);
        if (i < Math.min(...SIZES)) tags.push([ulid(), patientId, 'bench10k']);
      }
      await insert('wechat_accounts', ['id', 'appid', 'openid', 'lastLoginAt'], accounts);
      await insert('patients', ['id', 'accountId', 'relationship', 'name', 'gender', 'birthDate', 'language'], patients);
      await insert('patient_consents', ['id', 'patientId', 'kind', 'version', 'granted', 'decidedAt'], consents);
      await insert('subscription_grants', ['id', 'accountId', 'templateId', 'remaining', 'longTerm', 'lastResult'], grants);
      await insert('patient_tags', ['id', 'patientId', 'tag'], tags);
      process.stdout.write(`  ${Math.min(PATIENTS, start + 50_000).toLocaleString()} patients (${Math.round((performance.now() - genStarted) / 1000)} s)\n`);
    }
    await pool.end();
    for (const t of ['wechat_accounts', 'patients', 'patient_consents', 'patient_tags', 'subscription_grants']) await ds.query(`ANALYZE TABLE ${t}`);
    console.log(`Generated in ${Math.round((performance.now() - genStarted) / 1000)} s`);
  }
  await setupApp.close();

  // The simulator: one user (with a health-education grant) per bench account; the accounts take their openids.
  const { child: sim, url: simUrl, ask } = await forkSimulator(fileURLToPath(import.meta.url));
  const { openids } = await ask({ users: PATIENTS, templateId: EDU });
  const db = await mysql.createConnection({ uri: DATABASE_URL, timezone: 'Z' });
  const ids = (
    await db.query("SELECT accountId AS id FROM patients WHERE id IN (SELECT patientId FROM patient_tags WHERE tag = 'bench') ORDER BY accountId")
  )[0].map((r) => r.id);
  await db.query('CREATE TEMPORARY TABLE bench_openids (id CHAR(26) PRIMARY KEY, openid VARCHAR(64) NOT NULL)');
  for (let i = 0; i < ids.length; i += 5_000)
    await db.query(
      `INSERT INTO bench_openids VALUES ${ids
        .slice(i, i + 5_000)
        .map((id, j) => `(${mysql.escape(id)}, ${mysql.escape(openids[i + j])})`)
        .join(', ')}`,
    );
  await db.query('UPDATE wechat_accounts w JOIN bench_openids b ON b.id = w.id SET w.openid = b.openid');
  const setupSeconds = (performance.now() - started) / 1000;

  const freePort = () =>
    new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
    });
  const counters = () => statementCounters(db);
  const start = (role, extra = {}) => startServerProcess(role, { ...env, WECHAT_API_BASE: simUrl, ...extra }, { workerHeapMb: WORKER_HEAP_MB });

  let inboxSince = 0;
  const results = [];
  for (const size of SIZES) {
    // A clean slate: no campaign, delivery, notification or job left from an earlier run; every grant back to one.
    for (const t of ['message_deliveries', 'notifications', 'campaign_runs', 'campaign_reviews', 'campaign_opens', 'campaigns', 'jobs'])
      await db.query(`DELETE FROM ${t}`);
    await db.query('UPDATE subscription_grants SET remaining = 1 WHERE templateId = ?', [EDU]);
    if (size !== SIZES[0]) await ask({ grant: openids, templateId: EDU });

    const port = await freePort();
    const api = start('api', { PORT: String(port), HOST: '127.0.0.1' });
    await api.ready;
    const baseUrl = `http://127.0.0.1:${port}/api/v1`;
    const call = async (method, route, body, token) => {
      const res = await fetch(`${baseUrl}${route}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    };
    const { token: marketing } = await call('POST', '/auth/staff/login', { username: 'marketing.liu', password: DEMO_STAFF_PASSWORD });
    const { token: adminToken } = await call('POST', '/auth/staff/login', { username: 'admin', password: DEMO_STAFF_PASSWORD });
    const tag = size === PATIENTS ? 'bench' : 'bench10k';
    const segment = await call('POST', '/segments', { name: `bench ${size} ${Date.now()}`, rule: { field: 'tag', op: 'eq', value: tag } }, marketing);
    if (segment.lastCount !== null && segment.lastCount !== size) console.log(`  (segment counts ${segment.lastCount}, expected ${size})`);
    const c = await call(
      'POST',
      '/campaigns',
      { name: `bench ${size}`, segmentId: segment.id, messageKind: 'health_education', content: { title: '冬季心血管健康', body: '天冷注意保暖' } },
      marketing,
    );
    await call('POST', `/campaigns/${c.id}/submit`, undefined, marketing);
    await call('POST', `/campaigns/${c.id}/approve`, undefined, adminToken);

    // Background load on the shared database before the run (others' tests may be running): subtracted below.
    const idle0 = await counters();
    await sleep(3_000);
    const idle1 = await counters();
    const backgroundQps = (idle1.Questions - idle0.Questions) / 3;

    // Scheduled to send now, then two workers start: the first picks up the minute's tick at once, starts the run
    // (campaign_runs.createdAt: the start of the send), materialises it in batches of 1,000 and drains it.
    const scheduledAt = performance.now();
    await call('POST', `/campaigns/${c.id}/schedule`, undefined, marketing);
    const before = await counters();
    const workers = [start('worker'), start('worker')];
    const procs = [api, ...workers];
    const peak = new Map(procs.map((p) => [p.pid, 0]));
    const sample = () => {
      for (const p of procs) peak.set(p.pid, Math.max(peak.get(p.pid), rssOf(p.pid).rss));
    };
    const cpu0 = procs.map((p) => cpuOf(p.pid));
    // What else shares the two cores: the simulator and the database (when its process can be read).
    const others = [sim.pid, mariadbPid()].filter(Boolean);
    const otherCpu0 = others.map(cpuOf);
    const { refused: refused0 } = await ask({ refused: true });
    const source = `campaign:${c.id}`;
    let runStart = null;
    let progress = Date.now();
    for (;;) {
      sample();
      await sleep(250);
      const [[run]] = await db.query('SELECT status, createdAt FROM campaign_runs WHERE campaignId = ?', [c.id]);
      if (run && !runStart) runStart = run.createdAt;
      const [[{ pending, sent, total }]] = await db.query(
        "SELECT SUM(status IN ('queued', 'sending', 'held')) AS pending, SUM(status = 'sent') AS sent, COUNT(*) AS total FROM message_deliveries WHERE source = ?",
        [source],
      );
      if (Date.now() - progress > 5_000) {
        progress = Date.now();
        process.stdout.write(`  ${size.toLocaleString()}: ${Number(sent ?? 0).toLocaleString()} sent, ${Number(total).toLocaleString()} written\n`);
      }
      if (run?.status === 'materialised' && Number(pending) === 0 && Number(total) > 0) break;
      if (workers.some((w) => w.exitCode !== null)) throw new Error('a worker exited');
    }
    const wallSeconds = (performance.now() - scheduledAt) / 1000;
    const after = await counters();
    const cpu = procs.map((p, i) => cpuOf(p.pid) - cpu0[i]);
    const otherCpu = others.map((pid, i) => cpuOf(pid) - otherCpu0[i]);
    const { refused: refused1 } = await ask({ refused: true });
    const hwm = procs.map((p) => rssOf(p.pid).hwm);
    sample();
    const [[times]] = await db.query(
      "SELECT MIN(sentAt) AS first, MAX(sentAt) AS last, SUM(status = 'sent') AS sent, COUNT(*) AS total FROM message_deliveries WHERE source = ?",
      [source],
    );
    const [statuses] = await db.query('SELECT status, reason, COUNT(*) AS n FROM message_deliveries WHERE source = ? GROUP BY status, reason', [source]);
    const inbox = await ask({ inbox: true, since: inboxSince });
    inboxSince = inbox.last;
    const sendSeconds = (new Date(times.last).getTime() - new Date(runStart).getTime()) / 1000;
    const sent = Number(times.sent);
    const statements = after.Questions - before.Questions - backgroundQps * wallSeconds;
    results.push({
      size,
      sent,
      sendSeconds,
      wallSeconds,
      ratio: sendSeconds / (size / RATE),
      apiPeak: hwm[0],
      workerPeak: Math.max(hwm[1], hwm[2]),
      statementsPerSend: statements / sent,
      rawStatementsPerSend: (after.Questions - before.Questions) / sent,
      commitsPerSend: (after.Com_commit - before.Com_commit) / sent,
      backgroundQps,
      cpu,
      otherCpu,
      refused: refused1[45011] - refused0[45011],
      firstSendSeconds: (new Date(times.first).getTime() - new Date(runStart).getTime()) / 1000,
      inbox,
      statuses: statuses.map((s) => `${s.status}${s.reason ? `/${s.reason}` : ''} ×${Number(s.n).toLocaleString()}`).join(', '),
    });
    await Promise.all(procs.map(stop));
  }
  await db.end();
  sim.kill('SIGTERM');

  const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const [small, large] = [results[0], results.at(-1)];
  console.log(
    `\nYiban campaigns benchmark — ${os.cpus().length} cores (load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}), ${new Date().toISOString()}`,
  );
  console.log(
    `WeChat simulator in its own process limited to ${RATE}/s (45011 beyond); WECHAT_SEND_RATE_PER_SECOND=${RATE} shared by two worker processes (--max-old-space-size=${WORKER_HEAP_MB}) through Redis; one API process. Setup ${setupSeconds.toFixed(0)} s.`,
  );
  console.log(
    '\nrecipients | sent | send time (run start → last send) | ÷ N/2,000 s (goal ≤ 1.10) | from scheduling | peak RSS api / worker | SQL statements per send (raw) | commits per send | CPU s api / w1 / w2',
  );
  for (const r of results) {
    console.log(
      `${r.size.toLocaleString().padStart(10)} | ${r.sent.toLocaleString()} | ${r.sendSeconds.toFixed(1)} s | ${r.ratio.toFixed(2)} | ${r.wallSeconds.toFixed(1)} s | ${mb(r.apiPeak)} / ${mb(r.workerPeak)} | ${r.statementsPerSend.toFixed(2)} (${r.rawStatementsPerSend.toFixed(2)}) | ${r.commitsPerSend.toFixed(3)} | ${r.cpu.map((s) => s.toFixed(0)).join(' / ')}`,
    );
    console.log(
      `           outcomes: ${r.statuses}; simulator: ${r.inbox.messages.toLocaleString()} messages to ${r.inbox.users.toLocaleString()} users, ${r.inbox.duplicates} duplicates`,
    );
    console.log(
      `           first send ${r.firstSendSeconds.toFixed(1)} s after the run started; ${r.refused.toLocaleString()} sends refused with 45011 (over the limit, sent again); CPU s simulator / MariaDB: ${r.otherCpu.map((c) => c.toFixed(0)).join(' / ') || 'not readable'}`,
    );
  }
  if (results.length > 1) {
    console.log(
      `\npeak worker RSS ${mb(large.workerPeak)} at ${large.size.toLocaleString()} vs ${mb(small.workerPeak)} at ${small.size.toLocaleString()}: ${(((large.workerPeak - small.workerPeak) / small.workerPeak) * 100).toFixed(1)} % (goal within 10 %)`,
    );
    console.log(`peak API RSS ${mb(large.apiPeak)} vs ${mb(small.apiPeak)}: ${(((large.apiPeak - small.apiPeak) / small.apiPeak) * 100).toFixed(1)} %`);
    console.log(
      `time ratio ${large.size.toLocaleString()} ÷ ${small.size.toLocaleString()}: ${(large.sendSeconds / small.sendSeconds).toFixed(2)} (goal ≤ ${((large.size / small.size) * 1.05).toFixed(1)})`,
    );
  }
  console.log(
    '(send time: from the run starting (the minutely campaigns tick) to the last recorded send; "from scheduling" adds the worker processes starting. SQL statements: MariaDB global Questions over the run, less the background rate measured for 3 s before it (the database is shared); raw: without that correction.)',
  );
  const bad = results.filter((r) => r.inbox.duplicates > 0 || r.sent !== r.size);
  if (bad.length) {
    console.log(`NOT EVERY RECIPIENT GOT EXACTLY ONE MESSAGE: ${bad.map((r) => r.size).join(', ')}`);
    process.exitCode = 1;
  }
}
