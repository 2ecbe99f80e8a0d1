// The fuzz suite (issue #12, item 7): generated bad input for every operation of the server's OpenAPI document
// (GET /api/docs-json), sent over raw HTTP as a caller the route lets in (so validation is reached) and, for a
// sample, anonymously. Wrong types, missing and unknown fields (`__proto__`, `constructor`, `prototype` written into
// the JSON text), huge and odd strings, lone surrogates, JSON 1,000 levels deep, bodies that are not objects, wrong
// content types, path parameters that are not ids, query parameters and headers of the wrong type.
//
// What every answer must satisfy:
// - never a 5xx (nor a dropped connection);
// - an unknown field is refused with 400 UNKNOWN_FIELD naming it, or earlier (access, content type, size, JSON);
// - a body that is not JSON is refused with 415 UNSUPPORTED_MEDIA_TYPE;
// - what the document does not allow (wrong type, missing, out of range or enum, blank text, not an id) is refused;
// - a refused request (4xx) changes the row count of no table;
// - every 4xx carries a code of the shared ERRORS catalogue and its message in the language asked for.
//
// The cases come from a seeded PRNG (FUZZ_SEED overrides the seed, printed with the summary): the same document gives
// the same cases every run. Failures are grouped by operation, case and answer, each with one request that caused it.
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import { CURRENT_CONSENT_VERSIONS, ERRORS, errorMessage, isErrorCode, resolveLocale } from '@yiban/shared';
import { appointmentRows, changedTables, makeSlot, notificationRows, tableRowCounts, type TableCounts } from '@yiban/server/testing';
import { ENTITIES } from '@yiban/server';
import { consentedPatient, demoDoctor, departmentId, patientLogin, seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { book } from '../support/booking.js';
import { ask } from '../support/consult.js';
import { startStack, type Stack } from '../support/stack.js';

// ------------------------------------------------------------------------------------------------ the generator

const SEED = Number(process.env.FUZZ_SEED ?? 0x12_07);

/** mulberry32: small, fast and the same everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const chance = (p: number) => random() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
/** `n` of `items`, without repeats, in a seeded order. */
function sample<T>(items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

// ------------------------------------------------------------------------------------------------ the document

interface Schema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  enum?: unknown[];
  nullable?: boolean;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

interface Operation {
  key: string;
  method: string;
  /** The OpenAPI path, `/api/v1/me/patients/{id}`. */
  path: string;
  parameters: Parameter[];
  /** The JSON body's schema (resolved), if the operation takes one. */
  body?: Schema;
  multipart: boolean;
  /** The document says it needs a bearer token. */
  secured: boolean;
}

interface OpenApi {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> }; security?: Record<string, string[]>[] }>
  >;
  components: { schemas: Record<string, Schema> };
}

function operationsOf(doc: OpenApi): Operation[] {
  const resolve = (schema: Schema): Schema => {
    const own = schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!]! : schema;
    return {
      ...own,
      items: own.items && resolve(own.items),
      properties: own.properties && Object.fromEntries(Object.entries(own.properties).map(([k, v]) => [k, resolve(v)])),
    };
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        // Header names are case-insensitive; the document lists Idempotency-Key twice.
        parameters: (op.parameters ?? []).filter((p, i, all) => all.findIndex((q) => q.in === p.in && q.name.toLowerCase() === p.name.toLowerCase()) === i),
        body: content['application/json'] && resolve(content['application/json'].schema),
        multipart: Boolean(content['multipart/form-data']),
        secured: (op.security ?? []).some((s) => 'bearer' in s),
      };
    }),
  );
}

// ------------------------------------------------------------------------------------------------ who calls what

type Caller = 'anonymous' | 'patient' | 'doctor' | 'nurse' | 'caseManager' | 'service' | 'admin' | 'fresh';
type StaffCaller = Exclude<Caller, 'anonymous' | 'patient' | 'fresh'>;

const PATIENT: Caller[] = ['patient'];
/** Cardiology's clinic staff (doctor.zhang, nurse.wang) and the admin: the fixtures below are Cardiology's. */
const CARDIOLOGY: Caller[] = ['doctor', 'nurse', 'admin'];
const CLINICAL: Caller[] = ['doctor', 'nurse', 'caseManager', 'admin'];
const STAFF: Caller[] = ['doctor', 'nurse', 'caseManager', 'service', 'admin'];

interface Fixtures {
  tokens: Record<'patient' | StaffCaller, string>;
  patientId: string;
  otherAccountsPatient: string;
  family: string;
  familyToRemove: string;
  appointment: string;
  appointmentToCancel: string;
  checkInCode: string;
  waitlistEntry: string;
  consultation: string;
  consultationToClose: string;
  notification: string;
  cardiology: string;
  zhang: { doctorId: string; staffId: string };
  staffToEdit: string;
  slotToBook: string;
  slotToMoveTo: string;
  sessionToStop: string;
  slotToEdit: string;
  cannedReply: string;
  templateId: string;
  day: string;
  future: string;
}

interface Row {
  /** Callers the route lets in, one picked per request ('fresh': a new patient session per request, for signing out). */
  caller: Caller | Caller[];
  params?: (f: Fixtures) => Record<string, string>;
  query?: (f: Fixtures) => Record<string, string>;
  /** A body that passes validation (its fields are then broken one at a time). */
  body?: (f: Fixtures) => Record<string, unknown>;
  /** Called by WeChat (Pay) and verified by its signature, not a validated body or query: any refusal is right. */
  signed?: true;
}

const ULID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

