#!/usr/bin/env node
// Benchmark (prints figures; asserts nothing): segment counts over 1,000,000 patients on MariaDB/MySQL.
// Generates (once; reused while the database `yiban_bench_segments` has the right size) 1,000,000 patients with WeChat
// accounts, consents (privacy, health data — 5 % withdrawn —, marketing for 40 %), tags (diabetes 10 %, hypertension
// 15 %) and about 2.5 million visits over three years in the demo departments, with bulk multi-row INSERTs; then
// counts three typical segments through SegmentsService (the server's own SQL) and prints each time, its plan, the
// MariaDB handler counters of one run and the statement. The generator writes rows in bulk, bypassing the modules, so it
// rebuilds the facts the modules keep (consents' current state, visits' per-patient aggregates) the way the migration
// fills them, and the segment profiles through the owners' own computation (`SegmentsService.rebuildProfiles`). It
// raises the InnoDB buffer pool to BENCH_BUFFER_POOL_MB (default 4096; 0 leaves it) and says so.
// Needs MySQL/MariaDB: DATABASE_URL=mariadb://root@127.0.0.1:3306/test pnpm bench:segments
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import os from 'node:os';

const SERVER_ENTRY = import.meta.resolve('@yiban/server');
const serverRequire = createRequire(SERVER_ENTRY);
const mysql = serverRequire('mysql2/promise');
const { monotonicFactory } = serverRequire('ulid');

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 1_000_000);
const DB = 'yiban_bench_segments';
const CHUNK = 5_000;
const PARALLEL = 4;

const base = process.env.DATABASE_URL;
if (!base || !/^(mysql|mariadb):/.test(base)) {
  console.error('Set DATABASE_URL to a MySQL/MariaDB server, e.g. DATABASE_URL=mariadb://root@127.0.0.1:3306/test pnpm bench:segments');
  process.exit(2);
}
const url = new URL(base.replace(/^mariadb:/, 'mysql:'));
const admin = await mysql.createConnection({
  host: url.hostname,
  port: Number(url.port || 3306),
  user: decodeURIComponent(url.username),
  password: decodeURIComponent(url.password),
});
await admin.query(`CREATE DATABASE IF NOT EXISTS \`${DB}\``);
const poolMb = Number(process.env.BENCH_BUFFER_POOL_MB ?? 4096);
const [[{ size: poolBefore }]] = await admin.query('SELECT @@innodb_buffer_pool_size AS size');
if (poolMb > 0 && Number(poolBefore) < poolMb * 1024 * 1024) {
  // Dynamic in MariaDB 10.2+ / MySQL 5.7+; results never depend on it, only the timings.
  await admin.query(`SET GLOBAL innodb_buffer_pool_size = ${poolMb * 1024 * 1024}`);
  const [[{ size }]] = await admin.query('SELECT @@innodb_buffer_pool_size AS size');
  console.log(`InnoDB buffer pool raised from ${Number(poolBefore) / 2 ** 20} MiB to ${Number(size) / 2 ** 20} MiB (BENCH_BUFFER_POOL_MB=0 to leave it)`);
} else {
  console.log(`InnoDB buffer pool ${Number(poolBefore) / 2 ** 20} MiB (left as it is)`);
}
await admin.end();
url.pathname = `/${DB}`;

const { DataSource, SegmentsService, createApp, loadConfig, seedDemoData } = await import('@yiban/server');
const config = loadConfig({
  NODE_ENV: 'test',
  ROLE: 'api',
  LOG_LEVEL: 'silent',
  DATABASE_URL: url.toString(),
  JWT_SECRET: randomBytes(48).toString('base64'),
  DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  WECHAT_APPID: 'wx0123456789abcdef',
  WECHAT_SECRET: randomBytes(16).toString('hex'),
  WECHAT_API_BASE: 'http://127.0.0.1:9',
});
const app = await createApp(config);
const ds = app.get(DataSource);
await seedDemoData(ds, config);
const departments = new Map((await ds.query('SELECT id, code FROM departments')).map((d) => [d.code, d.id]));
const today = new Intl.DateTimeFormat('en-CA', { timeZone: config.timeZone }).format(new Date());
const [{ n: existing }] = await ds.query('SELECT COUNT(*) AS n FROM patients');

