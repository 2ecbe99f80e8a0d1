#!/usr/bin/env node
// Benchmark (prints figures; asserts nothing): the full tier recompute over 100,000 and over 1,000,000 patients with
// five visits each on average, on MariaDB/MySQL.
// Creates a scratch database (`yiban_bench_membership`; dropped at the end unless BENCH_KEEP=1, and reused when kept
// with the right size), runs the migrations, then generates in the database itself (INSERT … SELECT over MariaDB's
// sequence tables, 100,000 patients a statement): first 100,000 patients, then 900,000 more, about 5 visits each
// (0–10; 30 % booked and paid through the checkout — of those 4 % refunded in full, 4 % in part and 2 % never paid —,
// the rest recorded by the HIS with what was spent; a spending level per patient, so the tiers make a pyramid) over the
// last three years. After each size the recompute runs in
// a child process (the built server as an application context, ROLE=api, so no job worker interferes) through the
// module's own `MembershipService.recomputeBatch`, as the `membership.recompute` job calls it, from a run created as
// admins create it — a first recompute: no member rows yet, so each is created and every upgrade is recorded and told.
// Prints per size: time, patients/s, statements per patient (counted in the child at the mysql2 driver, so other
// sessions on a shared server do not count; MariaDB's global Questions beside it), peak RSS and heap (sampled every
// 20 ms), the tiers it gave; then the ratio of peak memories (goal: within 10 %) and the time at 1,000,000 (goal:
// under 2 minutes), with the CPU seconds of the recompute process and of MariaDB (when it runs on this machine). The
// recompute process runs with the heap bound docs/configuration.md gives workers (BENCH_WORKER_HEAP_MB, default 160).
// It raises the InnoDB buffer pool to BENCH_BUFFER_POOL_MB (default 4096; 0 leaves it) and says so.
// Needs MySQL/MariaDB: DATABASE_URL=mariadb://root@127.0.0.1:3306/test pnpm bench:membership
// BENCH_SIZES=100000,1000000 (each a number of patients, ascending); BENCH_CPU_PROF=<dir> writes the child's CPU profile.
import { fork } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const SERVER_ENTRY = import.meta.resolve('@yiban/server');
const serverRequire = createRequire(SERVER_ENTRY);
const DB = process.env.BENCH_DB ?? 'yiban_bench_membership';
const SECRETS = {
  JWT_SECRET: 'bench-jwt-secret-'.padEnd(48, 'x'),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  WECHAT_APPID: 'wx0123456789abcdef',
  WECHAT_SECRET: 'bench-secret-0123456789abcdef',
  WECHAT_API_BASE: 'http://127.0.0.1:9',
};

if (process.argv[2] === '--recompute') await recomputeChild();
else await main();

// ---------------------------------------------------------------------------------------------------------------
// The recompute, in a process of its own (its memory is the recompute's)

