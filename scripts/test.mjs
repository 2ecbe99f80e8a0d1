#!/usr/bin/env node
// The whole check, as `npm test` runs it (→ scripts/bootstrap.mjs → `pnpm run test:all` → here), in this order:
//   1. Chromium and a CJK font for the browser tests (scripts/ensure-chromium.mjs: installed when root with apt-get,
//      else one line says what to install and the run stops);
//   2. format (prettier --check), lint (eslint, the mini-program included), type-check (every package);
//   3. the build (shared, simulator, server: a crash test forks a real worker process running it);
//   4. one jest run over every project. With DATABASE_URL (MySQL/MariaDB) the API suites run there and on the
//      embedded SQLite; without it, on SQLite only.
// Format, lint and type-check count as one item each in the closing `N passed, N failed` line; if one fails, the run
// stops before the build. With arguments for jest (`pnpm run test:all --selectProjects api:sqlite`, a file) only the
// build and jest run, and Chromium is seen to only when an argument names the browser tests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
// One file per run: two runs at once (two terminals, two people on one machine) must not read each other's summary.
const summaryFile = `${root}test-artifacts/jest-summary-${process.pid}.json`;
mkdirSync(`${root}test-artifacts`, { recursive: true });
rmSync(summaryFile, { force: true });

const jestArgs = process.argv.slice(2);
const partial = jestArgs.length > 0;
// pnpm as it ran this script (it may be an npx copy, not on PATH).
const pnpm = process.env.npm_execpath?.includes('pnpm') ? [process.execPath, process.env.npm_execpath] : ['pnpm'];
// `pnpm --silent run test:all` (bootstrap.mjs) must not silence the stages' own pnpm runs.
const childEnv = { ...process.env };
delete childEnv.npm_config_reporter;

const count = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
const seconds = (ms) => (ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);
const startedAll = Date.now();

function finish(code) {
  if (timings.length > 0) {
    console.log(`\nStages: ${timings.map(([name, ms]) => `${name} ${seconds(ms)}`).join(', ')} — ${seconds(Date.now() - startedAll)} in all`);
  }
  console.log(`\n${count.passed} passed, ${count.failed} failed${count.skipped ? `, ${count.skipped} skipped` : ''}`);
  process.exit(code);
}

/** A check stage: its output only when it fails; one line with its time either way. */
function check(name, script, what) {
  console.log(`${name}: ${what} …`);
  const started = Date.now();
  const env = { ...childEnv };
  delete env.FORCE_COLOR;
  const run = spawnSync(pnpm[0], [...pnpm.slice(1), 'run', script], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    // The output is captured: colours only when it is shown on a terminal.
    env: process.stdout.isTTY ? { ...env, FORCE_COLOR: '1' } : { ...env, NO_COLOR: '1' },
  });
  const ms = Date.now() - started;
  timings.push([name, ms]);
  if (run.status === 0) {
    count.passed += 1;
    console.log(`  ✓ ${name} passed (${seconds(ms)})`);
    return true;
  }
  count.failed += 1;
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  if (output) console.log(output.replace(/^/gm, '  '));
  console.log(`  ✗ ${name} failed (${seconds(ms)}${run.error ? `, ${run.error.message}` : ''}): see above; \`pnpm run ${script}\` runs it alone`);
  return false;
}

// 1. Chromium, before anything else runs (a missing browser must not become a screen of red browser tests).
if (!partial || jestArgs.some((arg) => arg.includes('browser'))) {
  const chromium = ensureChromium();
  if (!chromium.ok) {
    if (chromium.detail) console.log(chromium.detail);
    console.log(chromium.message);
    count.failed += 1;
    finish(1);
  }
  timings.push(['chromium', chromium.ms]);
  if (chromium.installed) console.log(`  ✓ installed (${seconds(chromium.ms)})`);
}

// 2. Format, lint, type-check: all three run (every problem in one go), then the run stops if one failed.
if (!partial) {
  const ok = [
    check('format', 'format:check', 'prettier --check'),
    check('lint', 'lint', 'eslint, the mini-program included'),
    check('typecheck', 'typecheck', 'tsc --noEmit in every package'),
  ];
  if (ok.includes(false)) {
    console.log('\nStopped before the tests: fix the format, lint or type errors above (`pnpm run format` fixes the format) and run npm test again.');
    finish(1);
  }
}

// 3. The build (the jobs crash test forks a real worker process that runs the built server).
console.log('build: shared, simulator, server …');
let started = Date.now();
const build = spawnSync(pnpm[0], [...pnpm.slice(1), 'run', 'build'], { cwd: root, stdio: 'inherit', env: childEnv });
timings.push(['build', Date.now() - started]);
if (build.status !== 0) {
  console.log('Stopped before the tests: the build failed (above).');
  count.failed += 1;
  finish(build.status ?? 1);
}

// 4. jest.
console.log(
  process.env.DATABASE_URL
    ? `Database suites: ${process.env.DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')} and embedded SQLite`
    : 'Database suites: embedded SQLite (set DATABASE_URL=mariadb://root@127.0.0.1:3306/test to add MariaDB)',
);
// Something a test leaves open (a server, a socket) keeps jest alive after its run, for ever in CI: once the summary is
// written, jest gets a minute to exit and is then stopped, with a line saying so.
const JEST_EXIT_GRACE_MS = 60_000;
started = Date.now();
const jest = await new Promise((resolve) => {
  const child = spawn(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--disable-warning=ExperimentalWarning',
      `${root}node_modules/jest/bin/jest.js`,
      '--ci',
      // Two workers, each replaced once it holds more than 1 GB after a file: in one process (jest's choice on two
      // cores) every suite's server, TypeORM and Nest modules pile up in the vm module cache, and the last third of
      // the run crawled under garbage collection (files 4–10× slower than alone).
      '--maxWorkers=2',
      '--workerIdleMemoryLimit=1GB',
      ...jestArgs,
    ],
    { cwd: root, stdio: 'inherit', env: { ...childEnv, JEST_SUMMARY_FILE: summaryFile } },
  );
  let hung = false;
  let grace;
  const watch = setInterval(() => {
    if (!existsSync(summaryFile)) return;
    clearInterval(watch);
    grace = setTimeout(() => {
      hung = true;
      console.log(
        `\njest did not exit ${JEST_EXIT_GRACE_MS / 1000} s after its run (a test left something open; \`pnpm run test:all --detectOpenHandles <file>\` finds it): stopped it.`,
      );
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    }, JEST_EXIT_GRACE_MS);
  }, 1_000);
  child.on('error', (error) => {
    console.error(`jest did not start: ${error.message}`);
    clearInterval(watch);
    resolve({ status: 1, hung: false });
  });
  child.on('close', (status) => {
    clearInterval(watch);
    clearTimeout(grace);
    resolve({ status, hung });
  });
});
timings.push(['jest', Date.now() - started]);

try {
  const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
  count.passed += s.passed;
  count.failed += s.failed;
  count.skipped += s.skipped ?? 0;
  rmSync(summaryFile, { force: true });
} catch {
  count.failed += 1;
  console.error('jest did not finish its run (no summary written)');
}
finish(jest.hung ? Number(count.failed > 0) : (jest.status ?? 1));