if (Number(existing) < PATIENTS * 0.99) {
  console.log(`Generating ${PATIENTS.toLocaleString()} patients in ${DB} (${Number(existing).toLocaleString()} there) …`);
  const started = performance.now();
  for (const t of ['visits', 'patient_tags', 'patient_consents', 'subscription_grants', 'patients', 'wechat_accounts']) await ds.query(`DELETE FROM ${t}`);
  const pool = mysql.createPool({ uri: url.toString(), connectionLimit: PARALLEL, multipleStatements: false });
  const ulid = monotonicFactory();
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const dayMs = 86_400_000;
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const dateAgo = (days) => new Date(todayMs - days * dayMs).toISOString().slice(0, 10);
  const deptIds = [...departments.values()];
  const card = departments.get('CARD');
  const now = new Date().toISOString().slice(0, 23).replace('T', ' ');
  const insert = async (table, columns, rows) => {
    const inflight = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const sql = `INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ${chunk.map((r) => `(${r.map((v) => mysql.escape(v)).join(', ')})`).join(', ')}`;
      inflight.push(pool.query(sql));
      if (inflight.length >= PARALLEL) await inflight.shift();
    }
    await Promise.all(inflight);
  };
  const BATCH = 100_000;
  for (let start = 0; start < PATIENTS; start += BATCH) {
    const accounts = [];
    const patients = [];
    const consents = [];
    const tags = [];
    const visits = [];
    for (let i = start; i < Math.min(PATIENTS, start + BATCH); i++) {
      const accountId = ulid();
      const patientId = ulid();
      accounts.push([accountId, config.wechat.appid, `oBench${String(i).padStart(10, '0')}`, now]);
      const age = Math.floor(rnd() * 90);
      const birth = dateAgo(age * 365 + Math.floor(rnd() * 365));
      patients.push([patientId, accountId, 'self', rnd() < 0.5 ? 'female' : 'male', birth, rnd() < 0.08 ? 'en' : 'zh-CN']);
      consents.push([ulid(), patientId, 'privacy_policy', '2026-11-01', 1, now]);
      consents.push([ulid(), patientId, 'health_data', '2026-11-01', rnd() < 0.95 ? 1 : 0, now]);
      if (rnd() < 0.4) consents.push([ulid(), patientId, 'marketing', '2026-11-01', 1, now]);
      if (rnd() < 0.1) tags.push([ulid(), patientId, 'diabetes']);
      if (rnd() < 0.15) tags.push([ulid(), patientId, 'hypertension']);
      const n = Math.floor(rnd() * 6); // 0–5, mean 2.5
      for (let v = 0; v < n; v++) {
        const dept = rnd() < 0.25 ? card : deptIds[Math.floor(rnd() * deptIds.length)];
        visits.push([ulid(), patientId, dept, dateAgo(Math.floor(rnd() * 3 * 365)), v ? 'return' : 'first', 'his']);
      }
    }
    await insert('wechat_accounts', ['id', 'appid', 'openid', 'lastLoginAt'], accounts);
    await insert('patients', ['id', 'accountId', 'relationship', 'gender', 'birthDate', 'language'], patients);
    await insert('patient_consents', ['id', 'patientId', 'kind', 'version', 'granted', 'decidedAt'], consents);
    await insert('patient_tags', ['id', 'patientId', 'tag'], tags);
    await insert('visits', ['id', 'patientId', 'departmentId', 'date', 'kind', 'source'], visits);
    process.stdout.write(`  ${(start + BATCH).toLocaleString()} patients (${Math.round((performance.now() - started) / 1000)} s)\n`);
  }
  await pool.end();
  console.log(`Generated in ${Math.round((performance.now() - started) / 1000)} s`);
}

