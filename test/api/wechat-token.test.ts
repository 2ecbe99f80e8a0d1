import { patientLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

interface Call {
  method: string;
  path: string;
  status: number | null;
  errcode?: number;
}

async function tokenFetches(): Promise<number> {
  const log = await simControl<Call[] | { calls: Call[] }>(stack.simUrl, 'GET', '/__sim/log?limit=1000');
  const calls = Array.isArray(log) ? log : log.calls;
  return calls.filter((c) => c.path === '/cgi-bin/token' && c.status === 200 && !c.errcode).length;
}

async function bindPhone(api: Stack['api'], phone: string): Promise<number> {
  const login = await patientLogin(stack, { phone });
  const { code } = await simControl(stack.simUrl, 'POST', '/__sim/phone-code', { openid: login.openid });
  return (await api.post('/me/phone', { code }, { token: login.token })).status;
}

describe('the WeChat access token, shared by every instance', () => {
  it('is fetched once for three instances, and refreshed by exactly one of them when WeChat expires it', async () => {
    const peers = [await stack.startPeer(), await stack.startPeer()];
    const apis = [stack.api, ...peers.map((p) => p.api)];

    const first = await Promise.all(apis.map((api, i) => bindPhone(api, `1380000000${i}`)));
    expect(first).toEqual([200, 200, 200]);
    expect(await tokenFetches()).toBe(1);

    await simControl(stack.simUrl, 'POST', '/__sim/tokens/expire', {});
    const afterExpiry = await Promise.all(apis.flatMap((api, i) => [bindPhone(api, `1390000000${i}`), bindPhone(api, `1370000000${i}`)]));
    expect(afterExpiry.every((s) => s === 200)).toBe(true);
    expect(await tokenFetches()).toBe(2);
  });
});