/** Every operation of the document: who may call it (authorization-matrix.test.ts says why) and a request that passes validation. */
const ROWS: Record<string, Row> = {
  'GET /api/v1/health/live': { caller: 'anonymous' },
  'GET /api/v1/health': { caller: 'anonymous' },
  'POST /api/v1/auth/wechat/login': { caller: 'anonymous', body: () => ({ code: 'not-a-code' }) },
  'POST /api/v1/auth/staff/login': { caller: 'anonymous', body: () => ({ username: 'nobody', password: 'wrong-password' }) },
  'POST /api/v1/auth/refresh': { caller: 'anonymous', body: () => ({ refreshToken: 'r'.repeat(43) }) },
  'POST /api/v1/auth/logout': { caller: 'fresh' },
  'GET /api/v1/me': { caller: [...PATIENT, ...STAFF] },
  'GET /api/v1/me/patients': { caller: 'patient' },
  'POST /api/v1/me/patients': { caller: 'patient', body: () => ({ name: '孩子', gender: 'male', birthDate: '2015-06-01', relationship: 'child' }) },
  'GET /api/v1/me/patients/{id}': { caller: 'patient', params: (f) => ({ id: f.family }) },
  'PATCH /api/v1/me/patients/{id}': { caller: 'patient', params: (f) => ({ id: f.family }), body: () => ({ name: '王秀英' }) },
  'DELETE /api/v1/me/patients/{id}': { caller: 'patient', params: (f) => ({ id: f.familyToRemove }) },
  'POST /api/v1/me/phone': { caller: 'patient', body: () => ({ code: 'not-a-phone-code' }) },
  'GET /api/v1/patients/{id}': { caller: ['doctor', 'nurse'], params: (f) => ({ id: f.patientId }) },
  'POST /api/v1/patients/{id}/break-glass': { caller: CLINICAL, params: (f) => ({ id: f.patientId }), body: () => ({ reason: '急诊会诊，需要查看既往史' }) },
  'GET /api/v1/admin/break-glass': { caller: 'admin', query: () => ({ limit: '10' }) },
  'GET /api/v1/me/consents': { caller: 'patient' },
  'POST /api/v1/me/consents': { caller: 'patient', body: () => ({ kind: 'marketing', version: CURRENT_CONSENT_VERSIONS.marketing, granted: false }) },
  'GET /api/v1/me/consents/history': { caller: 'patient' },
  'GET /api/v1/staff': { caller: 'admin' },
  'POST /api/v1/staff': {
    caller: 'admin',
    body: (f) => ({ username: 'fuzz.new', password: 'Fuzz-pass-2026', displayName: '新同事', roles: ['nurse'], departmentId: f.cardiology }),
  },
  'PATCH /api/v1/staff/{id}': { caller: 'admin', params: (f) => ({ id: f.staffToEdit }), body: () => ({ displayName: '改名' }) },
  'POST /api/v1/staff/{id}/password': { caller: 'admin', params: (f) => ({ id: f.staffToEdit }), body: () => ({ password: 'Fuzz-pass-2027' }) },
  'GET /api/v1/departments': { caller: 'anonymous' },
  'GET /api/v1/doctors': { caller: 'anonymous', query: (f) => ({ departmentId: f.cardiology }) },
  'GET /api/v1/doctors/{id}': { caller: 'anonymous', params: (f) => ({ id: f.zhang.doctorId }) },
  'GET /api/v1/audit-logs': { caller: 'admin', query: () => ({ limit: '10' }) },
  'GET /api/v1/admin/jobs': { caller: 'admin', query: () => ({ status: 'dead' }) },
  'POST /api/v1/admin/jobs/{id}/retry': { caller: 'admin', params: () => ({ id: ULID }) },
  'GET /api/v1/admin/catalog/departments': { caller: 'admin' },
  'PATCH /api/v1/admin/catalog/departments/{id}': {
    caller: 'admin',
    params: (f) => ({ id: f.cardiology }),
    body: () => ({ name: '心血管内科', nameEn: 'Cardiology', description: '心脏', descriptionEn: 'The heart', location: '门诊楼 3 层', locationEn: 'Floor 3' }),
  },
  'GET /api/v1/admin/catalog/doctors': { caller: 'admin', query: (f) => ({ departmentId: f.cardiology }) },
  'PATCH /api/v1/admin/catalog/doctors/{id}': {
    caller: 'admin',
    params: (f) => ({ id: f.zhang.doctorId }),
    body: () => ({
      name: '张伟',
      nameEn: 'Zhang Wei',
      title: 'chief_physician',
      specialties: ['高血压'],
      specialtiesEn: ['Hypertension'],
      bio: '主任医师',
      bioEn: 'Chief physician',
    }),
  },
  'GET /api/v1/me/subscriptions': { caller: 'patient' },
  'POST /api/v1/me/subscriptions': { caller: 'patient', body: (f) => ({ templateIds: [f.templateId], results: { [f.templateId]: 'accept' } }) },
  'GET /api/v1/me/messages': { caller: 'patient', query: () => ({ limit: '10' }) },
  'GET /api/v1/me/marketing-preferences': { caller: 'patient' },
  'PUT /api/v1/me/marketing-preferences': { caller: 'patient', body: () => ({ topics: [{ topic: 'health_education', enabled: false }] }) },
  'GET /api/v1/me/messages/unread-count': { caller: 'patient' },
  'POST /api/v1/me/messages/read-all': { caller: 'patient' },
  'POST /api/v1/me/messages/{id}/read': { caller: 'patient', params: (f) => ({ id: f.notification }) },
  'POST /api/v1/payments/wechat/notify': { caller: 'anonymous', signed: true },
  'GET /api/v1/doctors/{id}/slots': { caller: 'anonymous', params: (f) => ({ id: f.zhang.doctorId }) },
  'POST /api/v1/schedules/bulk': {
    caller: CARDIOLOGY,
    body: (f) => ({
      doctorId: f.zhang.doctorId,
      fromDate: f.future,
      weeks: 1,
      pattern: [{ weekday: 3, period: 'evening', start: '18:00', end: '19:00', slotMinutes: 30, capacityPerSlot: 2, visitType: 'general' }],
    }),
  },
  'GET /api/v1/schedules/sessions': { caller: CARDIOLOGY, query: (f) => ({ departmentId: f.cardiology, from: f.day, to: f.day }) },
  'POST /api/v1/schedules/sessions/{id}/stop': { caller: CARDIOLOGY, params: (f) => ({ id: f.sessionToStop }), body: () => ({ reason: '医生临时停诊' }) },
  'PATCH /api/v1/slots/{id}': { caller: CARDIOLOGY, params: (f) => ({ id: f.slotToEdit }), body: () => ({ capacity: 6 }) },
  'POST /api/v1/appointments': { caller: 'patient', body: (f) => ({ slotId: f.slotToBook }) },
  'POST /api/v1/appointments/{id}/pay': { caller: 'patient', params: (f) => ({ id: f.appointment }) },
  'GET /api/v1/me/appointments': { caller: 'patient' },
  'GET /api/v1/me/home': { caller: 'patient' },
  'GET /api/v1/me/orders': { caller: 'patient', query: () => ({ limit: '10' }) },
  'GET /api/v1/me/visits': { caller: 'patient' },
  'GET /api/v1/appointments/{id}': { caller: [...PATIENT, ...CARDIOLOGY], params: (f) => ({ id: f.appointment }) },
  'POST /api/v1/appointments/{id}/cancel': {
    caller: [...PATIENT, ...CARDIOLOGY],
    params: (f) => ({ id: f.appointmentToCancel }),
    body: () => ({ reason: '临时有事' }),
  },
  'POST /api/v1/appointments/{id}/reschedule': {
    caller: [...PATIENT, ...CARDIOLOGY],
    params: (f) => ({ id: f.appointment }),
    body: (f) => ({ slotId: f.slotToMoveTo }),
  },
  'POST /api/v1/check-ins': { caller: CARDIOLOGY, body: (f) => ({ code: f.checkInCode }) },
  'POST /api/v1/appointments/{id}/check-in': { caller: CARDIOLOGY, params: (f) => ({ id: f.appointment }) },
  'POST /api/v1/appointments/{id}/complete': { caller: CARDIOLOGY, params: (f) => ({ id: f.appointment }), body: () => ({ diagnosisCodes: ['I10'] }) },
  'POST /api/v1/appointments/{id}/no-show': { caller: CARDIOLOGY, params: (f) => ({ id: f.appointment }) },
  'GET /api/v1/staff/appointments': { caller: CARDIOLOGY, query: (f) => ({ date: f.day, departmentId: f.cardiology }) },
  'POST /api/v1/waitlist': { caller: 'patient', body: (f) => ({ doctorId: f.zhang.doctorId, date: f.future }) },
  'GET /api/v1/me/waitlist': { caller: 'patient' },
  'POST /api/v1/waitlist/{id}/accept': { caller: 'patient', params: (f) => ({ id: f.waitlistEntry }) },
  'POST /api/v1/waitlist/{id}/decline': { caller: 'patient', params: (f) => ({ id: f.waitlistEntry }) },
  'POST /api/v1/waitlist/{id}/cancel': { caller: 'patient', params: (f) => ({ id: f.waitlistEntry }) },
  'GET /api/v1/consultations/eligibility': { caller: 'patient', query: (f) => ({ departmentId: f.cardiology }) },
  'POST /api/v1/consultations': {
    caller: 'patient',
    body: (f) => ({ kind: 'health_consult', departmentId: f.cardiology, question: '最近睡眠不好，需要注意什么？' }),
  },
  'GET /api/v1/consultations': { caller: 'patient', query: () => ({ status: 'open' }) },
  'GET /api/v1/consultations/images/{messageId}': {
    caller: 'anonymous',
    params: () => ({ messageId: ULID }),
    query: () => ({ exp: '1', sig: '0'.repeat(43) }),
  },
  'GET /api/v1/consultations/{id}': { caller: [...PATIENT, ...CARDIOLOGY], params: (f) => ({ id: f.consultation }) },
  'POST /api/v1/consultations/{id}/pay': { caller: 'patient', params: (f) => ({ id: f.consultation }) },
  'GET /api/v1/consultations/{id}/messages': { caller: [...PATIENT, ...CARDIOLOGY], params: (f) => ({ id: f.consultation }), query: () => ({ limit: '20' }) },
  'POST /api/v1/consultations/{id}/messages': {
    caller: [...PATIENT, ...CARDIOLOGY],
    params: (f) => ({ id: f.consultation }),
    body: () => ({ text: '好的，谢谢。' }),
  },
  'POST /api/v1/consultations/{id}/images': { caller: [...PATIENT, ...CARDIOLOGY], params: (f) => ({ id: f.consultation }) },
  'POST /api/v1/consultations/{id}/read': { caller: [...PATIENT, ...CARDIOLOGY], params: (f) => ({ id: f.consultation }), body: () => ({ seq: 1 }) },
  'POST /api/v1/consultations/{id}/close': { caller: [...PATIENT, ...CARDIOLOGY], params: (f) => ({ id: f.consultationToClose }) },
  'POST /api/v1/consultations/{id}/rating': { caller: 'patient', params: (f) => ({ id: f.consultation }), body: () => ({ score: 5 }) },
  'GET /api/v1/staff/consultations': { caller: CLINICAL, query: () => ({ box: 'unassigned' }) },
  'POST /api/v1/consultations/{id}/claim': { caller: CARDIOLOGY, params: (f) => ({ id: f.consultation }) },
  'GET /api/v1/consultations/{id}/transfer-targets': { caller: CARDIOLOGY, params: (f) => ({ id: f.consultation }) },
  'POST /api/v1/consultations/{id}/transfer': {
    caller: ['doctor', 'admin'],
    params: (f) => ({ id: f.consultation }),
    body: (f) => ({ staffId: f.zhang.staffId }),
  },
  'POST /api/v1/consultations/{id}/notes': { caller: CARDIOLOGY, params: (f) => ({ id: f.consultation }), body: () => ({ text: '已电话联系患者。' }) },
  'GET /api/v1/consultations/{id}/patient-summary': { caller: ['doctor', 'nurse'], params: (f) => ({ id: f.consultation }) },
  'GET /api/v1/staff/canned-replies': { caller: CLINICAL },
  'POST /api/v1/staff/canned-replies': { caller: CLINICAL, body: () => ({ scope: 'mine', title: '复诊提醒', text: '请按时复诊。' }) },
  'DELETE /api/v1/staff/canned-replies/{id}': { caller: 'doctor', params: (f) => ({ id: f.cannedReply }) },
  'GET /api/v1/staff/consult-reviews': { caller: ['service', 'admin'] },
  'GET /api/v1/staff/consult-ratings': {
    caller: ['service', 'admin'],
    query: (f) => ({ from: f.day, maxScore: '3', departmentId: f.cardiology, limit: '10' }),
  },
  'GET /api/v1/wechat/push': { caller: 'anonymous', signed: true, query: () => ({ echostr: 'abc123' }) },
  'POST /api/v1/wechat/push': { caller: 'anonymous', signed: true },
  'POST /api/v1/staff/consult-reviews/{messageId}': {
    caller: ['service', 'admin'],
    params: () => ({ messageId: ULID }),
    body: () => ({ decision: 'approve' }),
  },
  'GET /api/v1/articles': { caller: 'anonymous', query: (f) => ({ tag: '高血压', departmentId: f.cardiology, language: 'zh-CN', limit: '10' }) },
  'GET /api/v1/articles/covers/{coverId}': { caller: 'anonymous', params: () => ({ coverId: ULID }) },
  'GET /api/v1/articles/{id}': { caller: 'anonymous', params: () => ({ id: ULID }) },
  'POST /api/v1/articles': {
    caller: 'admin',
    body: (f) => ({
      title: '冬季护心',
      summary: '寒潮来了',
      body: '<p>注意<strong>保暖</strong></p>',
      tags: ['高血压'],
      departmentIds: [f.cardiology],
      language: 'zh-CN',
      coverUrl: 'https://example.org/c.jpg',
    }),
  },
  'PATCH /api/v1/articles/{id}': { caller: 'admin', params: () => ({ id: ULID }), body: () => ({ title: '冬季护心', tags: ['高血压'], coverUrl: null }) },
  'POST /api/v1/articles/{id}/cover': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/articles/{id}/submit': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/articles/{id}/archive': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/articles/{id}/approve': { caller: ['doctor', 'admin'], params: () => ({ id: ULID }), body: () => ({ publishAt: '2030-01-01T08:00:00+08:00' }) },
  'POST /api/v1/articles/{id}/reject': { caller: ['doctor', 'admin'], params: () => ({ id: ULID }), body: () => ({ comment: '请补充参考文献' }) },
  'GET /api/v1/staff/articles': { caller: ['doctor', 'admin'], query: () => ({ status: 'draft', q: '护心', limit: '10' }) },
  'GET /api/v1/staff/articles/{id}': { caller: ['doctor', 'admin'], params: () => ({ id: ULID }) },
  'GET /api/v1/me/articles/feed': { caller: 'patient', query: () => ({ tag: '高血压', limit: '10' }) },
  'GET /api/v1/me/articles/favourites': { caller: 'patient', query: () => ({ limit: '10' }) },
  'GET /api/v1/me/articles/{id}': { caller: 'patient', params: () => ({ id: ULID }) },
  'POST /api/v1/me/articles/{id}/favourite': { caller: 'patient', params: () => ({ id: ULID }) },
  'DELETE /api/v1/me/articles/{id}/favourite': { caller: 'patient', params: () => ({ id: ULID }) },
  'POST /api/v1/me/articles/{id}/reads': { caller: 'patient', params: () => ({ id: ULID }), body: () => ({ seconds: 30, campaignId: ULID }) },
  'POST /api/v1/segments/count': {
    caller: 'admin',
    body: () => ({ rule: { all: [{ field: 'gender', op: 'eq', value: 'female' }, { not: { field: 'age', op: 'between', value: [50, 70] } }] } }),
  },
  'GET /api/v1/segments/fields': { caller: 'admin' },
  'POST /api/v1/segments': { caller: 'admin', body: () => ({ name: '女性', description: '测试', rule: { field: 'gender', op: 'eq', value: 'female' } }) },
  'GET /api/v1/segments': { caller: 'admin', query: () => ({ limit: '10' }) },
  'GET /api/v1/segments/{id}': { caller: 'admin', params: () => ({ id: ULID }) },
  'PATCH /api/v1/segments/{id}': {
    caller: 'admin',
    params: () => ({ id: ULID }),
    body: () => ({ name: '女性', rule: { field: 'language', op: 'eq', value: 'en' } }),
  },
  'POST /api/v1/segments/{id}/recount': { caller: 'admin', params: () => ({ id: ULID }) },
  'DELETE /api/v1/segments/{id}': { caller: 'admin', params: () => ({ id: ULID }) },
  'PUT /api/v1/patients/{id}/tags': { caller: ['doctor', 'nurse'], params: (f) => ({ id: f.patientId }), body: () => ({ tags: ['diabetes'] }) },
  'POST /api/v1/campaigns': {
    caller: 'admin',
    body: () => ({
      name: '秋季养生',
      segmentId: ULID,
      messageKind: 'health_education',
      content: { title: '秋季养生', body: '注意保暖' },
      landing: { type: 'booking' },
      schedule: { type: 'once', at: '2030-01-01T01:00:00Z' },
    }),
  },
  'GET /api/v1/campaigns': { caller: 'admin', query: () => ({ status: 'draft', limit: '10' }) },
  'GET /api/v1/campaigns/message-kinds': { caller: 'admin' },
  'GET /api/v1/campaigns/calendar': { caller: 'admin', query: () => ({ month: '2026-09' }) },
  'PUT /api/v1/campaigns/test-recipient': { caller: 'admin', body: () => ({ openid: 'oFuzzOpenid00001' }) },
  'GET /api/v1/campaigns/{id}': { caller: 'admin', params: () => ({ id: ULID }) },
  'PATCH /api/v1/campaigns/{id}': {
    caller: 'admin',
    params: () => ({ id: ULID }),
    body: () => ({ name: '改名', schedule: { type: 'trigger', trigger: 'birthday', sendAt: '09:00' } }),
  },
  'POST /api/v1/campaigns/{id}/submit': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/campaigns/{id}/approve': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/campaigns/{id}/reject': { caller: 'admin', params: () => ({ id: ULID }), body: () => ({ comment: '请修改' }) },
  'POST /api/v1/campaigns/{id}/schedule': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/campaigns/{id}/pause': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/campaigns/{id}/resume': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/campaigns/{id}/cancel': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/campaigns/{id}/test-send': { caller: 'admin', params: () => ({ id: ULID }) },
  'GET /api/v1/campaigns/{id}/stats': { caller: 'admin', params: () => ({ id: ULID }) },
  'GET /api/v1/campaigns/{id}/timeline': { caller: 'admin', params: () => ({ id: ULID }), query: () => ({ bucket: 'day' }) },
  'GET /api/v1/campaigns/{id}/recipients': { caller: 'admin', params: () => ({ id: ULID }), query: () => ({ status: 'sent', limit: '10' }) },
  'GET /api/v1/campaigns/{id}/recipients.csv': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/me/campaign-opens': { caller: 'patient', body: () => ({ campaignId: ULID }) },
  'GET /api/v1/surveys/templates': { caller: ['service', 'caseManager', 'admin'], query: () => ({ purpose: 'survey' }) },
  'GET /api/v1/surveys/templates/{id}': { caller: ['service', 'admin'], params: () => ({ id: ULID }) },
  'GET /api/v1/surveys/templates/{id}/fhir': { caller: ['service', 'admin'], params: () => ({ id: ULID }) },
  'POST /api/v1/surveys/templates': {
    caller: ['service', 'admin'],
    body: () => ({ key: 'fuzz_template', purpose: 'survey', definition: { title: '测试', items: [{ id: 'recommend', kind: 'nps', text: '推荐意愿' }] } }),
  },
  'PUT /api/v1/surveys/templates/{id}/draft': {
    caller: ['service', 'admin'],
    params: () => ({ id: ULID }),
    body: () => ({ definition: { title: '测试', items: [{ id: 'recommend', kind: 'nps', text: '推荐意愿' }] } }),
  },
  'POST /api/v1/surveys/templates/{id}/publish': { caller: ['service', 'admin'], params: () => ({ id: ULID }) },
  'GET /api/v1/surveys/triggers': { caller: ['service', 'admin'] },
  'PUT /api/v1/surveys/triggers/{trigger}': {
    caller: 'admin',
    params: () => ({ trigger: 'visit_completed' }),
    body: () => ({ enabled: true, templateKey: 'six_criteria', delayHours: 2, expiresAfterDays: 7, remindAfterHours: 48 }),
  },
  'POST /api/v1/surveys/invitations': { caller: ['service', 'caseManager', 'admin'], body: (f) => ({ patientId: f.patientId, templateId: ULID }) },
  'GET /api/v1/surveys/invitations': { caller: 'patient' },
  'GET /api/v1/surveys/invitations/{id}': { caller: 'patient', params: () => ({ id: ULID }) },
  'POST /api/v1/surveys/invitations/{id}/response': {
    caller: 'patient',
    params: () => ({ id: ULID }),
    body: () => ({ answers: [{ itemId: 'recommend', value: 9 }] }),
  },
  'GET /api/v1/analytics/service-quality': { caller: ['service', 'admin'], query: () => ({ from: '2026-01-01', to: '2026-03-31' }) },
  'GET /api/v1/analytics/service-quality.csv': { caller: ['service', 'admin'], query: () => ({ from: '2026-01-01', to: '2026-03-31' }) },
  'GET /api/v1/service-issues': { caller: ['service', 'admin'], query: () => ({ status: 'open', limit: '10' }) },
  'GET /api/v1/service-issues/summary': { caller: ['service', 'admin'] },
  'GET /api/v1/service-issues/{id}': { caller: ['service', 'admin'], params: () => ({ id: ULID }) },
  'POST /api/v1/service-issues/{id}/assign': { caller: ['service', 'admin'], params: () => ({ id: ULID }) },
  'POST /api/v1/service-issues/{id}/notes': { caller: ['service', 'admin'], params: () => ({ id: ULID }), body: () => ({ text: '已电话联系' }) },
  'POST /api/v1/service-issues/{id}/resolve': { caller: ['service', 'admin'], params: () => ({ id: ULID }), body: () => ({ resolution: '已处理' }) },
  'POST /api/v1/visits': {
    caller: CARDIOLOGY,
    body: (f) => ({
      patientId: f.patientId,
      departmentId: f.cardiology,
      date: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      encounterClass: 'inpatient',
      diagnosisCodes: ['K35.8'],
      externalRef: 'FUZZ-1',
    }),
  },
  'GET /api/v1/followups/templates': { caller: CLINICAL },
  'POST /api/v1/followups/templates': {
    caller: ['caseManager', 'admin'],
    body: () => ({
      key: 'fuzz_plan',
      name: '模糊测试方案',
      match: { on: null, departmentIds: [], diagnosisPrefixes: [] },
      steps: [{ offsetDays: 1, kind: 'call', title: '电话' }],
      active: true,
    }),
  },
  'PUT /api/v1/followups/templates/{id}': {
    caller: ['caseManager', 'admin'],
    params: () => ({ id: ULID }),
    body: () => ({
      name: '方案',
      match: { on: null, departmentIds: [], diagnosisPrefixes: [] },
      steps: [{ offsetDays: 1, kind: 'call', title: '电话' }],
      active: true,
    }),
  },
  'POST /api/v1/followups/enrolments': { caller: CLINICAL, body: (f) => ({ patientId: f.patientId, templateId: ULID, startsOn: '2026-12-20' }) },
  'GET /api/v1/followups/tasks': { caller: CLINICAL, query: () => ({ box: 'overdue', limit: '20' }) },
  'GET /api/v1/followups/tasks/{id}/answers': { caller: CLINICAL, params: () => ({ id: ULID }) },
  'POST /api/v1/followups/tasks/{id}/complete': { caller: CLINICAL, params: () => ({ id: ULID }), body: () => ({ outcome: 'reached', note: '恢复良好' }) },
  'POST /api/v1/followups/tasks/{id}/reschedule': { caller: CLINICAL, params: () => ({ id: ULID }), body: () => ({ dueOn: '2027-01-05' }) },
  'POST /api/v1/followups/plans/{id}/stop': { caller: CLINICAL, params: () => ({ id: ULID }), body: () => ({ reason: 'patient_declined' }) },
  'GET /api/v1/followups/patients/{patientId}/plans': { caller: CLINICAL, params: (f) => ({ patientId: f.patientId }) },
  'GET /api/v1/me/followups': { caller: 'patient' },
  'GET /api/v1/analytics/followups': { caller: ['service', 'admin'], query: () => ({ from: '2026-10-01', to: '2026-12-01' }) },
  'GET /api/v1/analytics/followups.csv': { caller: ['service', 'admin'], query: () => ({ from: '2026-10-01', to: '2026-12-01' }) },
  'GET /api/v1/analytics/tiers': { caller: 'admin' },
  'GET /api/v1/analytics/tiers.csv': { caller: 'admin' },
  'GET /api/v1/analytics/tiers/migration': { caller: 'admin', query: () => ({ from: '2025-01-01', to: '2025-06-30' }) },
  'GET /api/v1/analytics/tiers/migration.csv': { caller: 'admin', query: () => ({ from: '2025-01-01', to: '2025-06-30' }) },
  'GET /api/v1/analytics/clv': { caller: 'admin', query: () => ({ cohort: '2024' }) },
  'GET /api/v1/analytics/clv.csv': { caller: 'admin', query: () => ({ cohort: '2024' }) },
  'GET /api/v1/me/membership': { caller: 'patient' },
  'GET /api/v1/me/points': { caller: 'patient', query: () => ({ limit: '20' }) },
  'GET /api/v1/membership/policy': { caller: 'admin' },
  'PUT /api/v1/membership/policy': {
    caller: 'admin',
    body: () => ({
      policy: {
        mode: 'value',
        thresholds: { platinum: 2_000_000, gold: 500_000, iron: 100_000 },
        value: { marginRate: 0.3, retentionRate: 0.6, discountRate: 0.08, horizonYears: 5 },
        downgradeGraceDays: 90,
        pointsMultiplier: { platinum: 2, gold: 1.5, iron: 1.2, lead: 1 },
        feeDiscountPercent: { platinum: 10, gold: 5, iron: 0, lead: 0 },
      },
    }),
  },
  'POST /api/v1/membership/recompute': { caller: 'admin' },
  'GET /api/v1/membership/recompute/{id}': { caller: 'admin', params: () => ({ id: ULID }) },
  'GET /api/v1/membership/patients/{id}': { caller: 'admin', params: (f) => ({ id: f.patientId }) },
  'POST /api/v1/membership/patients/{id}/override': {
    caller: 'admin',
    params: (f) => ({ id: f.patientId }),
    body: () => ({ tier: 'gold', until: new Date(Date.now() + 30 * 86_400_000).toISOString(), reason: '特批' }),
  },
  'GET /api/v1/me/referral': { caller: 'patient' },
  'POST /api/v1/me/referral': { caller: 'patient', body: () => ({ code: 'ABCD2345' }) },
  'GET /api/v1/events': { caller: 'patient' },
  'GET /api/v1/me/registrations': { caller: 'patient' },
  'GET /api/v1/events/registrations/{id}': { caller: 'patient', params: () => ({ id: ULID }) },
  'GET /api/v1/events/{id}': { caller: 'patient', params: () => ({ id: ULID }) },
  'POST /api/v1/events/{id}/registrations': { caller: 'patient', params: () => ({ id: ULID }) },
  'POST /api/v1/events/registrations/{id}/confirm': { caller: 'patient', params: () => ({ id: ULID }) },
  'POST /api/v1/events/registrations/{id}/pay': { caller: 'patient', params: () => ({ id: ULID }) },
  'POST /api/v1/events/registrations/{id}/cancel': { caller: 'patient', params: () => ({ id: ULID }) },
  'GET /api/v1/club/events': { caller: 'admin' },
  'GET /api/v1/club/events.csv': { caller: 'admin' },
  'GET /api/v1/club/events/{id}': { caller: 'admin', params: () => ({ id: ULID }) },
  'GET /api/v1/club/events/{id}/registrations': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/events': {
    caller: 'admin',
    body: () => ({
      title: '控糖讲座',
      kind: 'lecture',
      startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 5 * 86_400_000 + 7_200_000).toISOString(),
      venue: '报告厅',
      capacity: 30,
      eligibleTiers: ['gold'],
      fee: 0,
      pointsCost: 10,
    }),
  },
  'PUT /api/v1/events/{id}': {
    caller: 'admin',
    params: () => ({ id: ULID }),
    body: () => ({
      title: '控糖讲座',
      kind: 'lecture',
      startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 5 * 86_400_000 + 7_200_000).toISOString(),
      venue: '报告厅',
      capacity: 30,
      eligibleTiers: ['gold'],
      fee: 0,
      pointsCost: 10,
    }),
  },
  'POST /api/v1/events/{id}/publish': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/events/{id}/cancel': { caller: 'admin', params: () => ({ id: ULID }) },
  'POST /api/v1/events/{id}/check-ins': { caller: 'admin', params: () => ({ id: ULID }), body: () => ({ code: 'ABCDEFGHJK' }) },
  'GET /api/v1/me/health-record': { caller: 'patient' },
  'GET /api/v1/me/health-record/measurements': { caller: 'patient', query: () => ({ kind: 'weight', from: '2026-01-01', to: '2026-03-01' }) },
  'POST /api/v1/me/health-record/entries': { caller: 'patient', body: () => ({ kind: 'allergy', name: '花粉', severity: 'mild' }) },
  'PUT /api/v1/me/health-record/entries/{id}': {
    caller: 'patient',
    params: () => ({ id: ULID }),
    body: () => ({ kind: 'condition', name: '高血压', icd10: 'I10' }),
  },
  'DELETE /api/v1/me/health-record/entries/{id}': { caller: 'patient', params: () => ({ id: ULID }) },
  'POST /api/v1/me/health-record/measurements': {
    caller: 'patient',
    body: () => ({ kind: 'weight', weightKg: 61.5, measuredAt: new Date(Date.now() - 3_600_000).toISOString() }),
  },
  'DELETE /api/v1/me/health-record/measurements/{id}': { caller: 'patient', params: () => ({ id: ULID }) },
  'GET /api/v1/patients/{id}/health-record': { caller: ['doctor', 'nurse'], params: (f) => ({ id: f.patientId }) },
  'POST /api/v1/patients/{id}/health-record/entries': {
    caller: ['doctor', 'nurse'],
    params: (f) => ({ id: f.patientId }),
    body: () => ({ kind: 'medication', name: '二甲双胍', dose: '0.5 g', frequency: '每日两次' }),
  },
  'POST /api/v1/patients/{id}/health-record/measurements': {
    caller: ['doctor', 'nurse'],
    params: (f) => ({ id: f.patientId }),
    body: () => ({ kind: 'glucose', glucoseMmol: 6.1, glucoseContext: 'fasting', measuredAt: new Date(Date.now() - 3_600_000).toISOString() }),
  },
};

