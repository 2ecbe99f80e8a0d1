import type { TokenPair } from '@yiban/shared';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/services/http';
import type { TokenStore } from '../../src/services/request';

export type Handler = (request: HttpRequest, call: number) => HttpResponse | Promise<HttpResponse> | Error;

/** A transport that answers from a list of handlers, recording every request it sees. */
export function fakeTransport(handler: Handler): HttpTransport & { calls: HttpRequest[] } {
  const calls: HttpRequest[] = [];
  const transport = (async (request: HttpRequest) => {
    calls.push(request);
    const result = await handler(request, calls.length);
    if (result instanceof Error) throw result;
    return result;
  }) as HttpTransport & { calls: HttpRequest[] };
  transport.calls = calls;
  return transport;
}

export function json(status: number, body?: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body };
}

export function pair(n: number): TokenPair {
  const later = new Date(Date.now() + 3600_000).toISOString();
  return { token: `access-${n}`, expiresAt: later, refreshToken: `refresh-${n}`, refreshExpiresAt: later };
}

export function memoryTokens(initial: TokenPair | null): TokenStore & { value: TokenPair | null } {
  const store = {
    value: initial,
    get: () => store.value,
    set: (t: TokenPair) => {
      store.value = t;
    },
    clear: () => {
      store.value = null;
    },
  };
  return store;
}
