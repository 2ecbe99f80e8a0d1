import { createH5Platform, SIM_OPENID_KEY, type KeyValueStorage } from '../../src/platform/h5';
import { PlatformError } from '../../src/platform/types';
import { createWeappPlatform, type WechatApi, type WechatSocketTask } from '../../src/platform/weapp';
import { TransportError } from '../../src/services/http';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, get: (k) => data.get(k) ?? null, set: (k, v) => void data.set(k, v), remove: (k) => void data.delete(k) };
}

/** A stand-in for the simulator's control API, recording calls. */
function fakeSimulator(routes: Record<string, (body: any) => [number, unknown]>) {
  const calls: { method: string; path: string; body: any }[] = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method: init?.method ?? 'GET', path, body });
    const route = routes[`${init?.method ?? 'GET'} ${path}`];
    const [status, payload] = route ? route(body) : [404, { error: 'not found' }];
    // jsdom has no fetch Response: the platform reads only status and text().
    return { status, text: async () => (payload === undefined ? '' : JSON.stringify(payload)) };
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe('H5 platform (the WeChat simulator stands in for WeChat)', () => {
  it('logs in as a new simulated user, then as the same user next time', async () => {
    let n = 0;
    const sim = fakeSimulator({ 'POST /__sim/login-code': (body) => [200, { code: `code-${++n}`, openid: body.openid ?? 'o-new' }] });
    const storage = memoryStorage();
    const platform = createH5Platform({ simulatorUrl: () => 'http://sim.test', storage, fetch: sim.fetchImpl });
    expect(await platform.login()).toBe('code-1');
    expect(storage.data.get(SIM_OPENID_KEY)).toBe('o-new');
    expect(await platform.login()).toBe('code-2');
    expect(sim.calls.map((c) => c.body)).toEqual([{}, { openid: 'o-new' }]);
  });

  it('becomes a new user when the simulator has forgotten the old one (restarted)', async () => {
    const sim = fakeSimulator({
      'POST /__sim/login-code': (body) => (body.openid ? [404, { error: 'unknown user' }] : [200, { code: 'fresh', openid: 'o-2' }]),
    });
    const storage = memoryStorage();
    storage.set(SIM_OPENID_KEY, 'o-gone');
    const platform = createH5Platform({ simulatorUrl: () => 'http://sim.test', storage, fetch: sim.fetchImpl });
    expect(await platform.login()).toBe('fresh');
    expect(storage.data.get(SIM_OPENID_KEY)).toBe('o-2');
  });

  it('gets a phone-number code for the signed-in user, with the number the user confirmed', async () => {
    const sim = fakeSimulator({
      'POST /__sim/phone-code': (body) => (body.phone ? [200, { code: 'pc-1' }] : [409, { error: 'user has no phone' }]),
      'GET /__sim/users/o-1': () => [200, { openid: 'o-1', phone: null }],
    });
    const storage = memoryStorage();
    storage.set(SIM_OPENID_KEY, 'o-1');
    const platform = createH5Platform({ simulatorUrl: () => 'http://sim.test', storage, fetch: sim.fetchImpl });
    expect(platform.phoneNumberSource).toBe('simulator');
    expect(await platform.simulatedPhone()).toBeNull();
    await expect(platform.phoneNumberCode({})).rejects.toMatchObject({ code: 'PHONE_UNAVAILABLE' });
    expect(await platform.phoneNumberCode({ phone: '13800138000' })).toBe('pc-1');
    expect(sim.calls.at(-1)?.body).toEqual({ openid: 'o-1', phone: '13800138000' });
  });

  it('pays and records subscription choices through the simulator (shaped like wx.requestPayment / requestSubscribeMessage)', async () => {
    // The simulator's real answers: {errMsg, [id]: result}, and 400 {error, errMsg, errCode} for a popup WeChat refuses.
    const sim = fakeSimulator({
      'POST /__sim/pay': () => [200, { ok: true }],
      'GET /__sim/templates': () => [
        200,
        {
          templates: [
            { templateId: 't1', title: '就诊提醒' },
            { templateId: 't2', title: '医生回复通知' },
          ],
        },
      ],
      'POST /__sim/subscriptions': (body) =>
        body.templateIds.includes('unknown')
          ? [400, { error: 'No template data return', errMsg: 'requestSubscribeMessage:fail No template data return', errCode: 20001 }]
          : [200, { errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(body.templateIds.map((id: string) => [id, body.result])) }],
    });
    const storage = memoryStorage();
    storage.set(SIM_OPENID_KEY, 'o-1');
    const popups: unknown[] = [];
    let allow = false;
    const platform = createH5Platform({
      simulatorUrl: () => 'http://sim.test/',
      storage,
      fetch: sim.fetchImpl,
      confirmSubscription: async (ids, popup) => {
        popups.push({ ids, ...popup });
        return allow;
      },
    });
    await expect(platform.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'prepay_id=wx123', signType: 'RSA', paySign: 's' })).resolves.toEqual({
      status: 'paid',
    });
    expect(sim.calls[0]).toMatchObject({ path: '/__sim/pay', body: { openid: 'o-1', prepayId: 'wx123', paySign: 's', timeStamp: '1', nonceStr: 'n' } });

    await expect(platform.requestSubscribeMessage(['t1', 't2'], 'one_time')).resolves.toEqual({ t1: 'reject', t2: 'reject' });
    expect(popups).toEqual([{ ids: ['t1', 't2'], kind: 'one_time', titles: ['就诊提醒', '医生回复通知'] }]);
    expect(sim.calls.at(-1)).toMatchObject({
      path: '/__sim/subscriptions',
      body: { openid: 'o-1', templateIds: ['t1', 't2'], kind: 'one_time', result: 'reject' },
    });
    allow = true;
    // What the simulator answered (errMsg dropped), not what the page hoped for.
    await expect(platform.requestSubscribeMessage(['t1'], 'long_term')).resolves.toEqual({ t1: 'accept' });
    await expect(platform.requestSubscribeMessage(['unknown'], 'one_time')).rejects.toMatchObject({ code: 'SUBSCRIBE_FAILED', errCode: 20001 });
    await expect(platform.requestSubscribeMessage(['a', 'b', 'c', 'd'], 'one_time')).rejects.toBeInstanceOf(PlatformError);
  });

  it('the stand-in pay sheet: paid, closed by the payer, or refused by the simulator (as wx.requestPayment answers)', async () => {
    // The simulator's answers: 200 {ok:true} when paid; 200 {ok:false, errMsg: "requestPayment:fail cancel"} when closed;
    // 400 {error, errMsg} when it refuses (a bad paySign, an expired prepay_id).
    const sim = fakeSimulator({
      'POST /__sim/pay': (body) =>
        body.prepayId === 'expired'
          ? [400, { error: 'prepay_id has expired', errMsg: 'requestPayment:fail prepay_id已失效' }]
          : body.result === 'cancel'
            ? [200, { ok: false, errMsg: 'requestPayment:fail cancel' }]
            : [200, { ok: true, errMsg: 'requestPayment:ok' }],
    });
    const storage = memoryStorage();
    storage.set(SIM_OPENID_KEY, 'o-1');
    const sheets: unknown[] = [];
    let pays = true;
    const platform = createH5Platform({
      simulatorUrl: () => 'http://sim.test',
      storage,
      fetch: sim.fetchImpl,
      confirmPayment: async (sheet) => {
        sheets.push(sheet);
        return pays;
      },
    });
    const params = { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=wx1', signType: 'RSA' as const, paySign: 's' };
    await expect(platform.requestPayment(params, { amount: 5000, description: '挂号费' })).resolves.toEqual({ status: 'paid' });
    expect(sheets).toEqual([{ amount: 5000, description: '挂号费' }]);
    expect(sim.calls[0]!.body).toMatchObject({ openid: 'o-1', prepayId: 'wx1', package: 'prepay_id=wx1', signType: 'RSA', result: 'success' });
    pays = false;
    await expect(platform.requestPayment(params)).resolves.toEqual({ status: 'cancelled' });
    expect(sim.calls[1]!.body.result).toBe('cancel');
    pays = true;
    await expect(platform.requestPayment({ ...params, package: 'prepay_id=expired' })).resolves.toEqual({
      status: 'failed',
      message: 'requestPayment:fail prepay_id已失效',
    });
  });

  it('reports an unreachable simulator as such', async () => {
    const platform = createH5Platform({
      simulatorUrl: () => 'http://sim.test',
      storage: memoryStorage(),
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as unknown as typeof fetch,
    });
    await expect(platform.login()).rejects.toMatchObject({ code: 'SIMULATOR_UNREACHABLE' });
  });
});

