#!/usr/bin/env node
// The browser tests (test/browser) drive Debian's Chromium (miniapp/scripts/chromium.mjs) and their screenshots need a
// CJK font. Before a test runs: both present → nothing to say; missing and we are root with apt-get → install them
// (one line says so); otherwise one line says what to install and the run stops.
// CHROMIUM_PATH: use that browser instead of /usr/bin/chromium (never installed over).
// YIBAN_NO_INSTALL=1: behave as if installing were not possible (to see the refusal as a non-root user would).
// Run alone: `node scripts/ensure-chromium.mjs` (exit 1 with the one line when it cannot see to it).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DEFAULT_PATH = '/usr/bin/chromium';
const WQY_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Any font for Chinese text (fonts-wqy-microhei here); only Linux needs one installed (macOS and Windows ship theirs). */
function hasCjkFont() {
  if (process.platform !== 'linux' || existsSync(WQY_FONT)) return true;
  const list = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return list.status === 0 && list.stdout.trim() !== '';
}

/** Why the browser at `file` does not start, or null when `--version` answers. */
function startProblem(file) {
  const run = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (run.status === 0) return null;
  const said = `${run.stderr ?? ''}${run.stdout ?? ''}`.trim().split('\n').find(Boolean);
  return said ?? run.error?.message ?? `exit ${run.status ?? run.signal}`;
}

function canInstall() {
  if (process.env.YIBAN_NO_INSTALL === '1') return false;
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...packages],
  ]) {
    const run = spawnSync('apt-get', args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) {
      const tail = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
      return `apt-get ${args[0]} failed (${run.error?.message ?? `exit ${run.status}`})${tail ? `:\n${tail}` : ''}`;
    }
  }
  return null;
}

/**
 * Sees to Chromium and the CJK font. Returns { ok: true, ms, installed } or { ok: false, ms, message, detail? }:
 * message is the one line to print, detail what apt-get said when an install failed. `log` gets the one line announcing an install.
 */
export function ensureChromium({ log = (line) => console.log(line) } = {}) {
  const started = Date.now();
  const done = (result) => ({ ...result, ms: Date.now() - started });
  const custom = process.env.CHROMIUM_PATH;
  const browser = custom || DEFAULT_PATH;

  if (custom && !executable(custom)) {
    return done({ ok: false, message: `CHROMIUM_PATH=${custom} is not an executable file: point it at a Chromium or unset it, and run npm test again` });
  }
  const missing = [];
  if (!custom && !executable(DEFAULT_PATH)) missing.push('chromium');
  if (!hasCjkFont()) missing.push('fonts-wqy-microhei');

  let installed = false;
  if (missing.length > 0) {
    const what = missing.includes('chromium') ? 'Chromium is missing' : 'The CJK font for screenshots is missing';
    if (!canInstall()) {
      const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
      const alternative = missing.includes('chromium') ? ' (or set CHROMIUM_PATH)' : '';
      return done({ ok: false, message: `${what}: run '${sudo}apt-get install -y ${missing.join(' ')}'${alternative} and run npm test again` });
    }
    log(`${what}: installing ${missing.join(' ')} from Debian's packages (about 30 s) …`);
    const failed = aptInstall(missing);
    if (failed) {
      return done({
        ok: false,
        detail: failed,
        message: `${what} and installing it failed (above): run 'apt-get install -y ${missing.join(' ')}' by hand (or set CHROMIUM_PATH) and run npm test again`,
      });
    }
    installed = true;
  }

  const problem = startProblem(browser);
  if (problem)
    return done({ ok: false, message: `Chromium at ${browser} does not start (${problem}): reinstall it or set CHROMIUM_PATH, and run npm test again` });
  return done({ ok: true, installed });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = ensureChromium();
  if (!result.ok) {
    if (result.detail) console.error(result.detail);
    console.error(result.message);
    process.exit(1);
  }
}