// ------------------------------------------------------------------------------------------------ cases

/**
 * What the answer must be: `unknown` 400 UNKNOWN_FIELD (or refused earlier), `media` 415 UNSUPPORTED_MEDIA_TYPE,
 * `invalid` any refusal (4xx), `any` anything but a 5xx (odd but allowed values, the valid request itself).
 */
type Expect = 'unknown' | 'media' | 'invalid' | 'any';

interface Case {
  op: string;
  /** The kind of bad input, for grouping (`unknown field __proto__`, `wrong type name`, …). */
  kind: string;
  expect: Expect;
  caller: Caller;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** For `unknown`: the field the refusal must name. */
  unknownKey?: string;
  /** How the body reads in a report (bodies are shown shortened, escapes visible). */
  bodyNote?: string;
}

/** Refusals that come before the body is validated: a request refused with one of these never reached the handler. */
const EARLIER = new Set<string>([
  'AUTH_REQUIRED',
  'AUTH_TOKEN_INVALID',
  'AUTH_TOKEN_EXPIRED',
  'AUTH_ACCOUNT_DISABLED',
  'FORBIDDEN_ROLE',
  'CONSENT_REQUIRED',
  'UNSUPPORTED_MEDIA_TYPE',
  'BODY_TOO_LARGE',
  'MALFORMED_JSON',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'RATE_LIMITED',
]);

