import type { RunningSimulator } from '../src/index.js';
import {
  accessToken,
  app,
  appointmentMessage,
  call,
  code2Session,
  get,
  loginCode,
  newUser,
  post,
  sendSubscribe,
  startQuiet,
  subscribe,
  TEMPLATES,
} from './helpers.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startQuiet();
});
afterAll(() => sim.close());
beforeEach(() => post(sim, '/__sim/reset'));

const addFaults = (...rules: object[]) => post(sim, '/__sim/faults', { rules });
const tokenPath = () => `/cgi-bin/token?grant_type=client_credential&appid=${app(sim).appid}&secret=${app(sim).secret}`;

describe('fault injection', () => {
  it('answers an errcode for the next N matching calls, with WeChat message, then behaves again', async () => {
    const added = await addFaults({ path: '/sns/jscode2session', errcode: -1, times: 2 });
    expect(added.status).toBe(201);
    expect(added.body.rules).toEqual([expect.objectContaining({ id: expect.any(String), path: '/sns/jscode2session', errcode: -1, remaining: 2 })]);

    const { code, openid } = await loginCode(sim);
    for (let i = 0; i < 2; i++) {
      const res = await code2Session(sim, code);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ errcode: -1, errmsg: 'system error' });
    }
    expect((await code2Session(sim, code)).body.openid).toBe(openid);
    expect((await get(sim, '/__sim/faults')).body.rules).toEqual([]);
  });

  it('injects token expiry on an API path', async () => {
    const token = await accessToken(sim);
    await addFaults({ path: '/wxa/business/getuserphonenumber', errcode: 42001, times: 1 });
    const probe = () => post(sim, `/wxa/business/getuserphonenumber?access_token=${token}`, { code: 'x' });
    expect((await probe()).body).toEqual({ errcode: 42001, errmsg: 'access_token expired' });
    expect((await probe()).body.errcode).toBe(40029);
  });

  it('answers an HTTP status', async () => {
    await addFaults({ path: '/cgi-bin/token', status: 503, times: 1 });
    const failed = await get(sim, tokenPath());
    expect(failed.status).toBe(503);
    expect(failed.body).toBe('Service Unavailable');
    expect((await get(sim, tokenPath())).body.access_token).toBeDefined();
  });

  it('delays a call that then proceeds normally', async () => {
    await addFaults({ path: '/cgi-bin/token', delayMs: 300, times: 1 });
    const started = Date.now();
    const res = await get(sim, tokenPath());
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.body.access_token).toBeDefined();
  });

  it('drops the connection without an answer', async () => {
    await addFaults({ path: '/cgi-bin/token', dropConnection: true, times: 1 });
    await expect(fetch(sim.url + tokenPath())).rejects.toThrow('fetch failed');
    expect((await get(sim, tokenPath())).status).toBe(200);
    const log = (await get(sim, '/__sim/log?limit=5')).body.calls;
    expect(log).toContainEqual(expect.objectContaining({ path: '/cgi-bin/token', status: null, fault: expect.any(String) }));
  });

  it('fires by rate: 0 never, 1 always, until cleared', async () => {
    await addFaults({ path: '/cgi-bin/token', errcode: 45009, rate: 0 }, { path: '/cgi-bin/stable_token', errcode: -1, rate: 1 });
    expect((await get(sim, tokenPath())).body.access_token).toBeDefined();
    const stable = () => post(sim, '/cgi-bin/stable_token', { grant_type: 'client_credential', ...app(sim) });
    expect((await stable()).body.errcode).toBe(-1);
    expect((await stable()).body.errcode).toBe(-1);

    expect((await call(sim, 'DELETE', '/__sim/faults')).body).toEqual({ cleared: 2 });
    expect((await stable()).body.access_token).toBeDefined();
  });

  it('matches the method when given, and removes one rule by id', async () => {
    const { body } = await addFaults({ path: '/cgi-bin/token', method: 'post', errcode: -1 }, { path: '/sns/jscode2session', errcode: -1 });
    expect((await get(sim, tokenPath())).body.access_token).toBeDefined();
    expect((await call(sim, 'DELETE', `/__sim/faults/${body.rules[1].id}`)).status).toBe(200);
    expect((await get(sim, '/__sim/faults')).body.rules).toHaveLength(1);
  });

  it('rejects malformed rules', async () => {
    for (const rule of [
      { errcode: -1 },
      { path: '/cgi-bin/token' },
      { path: '/__sim/reset', errcode: -1 },
      { path: '/x', errCode: 1 },
      { path: '/x', rate: 2, errcode: 1 },
    ]) {
      const res = await addFaults(rule);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual(expect.any(String));
    }
    expect((await get(sim, '/__sim/faults')).body.rules).toEqual([]);
  });
});