async function recomputeChild() {
  // Every statement any pool connection sends goes through one of these (TypeORM's mysql driver uses mysql2's
  // callback API); counting here leaves out other sessions on a shared server.
  // Each statement's round trip is timed too, by kind (its first words, the table), for the breakdown.
  const mysql2 = serverRequire('mysql2');
  let statements = 0;
  const kinds = new Map();
  const kindOf = (sql) =>
    String(typeof sql === 'string' ? sql : (sql?.sql ?? ''))
      .slice(0, 2000)
      .replace(/\s+/g, ' ')
      .replace(/^UPDATE `?(\w+)`?.*$/i, 'UPDATE $1')
      .replace(/^(\w+(?: IGNORE)?)\b.*?\b(?:FROM|INTO)\s+`?(\w+)`?.*$/i, '$1 $2')
      .slice(0, 40);
  for (const method of ['query', 'execute']) {
    const original = mysql2.Connection.prototype[method];
    mysql2.Connection.prototype[method] = function counted(...args) {
      statements++;
      const last = args.length - 1;
      if (typeof args[last] === 'function') {
        const done = args[last];
        const kind = kindOf(args[0]);
        const t = performance.now();
        args[last] = function timed(...result) {
          const k = kinds.get(kind) ?? { n: 0, ms: 0 };
          k.n++;
          k.ms += performance.now() - t;
          kinds.set(kind, k);
          return done.apply(this, result);
        };
      }
      return original.apply(this, args);
    };
  }
  const { DataSource, ENTITIES, createApp, loadConfig } = await import('@yiban/server');
  const { recomputeBatches } = await import('@yiban/server/testing');
  const config = loadConfig({ NODE_ENV: 'test', ROLE: 'api', LOG_LEVEL: 'silent', DATABASE_URL: process.env.DATABASE_URL, ...SECRETS });
  const app = await createApp(config);
  const ds = app.get(DataSource);
  const Recompute = ENTITIES.find((e) => e.name === 'MembershipRecompute');
  const run = ds.getRepository(Recompute).create({});
  await ds.getRepository(Recompute).insert(run);
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const statementsBefore = statements;
  kinds.clear();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let samples = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    // Progress once a second, for a run stopped at BENCH_STOP_AFTER_S.
    if (++samples % 50 === 0)
      process.send({ progress: { ms: performance.now() - t0, statements: statements - statementsBefore, peak: { rss: peakRss, heap: peakHeap } } });
  }, 20);
  await recomputeBatches({ app }, run.id);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  const sent = statements - statementsBefore;
  const done = await ds.getRepository(Recompute).findOneBy({ id: run.id });
  const tiers = await ds.query('SELECT tier, COUNT(*) AS n FROM member_states GROUP BY tier');
  const [{ changes }] = await ds.query('SELECT COUNT(*) AS changes FROM tier_changes');
  const [{ told }] = await ds.query("SELECT COUNT(*) AS told FROM notifications WHERE kind = 'tier_upgraded'");
  process.send({
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    statements: sent,
    base: { rss: base.rss, heap: base.heapUsed },
    peak: { rss: peakRss, heap: peakHeap },
    run: { status: done.status, processed: done.processed, changed: done.changed },
    tiers: Object.fromEntries(tiers.map((t) => [t.tier, Number(t.n)])),
    changes: Number(changes),
    told: Number(told),
    kinds: [...kinds].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12),
  });
  await app.close();
}

// ---------------------------------------------------------------------------------------------------------------
// The orchestrator: scratch database, generated data, one child per size

