import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import { newId } from '../database/columns.js';

export interface RequestContext {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The current request's id, caller IP and user agent, wherever in the call stack we are. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

const VALID_INCOMING_ID = /^[\w.:-]{8,64}$/;

/**
 * First middleware of the app: takes the caller's `X-Request-Id` when it looks sane, otherwise makes one,
 * echoes it in the response and keeps it for every log line and audit row of this request.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && VALID_INCOMING_ID.test(incoming) ? incoming : newId();
  (req as Request & { id: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  const userAgent = req.headers['user-agent'];
  storage.run({ requestId, ip: req.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 255) : null }, next);
}
