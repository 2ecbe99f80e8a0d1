import { CURRENT_CONSENT_VERSIONS, ERRORS } from '@yiban/shared';
import { ENTITIES } from '@yiban/server';
import { consentedPatient, familyMember, seed, staffLogin } from '../support/actors.js';
import type { ApiResponse } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let patientToken: string;
let familyId: string;
let adminToken: string;
let staffId: string;

beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
  // A patient who may book and consult, so each request reaches validation (not the consent or real-name check).
  const patient = await consentedPatient(stack, '校验患者');
  patientToken = patient.token;
  familyId = await familyMember(stack, patientToken, '母亲');
  adminToken = await staffLogin(stack, 'admin');
  staffId = (await stack.api.get('/staff', { token: adminToken })).body[0].id;
});
afterAll(() => stack.close());

type Who = 'anyone' | 'patient' | 'admin';
interface BodyEndpoint {
  method: 'POST' | 'PATCH';
  path: () => string;
  who: Who;
  valid: Record<string, unknown>;
  required: string[];
}

const PROFILE = {
  name: '张三',
  gender: 'male',
  birthDate: '1980-01-01',
  relationship: 'child',
  phone: '13800138000',
  idNumber: '110101195408120015',
  language: 'en',
  paymentPreference: 'self_pay',
};

