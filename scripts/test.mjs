#!/usr/bin/env node
// The whole test suite in one jest run (unit, simulator, API end-to-end on every configured database).
// With DATABASE_URL (MySQL/MariaDB) the API suite runs there and on the embedded SQLite; without it, on SQLite only.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const summaryFile = `${root}test-artifacts/jest-summary.json`;
mkdirSync(`${root}test-artifacts`, { recursive: true });
rmSync(summaryFile, { force: true });

// The jobs crash test forks a real worker process that runs the built server: build before testing.
const build = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.log('\n0 passed, 1 failed');
  process.exit(build.status ?? 1);
}

console.log(
  process.env.DATABASE_URL
    ? `Database suites: ${process.env.DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')} and embedded SQLite`
    : 'Database suites: embedded SQLite (set DATABASE_URL=mariadb://root@127.0.0.1:3306/test to add MariaDB)',
);
const jest = spawnSync(
  process.execPath,
  ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', `${root}node_modules/jest/bin/jest.js`, '--ci', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, JEST_SUMMARY_FILE: summaryFile } },
);

let line;
try {
  const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
  line = `${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`;
} catch {
  line = '0 passed, 1 failed';
  console.error('jest did not finish its run (no summary written)');
}
console.log(`\n${line}`);
process.exit(jest.status ?? 1);
