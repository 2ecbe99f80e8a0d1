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

/**
 * Moves the simulator clock to just past the start of its next minute, so a test that counts calls
 * in WeChat's per-minute windows cannot straddle a boundary however slowly the machine runs.
 */
export async function startOfMinute(sim: RunningSimulator): Promise<void> {
  const { now } = (await post(sim, '/__sim/time', { advanceMs: 0 })).body as { now: number };
  await advance(sim, MINUTE - (now % MINUTE) + 5);
}

// Messaging: templates, grants, sends.

export const TEMPLATES = {
  appointment: 'ApptReminder_f60YExvZyWsnpoiq_FJWZD2CZhnYJM',
  appointmentChanged: 'ApptChanged_Qm3vT8xLw2NcR5yHd9KpE4sZbJ7uFgA',
  waitlistOffer: 'WaitlistOffer_Xr6nB2kVq8LmT4wYc1HsD9pZeG5jU',
  doctorReplied: 'DoctorReplied_VkHXJumUGZ5xPoXviQVNHMRgA4WRP',
  survey: 'SurveyInvite_hJ3JuyzfTvrEVgpN5aFTYbsjgEg9yP',
  event: 'EventReminder_d8cc7H7mPWYoNrIc3SK_axj6vseZa',
  healthEducation: 'HealthEdu_jGsyS99sJf1gLOwgntHJTSixxCM9dHxIY',
  followUp: 'FollowUpReminder_eFeM_XmvG-O2qQB75XL0cDaZAz',
} as const;

const SAMPLE_VALUES: Record<string, string> = {
  name: '张三',
  thing: '心内科复诊',
  time: '2025年6月1日 09:30',
  date: '2025年6月1日',
  number: '3',
  character_string: 'A20250601001',
  phrase: '已回复',
};

/** Valid `data` for a template with these keys: `{thing2: {value: '心内科复诊'}, …}`. */
export function sampleData(keys: readonly string[]): Record<string, { value: string }> {
  return Object.fromEntries(keys.map((key) => [key, { value: SAMPLE_VALUES[key.replace(/\d+$/, '')] ?? 'x' }]));
}

export const APPOINTMENT_DATA = sampleData(['name1', 'thing2', 'name3', 'time4', 'thing5']);
export const FOLLOW_UP_DATA = sampleData(['name1', 'thing2', 'time3', 'name4', 'thing5']);

export async function newUser(sim: RunningSimulator, input: object = {}): Promise<string> {
  const { status, body } = await post(sim, '/__sim/users', input);
  if (status !== 201) throw new Error(`users answered ${status}: ${JSON.stringify(body)}`);
  return body.openid;
}

/** A user who has logged in to the app (jscode2session), as msg_sec_check requires. */
export async function loggedInUser(sim: RunningSimulator): Promise<string> {
  const { code, openid } = await loginCode(sim);
  const session = await code2Session(sim, code);
  if (session.body.openid !== openid) throw new Error(`login failed: ${JSON.stringify(session.body)}`);
  return openid;
}

/** What the user chose in the subscribe popup (POST /__sim/subscriptions). */
export function subscribe(sim: RunningSimulator, openid: string, templateIds: string[], kind = 'one_time', result?: string): Promise<Answer> {
  return post(sim, '/__sim/subscriptions', { openid, templateIds, kind, ...(result ? { result } : {}) });
}

export function sendSubscribe(sim: RunningSimulator, token: string, message: object): Promise<Answer> {
  return post(sim, `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, message);
}

export function appointmentMessage(openid: string, extra: object = {}): object {
  return { touser: openid, template_id: TEMPLATES.appointment, page: 'pages/appointment/detail?id=42', data: APPOINTMENT_DATA, ...extra };
}