const BODY_ENDPOINTS: BodyEndpoint[] = [
  { method: 'POST', path: () => '/auth/wechat/login', who: 'anyone', valid: { code: 'abc' }, required: ['code'] },
  { method: 'POST', path: () => '/auth/staff/login', who: 'anyone', valid: { username: 'admin', password: 'x' }, required: ['username', 'password'] },
  { method: 'POST', path: () => '/auth/refresh', who: 'anyone', valid: { refreshToken: 'r'.repeat(43) }, required: ['refreshToken'] },
  {
    method: 'POST',
    path: () => '/me/patients',
    who: 'patient',
    valid: PROFILE,
    required: ['name', 'gender', 'birthDate', 'relationship'],
  },
  {
    method: 'PATCH',
    path: () => `/me/patients/${familyId}`,
    who: 'patient',
    valid: PROFILE,
    required: [],
  },
  { method: 'POST', path: () => '/me/phone', who: 'patient', valid: { code: 'abc' }, required: ['code'] },
  {
    method: 'POST',
    path: () => '/me/consents',
    who: 'patient',
    valid: { kind: 'marketing', version: CURRENT_CONSENT_VERSIONS.marketing, granted: true },
    required: ['kind', 'version', 'granted'],
  },
  {
    method: 'POST',
    path: () => '/me/subscriptions',
    who: 'patient',
    valid: { templateIds: ['ApptReminder_f60YExvZyWsnpoiq_FJWZD2CZhnYJM'], results: { ApptReminder_f60YExvZyWsnpoiq_FJWZD2CZhnYJM: 'accept' } },
    required: ['templateIds', 'results'],
  },
  {
    method: 'POST',
    path: () => '/me/health-record/measurements',
    who: 'patient',
    valid: { kind: 'blood_pressure', systolic: 130, diastolic: 85, measuredAt: '2026-01-01T08:00:00.000Z' },
    required: ['kind', 'measuredAt'],
  },
  {
    method: 'POST',
    path: () => '/me/health-record/entries',
    who: 'patient',
    valid: { kind: 'medication', name: '氨氯地平', dose: '5 mg', frequency: '每日一次', since: '2020-01-01', active: true },
    required: ['kind', 'name'],
  },
  {
    method: 'POST',
    path: () => '/schedules/bulk',
    who: 'admin',
    valid: {
      doctorId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      fromDate: '2030-01-07',
      weeks: 1,
      pattern: [{ weekday: 1, period: 'morning', start: '08:00', end: '11:00', slotMinutes: 30, capacityPerSlot: 2, visitType: 'general' }],
    },
    required: ['doctorId', 'fromDate', 'weeks', 'pattern'],
  },
  { method: 'POST', path: () => '/appointments', who: 'patient', valid: { slotId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, required: ['slotId'] },
  { method: 'POST', path: () => '/appointments/01ARZ3NDEKTSV4RRFFQ69G5FAV/cancel', who: 'admin', valid: { reason: '停诊' }, required: [] },
  {
    method: 'POST',
    path: () => '/appointments/01ARZ3NDEKTSV4RRFFQ69G5FAV/reschedule',
    who: 'admin',
    valid: { slotId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
    required: ['slotId'],
  },
  { method: 'POST', path: () => '/check-ins', who: 'admin', valid: { code: 'ABCDEFGHJK' }, required: ['code'] },
  {
    method: 'POST',
    path: () => '/waitlist',
    who: 'patient',
    valid: { doctorId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', date: '2030-01-07' },
    required: ['doctorId', 'date'],
  },
  { method: 'POST', path: () => '/schedules/sessions/01ARZ3NDEKTSV4RRFFQ69G5FAV/stop', who: 'admin', valid: { reason: '医生临时停诊' }, required: ['reason'] },
  { method: 'PATCH', path: () => '/slots/01ARZ3NDEKTSV4RRFFQ69G5FAV', who: 'admin', valid: { capacity: 3 }, required: [] },
  {
    method: 'POST',
    path: () => '/consultations',
    who: 'patient',
    valid: { kind: 'health_consult', departmentId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', question: '最近总是头晕怎么办' },
    required: ['kind', 'departmentId', 'question'],
  },
  { method: 'POST', path: () => '/consultations/01ARZ3NDEKTSV4RRFFQ69G5FAV/messages', who: 'patient', valid: { text: '您好' }, required: ['text'] },
  { method: 'POST', path: () => '/consultations/01ARZ3NDEKTSV4RRFFQ69G5FAV/read', who: 'patient', valid: { seq: 3 }, required: ['seq'] },
  { method: 'POST', path: () => '/consultations/01ARZ3NDEKTSV4RRFFQ69G5FAV/rating', who: 'patient', valid: { score: 5 }, required: ['score'] },
  { method: 'POST', path: () => '/consultations/01ARZ3NDEKTSV4RRFFQ69G5FAV/notes', who: 'admin', valid: { text: '备注' }, required: ['text'] },
  {
    method: 'POST',
    path: () => '/consultations/01ARZ3NDEKTSV4RRFFQ69G5FAV/transfer',
    who: 'admin',
    valid: { staffId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
    required: ['staffId'],
  },
  {
    method: 'POST',
    path: () => '/staff/canned-replies',
    who: 'admin',
    valid: { scope: 'mine', title: '问候', text: '您好' },
    required: ['scope', 'title', 'text'],
  },
  { method: 'POST', path: () => '/staff/consult-reviews/01ARZ3NDEKTSV4RRFFQ69G5FAV', who: 'admin', valid: { decision: 'approve' }, required: ['decision'] },
  {
    method: 'POST',
    path: () => '/staff',
    who: 'admin',
    valid: { username: 'new.one', password: 'Good-password-1', displayName: '新人', roles: ['nurse'] },
    required: ['username', 'password', 'displayName', 'roles'],
  },
  { method: 'POST', path: () => `/staff/${staffId}/password`, who: 'admin', valid: { password: 'Good-password-1' }, required: ['password'] },
  {
    method: 'PATCH',
    path: () => `/staff/${staffId}`,
    who: 'admin',
    valid: { displayName: '改名', roles: ['admin'], active: true, password: 'Good-password-1' },
    required: [],
  },
];

const PARAM_CASES: { method: 'GET' | 'DELETE'; path: () => string; who: Who }[] = [
  { method: 'GET', path: () => '/me/patients/short', who: 'patient' },
  { method: 'DELETE', path: () => '/me/patients/short', who: 'patient' },
  { method: 'GET', path: () => '/doctors?departmentId=abc', who: 'anyone' },
  { method: 'GET', path: () => '/doctors?departmentId=01ARZ3NDEKTSV4RRFFQ69G5FAV&extra=1', who: 'anyone' },
  { method: 'GET', path: () => '/doctors/not-an-id', who: 'anyone' },
  { method: 'GET', path: () => '/doctors/not-an-id/slots', who: 'anyone' },
  { method: 'GET', path: () => '/appointments/short', who: 'admin' },
  { method: 'GET', path: () => '/doctors/01ARZ3NDEKTSV4RRFFQ69G5FAV/slots?from=yesterday', who: 'anyone' },
  { method: 'GET', path: () => '/patients/short', who: 'admin' },
  { method: 'GET', path: () => '/staff/appointments', who: 'admin' },
  { method: 'GET', path: () => '/staff/appointments?date=2030-13-01', who: 'admin' },
  { method: 'GET', path: () => '/staff/appointments?date=2030-01-01&departmentId=abc', who: 'admin' },
  { method: 'GET', path: () => '/schedules/sessions?from=monday&to=2030-01-07', who: 'admin' },
  { method: 'GET', path: () => '/schedules/sessions?from=2030-01-07', who: 'admin' },
  { method: 'GET', path: () => '/consultations/eligibility', who: 'patient' },
  { method: 'GET', path: () => '/consultations?status=maybe', who: 'patient' },
  { method: 'GET', path: () => '/consultations/short', who: 'patient' },
  { method: 'GET', path: () => '/consultations/01ARZ3NDEKTSV4RRFFQ69G5FAV/messages?afterSeq=-1', who: 'patient' },
  { method: 'GET', path: () => '/consultations/01ARZ3NDEKTSV4RRFFQ69G5FAV/messages?limit=1000', who: 'patient' },
  { method: 'GET', path: () => '/consultations/images/01ARZ3NDEKTSV4RRFFQ69G5FAV?exp=soon&sig=x', who: 'anyone' },
  { method: 'GET', path: () => '/me/orders?limit=0', who: 'patient' },
  { method: 'GET', path: () => '/me/orders?limit=abc', who: 'patient' },
  { method: 'GET', path: () => '/me/orders?cursor=abc', who: 'patient' },
  { method: 'GET', path: () => '/staff/consultations?box=everything', who: 'admin' },
  { method: 'DELETE', path: () => '/staff/canned-replies/short', who: 'admin' },
  { method: 'GET', path: () => '/audit-logs?limit=abc', who: 'admin' },
  { method: 'GET', path: () => '/audit-logs?limit=100000', who: 'admin' },
  { method: 'GET', path: () => '/audit-logs?action=patient.eat', who: 'admin' },
  { method: 'GET', path: () => '/audit-logs?from=yesterday', who: 'admin' },
  { method: 'GET', path: () => '/audit-logs?from=2030-02-01&to=2030-01-31', who: 'admin' },
  { method: 'GET', path: () => '/staff?role=chef', who: 'admin' },
  { method: 'GET', path: () => '/staff?active=yes', who: 'admin' },
  { method: 'GET', path: () => '/staff?q=%20%20', who: 'admin' },
  { method: 'GET', path: () => '/staff/consult-ratings?maxScore=6', who: 'admin' },
  { method: 'GET', path: () => '/staff/consult-ratings?from=2030-13-01', who: 'admin' },
  { method: 'GET', path: () => '/staff/consult-ratings?from=2030-02-01&to=2030-01-31', who: 'admin' },
  { method: 'GET', path: () => '/staff/consult-ratings?cursor=abc', who: 'admin' },
];

const tokenFor = (who: Who) => (who === 'patient' ? patientToken : who === 'admin' ? adminToken : undefined);

async function call(method: string, path: string, who: Who, body: unknown, language = 'zh-CN', rawBody?: string): Promise<ApiResponse> {
  return stack.api.request(method, path, body, { token: tokenFor(who), language, rawBody });
}

/** Every row of every table, to prove a refused request wrote nothing. */
async function snapshot(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entity of ENTITIES) counts[entity.name] = await stack.dataSource.getRepository(entity).count({ withDeleted: true } as never);
  return counts;
}

function expectRefused(res: ApiResponse, label: string) {
  if (res.status !== 400) throw new Error(`${label}: expected 400, got ${res.status} ${JSON.stringify(res.body)}`);
  expect(Object.keys(ERRORS)).toContain(res.body.code);
  expect(res.body.message).toEqual(expect.any(String));
}

describe('bad input on every endpoint', () => {
  it('answers missing, wrong-typed, oversized and unknown fields with 400, a code and a message in both languages, and writes nothing', async () => {
    const before = await snapshot();
    let checked = 0;
    for (const endpoint of BODY_ENDPOINTS) {
      const path = endpoint.path();
      const label = `${endpoint.method} ${path}`;
      for (const field of endpoint.required) {
        const { [field]: _omitted, ...rest } = endpoint.valid;
        const res = await call(endpoint.method, path, endpoint.who, rest);
        expectRefused(res, `${label} missing ${field}`);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
        checked++;
      }
      for (const field of Object.keys(endpoint.valid)) {
        // A number where text belongs; for number fields, the number as text.
        const wrongType = typeof endpoint.valid[field] === 'number' ? '12345' : 12345;
        for (const wrong of [wrongType, { nested: true }, null]) {
          const res = await call(endpoint.method, path, endpoint.who, { ...endpoint.valid, [field]: wrong });
          expectRefused(res, `${label} ${field}=${JSON.stringify(wrong)}`);
          checked++;
        }
        if (typeof endpoint.valid[field] === 'string') {
          const res = await call(endpoint.method, path, endpoint.who, { ...endpoint.valid, [field]: 'x'.repeat(5000) });
          expectRefused(res, `${label} oversized ${field}`);
          checked++;
        }
      }
      const zh = await call(endpoint.method, path, endpoint.who, { ...endpoint.valid, isAdmin: true });
      expectRefused(zh, `${label} unknown field`);
      expect(zh.body).toMatchObject({ code: 'UNKNOWN_FIELD', message: '请求中包含不支持的字段：isAdmin', details: { fields: ['isAdmin'] } });
      const en = await call(endpoint.method, path, endpoint.who, { ...endpoint.valid, isAdmin: true }, 'en');
      expect(en.body.message).toBe('The request contains fields that are not allowed: isAdmin');
      const firstField = Object.keys(endpoint.valid)[0]!;
      const wrongFirst = typeof endpoint.valid[firstField] === 'number' ? '12345' : 12345;
      const enMissing = await call(endpoint.method, path, endpoint.who, { ...endpoint.valid, [firstField]: wrongFirst }, 'en');
      expect(enMissing.body.message).toBe(ERRORS.VALIDATION_FAILED.en);
      checked += 3;
    }
    expect(checked).toBeGreaterThan(150);
    expect(await snapshot()).toEqual(before);
  });

  it('answers bodies that are not objects, malformed JSON and oversized requests with a 4xx, never a 500', async () => {
    const before = await snapshot();
    for (const endpoint of BODY_ENDPOINTS) {
      const path = endpoint.path();
      // An empty PATCH is a valid no-op; everywhere else an empty body lacks the required fields.
      const raws = ['[]', '[1,2]', 'null', '"text"', '123', 'true', '{"a":', '{{', ...(endpoint.method === 'PATCH' ? [] : [''])];
      for (const raw of raws) {
        const res = await call(endpoint.method, path, endpoint.who, undefined, 'en', raw);
        if (res.status < 400 || res.status >= 500) throw new Error(`${endpoint.method} ${path} body ${raw} → ${res.status} ${JSON.stringify(res.body)}`);
        expect(Object.keys(ERRORS)).toContain(res.body.code);
      }
      const malformed = await call(endpoint.method, path, endpoint.who, undefined, 'zh-CN', '{"code": ');
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('MALFORMED_JSON');
      const huge = await call(endpoint.method, path, endpoint.who, { ...endpoint.valid, padding: 'x'.repeat(200_000) });
      expect(huge.status).toBe(413);
      expect(huge.body.code).toBe('BODY_TOO_LARGE');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('validates path parameters and query strings', async () => {
    for (const c of PARAM_CASES) {
      const res = await call(c.method, c.path(), c.who, undefined, 'en');
      expectRefused(res, `${c.method} ${c.path()}`);
    }
  });

  it('answers unknown routes and methods with a code, not an HTML page', async () => {
    const res = await stack.api.get('/no-such-thing', { language: 'en' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', message: 'This API route does not exist.' });
    const wrongMethod = await stack.api.request('PUT', '/departments', {});
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.code).toBe('ROUTE_NOT_FOUND');
  });
});