const LANGUAGES = ['en', 'zh-CN', undefined, 'en-GB,zh;q=0.5', 'zh-TW,en;q=0.8'] as const;

const DEEP_OBJECT = `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`;
const DEEP_ARRAY = `${'['.repeat(1000)}${']'.repeat(1000)}`;
const HUGE = 'x'.repeat(100_000);

/** Strings that are there but say nothing: they must be refused wherever text is expected. */
const BLANK_STRINGS: { name: string; value: string }[] = [
  { name: 'zero-width spaces only', value: '\u200b\u200c\u200d\u2060\ufeff' },
  { name: 'ideographic spaces only', value: '\u3000\u3000\u3000' },
  { name: 'Unicode spaces only', value: ' \u00a0\u2003\u202f\u205f\u3000\u200b ' },
  { name: 'direction marks only', value: '\u200e\u200f\u202a\u202e\u2066\u2069' },
];

/** Odd but possible text: any answer but a 5xx. */
const ODD_STRINGS: { name: string; value: string }[] = [
  { name: 'right-to-left override', value: '\u202e王小明\u202c' },
  { name: 'emoji', value: '😷🏥👩‍⚕️🇨🇳' },
  { name: 'NUL', value: 'a\u0000b' },
  { name: 'control characters', value: 'a\r\n\t\u0007\u001bb' },
  { name: 'SQL fragment', value: "' OR '1'='1'; DROP TABLE patients; --" },
  { name: 'HTML fragment', value: '<script>alert(1)</script><img src=x onerror=alert(1)>' },
  { name: 'combining marks', value: 'Z\u0334\u0321\u031b\u0356\u033c' },
  { name: 'astral characters', value: '𠮷𠮷𠮷' },
  { name: 'format strings', value: '%s%n{0}${x}{{x}}' },
];

