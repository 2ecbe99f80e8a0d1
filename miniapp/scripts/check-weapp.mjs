#!/usr/bin/env node
// The WeChat build check: builds dist/weapp (unless current), checks that every page in app.json exists,
// measures the main package and each subpackage against WeChat's limits (2 MB each, 20 MB in all), and runs
// WeChat's own compiler (miniprogram-ci getCompiledResult) offline over the build.
// Prints a report; with --json the last line is the result as JSON. Exits non-zero on any failure.
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './build.mjs';

const require = createRequire(import.meta.url);
const miniappDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEAPP_DIST = path.join(miniappDir, 'dist', 'weapp');
const MB = 1024 * 1024;
export const LIMITS = { package: 2 * MB, total: 20 * MB };
/** Files in the folder that are not uploaded (project.config.json packOptions.ignore). */
const NOT_UPLOADED = [/^project\.config\.json$/, /^project\.private\.config\.json$/, /\.LICENSE\.txt$/, /^\.build-stamp$/];

function files(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

export function analyse(dist = WEAPP_DIST) {
  const appJson = JSON.parse(readFileSync(path.join(dist, 'app.json'), 'utf8'));
  const problems = [];
  const subPackages = appJson.subPackages ?? appJson.subpackages ?? [];
  const pages = [...appJson.pages, ...subPackages.flatMap((sp) => sp.pages.map((p) => `${sp.root}/${p}`))];
  for (const page of pages) {
    for (const ext of ['.js', '.json', '.wxml']) {
      if (!existsSync(path.join(dist, page + ext))) problems.push(`page ${page} has no ${page}${ext}`);
    }
  }
  for (const tab of appJson.tabBar?.list ?? []) {
    if (!appJson.pages.includes(tab.pagePath)) problems.push(`tab page ${tab.pagePath} is not in the main package`);
  }
  const sizes = { main: 0, total: 0, subPackages: Object.fromEntries(subPackages.map((sp) => [sp.name ?? sp.root, 0])) };
  for (const file of files(dist)) {
    if (NOT_UPLOADED.some((re) => re.test(path.basename(file)) || re.test(file))) continue;
    const size = statSync(path.join(dist, file)).size;
    sizes.total += size;
    const owner = subPackages.find((sp) => file.startsWith(`${sp.root.replace(/\/$/, '')}/`));
    if (owner) sizes.subPackages[owner.name ?? owner.root] += size;
    else sizes.main += size;
  }
  if (sizes.main >= LIMITS.package) problems.push(`main package is ${sizes.main} bytes (limit ${LIMITS.package})`);
  for (const [name, size] of Object.entries(sizes.subPackages)) if (size >= LIMITS.package) problems.push(`subpackage ${name} is ${size} bytes`);
  if (sizes.total >= LIMITS.total) problems.push(`total is ${sizes.total} bytes (limit ${LIMITS.total})`);
  return { pages, sizes, problems, lazyCodeLoading: appJson.lazyCodeLoading ?? null, preloadRule: appJson.preloadRule ?? null };
}

/** WeChat's own compiler over the build, offline: project attributes come from the SDK's defaults, not the network. */
export async function wechatCompile(dist = WEAPP_DIST) {
  const ci = require('miniprogram-ci');
  const { appid } = JSON.parse(readFileSync(path.join(dist, 'project.config.json'), 'utf8'));
  const project = new ci.Project({
    appid,
    type: 'miniProgram',
    projectPath: dist,
    privateKey: 'offline-compile-only',
    ignores: ['node_modules/**/*', '**/*.LICENSE.txt', '.build-stamp'],
  });
  project.attr = async () => ci.DefaultProjectAttr;
  const started = Date.now();
  const result = await ci.getCompiledResult({
    project,
    version: '0.1.0',
    desc: 'offline compile check',
    setting: { es6: false, es7: false, minify: false, autoPrefixWXSS: true },
    onProgressUpdate: () => undefined,
  });
  return { files: Object.keys(result).length, ms: Date.now() - started };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const json = process.argv.includes('--json');
  const log = (line) => console.log(line);
  let exitCode = 0;
  try {
    const build = await ensureBuild('weapp', { log });
    const report = analyse();
    log(`Pages in app.json: ${report.pages.length}, all present: ${report.problems.every((p) => !p.startsWith('page '))}`);
    log(`Main package: ${kb(report.sizes.main)}  (limit 2 MB)`);
    for (const [name, size] of Object.entries(report.sizes.subPackages)) log(`  subpackage ${name}: ${kb(size)}`);
    log(`Total: ${kb(report.sizes.total)}  (limit 20 MB)`);
    const compiled = await wechatCompile();
    log(`WeChat compiler (miniprogram-ci, offline) accepted the build: ${compiled.files} compiled files in ${(compiled.ms / 1000).toFixed(1)} s`);
    for (const problem of report.problems) console.error(`✖ ${problem}`);
    if (report.problems.length) exitCode = 1;
    if (json) console.log(JSON.stringify({ ok: exitCode === 0, buildMs: build.ms, built: build.built, ...report, compiled }));
  } catch (error) {
    console.error(`✖ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (json) console.log(JSON.stringify({ ok: false, error: String(error instanceof Error ? error.message : error) }));
    exitCode = 1;
  }
  // miniprogram-ci leaves a file watcher running: leave explicitly.
  process.exit(exitCode);
}
