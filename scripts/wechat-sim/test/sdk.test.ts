import { createRequire } from 'node:module';
import type { RunningSimulator } from '../src/index.js';
import { app, APPOINTMENT_DATA, get, loginCode, newUser, post, startQuiet, subscribe, TEMPLATES } from './helpers.js';

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

  it('sends a subscribe message with sendSubscribeMessage, and surfaces 43101 once the grant is used', async () => {
    const api = sdk();
    const openid = await newUser(sim);
    await subscribe(sim, openid, [TEMPLATES.appointment]);

    const result = await api.sendSubscribeMessage(openid, TEMPLATES.appointment, 'pages/appointment/detail?id=7', APPOINTMENT_DATA);
    expect(result).toMatchObject({ errcode: 0, errmsg: 'ok' });
    // co-wechat-api parses with json-bigint: msgids over 15 digits (WeChat's are 19) come back as BigNumber objects.
    expect(String(result.msgid)).toMatch(/^\d{16}$/);
    const { messages } = (await get(sim, `/__sim/messages?openid=${openid}`)).body;
    expect(String(messages[0].msgid)).toBe(String(result.msgid));
    expect(messages).toEqual([
      expect.objectContaining({
        type: 'subscribe',
        template_id: TEMPLATES.appointment,
        page: 'pages/appointment/detail?id=7',
        data: APPOINTMENT_DATA,
      }),
    ]);

    await expect(api.sendSubscribeMessage(openid, TEMPLATES.appointment, '', APPOINTMENT_DATA)).rejects.toMatchObject({ name: 'WeChatAPIError', code: 43101 });
  });

  it('sends a customer-service text with sendText inside the 48-hour window', async () => {
    const api = sdk();
    const openid = await newUser(sim);
    await expect(api.sendText(openid, '您好')).rejects.toMatchObject({ name: 'WeChatAPIError', code: 45015 });
    await post(sim, `/__sim/users/${openid}/interacted`);
    expect(await api.sendText(openid, '您好')).toEqual({ errcode: 0, errmsg: 'ok' });
    const { messages } = (await get(sim, `/__sim/messages?openid=${openid}`)).body;
    expect(messages).toEqual([expect.objectContaining({ type: 'custom', msgtype: 'text', text: { content: '您好' } })]);
  });
});