describe('fault injection on POST /cgi-bin/message/subscribe/send', () => {
  const PATH = '/cgi-bin/message/subscribe/send';

  /** A user with one one-time grant, and a token. */
  async function granted(): Promise<{ openid: string; token: string }> {
    const openid = await newUser(sim);
    await subscribe(sim, openid, [TEMPLATES.appointment]);
    return { openid, token: await accessToken(sim) };
  }
  const delivered = async (openid: string) => (await get(sim, `/__sim/messages?openid=${openid}`)).body.total;

  it('answers an injected errcode without delivering or using the grant', async () => {
    const { openid, token } = await granted();
    await addFaults({ path: PATH, errcode: -1, times: 1 }, { path: PATH, errcode: 45011, times: 1 });
    expect((await sendSubscribe(sim, token, appointmentMessage(openid))).body).toEqual({ errcode: -1, errmsg: 'system error' });
    expect((await sendSubscribe(sim, token, appointmentMessage(openid))).body.errcode).toBe(45011);
    expect(await delivered(openid)).toBe(0);
    expect((await sendSubscribe(sim, token, appointmentMessage(openid))).body.errcode).toBe(0);
    expect(await delivered(openid)).toBe(1);
  });

  it('answers a 5xx', async () => {
    const { openid, token } = await granted();
    await addFaults({ path: PATH, method: 'POST', status: 502, times: 1 });
    const failed = await sendSubscribe(sim, token, appointmentMessage(openid));
    expect(failed.status).toBe(502);
    expect(failed.body).toBe('Bad Gateway');
    expect((await sendSubscribe(sim, token, appointmentMessage(openid))).body.errcode).toBe(0);
  });

  it('delays a send that then goes through', async () => {
    const { openid, token } = await granted();
    await addFaults({ path: PATH, delayMs: 300, times: 1 });
    const started = Date.now();
    expect((await sendSubscribe(sim, token, appointmentMessage(openid))).body.errcode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await delivered(openid)).toBe(1);
  });

  it('drops the connection: nothing delivered, the grant kept', async () => {
    const { openid, token } = await granted();
    await addFaults({ path: PATH, dropConnection: true, times: 1 });
    await expect(fetch(`${sim.url}${PATH}?access_token=${token}`, { method: 'POST', body: JSON.stringify(appointmentMessage(openid)) })).rejects.toThrow(
      'fetch failed',
    );
    expect(await delivered(openid)).toBe(0);
    expect((await sendSubscribe(sim, token, appointmentMessage(openid))).body.errcode).toBe(0);
    const log = (await get(sim, '/__sim/log?limit=5')).body.calls;
    expect(log).toContainEqual(expect.objectContaining({ path: PATH, status: null, fault: expect.any(String) }));
  });

  it('reaches the other new paths too', async () => {
    const token = await accessToken(sim);
    await addFaults({ path: '/cgi-bin/message/custom/send', errcode: -1, times: 1 }, { path: '/wxa/msg_sec_check', status: 503, times: 1 });
    expect((await post(sim, `/cgi-bin/message/custom/send?access_token=${token}`, {})).body.errcode).toBe(-1);
    expect((await post(sim, `/wxa/msg_sec_check?access_token=${token}`, { content: 'x' })).status).toBe(503);
  });
});
