import { patientRows, wechatAccountRows } from '@yiban/server/testing';
import { loginAs, patientLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('WeChat login through the simulator', () => {
  it('creates the account and its own profile on first login, and signs the same account in again later', async () => {
    const first = await patientLogin(stack, { nickname: '老王' });
    expect(first.isNewAccount).toBe(true);
    expect(first.token).toEqual(expect.any(String));
    expect(first.refreshToken).toEqual(expect.any(String));
    expect(first.patient).toMatchObject({ relationship: 'self', isSelf: true, phoneMasked: null });
    expect(first.profiles).toHaveLength(1);

    const again = await loginAs(stack, first.openid);
    expect(again.isNewAccount).toBe(false);
    expect(again.patient.id).toBe(first.patient.id);
    expect(await wechatAccountRows.count(stack, { openid: first.openid })).toBe(1);

    const me = await stack.api.get('/me', { token: again.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'patient', roles: ['patient'], patient: { id: first.patient.id } });
  });

  it('takes the new profile’s language from Accept-Language', async () => {
    const { openid } = await simControl(stack.simUrl, 'POST', '/__sim/users', {});
    const { code } = await simControl(stack.simUrl, 'POST', '/__sim/login-code', { openid });
    const res = await stack.api.post('/auth/wechat/login', { code }, { language: 'en-GB,en;q=0.9' });
    expect(res.status).toBe(200);
    expect(res.body.patient.language).toBe('en');
  });

  it('refuses a reused code with WECHAT_CODE_INVALID in the caller’s language', async () => {
    const { openid } = await simControl(stack.simUrl, 'POST', '/__sim/users', {});
    const { code } = await simControl(stack.simUrl, 'POST', '/__sim/login-code', { openid });
    expect((await stack.api.post('/auth/wechat/login', { code })).status).toBe(200);
    const zh = await stack.api.post('/auth/wechat/login', { code });
    expect(zh.status).toBe(400);
    expect(zh.body).toMatchObject({ code: 'WECHAT_CODE_INVALID', message: expect.stringContaining('微信') });
    const en = await stack.api.post('/auth/wechat/login', { code: 'made-up-code' }, { language: 'en' });
    expect(en.status).toBe(400);
    expect(en.body).toMatchObject({ code: 'WECHAT_CODE_INVALID', message: expect.stringContaining('WeChat sign-in code') });
  });

  it('refuses a user WeChat flags as risky, and passes on WeChat’s rate limit as 429', async () => {
    const risky = await simControl(stack.simUrl, 'POST', '/__sim/users', { risky: true });
    const { code } = await simControl(stack.simUrl, 'POST', '/__sim/login-code', { openid: risky.openid });
    const res = await stack.api.post('/auth/wechat/login', { code });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('WECHAT_USER_RISKY');

    await simControl(stack.simUrl, 'POST', '/__sim/faults', { rules: [{ path: '/sns/jscode2session', errcode: 45011, times: 1 }] });
    const limited = await stack.api.post('/auth/wechat/login', { code: 'any-code' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('WECHAT_RATE_LIMITED');
  });

  it('answers 503 WECHAT_UNAVAILABLE when WeChat errors, drops the connection or cannot be reached', async () => {
    const accountsBefore = await wechatAccountRows.count(stack);
    await simControl(stack.simUrl, 'POST', '/__sim/faults', { rules: [{ path: '/sns/jscode2session', status: 502, times: 1 }] });
    const bad = await stack.api.post('/auth/wechat/login', { code: 'x' });
    expect(bad.status).toBe(503);
    expect(bad.body.code).toBe('WECHAT_UNAVAILABLE');

    await simControl(stack.simUrl, 'POST', '/__sim/faults', { rules: [{ path: '/sns/jscode2session', dropConnection: true, times: 1 }] });
    const dropped = await stack.api.post('/auth/wechat/login', { code: 'x' });
    expect(dropped.status).toBe(503);

    const down = await startStack();
    try {
      const { openid } = await simControl(down.simUrl, 'POST', '/__sim/users', {});
      const { code } = await simControl(down.simUrl, 'POST', '/__sim/login-code', { openid });
      await down.sim.close();
      const res = await down.api.post('/auth/wechat/login', { code }, { language: 'en' });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'WECHAT_UNAVAILABLE', message: expect.stringContaining('WeChat cannot be reached') });
      expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|"stack"|\n\s+at /);
    } finally {
      await down.close();
    }
    expect(await wechatAccountRows.count(stack)).toBe(accountsBefore);
  });

  it('lets two simultaneous first logins of one user end in one account', async () => {
    const { openid } = await simControl(stack.simUrl, 'POST', '/__sim/users', {});
    const codes = await Promise.all([1, 2, 3].map(() => simControl(stack.simUrl, 'POST', '/__sim/login-code', { openid })));
    const results = await Promise.all(codes.map(({ code }) => stack.api.post('/auth/wechat/login', { code })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const accounts = await wechatAccountRows.find(stack, { openid });
    expect(accounts).toHaveLength(1);
    expect(await patientRows.count(stack, { accountId: accounts[0]!.id })).toBe(1);
  });
});

describe('phone binding', () => {
  it('binds the number from the phone-number button, stores it encrypted and shows it masked', async () => {
    const login = await patientLogin(stack, { phone: '13912345678' });
    const { code } = await simControl(stack.simUrl, 'POST', '/__sim/phone-code', { openid: login.openid });
    const res = await stack.api.post('/me/phone', { code }, { token: login.token });
    expect(res.status).toBe(200);
    expect(res.body.phoneMasked).toBe('139****5678');

    const stored = await patientRows.one(stack, { id: login.patient.id });
    expect(stored.phoneEnc).toBeTruthy();
    expect(stored.phoneEnc).not.toContain('13912345678');
    expect(stored.phoneHash).not.toContain('13912345678');
    const raw = await stack.dataSource.query('SELECT * FROM patients WHERE id = ?', [login.patient.id]);
    expect(JSON.stringify(raw)).not.toContain('13912345678');

    const reused = await stack.api.post('/me/phone', { code }, { token: login.token });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('WECHAT_PHONE_CODE_INVALID');
  });

  it('gets a fresh access token when WeChat expires the current one mid-run', async () => {
    const login = await patientLogin(stack, { phone: '13700001111' });
    const first = await simControl(stack.simUrl, 'POST', '/__sim/phone-code', { openid: login.openid });
    expect((await stack.api.post('/me/phone', { code: first.code }, { token: login.token })).status).toBe(200);
    await simControl(stack.simUrl, 'POST', '/__sim/tokens/expire', {});
    const second = await simControl(stack.simUrl, 'POST', '/__sim/phone-code', { openid: login.openid, phone: '13700002222' });
    const res = await stack.api.post('/me/phone', { code: second.code }, { token: login.token });
    expect(res.status).toBe(200);
    expect(res.body.phoneMasked).toBe('137****2222');
  });
});