/** JSON text that decodes to lone UTF-16 surrogates (not Unicode at all). */
const LONE_SURROGATES: { name: string; raw: string }[] = [
  { name: 'lone high surrogate', raw: '"\\ud800"' },
  { name: 'lone low surrogate', raw: '"a\\udfffb"' },
];

/** Path parameters that are not ids (`'raw'`: sent as is, not percent-encoded). */
const BAD_IDS: { name: string; raw: string }[] = [
  { name: 'dot-dot slash (encoded)', raw: '..%2F..%2Fadmin%2Fjobs' },
  { name: 'dot-dot', raw: '..' },
  { name: 'encoded dot-dot', raw: '%2e%2e' },
  { name: 'lone percent', raw: '%' },
  { name: 'broken escape', raw: '%E0%A4%A' },
  { name: 'NUL inside', raw: `${ULID.slice(0, 12)}%00${ULID.slice(13)}` },
  { name: 'SQL', raw: encodeURIComponent("' OR 1=1 --") },
  { name: 'HTML', raw: encodeURIComponent('<script>') },
  { name: 'emoji', raw: encodeURIComponent('😷') },
  { name: '__proto__', raw: '__proto__' },
  { name: 'constructor', raw: 'constructor' },
  { name: 'null', raw: 'null' },
  { name: 'negative number', raw: '-1' },
  { name: 'zero-width space', raw: encodeURIComponent('\u200b') },
  { name: 'one character short', raw: ULID.slice(1) },
  { name: 'one character long', raw: `${ULID}X` },
];

const json = (value: unknown) => JSON.stringify(value);
const MARK = '\u0001fuzz\u0001';

/** The body's JSON text with the value at `path` replaced by `raw` (JSON text), or the field left out (`raw` undefined). */
function withValue(base: Record<string, unknown>, path: (string | number)[], raw: string | undefined): string {
  const copy = structuredClone(base);
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (raw === undefined) {
    delete parent[last];
    return json(copy);
  }
  parent[last] = MARK;
  return json(copy).replace(json(MARK), () => raw);
}

/** The body's JSON text with `"key": raw` added to the object at `path` (written into the text: `__proto__` survives). */
function withKey(base: Record<string, unknown>, path: (string | number)[], key: string, raw: string): string {
  const copy = structuredClone(base);
  let target: Record<string | number, unknown> = copy;
  for (const step of path) target = target[step] as Record<string | number, unknown>;
  target[MARK] = MARK;
  return json(copy).replace(`${json(MARK)}:${json(MARK)}`, () => `${json(key)}:${raw}`);
}

/** Values of the wrong type for a schema (JSON text); null only where the schema does not allow it. */
function wrongTypes(schema: Schema): { name: string; raw: string }[] {
  const all: Record<string, string> = {
    number: '12345',
    'numeric string': '"12345"',
    true: 'true',
    false: 'false',
    null: 'null',
    'empty array': '[]',
    array: '["x"]',
    'empty object': '{}',
    object: '{"a":1}',
    string: '"x"',
  };
  const not: Record<string, string[]> = {
    string: ['number', 'true', 'null', 'empty array', 'array', 'empty object', 'object'],
    number: ['numeric string', 'true', 'null', 'array', 'empty object'],
    integer: ['numeric string', 'true', 'null', 'array', 'empty object'],
    boolean: ['string', 'numeric string', 'number', 'null', 'empty array', 'empty object'],
    array: ['string', 'number', 'null', 'empty object', 'object', 'true'],
    object: ['string', 'number', 'null', 'empty array', 'array', 'false'],
  };
  return (not[schema.type ?? 'object'] ?? []).filter((name) => !(name === 'null' && schema.nullable)).map((name) => ({ name, raw: all[name]! }));
}

/** The operation's concrete path: the row's parameters, one replaced by `raw` when given. */
function concretePath(op: Operation, params: Record<string, string>, replace?: { name: string; raw: string }): string {
  return op.path.replace(/\{(\w+)\}/g, (_whole, name: string) => (replace?.name === name ? replace.raw : encodeURIComponent(params[name] ?? ULID)));
}