// The facts the consents and appointments modules keep as decisions and visits are written: the generator bypassed
// them, so they are rebuilt here exactly as migration 1796700000006 fills them (only when they do not match).
const [{ states, consentKeys }] = await ds.query(
  'SELECT (SELECT COUNT(*) FROM patient_consent_states) AS states, (SELECT COUNT(*) FROM (SELECT DISTINCT patientId, kind FROM patient_consents) k) AS consentKeys',
);
if (Number(states) !== Number(consentKeys)) {
  const t0 = performance.now();
  await ds.query('DELETE FROM patient_consent_states');
  await ds.query(
    'INSERT INTO patient_consent_states (patientId, kind, version, granted, decidedAt, consentId) SELECT c.patientId, c.kind, c.version, c.granted, c.decidedAt, c.id FROM patient_consents c WHERE NOT EXISTS (SELECT 1 FROM patient_consents l WHERE l.patientId = c.patientId AND l.kind = c.kind AND (l.decidedAt > c.decidedAt OR (l.decidedAt = c.decidedAt AND l.id > c.id)))',
  );
  console.log(`Rebuilt patient_consent_states in ${Math.round((performance.now() - t0) / 1000)} s`);
}
const [{ stats, visitCount }] = await ds.query(
  'SELECT (SELECT COALESCE(SUM(visitCount), 0) FROM patient_visit_stats) AS stats, (SELECT COUNT(*) FROM visits) AS visitCount',
);
if (Number(stats) !== Number(visitCount)) {
  const t0 = performance.now();
  await ds.query('DELETE FROM patient_visit_stats');
  await ds.query(
    'INSERT INTO patient_visit_stats (patientId, visitCount, lastVisitDate) SELECT patientId, COUNT(*), MAX(`date`) FROM visits GROUP BY patientId',
  );
  console.log(`Rebuilt patient_visit_stats in ${Math.round((performance.now() - t0) / 1000)} s`);
}
// The segment profiles likewise (each owner writes its columns with the fact; the generator bypassed them): rebuilt
// through the owners' own computation when their totals do not match the facts'.
const [{ profiles, profileVisits, patientsNow, visitsNow }] = await ds.query(
  'SELECT (SELECT COUNT(*) FROM segment_profiles) AS profiles, (SELECT COALESCE(SUM(visitCount), 0) FROM segment_profiles) AS profileVisits, (SELECT COUNT(*) FROM patients) AS patientsNow, (SELECT COUNT(*) FROM visits) AS visitsNow',
);
if (Number(profiles) !== Number(patientsNow) || Number(profileVisits) !== Number(visitsNow)) {
  const t0 = performance.now();
  await ds.query('DELETE FROM segment_profiles');
  await app.get(SegmentsService).rebuildProfiles((done) => {
    if (done % 100_000 === 0) process.stdout.write(`  segment profiles: ${done.toLocaleString()} (${Math.round((performance.now() - t0) / 1000)} s)\n`);
  });
  console.log(`Rebuilt segment_profiles in ${Math.round((performance.now() - t0) / 1000)} s`);
}
for (const t of [
  'wechat_accounts',
  'patients',
  'patient_consents',
  'patient_consent_states',
  'patient_tags',
  'visits',
  'patient_visit_stats',
  'segment_profiles',
])
  await ds.query(`ANALYZE TABLE ${t}`);

const counts = {};
for (const t of ['patients', 'patient_consents', 'patient_consent_states', 'patient_tags', 'visits', 'patient_visit_stats', 'segment_profiles'])
  counts[t] = Number((await ds.query(`SELECT COUNT(*) AS n FROM ${t}`))[0].n);
const [{ version }] = await ds.query('SELECT VERSION() AS version');
console.log(
  `\nDatabase ${version}; rows: ${Object.entries(counts)
    .map(([t, n]) => `${t} ${n.toLocaleString()}`)
    .join(', ')}`,
);

