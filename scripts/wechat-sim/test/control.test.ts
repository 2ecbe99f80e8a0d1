import type { RunningSimulator } from '../src/index.js';
import { accessToken, call, code2Session, get, loginCode, post, startQuiet } from './helpers.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startQuiet();
});
afterAll(() => sim.close());
beforeEach(() => post(sim, '/__sim/reset'));

describe('control API', () => {
  it('creates, lists, reads and updates users', async () => {
    const created = await post(sim, '/__sim/users', { nickname: '李四', phone: '13800138000' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ openid: expect.any(String), unionid: expect.any(String), nickname: '李四', phone: '13800138000', risky: false });
    const anonymous = (await post(sim, '/__sim/users')).body;
    expect(anonymous).toMatchObject({ nickname: '微信用户', phone: null });

    expect((await get(sim, '/__sim/users')).body.users.map((u: { openid: string }) => u.openid)).toEqual([created.body.openid, anonymous.openid]);
    const patched = await call(sim, 'PATCH', `/__sim/users/${anonymous.openid}`, { risky: true });
    expect(patched.body.risky).toBe(true);
    expect((await get(sim, `/__sim/users/${anonymous.openid}`)).body.risky).toBe(true);
    expect((await get(sim, '/__sim/users/oNobody')).status).toBe(404);
    expect((await post(sim, '/__sim/users', { phone: 'call me' })).status).toBe(400);
  });

  it('reset forgets users, codes, tokens, faults and the clock offset', async () => {
    const { code } = await loginCode(sim);
    const token = await accessToken(sim);
    await post(sim, '/__sim/faults', { rules: [{ path: '/cgi-bin/token', errcode: -1 }] });
    await post(sim, '/__sim/time', { advanceMs: 3_600_000 });

    expect((await post(sim, '/__sim/reset')).body).toEqual({ ok: true });
    expect((await get(sim, '/__sim/users')).body.users).toEqual([]);
    expect((await code2Session(sim, code)).body.errcode).toBe(40029);
    const probe = await post(sim, `/wxa/business/getuserphonenumber?access_token=${token}`, { code: 'x' });
    expect(probe.body.errcode).toBe(40001);
    expect((await get(sim, '/__sim/faults')).body.rules).toEqual([]);
    expect((await get(sim, '/__sim/time')).body.offsetMs).toBe(0);
    expect(sim.apps).toHaveLength(1);
  });

  it('moves the clock and sets the notification time scale', async () => {
    const before = (await get(sim, '/__sim/time')).body;
    expect(before).toEqual({ now: expect.any(Number), iso: expect.any(String), offsetMs: 0, notifyTimeScale: 1 });

    expect((await post(sim, '/__sim/time', { advanceMs: 90_000 })).body.offsetMs).toBe(90_000);
    expect((await post(sim, '/__sim/time', { advanceMs: 10_000, notifyTimeScale: 0.001 })).body).toMatchObject({ offsetMs: 100_000, notifyTimeScale: 0.001 });
    const set = (await post(sim, '/__sim/time', { offsetMs: -5000 })).body;
    expect(set.offsetMs).toBe(-5000);
    expect(Math.abs(set.now - (Date.now() - 5000))).toBeLessThan(1000);

    expect((await post(sim, '/__sim/time', {})).status).toBe(400);
    expect((await post(sim, '/__sim/time', { offsetMs: 1, advanceMs: 1 })).status).toBe(400);
    expect((await post(sim, '/__sim/time', { notifyTimeScale: 0 })).status).toBe(400);
  });

  it('answers CORS preflights and adds CORS headers to control answers only', async () => {
    const preflight = await fetch(`${sim.url}/__sim/login-code`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:10086', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');

    const created = await call(sim, 'POST', '/__sim/users', {}, { origin: 'http://127.0.0.1:10086' });
    expect(created.headers.get('access-control-allow-origin')).toBe('*');
    expect((await get(sim, '/cgi-bin/token')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs recent calls with status and errcode', async () => {
    await code2Session(sim, 'bogus');
    const { calls } = (await get(sim, '/__sim/log?limit=2')).body;
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(
      expect.objectContaining({ method: 'GET', path: '/sns/jscode2session', status: 200, errcode: 40029, durationMs: expect.any(Number) }),
    );
  });

  it('answers 404 for unknown paths and 400 for bodies that are not JSON objects', async () => {
    expect((await get(sim, '/cgi-bin/nope')).status).toBe(404);
    const res = await fetch(`${sim.url}/__sim/users`, { method: 'POST', body: '[1]' });
    expect(res.status).toBe(400);
  });
});

describe('logger', () => {
  it('writes one line per call', async () => {
    const lines: string[] = [];
    const logged = await import('../src/index.js').then(({ startSimulator }) => startSimulator({ logger: (line) => lines.push(line) }));
    try {
      await get(logged, '/sns/jscode2session?appid=x&secret=y&js_code=z&grant_type=authorization_code');
      expect(lines).toEqual([expect.stringMatching(/^wechat-sim GET \/sns\/jscode2session 200 errcode=40013 \d+ms$/)]);
    } finally {
      await logged.close();
    }
  });
});