function withQuery(path: string, query: [string, string][]): string {
  return query.length ? `${path}?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : path;
}

const encodeQuery = (query: Record<string, string>): [string, string][] => Object.entries(query).map(([k, v]) => [k, encodeURIComponent(v)]);

function multipart(parts: { name: string; value: string | Buffer; filename?: string; type?: string }[]): { body: Buffer; type: string } {
  const boundary = `----fuzz${Math.floor(random() * 1e12).toString(36)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`, 'utf8'));
    chunks.push(typeof part.value === 'string' ? Buffer.from(part.value, 'utf8') : part.value);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

/** A 1×1 PNG: what the image route accepts. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Every field of a schema, nested objects in arrays included: its path and its schema. */
function fieldsOf(schema: Schema, base: Record<string, unknown>, prefix: (string | number)[] = []): { path: (string | number)[]; schema: Schema }[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, field]) => {
    const path = [...prefix, name];
    const own = [{ path, schema: field }];
    const value = base[name];
    if (field.type === 'array' && field.items?.properties && Array.isArray(value) && value[0] && typeof value[0] === 'object') {
      return [...own, ...fieldsOf(field.items, value[0] as Record<string, unknown>, [...path, 0])];
    }
    return own;
  });
}

function generate(ops: Operation[], f: Fixtures): Case[] {
  const cases: Case[] = [];
  for (const op of ops) {
    const row = ROWS[op.key];
    if (!row) continue;
    const params = row.params?.(f) ?? {};
    const query = row.query?.(f) ?? {};
    const base = row.body?.(f) ?? {};
    const path = concretePath(op, params);
    const validPath = withQuery(path, encodeQuery(query));
    const takesBody = ['POST', 'PATCH', 'PUT', 'DELETE'].includes(op.method);
    const own: Case[] = [];
    const add = (c: Omit<Case, 'op' | 'caller' | 'method' | 'path' | 'headers'> & { path?: string; headers?: Record<string, string> }) =>
      own.push({
        ...c,
        op: op.key,
        caller: Array.isArray(row.caller) ? pick(row.caller) : row.caller,
        method: op.method,
        path: c.path ?? validPath,
        headers: c.headers ?? {},
      });
    const jsonBody = (text: string) => ({ headers: { 'content-type': 'application/json' }, body: Buffer.from(text, 'utf8') });
    /** The valid body (JSON, or the image upload), for cases that break something else. */
    const validBody = (): { headers: Record<string, string>; body?: Buffer } => {
      if (op.multipart) {
        const form = multipart([{ name: 'file', value: PNG, filename: 'x.png', type: 'image/png' }]);
        return { headers: { 'content-type': form.type }, body: form.body };
      }
      return op.body || (takesBody && row.body) ? jsonBody(json(base)) : { headers: {} };
    };

    // Unknown fields.
    if (takesBody && !op.multipart) {
      const unknownExpect: Expect = row.signed ? 'invalid' : 'unknown';
      // An operation without a body takes no field at all: two keys say whether a body is refused or ignored.
      const kind = (key: string) => (op.body ? `unknown field ${key}` : `body field ${key} on an operation without a body`);
      const unknown = (key: string, raw: string, at: (string | number)[] = [], name = kind(key)) =>
        add({ kind: name, expect: unknownExpect, unknownKey: key, ...jsonBody(withKey(base, at, key, raw)) });
      unknown('__proto__', '{"isAdmin":true}');
      unknown('isAdmin', 'true');
      if (op.body) {
        unknown('constructor', '{"prototype":{"isAdmin":true}}');
        unknown('prototype', '{"isAdmin":true}');
        unknown('deep', DEEP_OBJECT, [], 'unknown field 1,000 levels deep');
      }
      for (const field of fieldsOf(op.body ?? {}, base).filter((x) => x.path.length > 1 && x.path[x.path.length - 2] === 0)) {
        // Inside an array of objects (a schedule's pattern): once per array.
        const at = field.path.slice(0, -1);
        if (own.some((c) => c.kind === `unknown field in ${at.join('.')}`)) continue;
        add({
          kind: `unknown field in ${at.join('.')}`,
          expect: 'unknown',
          unknownKey: '__proto__',
          ...jsonBody(withKey(base, at, '__proto__', '{"isAdmin":true}')),
        });
        add({ kind: `unknown field in ${at.join('.')}`, expect: 'unknown', unknownKey: 'extra', ...jsonBody(withKey(base, at, 'extra', '1')) });
      }
    }
    if (op.multipart) {
      const form = (kind: string, expect: Expect, parts: Parameters<typeof multipart>[0], unknownKey?: string) => {
        const m = multipart(parts);
        add({ kind, expect, unknownKey, headers: { 'content-type': m.type }, body: m.body, bodyNote: `multipart: ${parts.map((p) => p.name).join(', ')}` });
      };
      const file = { name: 'file', value: PNG, filename: 'x.png', type: 'image/png' };
      form('unknown field __proto__', 'unknown', [file, { name: '__proto__', value: 'x' }], '__proto__');
      form('unknown field constructor', 'unknown', [file, { name: 'constructor', value: 'x' }], 'constructor');
      form('unknown field isAdmin', 'unknown', [file, { name: 'isAdmin', value: 'true' }], 'isAdmin');
      form('not an image', 'invalid', [{ name: 'file', value: 'plain text, not an image', filename: 'x.png', type: 'image/png' }]);
      form('no file', 'invalid', [{ name: 'clientId', value: 'client-0001' }]);
      form('file under another name', 'invalid', [{ ...file, name: 'image' }]);
      form('two files', 'invalid', [file, { ...file, filename: 'y.png' }]);
      form('clientId twice', 'invalid', [file, { name: 'clientId', value: 'client-0001' }, { name: 'clientId', value: 'client-0002' }]);
      for (const odd of sample([...BLANK_STRINGS, ...ODD_STRINGS], 3)) form(`clientId ${odd.name}`, 'invalid', [file, { name: 'clientId', value: odd.value }]);
      form('odd file name', 'any', [{ ...file, filename: pick(['../../etc/passwd', '😷.png', 'a\u202egnp.exe', '%00.png']) }]);
    }

    // Each field of the body: wrong types, values outside the schema, blank, odd, huge.
    if (op.body) {
      for (const { path: at, schema } of fieldsOf(op.body, base)) {
        const name = at.join('.');
        const field = (kind: string, expect: Expect, raw: string | undefined) =>
          add({ kind: `${kind} ${name}`, expect, ...jsonBody(withValue(base, at, raw)) });
        for (const wrong of wrongTypes(schema)) field(`wrong type (${wrong.name})`, 'invalid', wrong.raw);
        if (chance(0.3)) field('1,000 levels deep in', 'invalid', pick([DEEP_OBJECT, DEEP_ARRAY]));
        if (schema.enum) {
          const member = String(schema.enum[0]);
          for (const v of sample([member.toUpperCase(), `${member} `, 'ADMIN', '', '\u200b'], 2)) field('not in the enum:', 'invalid', json(v));
        }
        if (schema.type === 'string' && !schema.enum) {
          for (const blank of sample(BLANK_STRINGS, 3)) field(`${blank.name} in`, 'invalid', json(blank.value));
          for (const odd of sample(ODD_STRINGS, 3)) field(`${odd.name} in`, 'any', json(odd.value));
          const lone = pick(LONE_SURROGATES);
          field(`${lone.name} in`, 'any', lone.raw);
          field('100,000 characters in', 'invalid', json(HUGE));
          if (schema.maxLength) field('one character over maxLength in', 'invalid', json('字'.repeat(schema.maxLength + 1)));
          else if (chance(0.4)) field('10,000 characters in', 'any', json('x'.repeat(10_000)));
        }
        if (schema.type === 'number' || schema.type === 'integer') {
          const extremes = [
            { name: '1e400', raw: '1e400', expect: 'invalid' as Expect },
            { name: '-0', raw: '-0', expect: 'any' as Expect },
            { name: '2^53 + 1', raw: '9007199254740993', expect: schema.maximum === undefined ? ('any' as Expect) : 'invalid' },
            { name: 'a fraction', raw: '1.5', expect: 'any' as Expect },
          ];
          if (schema.minimum !== undefined) extremes.push({ name: 'below minimum', raw: String(schema.minimum - 1), expect: 'invalid' });
          if (schema.maximum !== undefined) extremes.push({ name: 'above maximum', raw: String(schema.maximum + 1), expect: 'invalid' });
          for (const x of sample(extremes, 2)) field(`${x.name} in`, x.expect, x.raw);
        }
        if (schema.type === 'array') {
          const item = schema.items ?? {};
          if (item.type === 'string') {
            field('blank item in', 'invalid', json([pick(BLANK_STRINGS).value]));
            field('odd item in', 'any', json([pick(ODD_STRINGS).value]));
            field('wrong-typed item in', 'invalid', '[12345]');
          } else {
            field('null item in', 'invalid', '[null]');
            field('nested array in', 'invalid', '[[]]');
          }
          if (schema.minItems) field('too few items in', 'invalid', '[]');
          if (schema.maxItems) field('too many items in', 'invalid', json(Array.from({ length: schema.maxItems + 1 }, (_, i) => `T${i}`)));
          else if (chance(0.5)) field('10,000 items in', 'invalid', json(Array.from({ length: 10_000 }, () => 'x')));
        }
        if (schema.type === 'object' && schema.additionalProperties) {
          field('__proto__ key in', 'invalid', '{"__proto__":"accept"}');
          field('constructor key in', 'invalid', '{"constructor":"accept"}');
        }
      }
      // Missing fields: each required one (nested ones included), and everything.
      const required = (schema: Schema, prefix: (string | number)[]) => (schema.required ?? []).map((r) => [...prefix, r]);
      const missing = [...required(op.body, [])];
      for (const { path: at, schema } of fieldsOf(op.body, base))
        if (schema.type === 'array' && schema.items?.required) missing.push(...required(schema.items, [...at, 0]));
      for (const at of missing) add({ kind: `missing ${at.join('.')}`, expect: 'invalid', ...jsonBody(withValue(base, at, undefined)) });
      if (missing.length) add({ kind: 'empty object', expect: 'invalid', ...jsonBody('{}') });
      // A field given twice: the second wins in JSON.parse, so the first may be anything.
      const first = Object.keys(base)[0];
      if (first) add({ kind: 'duplicate key', expect: 'any', ...jsonBody(`{${json(first)}:{"a":1},${json(base).slice(1)}`) });
    }
    // Bodies that are not an object.
    if (takesBody && !op.multipart) {
      const bodies = [
        { name: 'array body', raw: '[]' },
        { name: 'null body', raw: 'null' },
        { name: 'string body', raw: '"text"' },
        { name: 'number body', raw: '123' },
        { name: 'malformed body', raw: '{"a":' },
        { name: 'array body of objects', raw: `[${json(base)}]` },
      ];
      add({ kind: 'body 1,000 arrays deep', expect: 'invalid', ...jsonBody(DEEP_ARRAY) });
      for (const b of sample(bodies, op.body ? 2 : 1)) add({ kind: b.name, expect: 'invalid', ...jsonBody(b.raw) });
      if (chance(0.3))
        add({ kind: 'UTF-16 charset', expect: 'invalid', headers: { 'content-type': 'application/json; charset=utf-16' }, body: Buffer.from(json(base)) });
    }
    // Content types other than JSON, with the valid body in them.
    if (takesBody) {
      const text = json(base);
      const fields = Object.entries(base).map(([k, v]) => [k, typeof v === 'string' ? v : json(v)] as [string, string]);
      const media: Expect = row.signed ? 'invalid' : 'media';
      add({ kind: 'text/plain body', expect: media, headers: { 'content-type': 'text/plain' }, body: Buffer.from(text) });
      add({
        kind: 'form-encoded body',
        expect: media,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(new URLSearchParams(fields.length ? fields : [['a', '1']]).toString()),
      });
      if (!op.multipart) {
        const m = multipart(fields.length ? fields.map(([name, value]) => ({ name, value })) : [{ name: 'a', value: '1' }]);
        add({ kind: 'multipart body', expect: media, headers: { 'content-type': m.type }, body: m.body });
      } else {
        add({ kind: 'JSON instead of multipart', expect: 'invalid', ...jsonBody('{"clientId":"client-0001"}') });
      }
      add({ kind: 'no content type', expect: media, body: Buffer.from(text) });
      if (chance(0.3)) add({ kind: 'XML body', expect: media, headers: { 'content-type': 'application/xml' }, body: Buffer.from('<a>1</a>') });
      add({ kind: 'huge body', expect: 'invalid', ...jsonBody(withKey(base, [], 'padding', json(HUGE))) });
    }

    // Path parameters that are not ids.
    for (const p of op.parameters.filter((x) => x.in === 'path')) {
      const bad = [
        { name: 'too long', raw: 'x'.repeat(2000) },
        { name: '%00', raw: '%00' },
        { name: 'dot-dot slash', raw: '../../admin/jobs' },
        ...sample(BAD_IDS, 3),
      ];
      for (const b of bad)
        add({
          kind: `path ${p.name} ${b.name}`,
          expect: 'invalid',
          path: withQuery(concretePath(op, params, { name: p.name, raw: b.raw }), encodeQuery(query)),
          ...validBody(),
        });
    }
    // Query parameters of the wrong type, missing or unknown.
    const queryParams = op.parameters.filter((x) => x.in === 'query');
    for (const p of queryParams) {
      const others = encodeQuery(query).filter(([k]) => k !== p.name);
      const at = (values: [string, string][]) => withQuery(path, [...others, ...values]);
      const schema = p.schema;
      const variants: { name: string; values: [string, string][]; expect: Expect }[] = [
        {
          name: 'array',
          values: [
            [p.name, '1'],
            [p.name, '2'],
          ],
          expect: 'invalid',
        },
        { name: 'object', values: [[`${p.name}[a]`, '1']], expect: 'invalid' },
        { name: 'empty', values: [[p.name, '']], expect: 'any' },
        { name: 'NUL', values: [[p.name, '%00']], expect: schema.type === 'string' && !schema.enum ? 'any' : 'invalid' },
        { name: 'too long', values: [[p.name, 'x'.repeat(2000)]], expect: schema.type === 'string' && !schema.enum ? 'any' : 'invalid' },
        {
          name: 'odd text',
          values: [[p.name, encodeURIComponent(pick(ODD_STRINGS).value)]],
          expect: schema.type === 'string' && !schema.enum ? 'any' : 'invalid',
        },
      ];
      if (schema.type === 'number') {
        variants.push({ name: 'not a number', values: [[p.name, 'abc']], expect: 'invalid' });
        variants.push({ name: 'NaN', values: [[p.name, 'NaN']], expect: 'invalid' });
        variants.push({ name: '1e400', values: [[p.name, '1e400']], expect: 'invalid' });
        variants.push({ name: 'hexadecimal', values: [[p.name, '0x1F']], expect: 'any' });
        if (schema.minimum !== undefined) variants.push({ name: 'below minimum', values: [[p.name, String(schema.minimum - 1)]], expect: 'invalid' });
        if (schema.maximum !== undefined) variants.push({ name: 'above maximum', values: [[p.name, String(schema.maximum + 1)]], expect: 'invalid' });
      }
      if (schema.enum) variants.push({ name: 'not in the enum', values: [[p.name, String(schema.enum[0]).toUpperCase()]], expect: 'invalid' });
      if (p.required) add({ kind: `query ${p.name} missing`, expect: 'invalid', path: at([]), ...validBody() });
      for (const v of sample(variants, 3)) add({ kind: `query ${p.name} ${v.name}`, expect: v.expect, path: at(v.values), ...validBody() });
    }
    if (queryParams.length) {
      for (const [key, raw] of [
        ['__proto__', '__proto__[isAdmin]=1'],
        ['constructor', 'constructor[prototype][isAdmin]=1'],
        ['isAdmin', 'isAdmin=1'],
      ] as const) {
        add({
          kind: `unknown query ${key}`,
          expect: row.signed ? 'invalid' : 'unknown',
          unknownKey: key,
          path: `${validPath}${validPath.includes('?') ? '&' : '?'}${raw}`,
          ...validBody(),
        });
      }
    } else if (op.method === 'GET' && chance(0.3)) {
      add({ kind: 'query on an operation without one', expect: 'any', path: `${path}?__proto__[isAdmin]=1&limit=abc`, ...validBody() });
    }
    // Header parameters.
    for (const p of op.parameters.filter((x) => x.in === 'header')) {
      const name = p.name.toLowerCase();
      const values: { name: string; value: string; expect: Expect }[] =
        name === 'x-patient-id'
          ? [
              { name: 'not an id', value: 'not-an-id', expect: 'invalid' },
              { name: 'too long', value: 'x'.repeat(1000), expect: 'invalid' },
              { name: "another account's profile", value: f.otherAccountsPatient, expect: 'invalid' },
            ]
          : name === 'idempotency-key'
            ? [
                { name: 'too long', value: 'k'.repeat(1000), expect: 'any' },
                { name: 'spaces', value: '   ', expect: 'any' },
              ]
            : name === 'accept-language'
              ? [{ name: 'odd', value: 'xx-YY;q=abc, *;q=-1', expect: 'any' }]
              : [{ name: 'odd', value: 'x'.repeat(500), expect: 'any' }];
      for (const v of sample(values, 2))
        add({ kind: `header ${p.name} ${v.name}`, expect: v.expect, headers: { ...validBody().headers, [name]: v.value }, body: validBody().body });
    }
    // Last: the valid request itself.
    add({ kind: 'valid request', expect: 'any', ...validBody() });

    // What must be refused runs before what may be accepted: an accepted request can change what later ones find
    // (a username taken, a profile limit reached) and hide a refusal behind a conflict.
    const order: Expect[] = ['unknown', 'media', 'invalid', 'any'];
    own.sort((a, b) => order.indexOf(a.expect) - order.indexOf(b.expect) || Number(a.kind === 'valid request') - Number(b.kind === 'valid request'));
    // A sample as anonymous as well (refused before validation on every route that needs a caller).
    for (const c of own) {
      cases.push(c);
      if (c.caller !== 'anonymous' && c.kind !== 'valid request' && chance(0.1)) cases.push({ ...c, caller: 'anonymous', kind: `${c.kind} (anonymous)` });
    }
  }
  // The language of each request: English for a good share, to compare the message with ERRORS[code].en.
  for (const c of cases) {
    const language = pick(LANGUAGES);
    if (language && !c.headers['accept-language']) c.headers = { ...c.headers, 'accept-language': language };
  }
  return cases;
}

// ------------------------------------------------------------------------------------------------ sending

interface Answer {
  status: number;
  text: string;
  body?: { code?: unknown; message?: unknown; details?: { fields?: unknown } & Record<string, unknown> };
  error?: string;
}

/** Raw HTTP: the path goes out exactly as written (`..`, `%00`), and only the headers given are sent. */
function send(baseUrl: string, c: Case, token: string | undefined): Promise<Answer> {
  const url = new URL(baseUrl);
  const headers: Record<string, string> = { accept: 'application/json', ...c.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (c.body) headers['content-length'] = String(c.body.length);
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, method: c.method, path: c.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Answer['body'];
        try {
          body = text ? (JSON.parse(text) as Answer['body']) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, body });
      });
      res.on('error', (error) => resolve({ status: 0, text: '', error: error.message }));
    });
    req.on('error', (error) => resolve({ status: 0, text: '', error: error.message }));
    req.setTimeout(20_000, () => req.destroy(new Error('no answer within 20 s')));
    req.end(c.body);
  });
}

/** Characters a report could not show (controls, spaces other than ' ', zero-width and direction marks, lone surrogates) as \\u escapes. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Z}]/gu;
const visible = (text: string) => text.replace(INVISIBLE, (ch) => (ch === ' ' ? ch : `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`));
const shorten = (text: string, max = 160) => visible(text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);

function requestLine(c: Case): string {
  const type = c.headers['content-type'];
  const extra = Object.entries(c.headers)
    .filter(([name]) => name !== 'content-type' && name !== 'accept-language')
    .map(([name, value]) => ` [${name}: ${shorten(value, 40)}]`)
    .join('');
  const body = c.body === undefined ? '' : ` ${c.bodyNote ?? shorten(c.body.toString('utf8'))}`;
  return `${c.method} ${shorten(c.path, 120)} as ${c.caller}${extra}${type ? ` [${shorten(type, 60)}]` : c.body ? ' [no content type]' : ''}${body}`;
}

/** Failures grouped by operation, case and answer: how many, and one request that caused it. */
class Findings {
  private readonly groups = new Map<string, { n: number; example: string }>();

  add(c: Case, answer: Answer, why: string): void {
    const code = typeof answer.body?.code === 'string' ? answer.body.code : '';
    const key = `${c.op} [${c.kind}] ${why} → ${answer.error ?? `${answer.status} ${code}`.trim()}`;
    const group = this.groups.get(key) ?? { n: 0, example: `${requestLine(c)} ⇒ ${answer.error ?? `${answer.status} ${shorten(answer.text, 200)}`}` };
    group.n++;
    this.groups.set(key, group);
  }

  list(): string[] {
    return [...this.groups.entries()].map(([key, { n, example }]) => `${key}${n > 1 ? ` (×${n})` : ''}\n    e.g. ${example}`);
  }

  /** Fails with every group, one after the other (jest's array diff would escape each quote three times). */
  expectNone(): void {
    const list = this.list();
    if (list.length) throw new Error(`${list.length} kinds of failure:\n\n${list.join('\n\n')}`);
  }

  get size(): number {
    return this.groups.size;
  }
}

// ------------------------------------------------------------------------------------------------ the run

let stack: Stack;
let operations: Operation[];
const findings = {
  serverErrors: new Findings(),
  unknownAccepted: new Findings(),
  mediaAccepted: new Findings(),
  invalidAccepted: new Findings(),
  written: new Findings(),
  badRefusals: new Findings(),
};
/** Operations where some request got as far as validation (VALIDATION_FAILED or UNKNOWN_FIELD): the caller was let in. */
const reachedValidation = new Set<string>();
let requests = 0;
/** Accepted requests after which some table's row count changed: the counts do see writes. */
let acceptedWrites = 0;
let tables = 0;
let refused = 0;
let fiveXX = 0;

async function fixtures(): Promise<Fixtures> {
  // WeChat's media-check verdicts arrive by push whenever they are ready: an accepted picture's verdict landing during a
  // later refused request would look like that request writing. The simulator holds verdicts back for this run.
  await simControl(stack.simUrl, 'POST', '/__sim/media-checks/settings', { delayMs: null });
  const a = await consentedPatient(stack, '甲');
  const b = await consentedPatient(stack, '乙');
  const tokens = {
    patient: a.token,
    doctor: await staffLogin(stack, 'doctor.zhang'),
    nurse: await staffLogin(stack, 'nurse.wang'),
    caseManager: await staffLogin(stack, 'cm.chen'),
    service: await staffLogin(stack, 'service.zhao'),
    admin: await staffLogin(stack, 'admin'),
  };
  const family = async () =>
    (await stack.api.post('/me/patients', { name: '家人', gender: 'female', birthDate: '1950-01-01', relationship: 'parent' }, { token: a.token })).body
      .id as string;
  const zhang = await demoDoctor(stack, '张伟');
  const staffList = (await stack.api.get<{ id: string; username: string }[]>('/staff', { token: tokens.admin })).body;
  const target = await stack.api.post(
    '/staff',
    { username: 'fuzz.target', password: 'Fuzz-pass-2026', displayName: '测试', roles: ['service'] },
    { token: tokens.admin },
  );
  if (target.status !== 201) throw new Error(`staff: ${target.status} ${JSON.stringify(target.body)}`);

  const appointment = await book(stack, a.token, (await makeSlot(stack, { fee: 5000 })).id);
  const toCancel = await book(stack, a.token, (await makeSlot(stack, { fee: 0 })).id);
  const checkInCode = (await appointmentRows.one(stack, { id: appointment.appointment.id })).checkInCode!;
  // A full day with a waitlist: patient B holds the only place, patient A waits for it.
  const full = await makeSlot(stack, { capacity: 1, fee: 0 });
  await book(stack, b.token, full.id);
  const day = new Date(full.startsAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const entry = await stack.api.post('/waitlist', { doctorId: zhang.id, date: day }, { token: a.token });
  if (entry.status !== 201) throw new Error(`waitlist: ${JSON.stringify(entry.body)}`);
  const cardiology = await departmentId(stack, 'CARD');
  const consultation = (await ask(stack, a.token, { kind: 'health_consult', departmentId: cardiology, question: '血压偏高需要调整用药吗？' })).consultation;
  const toClose = (await ask(stack, a.token, { kind: 'health_consult', departmentId: cardiology, question: '饮食上需要注意什么？' })).consultation;
  const canned = await stack.api.post('/staff/canned-replies', { scope: 'mine', title: '测量血压', text: '请连续三天测量血压。' }, { token: tokens.doctor });
  const notification = (await notificationRows.find(stack, { patientId: a.patientId }))[0]!;
  return {
    tokens,
    patientId: a.patientId,
    otherAccountsPatient: b.patientId,
    family: await family(),
    familyToRemove: await family(),
    appointment: appointment.appointment.id,
    appointmentToCancel: toCancel.appointment.id,
    checkInCode,
    waitlistEntry: entry.body.id,
    consultation: consultation.id,
    consultationToClose: toClose.id,
    notification: notification.id,
    cardiology,
    zhang: { doctorId: zhang.id, staffId: staffList.find((s) => s.username === 'doctor.zhang')!.id },
    staffToEdit: target.body.id,
    slotToBook: (await makeSlot(stack, { capacity: 5, fee: 0 })).id,
    slotToMoveTo: (await makeSlot(stack, { fee: 5000 })).id,
    sessionToStop: (await makeSlot(stack, { fee: 0 })).sessionId,
    slotToEdit: (await makeSlot(stack, { fee: 0 })).id,
    cannedReply: canned.body.id,
    templateId: Object.values(stack.config.templates)[0]!.id,
    day,
    future: new Date(Date.now() + 40 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10),
  };
}

/** After an accepted request: the counts once whatever it set off after answering has settled. */
async function settled(previous: TableCounts): Promise<TableCounts> {
  let last = previous;
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 20));
    const now = await tableRowCounts(stack);
    if (changedTables(last, now).length === 0) return now;
    last = now;
  }
  return last;
}

function check(c: Case, answer: Answer, before: TableCounts, after: TableCounts): void {
  const { status, body } = answer;
  const code = body?.code;
  if (answer.error || status >= 500 || status < 100) {
    fiveXX++;
    findings.serverErrors.add(c, answer, answer.error ? 'no answer' : 'server error');
    return;
  }
  const isRefusal = status >= 400 && status < 500;
  if (isRefusal) {
    refused++;
    const changed = changedTables(before, after);
    if (changed.length) findings.written.add(c, answer, `refused but wrote (${changed.join(', ')})`);
    if (code === 'VALIDATION_FAILED' || code === 'UNKNOWN_FIELD') reachedValidation.add(c.op);
    if (!isErrorCode(code)) {
      findings.badRefusals.add(c, answer, 'no code from ERRORS');
    } else {
      const locale = resolveLocale(c.headers['accept-language']);
      const expected = errorMessage(code, locale, body?.details);
      if (body?.message !== expected) findings.badRefusals.add(c, answer, `message is not ERRORS.${code}['${locale}'] (${JSON.stringify(expected)})`);
      if (ERRORS[code].status !== status) findings.badRefusals.add(c, answer, `status is not ERRORS.${code}.status (${ERRORS[code].status})`);
    }
  }
  switch (c.expect) {
    case 'unknown': {
      const named = code === 'UNKNOWN_FIELD' && status === 400 && JSON.stringify(body?.details?.fields ?? []).includes(c.unknownKey!);
      const earlier = isRefusal && isErrorCode(code) && EARLIER.has(code);
      if (!named && !earlier) findings.unknownAccepted.add(c, answer, isRefusal ? `not UNKNOWN_FIELD naming ${c.unknownKey}` : 'accepted');
      break;
    }
    case 'media':
      if (!(status === 415 && code === 'UNSUPPORTED_MEDIA_TYPE')) findings.mediaAccepted.add(c, answer, isRefusal ? 'not 415' : 'accepted');
      break;
    case 'invalid':
      if (!isRefusal) findings.invalidAccepted.add(c, answer, 'accepted');
      break;
    case 'any':
      break;
  }
}

beforeAll(async () => {
  stack = await startStack({ STAFF_LOGIN_FAILURES_PER_ACCOUNT: '1000', STAFF_LOGIN_PER_ADDRESS_PER_MINUTE: '100000' });
  await seed(stack);
  const doc = (await stack.api.get<OpenApi>('/api/docs-json')).body;
  operations = operationsOf(doc);
  const f = await fixtures();
  const cases = generate(operations, f);
  const tokenFor = async (caller: Caller): Promise<string | undefined> =>
    caller === 'anonymous' ? undefined : caller === 'fresh' ? (await patientLogin(stack)).token : f.tokens[caller];

  const started = Date.now();
  let counts = await tableRowCounts(stack);
  tables = Object.keys(counts).length;
  for (const c of cases) {
    const token = await tokenFor(c.caller);
    if (c.caller === 'fresh') counts = await tableRowCounts(stack);
    const answer = await send(stack.api.baseUrl, c, token);
    requests++;
    if (process.env.FUZZ_LOG)
      appendFileSync(
        process.env.FUZZ_LOG,
        `${stack.dbKind} ${c.expect} ${requestLine(c)} ⇒ ${answer.error ?? `${answer.status} ${shorten(answer.text, 300)}`}\n`,
      );
    let after = await tableRowCounts(stack);
    check(c, answer, counts, after);
    if (!(answer.status >= 400 && answer.status < 500)) {
      after = await settled(after);
      if (changedTables(counts, after).length) acceptedWrites++;
    }
    counts = after;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz (${stack.dbKind}, seed ${SEED}): ${operations.length} operations, ${requests} requests in ${seconds} s, ${refused} refused, 5xx = ${fiveXX}; ` +
      `failure groups: ${Object.entries(findings)
        .map(([k, v]) => `${k} ${v.size}`)
        .join(', ')}`,
  );
}, 600_000);
afterAll(() => stack?.close());