const segments = app.get(SegmentsService);
const F = (field, op, value) => ({ field, op, value });
const SEGMENTS = [
  ['Women 50–70 who opted in to marketing', { all: [F('gender', 'eq', 'female'), F('age', 'between', [50, 70]), F('marketingOptIn', 'eq', true)] }],
  [
    'Cardiology patients seen in the last 180 days with ≥ 2 visits',
    { all: [F('visitedDepartmentId', 'eq', departments.get('CARD')), F('lastVisitDaysAgo', 'lte', 180), F('visitCount', 'gte', 2)] },
  ],
  [
    "English speakers, or tag 'diabetes' not seen within 365 days",
    { any: [F('language', 'eq', 'en'), { all: [F('tag', 'eq', 'diabetes'), { not: F('lastVisitDaysAgo', 'lte', 365) }] }] },
  ],
];
// Handler counters of one run on a dedicated connection (session status), and the plan.
const runner = ds.createQueryRunner();
const HANDLERS = ['Handler_read_key', 'Handler_read_next', 'Handler_read_rnd_next', 'Handler_read_first'];
const handlers = async () =>
  Object.fromEntries(
    (await runner.query(`SHOW SESSION STATUS WHERE Variable_name IN (${HANDLERS.map((h) => `'${h}'`).join(', ')})`)).map((r) => [
      r.Variable_name,
      Number(r.Value),
    ]),
  );
// What reading the counters itself costs (SHOW STATUS scans a temporary table), subtracted below.
const h0 = await handlers();
const h1 = await handlers();
const overhead = Object.fromEntries(HANDLERS.map((h) => [h, h1[h] - h0[h]]));
console.log(
  `\nLoad average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${os.cpus().length} CPUs (other work on the machine inflates the timings)`,
);
console.log(
  'segment | count | walking every patient (ms, one run) | as planned: first (ms) | best of 3 (ms) | plan (estimated rows: walk / sources) | goal < 1000 ms',
);
const results = [];
for (const [name, rule] of SEGMENTS) {
  try {
    const walk = await segments.measure(rule, 'walk');
    const first = await segments.measure(rule);
    if (first.count !== walk.count) throw new Error(`the plans disagree: ${first.count} planned, ${walk.count} walking`);
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push((await segments.measure(rule)).tookMs);
    const plan = await segments.explain(rule);
    const est = plan.estimates ? ` (${plan.estimates.walk.toLocaleString()} / ${plan.estimates.sources.toLocaleString()})` : '';
    console.log(
      `${name} | ${first.count.toLocaleString()} | ${walk.tookMs} | ${first.tookMs} | ${Math.min(...runs)} | ${plan.strategy}${est} | ${Math.min(...runs) < 1000 ? 'met' : 'NOT met'}`,
    );
    results.push([name, rule]);
  } catch (error) {
    // One failing segment must not hide the others' figures.
    console.log(`${name} | failed: ${error instanceof Error ? error.message : error}`);
  }
}
console.log('\nStatements as planned (one run each: rows, MariaDB handler counters of the session, plan):');
for (const [name, rule] of results) {
  const { sql, params, strategy } = await segments.explain(rule);
  const [query, parameters] = ds.driver.escapeQueryWithParameters(sql, params, {});
  const before = await handlers();
  const [{ n: rows }] = await runner.query(query, parameters);
  const after = await handlers();
  const counters = HANDLERS.map((h) => `${h} ${(after[h] - before[h] - overhead[h]).toLocaleString()}`).join(', ');
  const plan = await runner.query(`EXPLAIN ${query}`, parameters);
  console.log(`-- ${name} (${strategy}): ${Number(rows).toLocaleString()} rows; ${counters}`);
  for (const p of plan) console.log(`--   ${p.id} ${p.select_type} ${p.table} ${p.type} key=${p.key ?? '-'} rows≈${p.rows} ${p.Extra ?? ''}`);
  console.log(`${sql}\n-- params ${JSON.stringify(params)}\n`);
}
await runner.release();
await app.close();