async function main() {
  const mysql = serverRequire('mysql2/promise');
  const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
  const KEEP = process.env.BENCH_KEEP === '1';
  const base = process.env.DATABASE_URL;
  if (!base || !/^(mysql|mariadb):/.test(base)) {
    console.error('Set DATABASE_URL to a MySQL/MariaDB server, e.g. DATABASE_URL=mariadb://root@127.0.0.1:3306/test pnpm bench:membership');
    process.exit(2);
  }
  const url = new URL(base.replace(/^mariadb:/, 'mysql:'));
  const admin = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
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
  const [[{ version }]] = await admin.query('SELECT VERSION() AS version');
  const questions = async () => Number((await admin.query("SHOW GLOBAL STATUS LIKE 'Questions'"))[0][0].Value);

  const { createApp, loadConfig, recreateDatabase } = await import('@yiban/server');
  url.pathname = `/${DB}`;
  const [[{ kept }]] = await admin.query('SELECT COUNT(*) AS kept FROM information_schema.tables WHERE table_schema = ? AND table_name = ?', [DB, 'patients']);
  let databaseUrl = url.toString();
  let drop = () => admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  if (!(KEEP && Number(kept))) ({ url: databaseUrl, drop } = await recreateDatabase(base, DB));
  // Migrations (createApp runs them), then the generator's own connection.
  const config = loadConfig({ NODE_ENV: 'test', ROLE: 'api', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, ...SECRETS });
  const app = await createApp(config);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: config.timeZone }).format(new Date());
  await app.close();
  const db = await mysql.createConnection({ uri: databaseUrl.replace(/^mariadb:/, 'mysql:') });
  await db.query('SET SESSION unique_checks = 0');
  const count = async (table) => Number((await db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0][0].n);

  // Deterministic draws from a row's numbers, in [0, 1): the first 32 bits of the MD5 of a salted key. (CRC32 is linear:
  // two draws from it for the same row were correlated, differently for five- and six-digit patient numbers.)
  const draw = (salt, ...keys) => `(CONV(SUBSTRING(MD5(CONCAT('${salt}', ${keys.join(", '-', ")})), 1, 8), 16, 10) / 4294967296)`;
  // How much a patient spends a visit: a level per patient (most little, a few a great deal), times a draw per visit.
  const level = (patient) => `POW(${draw('level', patient)}, 10)`;
  const id = (prefix, expr) => `CONCAT('${prefix}', LPAD(${expr}, ${26 - prefix.length}, '0'))`;
  const STEP = 100_000;
  async function generate(from, to) {
    const t0 = performance.now();
    for (let lo = from; lo < to; lo += STEP) {
      const hi = Math.min(to, lo + STEP);
      const seq = `seq_${lo + 1}_to_${hi}`;
      await db.query(
        `INSERT INTO patients (id, accountId, relationship, gender, birthDate, language)
         SELECT ${id('01BENCHPAT', 's.seq')}, ${id('01BENCHACC', 's.seq')}, 'self', IF(s.seq % 2, 'female', 'male'),
                DATE_FORMAT(DATE_SUB('${today}', INTERVAL FLOOR(${draw('age', 's.seq')} * 32000) DAY), '%Y-%m-%d'), IF(s.seq % 12 = 0, 'en', 'zh-CN')
         FROM ${seq} s`,
      );
      // 0–10 visits a patient (mean 5); visit k of patient s. 30 % booked (an appointment id and a payment), the rest
      // from the HIS with what was spent. Under the default policy about 73 % end lead, 14 % iron, 11 % gold, 2 % platinum.
      await db.query(
        `INSERT INTO visits (id, patientId, appointmentId, departmentId, date, kind, amountSpent, source, encounterClass)
         SELECT ${id('01BENCHVIS', 's.seq * 10 + k.seq')}, ${id('01BENCHPAT', 's.seq')},
                IF(${draw('booked', 's.seq', 'k.seq')} < 0.3, ${id('01BENCHAPT', 's.seq * 10 + k.seq')}, NULL),
                CONCAT('01BENCHDEPT', LPAD(FLOOR(${draw('dept', 's.seq', 'k.seq')} * 12), 15, '0')),
                DATE_FORMAT(DATE_SUB('${today}', INTERVAL FLOOR(${draw('date', 's.seq', 'k.seq')} * 1095) DAY), '%Y-%m-%d'),
                IF(k.seq = 1, 'first', 'return'),
                IF(${draw('booked', 's.seq', 'k.seq')} < 0.3, 0, FLOOR(${level('s.seq')} * ${draw('spend', 's.seq', 'k.seq')} * 1500000)),
                'his', 'outpatient'
         FROM ${seq} s JOIN seq_1_to_10 k ON k.seq <= FLOOR(${draw('visits', 's.seq')} * 11)`,
      );
      // The booked visits' payments: the fee, or a procedure paid in advance; 4 % refunded in full, 4 % in part, 2 %
      // never paid (closed).
      await db.query(
        `INSERT INTO payments (id, outTradeNo, purpose, subjectId, patientId, accountId, openid, description, amount, status, expiresAt, paidAt, refunded)
         SELECT ${id('01BENCHPAY', 'x.n')}, CONCAT('YB', ${id('01BENCHPAY', 'x.n')}), 'appointment', x.appointmentId, x.patientId,
                ${id('01BENCHACC', 'x.p')}, CONCAT('oBench', x.p), '挂号费', x.amount,
                CASE WHEN x.r < 0.02 THEN 'closed' WHEN x.r < 0.06 THEN 'refunded' WHEN x.r < 0.10 THEN 'partially_refunded' ELSE 'paid' END,
                TIMESTAMP(x.date, '08:00:00'), IF(x.r < 0.02, NULL, TIMESTAMP(x.date, '07:50:00')),
                CASE WHEN x.r < 0.02 THEN 0 WHEN x.r < 0.06 THEN x.amount WHEN x.r < 0.10 THEN FLOOR(x.amount / 2) ELSE 0 END
         FROM (SELECT CAST(SUBSTRING(v.id, 11) AS UNSIGNED) AS n, CAST(SUBSTRING(v.patientId, 11) AS UNSIGNED) AS p, v.patientId, v.appointmentId, v.date,
                      ${draw('refund', 'v.id')} AS r, 1000 + FLOOR(${level('CAST(SUBSTRING(v.patientId, 11) AS UNSIGNED)')} * ${draw('fee', 'v.id')} * 1500000) AS amount
               FROM visits v WHERE v.patientId BETWEEN ${id('01BENCHPAT', lo + 1)} AND ${id('01BENCHPAT', hi)} AND v.appointmentId IS NOT NULL) x`,
      );
      process.stdout.write(`  ${hi.toLocaleString()} patients (${Math.round((performance.now() - t0) / 1000)} s)\n`);
    }
    return (performance.now() - t0) / 1000;
  }

  const STOP_AFTER_S = Number(process.env.BENCH_STOP_AFTER_S ?? 0);
  const results = [];
  for (const size of SIZES) {
    const have = await count('patients');
    if (have > size) {
      console.error(`The database has ${have.toLocaleString()} patients, more than ${size.toLocaleString()}: sizes must ascend (or drop it)`);
      process.exit(2);
    }
    if (have < size) {
      console.log(`Generating patients ${(have + 1).toLocaleString()}–${size.toLocaleString()} …`);
      const seconds = await generate(have, size);
      for (const t of ['patients', 'visits', 'payments']) await db.query(`ANALYZE TABLE ${t}`);
      console.log(`Generated in ${Math.round(seconds)} s`);
    }
    // Each size is a first recompute: no member rows, history or notifications from an earlier run.
    for (const t of ['member_states', 'tier_changes', 'notifications', 'membership_recomputes', 'jobs']) await db.query(`DELETE FROM ${t}`);
    const rows = { patients: await count('patients'), visits: await count('visits'), payments: await count('payments') };
    const [[pay]] = await db.query(
      "SELECT SUM(status = 'refunded') AS refunded, SUM(status = 'partially_refunded') AS partly, SUM(paidAt IS NULL) AS unpaid FROM payments",
    );
    console.log(
      `\n${size.toLocaleString()} patients: ${rows.visits.toLocaleString()} visits, ${rows.payments.toLocaleString()} payments ` +
        `(${Number(pay.refunded).toLocaleString()} refunded, ${Number(pay.partly).toLocaleString()} partly, ${Number(pay.unpaid).toLocaleString()} never paid)`,
    );
    const q0 = await questions();
    const db0 = mariadbCpuSeconds();
    let r = await inChild(databaseUrl, size, STOP_AFTER_S);
    const q1 = await questions();
    const dbCpu = mariadbCpuSeconds() - db0;
    if (r.stopped) {
      // Stopped at BENCH_STOP_AFTER_S (a slow run): its rate so far, and the time it would take at that rate.
      const [[run]] = await db.query('SELECT processed FROM membership_recomputes');
      const processed = Number(run.processed);
      console.log(
        `  STOPPED after ${(r.ms / 1000).toFixed(0)} s (BENCH_STOP_AFTER_S) at ${processed.toLocaleString()} patients: ` +
          `${Math.round(processed / (r.ms / 1000)).toLocaleString()} patients/s, ${(r.statements / processed).toFixed(3)} statements/patient, ` +
          `peak RSS ${(r.peak.rss / 2 ** 20).toFixed(0)} MiB, heap ${(r.peak.heap / 2 ** 20).toFixed(0)} MiB; at that rate ${size.toLocaleString()} would take ` +
          `${Math.round((size / processed) * (r.ms / 1000))} s`,
      );
      continue;
    }
    results.push({ size, rows, ...r, globalQuestions: q1 - q0 });
    const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    console.log(
      `  recompute: ${(r.ms / 1000).toFixed(1)} s · ${Math.round(size / (r.ms / 1000)).toLocaleString()} patients/s · ` +
        `${(r.statements / size).toFixed(3)} statements/patient (${r.statements.toLocaleString()}; MariaDB Questions, all sessions: ${(q1 - q0).toLocaleString()}) · ` +
        `CPU: recompute process ${(r.cpuMs / 1000).toFixed(1)} s, MariaDB (all sessions) ${Number.isNaN(dbCpu) ? 'unknown (not on this machine)' : `${dbCpu.toFixed(1)} s`}`,
    );
    console.log(`  memory: peak RSS ${mib(r.peak.rss)} (at start ${mib(r.base.rss)}) · peak heap ${mib(r.peak.heap)} (at start ${mib(r.base.heap)})`);
    console.log(
      `  round trips by statement (count, total ms): ${r.kinds.map(([k, v]) => `${k} ${v.n.toLocaleString()} ${Math.round(v.ms).toLocaleString()}`).join(' · ')}`,
    );
    console.log(
      `  run ${r.run.status}, processed ${r.run.processed.toLocaleString()}, changed ${r.run.changed.toLocaleString()}; tiers ${JSON.stringify(r.tiers)}; ` +
        `tier_changes ${r.changes.toLocaleString()}, upgrade notifications ${r.told.toLocaleString()}`,
    );
  }
  await db.end();

  console.log(
    `\nMariaDB ${version}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs (other work on the machine inflates the timings)`,
  );
  console.log('patients | time | patients/s | statements/patient | peak RSS | peak heap');
  for (const r of results)
    console.log(
      `${r.size.toLocaleString()} | ${(r.ms / 1000).toFixed(1)} s | ${Math.round(r.size / (r.ms / 1000)).toLocaleString()} | ${(r.statements / r.size).toFixed(3)} | ` +
        `${(r.peak.rss / 2 ** 20).toFixed(0)} MiB | ${(r.peak.heap / 2 ** 20).toFixed(0)} MiB`,
    );
  if (results.length >= 2) {
    const [small, large] = [results[0], results[results.length - 1]];
    const pct = (a, b) => `${(((b - a) / a) * 100).toFixed(1)} %`;
    console.log(
      `peak memory ${large.size.toLocaleString()} vs ${small.size.toLocaleString()}: RSS ${(large.peak.rss / small.peak.rss).toFixed(3)} (${pct(small.peak.rss, large.peak.rss)}), ` +
        `heap ${(large.peak.heap / small.peak.heap).toFixed(3)} (${pct(small.peak.heap, large.peak.heap)}) — goal within 10 %: ` +
        `${Math.abs(large.peak.rss / small.peak.rss - 1) <= 0.1 && Math.abs(large.peak.heap / small.peak.heap - 1) <= 0.1 ? 'met' : 'NOT met'}`,
    );
    console.log(`time ratio ${(large.ms / small.ms).toFixed(2)} for ${(large.size / small.size).toFixed(0)}× the patients`);
  }
  const million = results.find((r) => r.size >= 1_000_000);
  if (million)
    console.log(
      `time at ${million.size.toLocaleString()}: ${(million.ms / 1000).toFixed(1)} s — goal under 120 s: ${million.ms < 120_000 ? 'met' : 'NOT met'}`,
    );
  if (KEEP) console.log(`Kept ${DB} (BENCH_KEEP=1): the next run with BENCH_KEEP=1 reuses it`);
  else await drop();
  await admin.end();
}

