import { errorMessage, resolveLocale, type ApiError } from '@yiban/shared';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';

/** Sign-in and token endpoints: a per-IP budget per minute, answered in the API's error shape. */
export const LOGIN_PATHS = ['/api/v1/auth/wechat/login', '/api/v1/auth/staff/login', '/api/v1/auth/refresh'];

export function loginRateLimit(perMinute: number): RequestHandler {
  // express-rate-limit types against Express 4's typings; the middleware itself is Express 5 compatible.
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      const body: ApiError = { code: 'RATE_LIMITED', message: errorMessage('RATE_LIMITED', resolveLocale(req.headers['accept-language'])) };
      const requestId = (req as { id?: string }).id;
      if (requestId) body.requestId = requestId;
      res.status(429).json(body);
    },
  });
  return limiter as unknown as RequestHandler;
}
