import { DEMO_STAFF_PASSWORD, seedDemoData } from '@yiban/server';
import type { WechatLoginResponse } from '@yiban/shared';
import { simControl } from './api-client.js';
import type { Stack } from './stack.js';

/** A new WeChat user in the simulator, signed in to the server through the real code2Session path. */
export async function patientLogin(stack: Stack, user: { nickname?: string; phone?: string } = {}): Promise<WechatLoginResponse & { openid: string }> {
  const { openid } = await simControl<{ openid: string }>(stack.simUrl, 'POST', '/__sim/users', user);
  return { ...(await loginAs(stack, openid)), openid };
}

export async function loginAs(stack: Stack, openid: string): Promise<WechatLoginResponse> {
  const { code } = await simControl<{ code: string }>(stack.simUrl, 'POST', '/__sim/login-code', { openid });
  const res = await stack.api.post<WechatLoginResponse>('/auth/wechat/login', { code });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function seed(stack: Stack): Promise<void> {
  await seedDemoData(stack.dataSource, stack.config);
}

export async function staffLogin(stack: Stack, username: string, password = DEMO_STAFF_PASSWORD): Promise<string> {
  const res = await stack.api.post<{ token: string }>('/auth/staff/login', { username, password });
  if (res.status !== 200) throw new Error(`staff login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** Agrees to the required consents for a profile, as the consent screen does. */
export async function acceptRequiredConsents(stack: Stack, token: string, patientId?: string): Promise<void> {
  const state = await stack.api.get('/me/consents', { token, patientId });
  for (const kind of state.body.missingRequired as string[]) {
    const res = await stack.api.post('/me/consents', { kind, version: state.body.currentVersions[kind], granted: true }, { token, patientId });
    if (res.status !== 200) throw new Error(`consent ${kind}: ${res.status}`);
  }
}