function fakeWx(overrides: Partial<WechatApi> = {}): WechatApi {
  return {
    login: async () => ({ code: 'wx-code' }),
    request: async () => ({ statusCode: 200, data: '{"ok":true}', header: { 'Content-Type': 'application/json' } }),
    requestPayment: async () => ({ errMsg: 'requestPayment:ok' }),
    requestSubscribeMessage: async () => ({ t1: 'accept', t2: 'reject', errMsg: 'requestSubscribeMessage:ok' }),
    connectSocket: () => {
      throw new Error('not used');
    },
    ...overrides,
  };
}

describe('WeChat platform (wx.* APIs)', () => {
  it('wx.login gives the code; a failure is a LOGIN_FAILED platform error', async () => {
    expect(await createWeappPlatform(fakeWx()).login()).toBe('wx-code');
    const failing = createWeappPlatform(fakeWx({ login: async () => Promise.reject({ errMsg: 'login:fail' }) }));
    await expect(failing.login()).rejects.toMatchObject({ code: 'LOGIN_FAILED', message: 'login:fail' });
  });

  it('the phone-number button: the event code, or PHONE_DENIED when the user refused', async () => {
    const platform = createWeappPlatform(fakeWx());
    expect(platform.phoneNumberSource).toBe('wechat-button');
    expect(await platform.phoneNumberCode({ detail: { code: 'pn', errMsg: 'getPhoneNumber:ok' } })).toBe('pn');
    await expect(platform.phoneNumberCode({ detail: { errMsg: 'getPhoneNumber:fail user deny' } })).rejects.toMatchObject({ code: 'PHONE_DENIED' });
  });

  it('wx.request as the transport: status, lower-case headers, JSON parsed; fail → TransportError (timeout told apart)', async () => {
    const seen: unknown[] = [];
    const platform = createWeappPlatform(
      fakeWx({
        request: async (options) => {
          seen.push(options);
          return { statusCode: 409, data: '{"code":"PATIENT_LIMIT_REACHED"}', header: { 'Content-Type': 'application/json', 'X-Request-Id': 'r1' } };
        },
      }),
    );
    const res = await platform.transport({ url: 'https://api/x', method: 'POST', headers: { a: '1' }, body: { b: 2 }, timeoutMs: 1000 });
    expect(res).toEqual({ status: 409, headers: { 'content-type': 'application/json', 'x-request-id': 'r1' }, body: { code: 'PATIENT_LIMIT_REACHED' } });
    expect(seen[0]).toMatchObject({ method: 'POST', header: { a: '1', 'content-type': 'application/json' }, data: { b: 2 }, timeout: 1000 });

    const timeout = createWeappPlatform(fakeWx({ request: async () => Promise.reject({ errMsg: 'request:fail timeout' }) }));
    await expect(timeout.transport({ url: 'u', method: 'GET', headers: {}, timeoutMs: 1 })).rejects.toEqual(
      new TransportError('timeout', 'request:fail timeout'),
    );
    const offline = createWeappPlatform(fakeWx({ request: async () => Promise.reject({ errMsg: 'request:fail' }) }));
    await expect(offline.transport({ url: 'u', method: 'GET', headers: {}, timeoutMs: 1 })).rejects.toMatchObject({ kind: 'network' });
  });

  it('requestPayment: paid, cancelled, or failed with WeChat’s message', async () => {
    expect(
      await createWeappPlatform(fakeWx()).requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'prepay_id=p', signType: 'RSA', paySign: 's' }),
    ).toEqual({ status: 'paid' });
    const cancel = createWeappPlatform(fakeWx({ requestPayment: async () => Promise.reject({ errMsg: 'requestPayment:fail cancel' }) }));
    expect(await cancel.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'p', signType: 'RSA', paySign: 's' })).toEqual({ status: 'cancelled' });
    const fail = createWeappPlatform(fakeWx({ requestPayment: async () => Promise.reject({ errMsg: 'requestPayment:fail no balance' }) }));
    expect(await fail.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'p', signType: 'RSA', paySign: 's' })).toEqual({
      status: 'failed',
      message: 'requestPayment:fail no balance',
    });
  });

  it('requestSubscribeMessage: WeChat’s answer per template (errMsg dropped, acceptWithAudio = accept, ids it did not answer left out)', async () => {
    const seen: unknown[] = [];
    const platform = createWeappPlatform(
      fakeWx({
        requestSubscribeMessage: async (options) => {
          seen.push(options);
          return { t1: 'accept', t2: 'reject', t4: 'acceptWithAudio', errMsg: 'requestSubscribeMessage:ok' };
        },
      }),
    );
    expect(await platform.requestSubscribeMessage(['t1', 't2', 't3'], 'one_time')).toEqual({ t1: 'accept', t2: 'reject' });
    expect(await platform.requestSubscribeMessage(['t4'], 'long_term')).toEqual({ t4: 'accept' });
    expect(seen[0]).toEqual({ tmplIds: ['t1', 't2', 't3'] });
  });

  it('requestSubscribeMessage is called synchronously (inside the tap), and its failures are told apart', async () => {
    let called = false;
    const platform = createWeappPlatform(
      fakeWx({
        requestSubscribeMessage: () => {
          called = true;
          return Promise.reject({ errCode: 20004, errMsg: 'requestSubscribeMessage:fail the main switch is switched off' });
        },
      }),
    );
    const pending = platform.requestSubscribeMessage(['t1'], 'one_time');
    expect(called).toBe(true);
    await expect(pending).rejects.toMatchObject({ code: 'SUBSCRIBE_OFF', errCode: 20004 });
    const noTap = createWeappPlatform(
      fakeWx({ requestSubscribeMessage: () => Promise.reject({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' }) }),
    );
    await expect(noTap.requestSubscribeMessage(['t1'], 'one_time')).rejects.toMatchObject({ code: 'SUBSCRIBE_FAILED' });
  });

  it('connectSocket queues sends until the socket opens, and passes messages through', async () => {
    const handlers: Record<string, (arg?: any) => void> = {};
    const sent: string[] = [];
    const task: WechatSocketTask = {
      send: ({ data }) => void sent.push(data),
      close: () => undefined,
      onOpen: (l) => (handlers.open = l),
      onMessage: (l) => (handlers.message = l),
      onClose: (l) => (handlers.close = l),
      onError: (l) => (handlers.error = l),
    };
    const platform = createWeappPlatform(fakeWx({ connectSocket: async () => task }));
    const socket = platform.connectSocket('wss://api/ws');
    const received: string[] = [];
    socket.onMessage((d) => received.push(d));
    socket.send('hello');
    await Promise.resolve();
    expect(sent).toEqual([]);
    handlers.open();
    expect(sent).toEqual(['hello']);
    handlers.message({ data: 'hi' });
    expect(received).toEqual(['hi']);
  });
});
