#!/usr/bin/env node
// The README's two commands land here (`npm start`, `npm test`): on a machine with only Node.js,
// get the pinned pnpm, install the workspace from the lockfile, then run the task.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const task = process.argv[2];
const scripts = { start: 'dev', test: 'test:all' };
if (!scripts[task]) {
  console.error(`usage: node scripts/bootstrap.mjs ${Object.keys(scripts).join('|')}`);
  process.exit(2);
}

const root = new URL('..', import.meta.url).pathname;
const wanted = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager.split('@')[1];

function pnpmVersion() {
  try {
    return execFileSync('pnpm', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** pnpm itself: the global one if it is the pinned version, else install it globally, else run it through npx. */
function pnpmCommand() {
  if (pnpmVersion() === wanted) return ['pnpm'];
  console.log(`Installing pnpm ${wanted} …`);
  const global = spawnSync('npm', ['install', '--global', `pnpm@${wanted}`], { stdio: 'inherit' });
  if (global.status === 0 && pnpmVersion() === wanted) return ['pnpm'];
  console.log('Global install not possible here; using npx.');
  return ['npx', '--yes', `pnpm@${wanted}`];
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const [pnpm, ...prefix] = pnpmCommand();
const installed = run(pnpm, [...prefix, 'install', '--frozen-lockfile', '--prefer-offline']);
if (installed !== 0) process.exit(installed);
// The test run ends with its own `N passed, N failed` line: --silent keeps pnpm's ELIFECYCLE line from following it.
process.exit(run(pnpm, [...prefix, ...(task === 'test' ? ['--silent'] : []), 'run', scripts[task]]));
