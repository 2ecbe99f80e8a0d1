import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { errorMessage, resolveLocale, type ApiError } from '@yiban/shared';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { Redis } from 'ioredis';
import { RedisStore } from 'rate-limit-redis';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

/**
 * Limits on the sign-in endpoints that protect without locking a hospital out:
 * - WeChat sign-in and token refresh: a per-address budget sized for thousands of patients behind one carrier NAT
 *   or the lobby Wi-Fi (`LOGIN_RATE_LIMIT_PER_MINUTE`);
 * - staff sign-in: wrong passwords counted per username (a storm on one account throttles that account, not its
 *   colleagues), and a per-address budget for whole wards signing in at a shift change.
 * The client address is what `TRUST_PROXY` says it is. With `REDIS_URL` every instance shares the counters.
 */
export interface LoginLimits {
  /** Mounted on the paths below, in this order. */
  handlers: { path: string; handler: RequestHandler }[];
  close(): Promise<void>;
}

function answer(req: Request, res: { status(n: number): { json(b: unknown): void } }): void {
  const body: ApiError = { code: 'RATE_LIMITED', message: errorMessage('RATE_LIMITED', resolveLocale(req.headers['accept-language'])) };
  const requestId = (req as { id?: string }).id;
  if (requestId) body.requestId = requestId;
  res.status(429).json(body);
}

const addressKey = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

/** The username a staff sign-in is for (lower case, trimmed), else the address: a body without one is counted per address. */
function usernameKey(req: Request): string {
  const username = (req.body as { username?: unknown } | undefined)?.username;
  return typeof username === 'string' && username.trim() ? `user:${username.trim().toLowerCase().slice(0, 64)}` : `addr:${addressKey(req)}`;
}

export function loginLimits(config: AppConfig): LoginLimits {
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false }) : null;
  redis?.on('error', () => undefined);
  const store = (prefix: string): Store | undefined =>
    redis
      ? new RedisStore({ prefix: `yiban:rl:${prefix}:`, sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as never })
      : undefined;
  // express-rate-limit types against Express 4's typings; the middleware itself is Express 5 compatible.
  const limiter = (options: Parameters<typeof rateLimit>[0]) =>
    rateLimit({ standardHeaders: 'draft-7', legacyHeaders: false, handler: answer as never, ...options }) as unknown as RequestHandler;

  const patients = limiter({ windowMs: 60_000, limit: config.auth.loginRateLimitPerMinute, keyGenerator: addressKey as never, store: store('patients') });
  const staffByAddress = limiter({
    windowMs: 60_000,
    limit: config.auth.staffLoginPerAddressPerMinute,
    keyGenerator: addressKey as never,
    store: store('staff-addr'),
  });
  const staffByAccount = limiter({
    windowMs: 15 * 60_000,
    limit: config.auth.staffLoginFailuresPerAccount,
    keyGenerator: usernameKey as never,
    // Only failures count: a nurse signing in on five devices is not an attack.
    skipSuccessfulRequests: true,
    store: store('staff-user'),
  });
  return {
    handlers: [
      { path: '/api/v1/auth/wechat/login', handler: patients },
      { path: '/api/v1/auth/refresh', handler: patients },
      { path: '/api/v1/auth/staff/login', handler: staffByAddress },
      { path: '/api/v1/auth/staff/login', handler: staffByAccount },
    ],
    async close() {
      await redis?.quit().catch(() => undefined);
    },
  };
}

/**
 * The login limits as part of the application, so that closing it (tests, benchmarks, a shutdown) also closes their
 * Redis connection. Replacing `app.close` did not: Nest hands out a proxy of the application, and the replacement never
 * ran, so every closed app left a connection open and its process alive.
 */
@Injectable()
export class LoginLimitsLifecycle implements OnApplicationShutdown {
  readonly limits: LoginLimits;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limits = loginLimits(config);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.limits.close();
  }
}
