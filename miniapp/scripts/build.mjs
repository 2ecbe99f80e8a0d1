// Builds the app for one platform (h5 or weapp) unless dist/<platform> already matches the sources.
// The fingerprint covers src/, config/, shared/src/ and the package files, so a test run or `start` rebuilds
// only after a change.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const miniappDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS = ['src', 'config', 'babel.config.js', 'package.json', 'tsconfig.json', '../shared/src'];
const ENV_KEYS = ['TARO_APP_API_BASE', 'TARO_APP_WECHAT_SIM_URL', 'TARO_APP_WECHAT_APPID', 'WECHAT_APPID', 'YIBAN_API_BASE'];

function walk(entry, hash) {
  const full = path.join(miniappDir, entry);
  if (!existsSync(full)) return;
  const stat = statSync(full);
  if (stat.isDirectory()) {
    for (const name of readdirSync(full).sort()) walk(path.join(entry, name), hash);
  } else {
    hash.update(entry);
    hash.update(readFileSync(full));
  }
}

export function fingerprint(platform) {
  const hash = createHash('sha256');
  hash.update(platform);
  for (const input of INPUTS) walk(input, hash);
  for (const key of ENV_KEYS) hash.update(`${key}=${process.env[key] ?? ''}`);
  return hash.digest('hex');
}

/** Runs `taro build --type <platform>` (production) when the stamp in dist/<platform> is missing or stale. */
export async function ensureBuild(platform, { log = () => undefined, force = false } = {}) {
  const outDir = path.join(miniappDir, 'dist', platform);
  const stampFile = path.join(outDir, '.build-stamp');
  const wanted = fingerprint(platform);
  if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) {
    log(`${platform} build is up to date (${path.relative(process.cwd(), outDir) || outDir})`);
    return { built: false, ms: 0, outDir };
  }
  log(`Building the ${platform} app …`);
  const started = Date.now();
  const taro = path.join(miniappDir, 'node_modules', '@tarojs', 'cli', 'bin', 'taro');
  const output = [];
  const code = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [taro, 'build', '--type', platform], {
      cwd: miniappDir,
      env: { ...process.env, NODE_ENV: 'production', BROWSERSLIST_IGNORE_OLD_DATA: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', reject);
    child.on('exit', resolve);
  });
  const ms = Date.now() - started;
  const text = Buffer.concat(output).toString('utf8');
  if (code !== 0 || /\bERROR\b|Failed to compile|Module not found/.test(stripVTControlCharacters(text))) {
    throw new Error(`taro build --type ${platform} failed (exit ${code}):\n${text.slice(-6000)}`);
  }
  writeFileSync(stampFile, wanted);
  log(`Built the ${platform} app in ${(ms / 1000).toFixed(1)} s`);
  return { built: true, ms, outDir };
}
