import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../src/index.js';

// Response bodies are whatever the simulator sent; tests assert on their fields.

export type Body = any;

export interface Answer {
  status: number;
  headers: Headers;
  body: Body;
}

export function startQuiet(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ silent: true, ...options });
}

export async function call(sim: RunningSimulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(sim.url + path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.includes('application/json') ?? false;
  return { status: res.status, headers: res.headers, body: isJson ? JSON.parse(text) : text };
}

export const get = (sim: RunningSimulator, path: string): Promise<Answer> => call(sim, 'GET', path);
export const post = (sim: RunningSimulator, path: string, body: unknown = {}): Promise<Answer> => call(sim, 'POST', path, body);

export function app(sim: RunningSimulator): { appid: string; secret: string } {
  return sim.apps[0]!;
}

export async function accessToken(sim: RunningSimulator): Promise<string> {
  const { appid, secret } = app(sim);
  const { body } = await get(sim, `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`);
  return body.access_token;
}

export async function loginCode(sim: RunningSimulator, openid?: string): Promise<{ code: string; openid: string }> {
  const { status, body } = await post(sim, '/__sim/login-code', openid ? { openid } : {});
  if (status !== 200) throw new Error(`login-code answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

export function code2Session(sim: RunningSimulator, code: string, secret = app(sim).secret): Promise<Answer> {
  const { appid } = app(sim);
  return get(sim, `/sns/jscode2session?appid=${appid}&secret=${secret}&js_code=${code}&grant_type=authorization_code`);
}

export async function advance(sim: RunningSimulator, ms: number): Promise<void> {
  await post(sim, '/__sim/time', { advanceMs: ms });
}

export const MINUTE = 60_000;