/** CPU seconds the MariaDB/MySQL server on this machine has used (NaN when it runs elsewhere). */
function mariadbCpuSeconds() {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!['mariadbd', 'mysqld'].includes(readFileSync(`/proc/${pid}/comm`, 'utf8').trim())) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
    } catch {
      // a process that ended meanwhile
    }
  }
  return NaN;
}

function inChild(databaseUrl, size, stopAfterS) {
  const prof = process.env.BENCH_CPU_PROF;
  const child = fork(fileURLToPath(import.meta.url), ['--recompute'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    // The recompute is a job: run as docs/configuration.md says to run workers, with a bounded heap.
    execArgv: [
      '--expose-gc',
      `--max-old-space-size=${process.env.BENCH_WORKER_HEAP_MB ?? 160}`,
      ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`, `--cpu-prof-name=recompute-${size}.cpuprofile`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let result;
    let progress;
    const timer = stopAfterS > 0 ? setTimeout(() => child.kill('SIGKILL'), stopAfterS * 1000) : undefined;
    child.on('message', (m) => (m.progress ? (progress = m.progress) : (result = m)));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else if (signal === 'SIGKILL' && progress) resolve({ ...progress, stopped: true });
      else reject(new Error(`the recompute process exited with ${code ?? signal}`));
    });
  });
}
