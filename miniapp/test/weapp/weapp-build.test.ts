// The WeChat build check: builds dist/weapp (skipped when current), then scripts/check-weapp.mjs verifies pages,
// package sizes and runs WeChat's own compiler offline. It runs in a child process because miniprogram-ci
// leaves a watcher running.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const miniappDir = path.resolve(new URL('.', import.meta.url).pathname, '../..');

interface CheckResult {
  ok: boolean;
  error?: string;
  buildMs: number;
  pages: string[];
  problems: string[];
  sizes: { main: number; total: number; subPackages: Record<string, number> };
  lazyCodeLoading: string | null;
  preloadRule: Record<string, { packages: string[] }> | null;
  compiled: { files: number; ms: number };
}

let result: CheckResult;
let output = '';

beforeAll(() => {
  const run = spawnSync(process.execPath, ['scripts/check-weapp.mjs', '--json'], { cwd: miniappDir, encoding: 'utf8', timeout: 420_000 });
  output = `${run.stdout}\n${run.stderr}`;
  const lines = run.stdout.trim().split('\n');
  result = JSON.parse(lines[lines.length - 1]);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  // The sizes belong in the test log: a growing main package should be seen before it hits the limit.
  console.log(
    `weapp: main package ${kb(result.sizes?.main ?? 0)}, total ${kb(result.sizes?.total ?? 0)}, ` +
      `build ${((result.buildMs ?? 0) / 1000).toFixed(1)} s${result.buildMs ? '' : ' (up to date)'}, WeChat compile ${((result.compiled?.ms ?? 0) / 1000).toFixed(1)} s`,
  );
}, 480_000);

describe('WeChat build (dist/weapp)', () => {
  it('builds and is accepted by WeChat’s compiler (miniprogram-ci, offline)', () => {
    if (!result.ok) throw new Error(`check failed:\n${output.slice(-4000)}`);
    expect(result.compiled.files).toBeGreaterThan(result.pages.length);
  });

  it('has every page listed in app.json, tab pages in the main package', () => {
    expect(result.problems).toEqual([]);
    expect(result.pages).toEqual(expect.arrayContaining(['pages/home/index', 'pages/booking/index', 'pages/messages/index', 'pages/me/index']));
    expect(result.pages.filter((p) => p.startsWith('packages/')).length).toBeGreaterThanOrEqual(10);
  });

  it('keeps the main package under 2 MB, every subpackage under 2 MB and the whole under 20 MB', () => {
    expect(result.sizes.main).toBeLessThan(2 * 1024 * 1024);
    for (const size of Object.values(result.sizes.subPackages)) expect(size).toBeLessThan(2 * 1024 * 1024);
    expect(result.sizes.total).toBeLessThan(20 * 1024 * 1024);
  });

  it('loads features lazily: subpackages preloaded from the pages that lead to them, lazyCodeLoading on', () => {
    expect(result.lazyCodeLoading).toBe('requiredComponents');
    expect(result.preloadRule?.['pages/home/index'].packages).toContain('consent');
  });

  it('writes project.config.json with the configured appid', () => {
    const config = JSON.parse(readFileSync(path.join(miniappDir, 'dist/weapp/project.config.json'), 'utf8'));
    expect(config.appid).toBe(process.env.TARO_APP_WECHAT_APPID ?? process.env.WECHAT_APPID ?? 'wx5f1e0c0d2b3a4c5d');
    expect(config.compileType).toBe('miniprogram');
  });
});
