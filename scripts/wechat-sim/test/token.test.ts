import type { RunningSimulator } from '../src/index.js';
import { accessToken, advance, app, get, MINUTE, post, startQuiet } from './helpers.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startQuiet();
});
afterAll(() => sim.close());
beforeEach(() => post(sim, '/__sim/reset'));

/** The errcode an access-token API answers with this token: 40029 (bad phone code) means the token was accepted. */
async function probe(token: string): Promise<number> {
  const { body } = await post(sim, `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`, { code: 'no-such-code' });
  return body.errcode;
}
const ACCEPTED = 40029;

describe('GET /cgi-bin/token', () => {
  it('issues a token for 7200 s as JSON with HTTP 200', async () => {
    const { appid, secret } = app(sim);
    const res = await get(sim, `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.body).toEqual({ access_token: expect.stringMatching(/^\d+_[\w-]{100,}$/), expires_in: 7200 });
    expect(await probe(res.body.access_token)).toBe(ACCEPTED);
  });

  it('keeps the previous token working for 5 minutes after a new one is issued', async () => {
    const first = await accessToken(sim);
    const second = await accessToken(sim);
    expect(second).not.toBe(first);

    await advance(sim, 4 * MINUTE);
    expect(await probe(first)).toBe(ACCEPTED);
    await advance(sim, 1 * MINUTE + 1000);
    expect(await probe(first)).toBe(40001);
    expect(await probe(second)).toBe(ACCEPTED);
  });

  it('answers 42001 once the token outlives its 7200 s', async () => {
    const token = await accessToken(sim);
    await advance(sim, 7199 * 1000);
    expect(await probe(token)).toBe(ACCEPTED);
    await advance(sim, 1000);
    expect(await probe(token)).toBe(42001);
  });

  it('answers 42001 after the control API expires tokens', async () => {
    const token = await accessToken(sim);
    expect((await post(sim, '/__sim/tokens/expire')).body).toEqual({ expired: 1 });
    expect(await probe(token)).toBe(42001);
  });

  it('rejects unknown and missing tokens', async () => {
    expect(await probe('not-a-token')).toBe(40001);
    const { body } = await post(sim, '/wxa/business/getuserphonenumber', { code: 'x' });
    expect(body).toEqual({ errcode: 41001, errmsg: 'access_token missing' });
  });

  it('answers WeChat errors for bad credentials', async () => {
    const { appid, secret } = app(sim);
    const token = (query: string) => get(sim, `/cgi-bin/token?${query}`).then((res) => res.body);
    expect(await token(`grant_type=client_credential&appid=${appid}&secret=wrong`)).toEqual({ errcode: 40125, errmsg: 'invalid appsecret' });
    expect(await token(`grant_type=client_credential&appid=wx0000000000000000&secret=${secret}`)).toEqual({ errcode: 40013, errmsg: 'invalid appid' });
    expect(await token(`grant_type=password&appid=${appid}&secret=${secret}`)).toEqual({ errcode: 40002, errmsg: 'invalid grant_type' });
  });
});

describe('POST /cgi-bin/stable_token', () => {
  const stable = (extra: object = {}) => post(sim, '/cgi-bin/stable_token', { grant_type: 'client_credential', ...app(sim), ...extra }).then((res) => res.body);

  it('returns the same token until forced, and a forced refresh retires the old one at once', async () => {
    const first = await stable();
    expect(first).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    await advance(sim, MINUTE);
    const again = await stable();
    expect(again.access_token).toBe(first.access_token);
    expect(again.expires_in).toBeGreaterThanOrEqual(7139); // real milliseconds pass between the calls
    expect(again.expires_in).toBeLessThanOrEqual(7140);

    const forced = await stable({ force_refresh: true });
    expect(forced.access_token).not.toBe(first.access_token);
    expect(await probe(first.access_token)).toBe(40001);
    expect(await probe(forced.access_token)).toBe(ACCEPTED);
  });

  it('rotates in the last 5 minutes while the old token keeps working until it expires', async () => {
    const first = await stable();
    await advance(sim, 7200_000 - 4 * MINUTE);
    const next = await stable();
    expect(next.access_token).not.toBe(first.access_token);
    expect(await probe(first.access_token)).toBe(ACCEPTED);
    await advance(sim, 4 * MINUTE);
    expect(await probe(first.access_token)).toBe(42001);
    expect(await probe(next.access_token)).toBe(ACCEPTED);
  });

  it('is isolated from GET /cgi-bin/token', async () => {
    const stableToken = (await stable()).access_token;
    await accessToken(sim);
    await accessToken(sim);
    await advance(sim, 6 * MINUTE);
    expect(await probe(stableToken)).toBe(ACCEPTED);
  });

  it('answers 40125 for a wrong secret and 47001 for a body that is not JSON', async () => {
    expect(await stable({ secret: 'wrong' })).toEqual({ errcode: 40125, errmsg: 'invalid appsecret' });
    const res = await fetch(`${sim.url}/cgi-bin/stable_token`, { method: 'POST', body: '{nope' });
    expect(await res.json()).toEqual({ errcode: 47001, errmsg: 'data format error' });
  });

  it('only accepts POST', async () => {
    expect((await get(sim, '/cgi-bin/stable_token')).status).toBe(405);
  });
});
