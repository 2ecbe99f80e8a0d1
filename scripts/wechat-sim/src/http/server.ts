import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatCall, type CallLog } from '../call-log.js';
import type { SimClock } from '../clock.js';
import { faultReply, type FaultRule, type FaultRules } from '../faults.js';
import { isControlPath } from './paths.js';
import { jsonReply, ReplyError, type Reply } from './reply.js';
import type { Router } from './router.js';

const MAX_BODY_BYTES = 1024 * 1024;

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'access-control-max-age': '600',
};

export interface SimServerDeps {
  router: Router;
  faults: FaultRules;
  log: CallLog;
  clock: SimClock;
  logger: (line: string) => void;
  /**
   * Last touch on every answer of the WeChat surface (not the control API), fault answers included, e.g. the
   * WeChat Pay response signature. Gets the final bytes, so it must not change the body.
   */
  finishReply?: (method: string, path: string, reply: Reply) => Reply;
}

export interface SimServer {
  server: Server;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

/**
 * The node:http glue: reads the body, lets fault rules intercept the WeChat surface, dispatches to
 * the router, adds CORS to the control API, and records every call.
 */
export function createSimServer(deps: SimServerDeps): SimServer {
  const shutdown = new AbortController();
  const server = createServer((req, res) => {
    handle(req, res, deps, shutdown.signal).catch((error: unknown) => {
      if (!res.headersSent) send(res, internalError(error, deps.logger));
    });
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      shutdown.abort();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    return closing;
  };
  return { server, close };
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: SimServerDeps, shutdown: AbortSignal): Promise<void> {
  const started = performance.now();
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://simulator');
  const path = url.pathname;
  const control = isControlPath(path);

  const record = (status: number | null, reply?: Reply, fault?: FaultRule): void => {
    const entry = deps.log.add({
      at: new Date(deps.clock.now()).toISOString(),
      method,
      path,
      status,
      ...(reply?.errcode !== undefined && { errcode: reply.errcode }),
      ...(reply?.code !== undefined && { code: reply.code }),
      durationMs: Math.round(performance.now() - started),
      ...(fault && { fault: fault.id }),
    });
    deps.logger(formatCall(entry));
  };

  if (control && method === 'OPTIONS') {
    const allowHeaders = req.headers['access-control-request-headers'] ?? 'content-type';
    const reply: Reply = { status: 204, headers: { ...CORS_HEADERS, 'access-control-allow-headers': allowHeaders } };
    send(res, reply);
    record(reply.status, reply);
    return;
  }

  let rawBody: Buffer;
  try {
    rawBody = await readBody(req);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    const reply = jsonReply(413, { error: `body over ${MAX_BODY_BYTES} bytes` }, { connection: 'close' });
    send(res, reply);
    record(reply.status, reply);
    return;
  }

  const fault = control ? undefined : deps.faults.take(method, path);
  if (fault?.delayMs) {
    try {
      await sleep(fault.delayMs, undefined, { signal: shutdown });
    } catch {
      return; // the simulator is closing; its sockets are being destroyed
    }
  }
  if (fault?.dropConnection) {
    req.socket.destroy();
    record(null, undefined, fault);
    return;
  }

  let reply = fault && faultReply(fault);
  if (!reply) {
    try {
      reply = await dispatch(deps.router, method, path, url.searchParams, req, rawBody);
    } catch (error) {
      reply = error instanceof ReplyError ? error.reply : internalError(error, deps.logger);
    }
  }
  if (control) reply = { ...reply, headers: { ...reply.headers, ...CORS_HEADERS } };
  else if (deps.finishReply) reply = deps.finishReply(method, path, reply);
  send(res, reply);
  record(reply.status, reply, fault);
}

async function dispatch(router: Router, method: string, path: string, query: URLSearchParams, req: IncomingMessage, rawBody: Buffer): Promise<Reply> {
  const match = router.match(method, path);
  if (!match) return jsonReply(404, { error: `no such endpoint: ${method} ${path}` });
  if ('allowedMethods' in match) {
    return jsonReply(405, { error: `${method} not allowed on ${path}` }, { allow: match.allowedMethods.join(', ') });
  }
  return match.handler({ method, path, target: req.url ?? path, query, params: match.params, headers: req.headers, rawBody });
}

function internalError(error: unknown, logger: (line: string) => void): Reply {
  logger(`wechat-sim internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return jsonReply(500, { error: 'simulator internal error (see its log)' });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.body !== undefined) headers['content-length'] = Buffer.byteLength(reply.body);
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}
