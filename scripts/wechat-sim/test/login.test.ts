import type { RunningSimulator } from '../src/index.js';
import { accessToken, advance, code2Session, loginCode, MINUTE, post, startOfMinute, startQuiet } from './helpers.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startQuiet();
});
afterAll(() => sim.close());
beforeEach(() => post(sim, '/__sim/reset'));

describe('GET /sns/jscode2session', () => {
  it('exchanges a login code of a new user for openid, session_key and unionid', async () => {
    const { code, openid } = await loginCode(sim);
    const res = await code2Session(sim, code);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.body).toEqual({ openid, session_key: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/), unionid: expect.stringMatching(/^o[\w-]{28}$/) });
    expect(openid).toMatch(/^o[\w-]{27}$/);
  });

  it('issues codes for an existing user', async () => {
    const user = (await post(sim, '/__sim/users', { nickname: '张三' })).body;
    const { code } = await loginCode(sim, user.openid);
    expect((await code2Session(sim, code)).body).toMatchObject({ openid: user.openid, unionid: user.unionid });
  });

  it('accepts a code only once', async () => {
    const { code } = await loginCode(sim);
    expect((await code2Session(sim, code)).body.openid).toBeDefined();
    expect((await code2Session(sim, code)).body).toEqual({ errcode: 40029, errmsg: 'invalid code' });
  });

  it('expires codes after 5 minutes of simulator time', async () => {
    const stale = await loginCode(sim);
    const fresh = await loginCode(sim);
    await advance(sim, 5 * MINUTE - 1000);
    expect((await code2Session(sim, fresh.code)).body.openid).toBe(fresh.openid);
    await advance(sim, 1000);
    expect((await code2Session(sim, stale.code)).body.errcode).toBe(40029);
  });

  it('answers 40029 for a code it never issued and 40125 for a wrong secret', async () => {
    expect((await code2Session(sim, 'made-up')).body.errcode).toBe(40029);
    const { code } = await loginCode(sim);
    expect((await code2Session(sim, code, 'wrong')).body).toEqual({ errcode: 40125, errmsg: 'invalid appsecret' });
  });

  it('refuses high-risk users with 40226', async () => {
    const user = (await post(sim, '/__sim/users', { risky: true })).body;
    const { code } = await loginCode(sim, user.openid);
    expect((await code2Session(sim, code)).body.errcode).toBe(40226);
  });

  it('answers 45011 past 100 logins of one user in a minute, and the code works in the next minute', async () => {
    await startOfMinute(sim);
    const { openid } = (await post(sim, '/__sim/users', {})).body;
    const other = await loginCode(sim);
    for (let i = 0; i < 100; i++) {
      const { code } = await loginCode(sim, openid);
      expect((await code2Session(sim, code)).body.openid).toBe(openid);
    }
    const { code } = await loginCode(sim, openid);
    expect((await code2Session(sim, code)).body).toEqual({ errcode: 45011, errmsg: expect.stringContaining('minute-quota') });
    expect((await code2Session(sim, other.code)).body.openid).toBe(other.openid);

    await advance(sim, MINUTE);
    expect((await code2Session(sim, code)).body.openid).toBe(openid);
  });

  it('answers 404 from the control API for an unknown openid', async () => {
    const res = await post(sim, '/__sim/login-code', { openid: 'oUnknown' });
    expect(res.status).toBe(404);
    expect(res.body.error).toContain('unknown openid');
  });
});

describe('POST /wxa/business/getuserphonenumber', () => {
  const phoneNumber = async (code: string) => {
    const token = await accessToken(sim);
    return (await post(sim, `/wxa/business/getuserphonenumber?access_token=${token}`, { code })).body;
  };

  it('returns the phone number once per code', async () => {
    const user = (await post(sim, '/__sim/users', { phone: '13800138000' })).body;
    const { code } = (await post(sim, '/__sim/phone-code', { openid: user.openid })).body;
    expect(code).toMatch(/^[0-9a-f]{64}$/);

    const body = await phoneNumber(code);
    expect(body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13800138000',
        purePhoneNumber: '13800138000',
        countryCode: '86',
        watermark: { timestamp: expect.any(Number), appid: sim.apps[0]!.appid },
      },
    });
    expect(Math.abs(body.phone_info.watermark.timestamp - Date.now() / 1000)).toBeLessThan(5);
    expect(await phoneNumber(code)).toEqual({ errcode: 40029, errmsg: 'invalid code' });
  });

  it('expires phone codes after 5 minutes', async () => {
    const user = (await post(sim, '/__sim/users', { phone: '13900139000' })).body;
    const { code } = (await post(sim, '/__sim/phone-code', { openid: user.openid })).body;
    await advance(sim, 5 * MINUTE);
    expect((await phoneNumber(code)).errcode).toBe(40029);
  });

  it('needs a phone on the user, which the phone-code call can set', async () => {
    const user = (await post(sim, '/__sim/users', {})).body;
    expect((await post(sim, '/__sim/phone-code', { openid: user.openid })).status).toBe(409);
    const { code } = (await post(sim, '/__sim/phone-code', { openid: user.openid, phone: '13700137000' })).body;
    expect((await phoneNumber(code)).phone_info.purePhoneNumber).toBe('13700137000');
  });
});
