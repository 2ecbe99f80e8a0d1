import { createRequire } from 'node:module';
import type { RunningSimulator } from '../src/index.js';
import { app, loginCode, post, startQuiet } from './helpers.js';

// The real SDK the server uses, from the workspace's cross-package test package.
const requireFromTests = createRequire(new URL('../../../test/package.json', import.meta.url));
const WechatAPI = requireFromTests('co-wechat-api');

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startQuiet();
});
afterAll(() => sim.close());
beforeEach(() => post(sim, '/__sim/reset'));

function sdk() {
  const api = new WechatAPI(app(sim).appid, app(sim).secret);
  api.prefix = `${sim.url}/cgi-bin/`;
  api.snsPrefix = `${sim.url}/sns/`;
  api.wxaPrefix = `${sim.url}/wxa/`;
  return api;
}

describe('co-wechat-api against the simulator', () => {
  it('exchanges a login code, and throws 40029 for a reused one', async () => {
    const api = sdk();
    const { code, openid } = await loginCode(sim);
    expect(await api.code2Session(code)).toMatchObject({ openid, session_key: expect.any(String) });
    await expect(api.code2Session(code)).rejects.toMatchObject({ name: 'WeChatAPIError', code: 40029 });
  });

  it('fetches a token and recovers by itself from an expired one', async () => {
    const api = sdk();
    const first = await api.ensureAccessToken();
    expect(first.accessToken).toEqual(expect.any(String));

    const user = (await post(sim, '/__sim/users', { phone: '13800138000' })).body;
    const { code } = (await post(sim, '/__sim/phone-code', { openid: user.openid })).body;
    await post(sim, '/__sim/tokens/expire');

    const url = `${api.wxaPrefix}business/getuserphonenumber?access_token=${first.accessToken}`;
    const result = await api.request(url, { method: 'POST', data: JSON.stringify({ code }), headers: { 'content-type': 'application/json' } });
    expect(result.phone_info.purePhoneNumber).toBe('13800138000');
    expect(sim.state.log.recent(3).map((c) => [c.path, c.errcode])).toEqual([
      ['/wxa/business/getuserphonenumber', 42001],
      ['/cgi-bin/token', undefined],
      ['/wxa/business/getuserphonenumber', undefined],
    ]);
  });
});
