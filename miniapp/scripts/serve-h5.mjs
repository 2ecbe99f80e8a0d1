#!/usr/bin/env node
// Serves the built H5 app (dist/h5) on 127.0.0.1:H5_PORT (default 10086), building it first when missing or stale.
// runtime-config.js is generated per request from API_BASE_URL / WECHAT_SIM_URL, so one build runs against any
// API and WeChat simulator. Usable from code: `import { serveH5 } from './serve-h5.mjs'`.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuild } from './build.mjs';

const miniappDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// H5_DIST: serve a copy of a build instead (several people testing in one working tree, each build replacing dist/h5).
export const H5_DIST = process.env.H5_DIST ? path.resolve(process.env.H5_DIST) : path.join(miniappDir, 'dist', 'h5');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Starts the static server. `apiBaseUrl` is the API root the browser calls (…/api/v1); `wechatSimUrl` the
 * simulator's control API; `hospitalUtcOffsetMinutes` the hospital's offset from UTC when it is not +08:00 (clinic times
 * are shown on the hospital's clock). Resolves to `{ url, close() }`.
 */
export async function serveH5({ port = 10086, host = '127.0.0.1', apiBaseUrl, wechatSimUrl, hospitalUtcOffsetMinutes, dist = H5_DIST } = {}) {
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`No H5 build in ${dist}: run pnpm --filter @yiban/miniapp build:h5`);
  const runtimeConfig = `window.__YIBAN__ = ${JSON.stringify({ apiBaseUrl, wechatSimUrl, hospitalUtcOffsetMinutes })};\n`;
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (pathname === '/runtime-config.js') {
      res.writeHead(200, { 'content-type': TYPES['.js'], 'cache-control': 'no-store' }).end(runtimeConfig);
      return;
    }
    const file = path.join(dist, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
    const inside = file.startsWith(dist + path.sep) || file === dist;
    const target = inside && existsSync(file) && statSync(file).isFile() ? file : path.join(dist, 'index.html');
    const hashed = /\.[0-9a-f]{8}\.(js|css)$/.test(target);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(target).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const apiPort = process.env.PORT ?? '3000';
  const apiBaseUrl = process.env.API_BASE_URL ?? `http://127.0.0.1:${apiPort}/api/v1`;
  const wechatSimUrl = process.env.WECHAT_SIM_URL ?? `http://127.0.0.1:${process.env.WECHAT_SIM_PORT ?? '3900'}`;
  const port = Number(process.env.H5_PORT ?? 10086);
  await ensureBuild('h5', { log: (line) => console.log(line) });
  const offset = process.env.HOSPITAL_UTC_OFFSET_MINUTES;
  const running = await serveH5({ port, apiBaseUrl, wechatSimUrl, hospitalUtcOffsetMinutes: offset ? Number(offset) : undefined });
  console.log(`H5 app on ${running.url}  (API ${apiBaseUrl}, WeChat simulator ${wechatSimUrl})`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
