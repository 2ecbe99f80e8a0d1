// Helpers for benchmarks that run the server, its workers and the WeChat simulator as separate processes (as they
// run in production), so no one event loop carries the client, the server and WeChat at once.
import { execFileSync, fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const BENCH_APPID = 'wx0123456789abcdef';
export const BENCH_SECRET = 'bench-secret-0123456789abcdef';
export const SERVER_MAIN = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url));
/** The V8 flags production runs each role with (`api`, `worker`): server/node-flags.json, docs/configuration.md. */
export const NODE_FLAGS = JSON.parse(readFileSync(new URL('../../server/node-flags.json', import.meta.url), 'utf8'));

/**
 * The simulator's side, run in the forked process (`--sim`), for the app `appid` (a benchmark of its own has its own
 * app, so two benchmarks at once do not share the send rate kept in Redis per app): WeChat's limit of `rate` sends a second; users and their
 * grants made on request over IPC, and the inbox counted (messages, users, duplicates) on request.
 */
export async function simulatorProcess(rate, appid = BENCH_APPID) {
  const { startSimulator } = await import('@yiban/wechat-sim');
  const sim = await startSimulator({
    port: 0,
    apps: [{ appid, secret: BENCH_SECRET }],
    keysDir: mkdtempSync(path.join(os.tmpdir(), 'yiban-bench-keys-')),
    logger: () => undefined,
  });
  const { state } = sim;
  state.sendLimits.set({ sendPerSecond: rate });
  process.on('message', (msg) => {
    if (msg.users) {
      const openids = [];
      for (let i = 0; i < msg.users; i++) {
        const user = state.users.create({}, state.clock.now());
        state.subscriptions.record(user.openid, msg.templateId, 'one_time', 'accept', state.clock.now());
        openids.push(user.openid);
      }
      process.send({ openids });
    } else if (msg.refused) {
      process.send({ refused: state.sendLimits.refused() });
    } else if (msg.grant) {
      for (const openid of msg.grant) state.subscriptions.record(openid, msg.templateId, 'one_time', 'accept', state.clock.now());
      process.send({ granted: msg.grant.length });
    } else if (msg.received) {
      process.send({ received: state.inbox.query({ limit: 0 }).total });
    } else if (msg.inbox) {
      // Messages since `since`: how many, to how many users, and how many users got more than one.
      const page = state.inbox.query({ since: msg.since ?? 0 });
      const per = new Map();
      for (const m of page.messages) per.set(m.openid, (per.get(m.openid) ?? 0) + 1);
      let duplicates = 0;
      for (const n of per.values()) if (n > 1) duplicates += n - 1;
      // With `from` (epoch ms): how many arrived in each half second after it.
      const halves = [];
      if (msg.from)
        for (const m of page.messages) {
          if (m.timestamp < msg.from) continue;
          const k = Math.floor((m.timestamp - msg.from) / 500);
          halves[k] = (halves[k] ?? 0) + 1;
        }
      process.send({ messages: page.messages.length, users: per.size, duplicates, last: page.nextSince, halves: Array.from(halves, (n) => n ?? 0) });
    }
  });
  process.send({ url: sim.url });
}

/** Forks `script` with `--sim` (which calls `simulatorProcess`); `ask` sends a message and waits for the answer. */
export async function forkSimulator(script) {
  const child = fork(script, ['--sim'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (msg) =>
    new Promise((resolve) => {
      child.once('message', resolve);
      if (msg) child.send(msg);
    });
  const { url } = await ask();
  return { child, url, ask };
}

/** The database server's process id, when it runs on this machine under a name we know. */
export function mariadbPid() {
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      const pid = execFileSync('pidof', ['-s', name], { encoding: 'utf8' }).trim();
      if (pid) return Number(pid);
    } catch {
      // not running under that name, or pidof missing
    }
  }
  return null;
}

/** CPU seconds a process has used so far (0 when it cannot be read). */
export function cpuOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime in clock ticks (100 a second on Linux)
  } catch {
    return 0;
  }
}

/** Current and peak resident memory of a process. */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** MariaDB's global statement and commit counters (all sessions: subtract the background rate). */
export async function statementCounters(db) {
  const [rows] = await db.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_commit')");
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
}

/**
 * Starts the built server (`ROLE=role`) with `env`; `ready` resolves once it says it is listening or running. Each
 * role runs with the V8 flags production gives it (`NODE_FLAGS`; `workerHeapMb` sets another heap bound for workers);
 * `BENCH_CPU_PROF=<dir>` writes the workers' CPU profiles. `countStatements`: the process counts the statements it
 * sends (`statementsOf` reads them).
 */
export function startServerProcess(role, env, { workerHeapMb, countStatements = false } = {}) {
  const flags = (NODE_FLAGS[role] ?? []).map((flag) =>
    role === 'worker' && workerHeapMb && flag.startsWith('--max-old-space-size=') ? `--max-old-space-size=${workerHeapMb}` : flag,
  );
  const child = spawn(
    process.execPath,
    [
      ...flags,
      ...(countStatements ? ['--import', new URL('./count-statements.mjs', import.meta.url).href] : []),
      ...(process.env.BENCH_CPU_PROF && role === 'worker'
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF === '1' ? '/tmp/yiban-bench-prof' : process.env.BENCH_CPU_PROF}`]
        : []),
      SERVER_MAIN,
    ],
    { env: { ...process.env, ...env, ROLE: role, ...(countStatements && { BENCH_STATEMENTS_DIR: statementsDir() }) }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  child.ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => (/listening|running/.test(String(d)) ? resolve() : undefined));
    child.once('exit', (code) => reject(new Error(`${role} exited (${code})`)));
  });
  return child;
}

/** Where the processes started with `countStatements` write their counts (made when the first one starts). */
let countsDir = null;
function statementsDir() {
  countsDir ??= mkdtempSync(path.join(os.tmpdir(), 'yiban-bench-statements-'));
  return countsDir;
}

/** The statements and commits a process started with `countStatements` has sent so far. */
export async function statementsOf(child) {
  const file = path.join(statementsDir(), `${child.pid}.json`);
  rmSync(file, { force: true });
  child.kill('SIGWINCH');
  for (let i = 0; i < 200 && !existsSync(file); i++) await sleep(10);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** SIGTERM (the server finishes or hands back its work), SIGKILL after 15 s. */
export async function stopProcess(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
  await exited;
}
