import { CURRENT_CONSENT_VERSIONS, errorMessage } from '@yiban/shared';
import { ApiRequestError } from '../../src/services/errors';
import { TransportError } from '../../src/services/http';
import { ApiClient, parseRetryAfter, type ApiClientOptions } from '../../src/services/request';
import { fakeTransport, json, memoryTokens, pair, type Handler } from './fake-server';

const BASE = 'http://api.test/api/v1';

function client(handler: Handler, extra: Partial<ApiClientOptions> = {}) {
  const transport = fakeTransport(handler);
  const tokens = memoryTokens(pair(1));
  const sleeps: number[] = [];
  const api = new ApiClient({
    baseUrl: () => BASE,
    transport,
    tokens,
    locale: () => 'zh-CN',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { api, transport, tokens, sleeps };
}

const bearer = (request: { headers: Record<string, string> }) => request.headers.authorization;

describe('request module: what every call carries', () => {
  it('sends the token, the acting profile, the language, JSON body and query', async () => {
    const { api, transport } = client(() => json(200, { ok: true }), { actingPatientId: () => 'P1', locale: () => 'en' });
    await expect(api.post('/me/consents', { kind: 'marketing' }, { query: { a: 1, skip: undefined } })).resolves.toEqual({ ok: true });
    const [call] = transport.calls;
    expect(call).toMatchObject({ url: `${BASE}/me/consents?a=1`, method: 'POST', body: { kind: 'marketing' } });
    expect(call.headers).toMatchObject({ authorization: 'Bearer access-1', 'x-patient-id': 'P1', 'accept-language': 'en' });
  });

  it('leaves the token and profile off public calls, and lets one call pick another profile', async () => {
    const { api, transport } = client(() => json(200, []), { actingPatientId: () => 'P1' });
    await api.get('/departments', { auth: false });
    await api.get('/me/consents', { patientId: 'P2' });
    expect(transport.calls[0].headers.authorization).toBeUndefined();
    expect(transport.calls[0].headers['x-patient-id']).toBeUndefined();
    expect(transport.calls[1].headers['x-patient-id']).toBe('P2');
  });
});

describe('request module: an expired session', () => {
  it('refreshes once for many concurrent calls, then replays each with the new token', async () => {
    let refreshes = 0;
    const { api, transport, tokens } = client(async (request) => {
      if (request.url.endsWith('/auth/refresh')) {
        refreshes++;
        expect(request.body).toEqual({ refreshToken: 'refresh-1' });
        await new Promise((r) => setTimeout(r, 20));
        return json(200, pair(2));
      }
      return bearer(request) === 'Bearer access-2' ? json(200, { url: request.url }) : json(401, { code: 'AUTH_TOKEN_EXPIRED', message: 'expired' });
    });
    const results = await Promise.all(['/a', '/b', '/c', '/d', '/e'].map((p) => api.get<{ url: string }>(p)));
    expect(results.map((r) => r.url)).toEqual(['/a', '/b', '/c', '/d', '/e'].map((p) => `${BASE}${p}`));
    expect(refreshes).toBe(1);
    expect(tokens.value?.token).toBe('access-2');
    // 5 refused, 1 refresh, 5 replays
    expect(transport.calls).toHaveLength(11);
  });

  it('a call that started with an old token after the refresh uses the new one without refreshing again', async () => {
    let refreshes = 0;
    const { api } = client((request) => {
      if (request.url.endsWith('/auth/refresh')) return (refreshes++, json(200, pair(2)));
      return bearer(request) === 'Bearer access-2' ? json(200, 'ok') : json(401, { code: 'AUTH_TOKEN_EXPIRED' });
    });
    await api.get('/first');
    const renewed = await api.renewSession('access-1');
    expect(renewed).toBe('access-2');
    expect(refreshes).toBe(1);
  });

  it('signs in again (reauthenticate) when the refresh token is refused, once for all waiting calls', async () => {
    const reauthenticate = jest.fn(async () => pair(9));
    const { api, tokens } = client((request) => {
      if (request.url.endsWith('/auth/refresh')) return json(401, { code: 'AUTH_REFRESH_INVALID' });
      return bearer(request) === 'Bearer access-9' ? json(200, 'ok') : json(401, { code: 'AUTH_TOKEN_INVALID' });
    }, {});
    // ApiClient reads options at construction: build one with the reauthenticate hook.
    const withReauth = new ApiClient({ ...(api as unknown as { options: ApiClientOptions }).options, reauthenticate });
    await expect(Promise.all([withReauth.get('/x'), withReauth.get('/y')])).resolves.toEqual(['ok', 'ok']);
    expect(reauthenticate).toHaveBeenCalledTimes(1);
    expect(tokens.value?.token).toBe('access-9');
  });

  it('clears the session and reports it lost when nothing can renew it; the caller gets the 401 code', async () => {
    const onSessionLost = jest.fn();
    const { api, tokens } = client(
      (request) => (request.url.endsWith('/auth/refresh') ? json(401, { code: 'AUTH_REFRESH_INVALID' }) : json(401, { code: 'AUTH_TOKEN_EXPIRED' })),
      {
        onSessionLost,
      },
    );
    const failure = await api.get('/me').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiRequestError);
    expect(failure).toMatchObject({ code: 'AUTH_TOKEN_EXPIRED', status: 401, message: errorMessage('AUTH_TOKEN_EXPIRED', 'zh-CN') });
    expect(tokens.value).toBeNull();
    expect(onSessionLost).toHaveBeenCalledTimes(1);
  });

  it('does not refresh for a 401 that a new token cannot cure (wrong password)', async () => {
    const { api, transport } = client(() => json(401, { code: 'AUTH_BAD_CREDENTIALS' }));
    await expect(api.post('/auth/staff/login', { username: 'x', password: 'y' }, { auth: false })).rejects.toMatchObject({ code: 'AUTH_BAD_CREDENTIALS' });
    expect(transport.calls).toHaveLength(1);
  });

  it('keeps the session when the refresh call itself cannot reach the server (a network failure is not a sign-out)', async () => {
    const onSessionLost = jest.fn();
    const { api, tokens } = client(
      (request) => (request.url.endsWith('/auth/refresh') ? new TransportError('network', 'down') : json(401, { code: 'AUTH_TOKEN_EXPIRED' })),
      {
        onSessionLost,
      },
    );
    await expect(api.get('/me')).rejects.toMatchObject({ code: 'NETWORK_UNREACHABLE', status: 0 });
    expect(tokens.value?.refreshToken).toBe('refresh-1');
    expect(onSessionLost).not.toHaveBeenCalled();
  });
});

describe('request module: retryable failures', () => {
  it('retries a GET on 503 and network errors with growing, jittered delays, then succeeds', async () => {
    const { api, sleeps } = client((_r, call) =>
      call === 1 ? json(503, { code: 'SERVICE_UNAVAILABLE' }) : call === 2 ? new TransportError('network', 'reset') : json(200, 'ok'),
    );
    await expect(api.get('/departments')).resolves.toBe('ok');
    // equal jitter with random 0.5: 3/4 of base·2^n
    expect(sleeps).toEqual([300, 600]);
  });

  it('honours Retry-After on 429', async () => {
    const { api, sleeps } = client((_r, call) => (call === 1 ? json(429, { code: 'RATE_LIMITED' }, { 'retry-after': '2' }) : json(200, 'ok')));
    await expect(api.post('/auth/wechat/login', { code: 'c' }, { auth: false })).resolves.toBe('ok');
    expect(sleeps).toEqual([2000]);
  });

  it('gives up at once, with the message in the user’s language, when Retry-After is longer than worth waiting', async () => {
    const { api, transport } = client(() => json(429, { code: 'RATE_LIMITED' }, { 'retry-after': '120' }), { locale: () => 'en' });
    await expect(api.get('/x')).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429, message: errorMessage('RATE_LIMITED', 'en') });
    expect(transport.calls).toHaveLength(1);
  });

  it('stops after the retry budget and reports the last failure', async () => {
    const { api, transport, sleeps } = client(() => json(500, { code: 'INTERNAL_ERROR', requestId: 'req-1' }), { retry: { maxRetries: 2 } });
    await expect(api.get('/x')).rejects.toMatchObject({ code: 'INTERNAL_ERROR', requestId: 'req-1' });
    expect(transport.calls).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('never repeats a POST after a 500 or a lost answer (unknown outcome) unless it has an Idempotency-Key', async () => {
    const { api, transport } = client(() => new TransportError('timeout', 'slow'));
    await expect(api.post('/me/patients', { name: 'x' })).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT', status: 0 });
    expect(transport.calls).toHaveLength(1);

    const second = client((_r, call) => (call === 1 ? json(500, { code: 'INTERNAL_ERROR' }) : json(200, 'ok')));
    await expect(second.api.post('/x', {})).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
    await expect(second.api.post('/x', {}, { idempotencyKey: 'k1' })).resolves.toBe('ok');
    expect(second.transport.calls[1].headers['idempotency-key']).toBe('k1');
  });

  it('does not retry client errors (4xx other than 429)', async () => {
    const { api, transport } = client(() => json(400, { code: 'VALIDATION_FAILED', details: { fields: ['name'] } }));
    await expect(api.post('/me/patients', {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: ['name'] } });
    expect(transport.calls).toHaveLength(1);
  });
});

describe('request module: messages in the user’s language', () => {
  it('uses the shared catalogue for server codes, with placeholders filled from details', async () => {
    const { api } = client(() => json(409, { code: 'PATIENT_LIMIT_REACHED', message: '最多可添加 8 位就诊人', details: { max: 8 } }), { locale: () => 'en' });
    await expect(api.post('/me/patients', {})).rejects.toMatchObject({ code: 'PATIENT_LIMIT_REACHED', message: 'You can manage at most 8 patient profiles.' });
  });

  it('maps unknown or missing codes by status, and network failures to the app’s own words', async () => {
    const weird = client(() => json(418, { code: 'TEAPOT' }));
    await expect(weird.api.get('/x')).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 418 });
    const html = client(() => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' }), { retry: { maxRetries: 0 } });
    await expect(html.api.get('/x')).rejects.toMatchObject({ code: 'INTERNAL_ERROR', message: errorMessage('INTERNAL_ERROR', 'zh-CN') });
    const offline = client(() => new TransportError('network', 'ENOTFOUND'), { retry: { maxRetries: 0 }, locale: () => 'en' });
    const error = (await offline.api.get('/x').catch((e: unknown) => e)) as ApiRequestError;
    expect(error.code).toBe('NETWORK_UNREACHABLE');
    expect(error.message).toMatch(/No connection/);
    expect(error.transient).toBe(true);
  });

  it('a consent recorded with an outdated version explains itself', async () => {
    const { api } = client(() => json(409, { code: 'CONSENT_VERSION_OUTDATED', details: { currentVersion: CURRENT_CONSENT_VERSIONS.privacy_policy } }));
    await expect(api.post('/me/consents', {})).rejects.toMatchObject({ message: errorMessage('CONSENT_VERSION_OUTDATED', 'zh-CN') });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