describe('fuzzing every operation of the OpenAPI document', () => {
  it('has a caller and a valid request for every operation, and no row for one the document lacks', () => {
    expect(operations.length).toBeGreaterThan(70);
    expect(operations.filter((op) => !(op.key in ROWS)).map((op) => op.key)).toEqual([]);
    expect(Object.keys(ROWS).filter((key) => !operations.some((op) => op.key === key))).toEqual([]);
    expect(operations.filter((op) => op.body && !ROWS[op.key]!.body).map((op) => op.key)).toEqual([]);
    // Public operations are called anonymously, the others by a caller the route lets in …
    expect(operations.filter((op) => op.secured === (ROWS[op.key]!.caller === 'anonymous')).map((op) => op.key)).toEqual([]);
    // … which it does: every operation that takes input refused some of it for what it was, not for who sent it.
    const takesInput = operations.filter((op) => !ROWS[op.key]!.signed && (op.body || op.multipart || op.parameters.some((p) => p.in !== 'header')));
    expect(takesInput.filter((op) => !reachedValidation.has(op.key)).map((op) => op.key)).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
    // The row counts cover every entity's table, and they move when a request writes.
    expect(tables).toBeGreaterThanOrEqual(ENTITIES.length);
    expect(acceptedWrites).toBeGreaterThan(10);
  });

  it('answers no request with a 5xx', () => {
    findings.serverErrors.expectNone();
  });

  it('accepts no unknown field: 400 UNKNOWN_FIELD naming it, or refused before the body is read', () => {
    findings.unknownAccepted.expectNone();
  });

  it('refuses a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE', () => {
    findings.mediaAccepted.expectNone();
  });

  it('refuses what the document does not allow: wrong types, missing fields, out of range, blank text, ids that are not ids', () => {
    findings.invalidAccepted.expectNone();
  });

  it('writes nothing when it refuses', () => {
    findings.written.expectNone();
  });

  it('answers every refusal with a code of the ERRORS catalogue and its message in the language asked for', () => {
    findings.badRefusals.expectNone();
  });
});
