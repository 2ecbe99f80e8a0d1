import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './reply.js';

export interface SimRequest {
  method: string;
  path: string;
  /** The request target exactly as received, path and query (`/v3/pay/transactions/out-trade-no/X?mchid=1`): WeChat Pay signs it. */
  target: string;
  query: URLSearchParams;
  /** Values of `:name` segments in the route pattern. */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The body bytes as received (WeChat Pay signatures are computed over them). */
  rawBody: Buffer;
}

export type Handler = (req: SimRequest) => Reply | Promise<Reply>;

export type RouteMatch = { handler: Handler; params: Record<string, string> } | { allowedMethods: string[] } | undefined;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

/** Method + path → handler. Patterns are literal paths whose `:name` segments match any one segment. */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), segments: pattern.split('/'), handler });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.on('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler): this {
    return this.on('POST', pattern, handler);
  }

  patch(pattern: string, handler: Handler): this {
    return this.on('PATCH', pattern, handler);
  }

  delete(pattern: string, handler: Handler): this {
    return this.on('DELETE', pattern, handler);
  }

  /** The handler for the request; or, when only the method is wrong, the methods the path accepts. */
  match(method: string, path: string): RouteMatch {
    const segments = path.split('/');
    const allowedMethods: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { handler: route.handler, params };
      allowedMethods.push(route.method);
    }
    return allowedMethods.length > 0 ? { allowedMethods } : undefined;
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const segment = actual[i]!;
    if (expected.startsWith(':') && segment !== '') {
      const value = safeDecode(segment);
      if (value === undefined) return undefined;
      params[expected.slice(1)] = value;
    } else if (expected !== segment) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
