import { DEMO_STAFF_PASSWORD, seedDemoData } from '@yiban/server';
import { residentIdNumber } from '@yiban/server/testing';
import type { DepartmentView, DoctorView, MessageKind, WechatLoginResponse } from '@yiban/shared';
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

let identities = 0;

/** A resident ID card number, birth date and sex that agree (for profiles made through the API). */
export function identity(options: { birthDate?: string; gender?: 'male' | 'female' } = {}): { idNumber: string; birthDate: string; gender: 'male' | 'female' } {
  const idNumber = residentIdNumber(50_000 + ++identities + process.pid * 1000, options);
  return {
    idNumber,
    birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
    gender: Number(idNumber[16]) % 2 ? 'male' : 'female',
  };
}

/**
 * A patient signed in through the simulator (a real WeChat Pay payer) who may book and consult: the required consents
 * given, and a real-name profile (name, resident ID card, phone) as the app asks for it.
 */
export async function consentedPatient(stack: Stack, name = '王小明'): Promise<{ token: string; openid: string; patientId: string }> {
  const login = await patientLogin(stack);
  await acceptRequiredConsents(stack, login.token);
  const named = await stack.api.patch(
    `/me/patients/${login.patient.id}`,
    {
      name,
      idType: 'resident_id',
      idNumber: identity().idNumber,
      phone: `138${String(process.pid % 10_000).padStart(4, '0')}${String(identities).padStart(4, '0')}`,
    },
    { token: login.token },
  );
  if (named.status !== 200) throw new Error(`naming the profile failed: ${named.status} ${JSON.stringify(named.body)}`);
  return { token: login.token, openid: login.openid, patientId: login.patient.id };
}

/** A family member's real-name profile on the account (its consents given), as the app adds one. */
export async function familyMember(stack: Stack, token: string, name = '王秀英', relationship = 'parent'): Promise<string> {
  const { idNumber, birthDate, gender } = identity({ birthDate: '1952-03-14', gender: 'female' });
  const res = await stack.api.post('/me/patients', { name, gender, birthDate, relationship, idType: 'resident_id', idNumber }, { token });
  if (res.status !== 201 && res.status !== 200) throw new Error(`adding a family member failed: ${res.status} ${JSON.stringify(res.body)}`);
  await acceptRequiredConsents(stack, token, res.body.id as string);
  return res.body.id as string;
}

/**
 * The patient taps "allow" in the subscribe popup for `kind`, `times` times: WeChat (the simulator) records the
 * grant, and the app tells the server.
 */
export async function allowMessages(stack: Stack, patient: { openid: string; token: string }, kind: MessageKind, times = 1): Promise<void> {
  const template = stack.config.templates[kind];
  for (let i = 0; i < times; i++) {
    await simControl(stack.simUrl, 'POST', '/__sim/subscriptions', { openid: patient.openid, templateIds: [template.id], kind: template.kind });
    const res = await stack.api.post('/me/subscriptions', { templateIds: [template.id], results: { [template.id]: 'accept' } }, { token: patient.token });
    if (res.status !== 200) throw new Error(`subscribing to ${kind} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** A demo doctor (seeded) by name, as the public catalog lists them. */
export async function demoDoctor(stack: Stack, name: string): Promise<DoctorView> {
  const doctor = (await stack.api.get<DoctorView[]>('/doctors')).body.find((d) => d.name === name);
  if (!doctor) throw new Error(`no doctor named ${name} (is the demo data seeded?)`);
  return doctor;
}

/** A department's id by its code (CARD, ENDO, …), as the public catalog lists them. */
export async function departmentId(stack: Stack, code: string): Promise<string> {
  const department = (await stack.api.get<DepartmentView[]>('/departments')).body.find((d) => d.code === code);
  if (!department) throw new Error(`no department ${code} (is the demo data seeded?)`);
  return department.id;
}
