// The authorisation matrix: for every route the application serves, who may call it and what everyone else is told.
// The table is checked against the live route list, so a new endpoint without a row fails this test: nothing ships
// unreviewed. Outcomes: `ok` (the request reached the work: any answer but an access refusal), `anonymous` (401
// AUTH_REQUIRED), `forbidden` (403 FORBIDDEN_ROLE: the role, or the scope, may not do this), `hidden` (the resource's
// not-found code: the caller may not know it exists) and `care` (403 CARE_RELATIONSHIP_REQUIRED: a clinical role
// without a care relationship to the patient).
import { CURRENT_CONSENT_VERSIONS, type ErrorCode } from '@yiban/shared';
import { appointmentRows, makeSlot, notificationRows, recordHisVisit } from '@yiban/server/testing';
import { acceptRequiredConsents, consentedPatient, demoDoctor, departmentId, patientLogin, seed, staffLogin } from '../support/actors.js';
import { book } from '../support/booking.js';
import { ask } from '../support/consult.js';
import { startStack, type Stack } from '../support/stack.js';

const CALLERS = ['anonymous', 'patientA', 'patientB', 'doctor', 'otherDoctor', 'nurse', 'caseManager', 'marketing', 'service', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
type Outcome = 'ok' | 'anonymous' | 'forbidden' | 'hidden' | 'care';

const PATIENTS: Caller[] = ['patientA', 'patientB'];
const STAFF: Caller[] = ['doctor', 'otherDoctor', 'nurse', 'caseManager', 'marketing', 'service', 'admin'];
const CLINICAL: Caller[] = ['doctor', 'otherDoctor', 'nurse', 'caseManager', 'admin'];
/** Cardiology's clinic staff (doctor.zhang, nurse.wang) and the admin: the resources below are Cardiology's. */
const CARDIOLOGY: Caller[] = ['doctor', 'nurse', 'admin'];
const ACCESS_CODES = new Set<ErrorCode>([
  'AUTH_REQUIRED',
  'AUTH_TOKEN_INVALID',
  'AUTH_TOKEN_EXPIRED',
  'AUTH_ACCOUNT_DISABLED',
  'FORBIDDEN_ROLE',
  'FORBIDDEN_OWNERSHIP',
  'CARE_RELATIONSHIP_REQUIRED',
]);

interface Fixtures {
  tokens: Record<Exclude<Caller, 'anonymous'>, string>;
  a: { patientId: string; family: string; familyToRemove: string; appointment: string; appointmentToCancel: string; checkInCode: string };
  a2: { waitlistEntry: string; consultation: string; consultationToClose: string; notification: string; invitation: string };
  /** Patient A's health record: an entry to edit, one to remove, a reading to remove. */
  health: { entry: string; entryToRemove: string; reading: string };
  cardiology: string;
  zhang: { doctorId: string; staffId: string };
  adminStaffId: string;
  slotToBook: string;
  slotToMoveTo: string;
  sessionToStop: string;
  slotToEdit: string;
  cannedReply: string;
  day: string;
  future: string;
}

interface Row {
  path: (f: Fixtures) => string;
  body?: (f: Fixtures) => unknown;
  /** Who reaches the work. 'public': everyone, signed in or not. */
  ok: Caller[] | 'public';
  hidden?: Caller[];
  care?: Caller[];
  /** What `hidden` callers are told (the resource's not-found code). */
  hiddenCode?: ErrorCode;
  /** A patient route that processes health data: it needs the required consents, and to book or consult a real-name profile. */
  needs?: 'consent' | 'realName';
}

const ULID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const all = (...groups: Caller[][]) => [...new Set(groups.flat())];

/** Every route of the API, in the order they are tried (later rows may find state earlier rows changed; outcomes do not depend on it). */
const MATRIX: Record<string, Row> = {
  'GET /api/v1/health/live': { path: () => '/health/live', ok: 'public' },
  'GET /api/v1/health': { path: () => '/health', ok: 'public' },
  'POST /api/v1/auth/wechat/login': { path: () => '/auth/wechat/login', body: () => ({ code: 'not-a-code' }), ok: 'public' },
  'POST /api/v1/auth/staff/login': { path: () => '/auth/staff/login', body: () => ({ username: 'nobody', password: 'wrong-password' }), ok: 'public' },
  'POST /api/v1/auth/refresh': { path: () => '/auth/refresh', body: () => ({ refreshToken: 'r'.repeat(43) }), ok: 'public' },
  'GET /api/v1/me': { path: () => '/me', ok: all(PATIENTS, STAFF) },
  'GET /api/v1/departments': { path: () => '/departments', ok: 'public' },
  'GET /api/v1/doctors': { path: () => '/doctors', ok: 'public' },
  'GET /api/v1/doctors/:id': { path: (f) => `/doctors/${f.zhang.doctorId}`, ok: 'public' },
  'GET /api/v1/doctors/:id/slots': { path: (f) => `/doctors/${f.zhang.doctorId}/slots`, ok: 'public' },

  // The account's own profiles.
  'GET /api/v1/me/patients': { path: () => '/me/patients', ok: PATIENTS },
  'POST /api/v1/me/patients': {
    path: () => '/me/patients',
    body: () => ({ name: '孩子', gender: 'male', birthDate: '2015-06-01', relationship: 'child' }),
    ok: PATIENTS,
  },
  'GET /api/v1/me/patients/:id': { path: (f) => `/me/patients/${f.a.family}`, ok: ['patientA'], hidden: ['patientB'], hiddenCode: 'FORBIDDEN_OWNERSHIP' },
  'PATCH /api/v1/me/patients/:id': {
    path: (f) => `/me/patients/${f.a.family}`,
    body: () => ({ name: '王秀英' }),
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'FORBIDDEN_OWNERSHIP',
  },
  'DELETE /api/v1/me/patients/:id': {
    path: (f) => `/me/patients/${f.a.familyToRemove}`,
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'FORBIDDEN_OWNERSHIP',
  },
  'POST /api/v1/me/phone': { path: () => '/me/phone', body: () => ({ code: 'not-a-phone-code' }), ok: PATIENTS },
  'GET /api/v1/me/consents': { path: () => '/me/consents', ok: PATIENTS },
  'GET /api/v1/me/consents/history': { path: () => '/me/consents/history', ok: PATIENTS },
  'POST /api/v1/me/consents': {
    path: () => '/me/consents',
    body: () => ({ kind: 'marketing', version: CURRENT_CONSENT_VERSIONS.marketing, granted: false }),
    ok: PATIENTS,
  },
  'GET /api/v1/me/subscriptions': { path: () => '/me/subscriptions', ok: PATIENTS },
  'POST /api/v1/me/subscriptions': {
    path: () => '/me/subscriptions',
    body: () => ({ templateIds: ['NotATemplate'], results: { NotATemplate: 'accept' } }),
    ok: PATIENTS,
  },
  'GET /api/v1/me/messages': { path: () => '/me/messages', ok: PATIENTS },
  'GET /api/v1/me/messages/unread-count': { path: () => '/me/messages/unread-count', ok: PATIENTS },
  'POST /api/v1/me/messages/:id/read': {
    path: (f) => `/me/messages/${f.a2.notification}/read`,
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'NOTIFICATION_NOT_FOUND',
  },
  'POST /api/v1/me/messages/read-all': { path: () => '/me/messages/read-all', ok: PATIENTS },
  'GET /api/v1/me/marketing-preferences': { path: () => '/me/marketing-preferences', ok: PATIENTS },
  'PUT /api/v1/me/marketing-preferences': {
    path: () => '/me/marketing-preferences',
    body: () => ({ topics: [{ topic: 'health_education', enabled: false }] }),
    ok: PATIENTS,
  },
  // The health record: the patient always reads their own; writing is processing health data (the consents).
  'GET /api/v1/me/health-record': { path: () => '/me/health-record', ok: PATIENTS },
  'GET /api/v1/me/health-record/measurements': { path: () => '/me/health-record/measurements?kind=weight', ok: PATIENTS },
  'POST /api/v1/me/health-record/entries': {
    path: () => '/me/health-record/entries',
    body: () => ({ kind: 'allergy', name: '花粉' }),
    ok: PATIENTS,
    needs: 'consent',
  },
  'PUT /api/v1/me/health-record/entries/:id': {
    path: (f) => `/me/health-record/entries/${f.health.entry}`,
    body: () => ({ kind: 'allergy', name: '青霉素', severity: 'severe' }),
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'HEALTH_RECORD_ENTRY_NOT_FOUND',
  },
  'DELETE /api/v1/me/health-record/entries/:id': {
    path: (f) => `/me/health-record/entries/${f.health.entryToRemove}`,
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'HEALTH_RECORD_ENTRY_NOT_FOUND',
  },
  'POST /api/v1/me/health-record/measurements': {
    path: () => '/me/health-record/measurements',
    body: () => ({ kind: 'weight', weightKg: 62.5, measuredAt: new Date(Date.now() - 3_600_000).toISOString() }),
    ok: PATIENTS,
    needs: 'consent',
  },
  'DELETE /api/v1/me/health-record/measurements/:id': {
    path: (f) => `/me/health-record/measurements/${f.health.reading}`,
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'HEALTH_MEASUREMENT_NOT_FOUND',
  },

  // A patient's record for staff: clinical roles, through a care relationship (patient A has an appointment and a
  // consultation in Cardiology) — the admin too, by role alone, has none.
  'GET /api/v1/patients/:id': { path: (f) => `/patients/${f.a.patientId}`, ok: ['doctor', 'nurse'], care: ['otherDoctor', 'caseManager', 'admin'] },
  // Before break-glass below, which opens patient A's record to every clinical role.
  'PUT /api/v1/patients/:id/tags': {
    path: (f) => `/patients/${f.a.patientId}/tags`,
    body: () => ({ tags: ['matrix'] }),
    ok: ['doctor', 'nurse'],
    care: ['otherDoctor', 'caseManager', 'admin'],
  },
  // The health record for staff: the same care rule (marketing and service never read one, not even aggregates here).
  'GET /api/v1/patients/:id/health-record': {
    path: (f) => `/patients/${f.a.patientId}/health-record`,
    ok: ['doctor', 'nurse'],
    care: ['otherDoctor', 'caseManager', 'admin'],
  },
  'POST /api/v1/patients/:id/health-record/entries': {
    path: (f) => `/patients/${f.a.patientId}/health-record/entries`,
    body: () => ({ kind: 'condition', name: '高血压', icd10: 'I10' }),
    ok: ['doctor', 'nurse'],
    care: ['otherDoctor', 'caseManager', 'admin'],
  },
  'POST /api/v1/patients/:id/health-record/measurements': {
    path: (f) => `/patients/${f.a.patientId}/health-record/measurements`,
    body: () => ({ kind: 'blood_pressure', systolic: 132, diastolic: 84, measuredAt: new Date(Date.now() - 3_600_000).toISOString() }),
    ok: ['doctor', 'nurse'],
    care: ['otherDoctor', 'caseManager', 'admin'],
  },
  'GET /api/v1/consultations/:id/patient-summary': {
    path: (f) => `/consultations/${f.a2.consultation}/patient-summary`,
    ok: ['doctor', 'nurse'],
    care: ['admin'],
    hidden: ['otherDoctor', 'caseManager'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  'POST /api/v1/patients/:id/break-glass': {
    path: (f) => `/patients/${f.a.patientId}/break-glass`,
    body: () => ({ reason: '急诊会诊，需要查看既往史' }),
    ok: CLINICAL,
  },
  'GET /api/v1/admin/break-glass': { path: () => '/admin/break-glass', ok: ['admin'] },

  // Administration.
  'GET /api/v1/staff': { path: () => '/staff', ok: ['admin'] },
  'POST /api/v1/staff': {
    path: () => '/staff',
    body: () => ({ username: 'doctor.zhang', password: 'Matrix-pass-2026', displayName: '重名', roles: ['doctor'] }),
    ok: ['admin'],
  },
  'PATCH /api/v1/staff/:id': { path: (f) => `/staff/${f.adminStaffId}`, body: () => ({ displayName: '系统管理员' }), ok: ['admin'] },
  // A password too weak to set (STAFF_PASSWORD_WEAK reaches the work and changes nothing: no session ends here).
  'POST /api/v1/staff/:id/password': { path: (f) => `/staff/${f.zhang.staffId}/password`, body: () => ({ password: 'short' }), ok: ['admin'] },
  'GET /api/v1/audit-logs': { path: () => '/audit-logs', ok: ['admin'] },
  'GET /api/v1/admin/jobs': { path: () => '/admin/jobs', ok: ['admin'] },
  'POST /api/v1/admin/jobs/:id/retry': { path: () => `/admin/jobs/${ULID}/retry`, ok: ['admin'] },
  'GET /api/v1/admin/catalog/departments': { path: () => '/admin/catalog/departments', ok: ['admin'] },
  'PATCH /api/v1/admin/catalog/departments/:id': {
    path: (f) => `/admin/catalog/departments/${f.cardiology}`,
    body: () => ({ nameEn: 'Cardiology' }),
    ok: ['admin'],
  },
  'GET /api/v1/admin/catalog/doctors': { path: () => '/admin/catalog/doctors', ok: ['admin'] },
  'PATCH /api/v1/admin/catalog/doctors/:id': {
    path: (f) => `/admin/catalog/doctors/${f.zhang.doctorId}`,
    body: () => ({ nameEn: 'Zhang Wei' }),
    ok: ['admin'],
  },
  'POST /api/v1/payments/wechat/notify': { path: () => '/payments/wechat/notify', body: () => ({}), ok: 'public' },
  // WeChat's message push: no caller's token, only WeChat's signature (checked by the route, 401 WECHAT_PUSH_REJECTED here).
  'GET /api/v1/wechat/push': { path: () => '/wechat/push?echostr=1', ok: 'public' },
  'POST /api/v1/wechat/push': { path: () => '/wechat/push', body: () => ({}), ok: 'public' },

  // Schedules: Cardiology's clinic staff and admins; nobody else's department.
  'POST /api/v1/schedules/bulk': {
    path: () => '/schedules/bulk',
    body: (f) => ({
      doctorId: f.zhang.doctorId,
      fromDate: f.future,
      weeks: 1,
      pattern: [{ weekday: 3, period: 'evening', start: '18:00', end: '19:00', slotMinutes: 30, capacityPerSlot: 2, visitType: 'general' }],
    }),
    ok: CARDIOLOGY,
  },
  'GET /api/v1/schedules/sessions': { path: (f) => `/schedules/sessions?departmentId=${f.cardiology}&from=${f.day}&to=${f.day}`, ok: CARDIOLOGY },
  'POST /api/v1/schedules/sessions/:id/stop': {
    path: (f) => `/schedules/sessions/${f.sessionToStop}/stop`,
    body: () => ({ reason: '医生临时停诊' }),
    ok: CARDIOLOGY,
  },
  'PATCH /api/v1/slots/:id': { path: (f) => `/slots/${f.slotToEdit}`, body: () => ({ capacity: 6 }), ok: CARDIOLOGY },

  // Appointments: their patient's account, and Cardiology's clinic staff; marketing never sees one.
  'POST /api/v1/appointments': { path: () => '/appointments', body: (f) => ({ slotId: f.slotToBook }), ok: PATIENTS, needs: 'realName' },
  'GET /api/v1/me/appointments': { path: () => '/me/appointments', ok: PATIENTS },
  'GET /api/v1/me/home': { path: () => '/me/home', ok: PATIENTS },
  'GET /api/v1/me/orders': { path: () => '/me/orders', ok: PATIENTS },
  'GET /api/v1/me/visits': { path: () => '/me/visits', ok: PATIENTS, needs: 'consent' },
  'GET /api/v1/appointments/:id': {
    path: (f) => `/appointments/${f.a.appointment}`,
    ok: ['patientA', ...CARDIOLOGY],
    hidden: ['patientB', 'otherDoctor', 'caseManager', 'marketing', 'service'],
    hiddenCode: 'APPOINTMENT_NOT_FOUND',
  },
  'POST /api/v1/appointments/:id/pay': {
    path: (f) => `/appointments/${f.a.appointment}/pay`,
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'APPOINTMENT_NOT_FOUND',
  },
  'POST /api/v1/check-ins': {
    path: () => '/check-ins',
    body: (f) => ({ code: f.a.checkInCode }),
    ok: CARDIOLOGY,
    hidden: ['otherDoctor', 'caseManager', 'marketing', 'service'],
    hiddenCode: 'CHECK_IN_CODE_INVALID',
  },
  'POST /api/v1/appointments/:id/check-in': {
    path: (f) => `/appointments/${f.a.appointment}/check-in`,
    ok: CARDIOLOGY,
    hidden: ['otherDoctor', 'caseManager', 'marketing', 'service'],
    hiddenCode: 'APPOINTMENT_NOT_FOUND',
  },
  'POST /api/v1/appointments/:id/complete': {
    path: (f) => `/appointments/${f.a.appointment}/complete`,
    ok: CARDIOLOGY,
    hidden: ['otherDoctor', 'caseManager', 'marketing', 'service'],
    hiddenCode: 'APPOINTMENT_NOT_FOUND',
  },
  'POST /api/v1/appointments/:id/no-show': {
    path: (f) => `/appointments/${f.a.appointment}/no-show`,
    ok: CARDIOLOGY,
    hidden: ['otherDoctor', 'caseManager', 'marketing', 'service'],
    hiddenCode: 'APPOINTMENT_NOT_FOUND',
  },
  'GET /api/v1/staff/appointments': { path: (f) => `/staff/appointments?date=${f.day}&departmentId=${f.cardiology}`, ok: CARDIOLOGY },
  'POST /api/v1/appointments/:id/reschedule': {
    path: (f) => `/appointments/${f.a.appointment}/reschedule`,
    body: (f) => ({ slotId: f.slotToMoveTo }),
    ok: ['patientA', ...CARDIOLOGY],
    hidden: ['patientB', 'otherDoctor', 'caseManager', 'marketing', 'service'],
    hiddenCode: 'APPOINTMENT_NOT_FOUND',
  },
  'POST /api/v1/appointments/:id/cancel': {
    path: (f) => `/appointments/${f.a.appointmentToCancel}/cancel`,
    body: () => ({}),
    ok: ['patientA', ...CARDIOLOGY],
    hidden: ['patientB', 'otherDoctor', 'caseManager', 'marketing', 'service'],
    hiddenCode: 'APPOINTMENT_NOT_FOUND',
  },

  // Waitlists: the account's own entries only.
  'POST /api/v1/waitlist': { path: () => '/waitlist', body: (f) => ({ doctorId: f.zhang.doctorId, date: f.future }), ok: PATIENTS, needs: 'realName' },
  'GET /api/v1/me/waitlist': { path: () => '/me/waitlist', ok: PATIENTS },
  'POST /api/v1/waitlist/:id/accept': {
    path: (f) => `/waitlist/${f.a2.waitlistEntry}/accept`,
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'WAITLIST_NOT_FOUND',
  },
  'POST /api/v1/waitlist/:id/decline': {
    path: (f) => `/waitlist/${f.a2.waitlistEntry}/decline`,
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'WAITLIST_NOT_FOUND',
  },
  'POST /api/v1/waitlist/:id/cancel': {
    path: (f) => `/waitlist/${f.a2.waitlistEntry}/cancel`,
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'WAITLIST_NOT_FOUND',
  },

  // Consultations: their patient's account and Cardiology's clinical staff; marketing and service never read chats.
  'GET /api/v1/consultations/eligibility': {
    path: (f) => `/consultations/eligibility?departmentId=${f.cardiology}`,
    ok: PATIENTS,
    needs: 'consent',
  },
  'POST /api/v1/consultations': {
    path: () => '/consultations',
    body: (f) => ({ kind: 'health_consult', departmentId: f.cardiology, question: '最近睡眠不好，需要注意什么？' }),
    ok: PATIENTS,
    needs: 'realName',
  },
  'GET /api/v1/consultations': { path: () => '/consultations', ok: PATIENTS },
  'GET /api/v1/consultations/images/:messageId': { path: () => `/consultations/images/${ULID}?exp=1&sig=${'0'.repeat(43)}`, ok: 'public' },
  'GET /api/v1/consultations/:id': {
    path: (f) => `/consultations/${f.a2.consultation}`,
    ok: ['patientA', ...CARDIOLOGY],
    hidden: ['patientB', 'otherDoctor', 'caseManager'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  'POST /api/v1/consultations/:id/pay': {
    path: (f) => `/consultations/${f.a2.consultation}/pay`,
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  'GET /api/v1/consultations/:id/messages': {
    path: (f) => `/consultations/${f.a2.consultation}/messages`,
    ok: ['patientA', ...CARDIOLOGY],
    hidden: ['patientB', 'otherDoctor', 'caseManager'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  'POST /api/v1/consultations/:id/messages': {
    path: (f) => `/consultations/${f.a2.consultation}/messages`,
    body: () => ({ text: '好的，谢谢。' }),
    ok: ['patientA', ...CARDIOLOGY],
    hidden: ['patientB', 'otherDoctor', 'caseManager'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  'POST /api/v1/consultations/:id/images': {
    path: (f) => `/consultations/${f.a2.consultation}/images`,
    body: () => ({}),
    ok: ['patientA', ...CARDIOLOGY],
    hidden: ['patientB', 'otherDoctor', 'caseManager'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  'POST /api/v1/consultations/:id/read': {
    path: (f) => `/consultations/${f.a2.consultation}/read`,
    body: () => ({ seq: 1 }),
    ok: ['patientA', ...CARDIOLOGY],
    hidden: ['patientB', 'otherDoctor', 'caseManager'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  'POST /api/v1/consultations/:id/rating': {
    path: (f) => `/consultations/${f.a2.consultation}/rating`,
    body: () => ({ score: 5 }),
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  'GET /api/v1/staff/consultations': { path: () => '/staff/consultations', ok: CLINICAL },
  'POST /api/v1/consultations/:id/claim': {
    path: (f) => `/consultations/${f.a2.consultation}/claim`,
    ok: CARDIOLOGY,
    hidden: ['otherDoctor', 'caseManager'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  'GET /api/v1/consultations/:id/transfer-targets': {
    path: (f) => `/consultations/${f.a2.consultation}/transfer-targets`,
    ok: CARDIOLOGY,
    hidden: ['otherDoctor', 'caseManager'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  // Dr Zhang claimed it above: he (its assignee and Cardiology's lead) and the admin may hand it on; the nurse may not.
  'POST /api/v1/consultations/:id/transfer': {
    path: (f) => `/consultations/${f.a2.consultation}/transfer`,
    body: (f) => ({ staffId: f.zhang.staffId }),
    ok: ['doctor', 'admin'],
    hidden: ['otherDoctor', 'caseManager'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  'POST /api/v1/consultations/:id/notes': {
    path: (f) => `/consultations/${f.a2.consultation}/notes`,
    body: () => ({ text: '已电话联系患者。' }),
    ok: CARDIOLOGY,
    hidden: ['otherDoctor', 'caseManager'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  'POST /api/v1/consultations/:id/close': {
    path: (f) => `/consultations/${f.a2.consultationToClose}/close`,
    ok: ['patientA', ...CARDIOLOGY],
    hidden: ['patientB', 'otherDoctor', 'caseManager'],
    hiddenCode: 'CONSULTATION_NOT_FOUND',
  },
  'GET /api/v1/staff/canned-replies': { path: () => '/staff/canned-replies', ok: CLINICAL },
  'POST /api/v1/staff/canned-replies': {
    path: () => '/staff/canned-replies',
    body: () => ({ scope: 'mine', title: '复诊提醒', text: '请按时复诊。' }),
    ok: CLINICAL,
  },
  'DELETE /api/v1/staff/canned-replies/:id': {
    path: (f) => `/staff/canned-replies/${f.cannedReply}`,
    ok: ['doctor'],
    hidden: ['otherDoctor', 'nurse', 'caseManager', 'admin'],
    hiddenCode: 'CANNED_REPLY_NOT_FOUND',
  },
  'GET /api/v1/staff/consult-reviews': { path: () => '/staff/consult-reviews', ok: ['service', 'admin'] },
  // Ratings: the service desk and admins judge the service; never doctors, nurses, case managers or marketing.
  'GET /api/v1/staff/consult-ratings': { path: () => '/staff/consult-ratings', ok: ['service', 'admin'] },
  'POST /api/v1/staff/consult-reviews/:messageId': {
    path: () => `/staff/consult-reviews/${ULID}`,
    body: () => ({ decision: 'approve' }),
    ok: ['service', 'admin'],
  },
  // Health education: anyone reads what is published; marketing and admins write; admins and doctors review (never
  // their own); staff who write or review see every status; patients read, save and are counted.
  'GET /api/v1/articles': { path: () => '/articles', ok: 'public' },
  'GET /api/v1/articles/covers/:coverId': { path: () => `/articles/covers/${ULID}`, ok: 'public' },
  'GET /api/v1/articles/:id': { path: () => `/articles/${ULID}`, ok: 'public' },
  'POST /api/v1/articles': { path: () => '/articles', body: () => ({ title: '矩阵', body: '<p>矩阵</p>' }), ok: ['marketing', 'admin'] },
  'PATCH /api/v1/articles/:id': { path: () => `/articles/${ULID}`, body: () => ({ title: '矩阵' }), ok: ['marketing', 'admin'] },
  'POST /api/v1/articles/:id/cover': { path: () => `/articles/${ULID}/cover`, body: () => ({}), ok: ['marketing', 'admin'] },
  'POST /api/v1/articles/:id/submit': { path: () => `/articles/${ULID}/submit`, ok: ['marketing', 'admin'] },
  'POST /api/v1/articles/:id/archive': { path: () => `/articles/${ULID}/archive`, ok: ['marketing', 'admin'] },
  'POST /api/v1/articles/:id/approve': { path: () => `/articles/${ULID}/approve`, body: () => ({}), ok: ['doctor', 'otherDoctor', 'admin'] },
  'POST /api/v1/articles/:id/reject': { path: () => `/articles/${ULID}/reject`, body: () => ({ comment: '矩阵' }), ok: ['doctor', 'otherDoctor', 'admin'] },
  'GET /api/v1/staff/articles': { path: () => '/staff/articles', ok: ['doctor', 'otherDoctor', 'marketing', 'admin'] },
  'GET /api/v1/staff/articles/:id': { path: () => `/staff/articles/${ULID}`, ok: ['doctor', 'otherDoctor', 'marketing', 'admin'] },
  'GET /api/v1/me/articles/feed': { path: () => '/me/articles/feed', ok: PATIENTS },
  'GET /api/v1/me/articles/favourites': { path: () => '/me/articles/favourites', ok: PATIENTS },
  'GET /api/v1/me/articles/:id': { path: () => `/me/articles/${ULID}`, ok: PATIENTS },
  'POST /api/v1/me/articles/:id/favourite': { path: () => `/me/articles/${ULID}/favourite`, ok: PATIENTS },
  'DELETE /api/v1/me/articles/:id/favourite': { path: () => `/me/articles/${ULID}/favourite`, ok: PATIENTS },
  'POST /api/v1/me/articles/:id/reads': { path: () => `/me/articles/${ULID}/reads`, body: () => ({ seconds: 5 }), ok: PATIENTS },
  // Segments: marketing and admins (aggregates only); a patient's tags: clinical staff who care for them.
  'POST /api/v1/segments/count': {
    path: () => '/segments/count',
    body: () => ({ rule: { field: 'gender', op: 'eq', value: 'female' } }),
    ok: ['marketing', 'admin'],
  },
  'GET /api/v1/segments/fields': { path: () => '/segments/fields', ok: ['marketing', 'admin'] },
  'POST /api/v1/segments': {
    path: () => '/segments',
    body: () => ({ name: '矩阵', rule: { field: 'gender', op: 'eq', value: 'female' } }),
    ok: ['marketing', 'admin'],
  },
  'GET /api/v1/segments': { path: () => '/segments', ok: ['marketing', 'admin'] },
  'GET /api/v1/segments/:id': { path: () => `/segments/${ULID}`, ok: ['marketing', 'admin'] },
  'PATCH /api/v1/segments/:id': { path: () => `/segments/${ULID}`, body: () => ({ name: '矩阵' }), ok: ['marketing', 'admin'] },
  'POST /api/v1/segments/:id/recount': { path: () => `/segments/${ULID}/recount`, ok: ['marketing', 'admin'] },
  'DELETE /api/v1/segments/:id': { path: () => `/segments/${ULID}`, ok: ['marketing', 'admin'] },
  // Campaigns: marketing and admins write and read aggregates and contact state; only an admin reviews.
  'POST /api/v1/campaigns': {
    path: () => '/campaigns',
    body: () => ({ name: '矩阵', segmentId: ULID, messageKind: 'health_education', content: { title: '标题', body: '内容' } }),
    ok: ['marketing', 'admin'],
  },
  'GET /api/v1/campaigns': { path: () => '/campaigns', ok: ['marketing', 'admin'] },
  'GET /api/v1/campaigns/message-kinds': { path: () => '/campaigns/message-kinds', ok: ['marketing', 'admin'] },
  'GET /api/v1/campaigns/calendar': { path: () => '/campaigns/calendar?month=2026-09', ok: ['marketing', 'admin'] },
  'PUT /api/v1/campaigns/test-recipient': {
    path: () => '/campaigns/test-recipient',
    body: () => ({ openid: 'oMatrixOpenid0001' }),
    ok: ['marketing', 'admin'],
  },
  'GET /api/v1/campaigns/:id': { path: () => `/campaigns/${ULID}`, ok: ['marketing', 'admin'] },
  'PATCH /api/v1/campaigns/:id': { path: () => `/campaigns/${ULID}`, body: () => ({ name: '矩阵' }), ok: ['marketing', 'admin'] },
  'POST /api/v1/campaigns/:id/submit': { path: () => `/campaigns/${ULID}/submit`, ok: ['marketing', 'admin'] },
  'POST /api/v1/campaigns/:id/approve': { path: () => `/campaigns/${ULID}/approve`, ok: ['admin'] },
  'POST /api/v1/campaigns/:id/reject': { path: () => `/campaigns/${ULID}/reject`, body: () => ({ comment: '矩阵' }), ok: ['admin'] },
  'POST /api/v1/campaigns/:id/schedule': { path: () => `/campaigns/${ULID}/schedule`, ok: ['marketing', 'admin'] },
  'POST /api/v1/campaigns/:id/pause': { path: () => `/campaigns/${ULID}/pause`, ok: ['marketing', 'admin'] },
  'POST /api/v1/campaigns/:id/resume': { path: () => `/campaigns/${ULID}/resume`, ok: ['marketing', 'admin'] },
  'POST /api/v1/campaigns/:id/cancel': { path: () => `/campaigns/${ULID}/cancel`, ok: ['marketing', 'admin'] },
  'POST /api/v1/campaigns/:id/test-send': { path: () => `/campaigns/${ULID}/test-send`, ok: ['marketing', 'admin'] },
  'GET /api/v1/campaigns/:id/stats': { path: () => `/campaigns/${ULID}/stats`, ok: ['marketing', 'admin'] },
  'GET /api/v1/campaigns/:id/timeline': { path: () => `/campaigns/${ULID}/timeline`, ok: ['marketing', 'admin'] },
  'GET /api/v1/campaigns/:id/recipients': { path: () => `/campaigns/${ULID}/recipients`, ok: ['marketing', 'admin'] },
  'GET /api/v1/campaigns/:id/recipients.csv': { path: () => `/campaigns/${ULID}/recipients.csv`, ok: ['marketing', 'admin'] },
  'POST /api/v1/me/campaign-opens': { path: () => '/me/campaign-opens', body: () => ({ campaignId: ULID }), ok: PATIENTS },
  // Surveys: service, case managers and admins send and read templates; only service and admins edit them; triggers are
  // admins'; patients see and answer their own invitations (another patient's is not found).
  'GET /api/v1/surveys/templates': { path: () => '/surveys/templates', ok: ['service', 'caseManager', 'admin'] },
  'GET /api/v1/surveys/templates/:id': { path: () => `/surveys/templates/${ULID}`, ok: ['service', 'caseManager', 'admin'] },
  'GET /api/v1/surveys/templates/:id/fhir': { path: () => `/surveys/templates/${ULID}/fhir`, ok: ['service', 'caseManager', 'admin'] },
  'POST /api/v1/surveys/templates': {
    path: () => '/surveys/templates',
    body: () => ({ key: 'matrix', purpose: 'survey', definition: {} }),
    ok: ['service', 'admin'],
  },
  'PUT /api/v1/surveys/templates/:id/draft': { path: () => `/surveys/templates/${ULID}/draft`, body: () => ({ definition: {} }), ok: ['service', 'admin'] },
  'POST /api/v1/surveys/templates/:id/publish': { path: () => `/surveys/templates/${ULID}/publish`, ok: ['service', 'admin'] },
  'GET /api/v1/surveys/triggers': { path: () => '/surveys/triggers', ok: ['service', 'admin'] },
  'PUT /api/v1/surveys/triggers/:trigger': {
    path: () => '/surveys/triggers/visit_completed',
    body: () => ({ enabled: true, templateKey: 'six_criteria', delayHours: 2, expiresAfterDays: 7, remindAfterHours: 48 }),
    ok: ['admin'],
  },
  'POST /api/v1/surveys/invitations': {
    path: () => '/surveys/invitations',
    body: (f) => ({ patientId: f.a.patientId, templateId: ULID }),
    ok: ['service', 'caseManager', 'admin'],
  },
  'GET /api/v1/surveys/invitations': { path: () => '/surveys/invitations', ok: PATIENTS },
  'GET /api/v1/surveys/invitations/:id': {
    path: (f) => `/surveys/invitations/${f.a2.invitation}`,
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'SURVEY_INVITATION_NOT_FOUND',
  },
  'POST /api/v1/surveys/invitations/:id/response': {
    path: (f) => `/surveys/invitations/${f.a2.invitation}/response`,
    body: () => ({ answers: [{ itemId: 'recommend', value: 99 }] }),
    ok: ['patientA'],
    hidden: ['patientB'],
    hiddenCode: 'SURVEY_INVITATION_NOT_FOUND',
  },
  // Analytics: aggregates only, for admins, marketing and service staff.
  'GET /api/v1/analytics/service-quality': { path: () => '/analytics/service-quality', ok: ['marketing', 'service', 'admin'] },
  'GET /api/v1/analytics/service-quality.csv': { path: () => '/analytics/service-quality.csv', ok: ['marketing', 'service', 'admin'] },
  // Service recovery: service staff and admins (the detail is a read of a patient's answers, audited).
  'GET /api/v1/service-issues': { path: () => '/service-issues', ok: ['service', 'admin'] },
  'GET /api/v1/service-issues/summary': { path: () => '/service-issues/summary', ok: ['service', 'admin'] },
  'GET /api/v1/service-issues/:id': { path: () => `/service-issues/${ULID}`, ok: ['service', 'admin'] },
  'POST /api/v1/service-issues/:id/assign': { path: () => `/service-issues/${ULID}/assign`, ok: ['service', 'admin'] },
  'POST /api/v1/service-issues/:id/notes': { path: () => `/service-issues/${ULID}/notes`, body: () => ({ text: '已联系' }), ok: ['service', 'admin'] },
  'POST /api/v1/service-issues/:id/resolve': {
    path: () => `/service-issues/${ULID}/resolve`,
    body: () => ({ resolution: '已处理' }),
    ok: ['service', 'admin'],
  },
  // Discharges and outside visits: clinic staff of the department (Cardiology here), admins anywhere.
  'POST /api/v1/visits': {
    path: () => '/visits',
    body: (f) => ({
      patientId: f.a.patientId,
      departmentId: f.cardiology,
      date: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      encounterClass: 'outpatient',
      externalRef: 'MATRIX-VISIT-1',
    }),
    ok: CARDIOLOGY,
  },
  // Follow-ups: case managers and treating staff; which plans and tasks is the policy's `followup` rule (followups.test).
  'GET /api/v1/followups/templates': { path: () => '/followups/templates', ok: CLINICAL },
  'POST /api/v1/followups/templates': {
    path: () => '/followups/templates',
    body: () => ({ name: '', match: {}, steps: [], active: true }),
    ok: ['caseManager', 'admin'],
  },
  'PUT /api/v1/followups/templates/:id': {
    path: () => `/followups/templates/${ULID}`,
    body: () => ({ name: '', match: {}, steps: [], active: true }),
    ok: ['caseManager', 'admin'],
  },
  'POST /api/v1/followups/enrolments': {
    path: () => '/followups/enrolments',
    body: (f) => ({ patientId: f.a.patientId, templateId: ULID }),
    ok: CLINICAL,
  },
  'GET /api/v1/followups/tasks': { path: () => '/followups/tasks?box=escalated', ok: CLINICAL },
  'GET /api/v1/followups/tasks/:id/answers': { path: () => `/followups/tasks/${ULID}/answers`, ok: CLINICAL },
  'POST /api/v1/followups/tasks/:id/complete': { path: () => `/followups/tasks/${ULID}/complete`, body: () => ({ outcome: 'reached' }), ok: CLINICAL },
  'POST /api/v1/followups/tasks/:id/reschedule': {
    path: () => `/followups/tasks/${ULID}/reschedule`,
    body: (f) => ({ dueOn: f.future }),
    ok: CLINICAL,
  },
  'POST /api/v1/followups/plans/:id/stop': { path: () => `/followups/plans/${ULID}/stop`, body: () => ({ reason: 'patient_declined' }), ok: CLINICAL },
  'GET /api/v1/followups/patients/:patientId/plans': { path: (f) => `/followups/patients/${f.a.patientId}/plans`, ok: CLINICAL },
  'GET /api/v1/me/followups': { path: () => '/me/followups', ok: PATIENTS },
  'GET /api/v1/analytics/followups': { path: () => '/analytics/followups', ok: ['marketing', 'service', 'admin'] },
  'GET /api/v1/analytics/followups.csv': { path: () => '/analytics/followups.csv', ok: ['marketing', 'service', 'admin'] },
  'GET /api/v1/analytics/tiers': { path: () => '/analytics/tiers', ok: ['marketing', 'admin'] },
  'GET /api/v1/analytics/tiers.csv': { path: () => '/analytics/tiers.csv', ok: ['marketing', 'admin'] },
  'GET /api/v1/analytics/tiers/migration': { path: () => '/analytics/tiers/migration', ok: ['marketing', 'admin'] },
  'GET /api/v1/analytics/tiers/migration.csv': { path: () => '/analytics/tiers/migration.csv', ok: ['marketing', 'admin'] },
  'GET /api/v1/analytics/clv': { path: () => '/analytics/clv', ok: ['marketing', 'admin'] },
  'GET /api/v1/analytics/clv.csv': { path: () => '/analytics/clv.csv', ok: ['marketing', 'admin'] },
  // Membership: a patient's own card and ledger; the policy, recompute and overrides are admins'.
  'GET /api/v1/me/membership': { path: () => '/me/membership', ok: PATIENTS },
  'GET /api/v1/me/points': { path: () => '/me/points', ok: PATIENTS },
  'GET /api/v1/membership/policy': { path: () => '/membership/policy', ok: ['admin'] },
  'PUT /api/v1/membership/policy': { path: () => '/membership/policy', body: () => ({ policy: {} }), ok: ['admin'] },
  'POST /api/v1/membership/recompute': { path: () => '/membership/recompute', ok: ['admin'] },
  'GET /api/v1/membership/recompute/:id': { path: () => `/membership/recompute/${ULID}`, ok: ['admin'] },
  'GET /api/v1/membership/patients/:id': { path: (f) => `/membership/patients/${f.a.patientId}`, ok: ['admin'] },
  'POST /api/v1/membership/patients/:id/override': {
    path: (f) => `/membership/patients/${f.a.patientId}/override`,
    body: () => ({ tier: 'gold', until: '2020-01-01T00:00:00Z', reason: '矩阵' }),
    ok: ['admin'],
  },
  'GET /api/v1/me/referral': { path: () => '/me/referral', ok: PATIENTS },
  'POST /api/v1/me/referral': { path: () => '/me/referral', body: () => ({ code: 'ZZZZZZZZ' }), ok: PATIENTS },
  // The VIP club: patients register for themselves; club staff manage events; the service desk also checks people in.
  'GET /api/v1/events': { path: () => '/events', ok: PATIENTS },
  'GET /api/v1/me/registrations': { path: () => '/me/registrations', ok: PATIENTS },
  'GET /api/v1/events/registrations/:id': { path: () => `/events/registrations/${ULID}`, ok: PATIENTS },
  'GET /api/v1/events/:id': { path: () => `/events/${ULID}`, ok: PATIENTS },
  'POST /api/v1/events/:id/registrations': { path: () => `/events/${ULID}/registrations`, ok: PATIENTS },
  'POST /api/v1/events/registrations/:id/confirm': { path: () => `/events/registrations/${ULID}/confirm`, ok: PATIENTS },
  'POST /api/v1/events/registrations/:id/pay': { path: () => `/events/registrations/${ULID}/pay`, ok: PATIENTS },
  'POST /api/v1/events/registrations/:id/cancel': { path: () => `/events/registrations/${ULID}/cancel`, ok: PATIENTS },
  'GET /api/v1/club/events': { path: () => '/club/events', ok: ['marketing', 'service', 'admin'] },
  'GET /api/v1/club/events.csv': { path: () => '/club/events.csv', ok: ['marketing', 'service', 'admin'] },
  'GET /api/v1/club/events/:id': { path: () => `/club/events/${ULID}`, ok: ['marketing', 'service', 'admin'] },
  'GET /api/v1/club/events/:id/registrations': { path: () => `/club/events/${ULID}/registrations`, ok: ['marketing', 'service', 'admin'] },
  'POST /api/v1/events': { path: () => '/events', body: () => ({ title: '' }), ok: ['marketing', 'admin'] },
  'PUT /api/v1/events/:id': { path: () => `/events/${ULID}`, body: () => ({ title: '' }), ok: ['marketing', 'admin'] },
  'POST /api/v1/events/:id/publish': { path: () => `/events/${ULID}/publish`, ok: ['marketing', 'admin'] },
  'POST /api/v1/events/:id/cancel': { path: () => `/events/${ULID}/cancel`, ok: ['marketing', 'admin'] },
  'POST /api/v1/events/:id/check-ins': { path: () => `/events/${ULID}/check-ins`, body: () => ({ code: 'ABCDEFGHJK' }), ok: ['marketing', 'service', 'admin'] },
  // Last: signing out ends the sessions this test uses.
  'POST /api/v1/auth/logout': { path: () => '/auth/logout', ok: all(PATIENTS, STAFF) },
};

function expected(row: Row, caller: Caller): Outcome {
  if (row.ok === 'public') return 'ok';
  if (caller === 'anonymous') return 'anonymous';
  if (row.ok.includes(caller)) return 'ok';
  if (row.hidden?.includes(caller)) return 'hidden';
  if (row.care?.includes(caller)) return 'care';
  return 'forbidden';
}

function observed(row: Row, status: number, code: ErrorCode | undefined): Outcome | string {
  if (status >= 500) return `server error ${status} ${code}`;
  if (code === 'AUTH_REQUIRED') return 'anonymous';
  if (code === 'FORBIDDEN_ROLE') return 'forbidden';
  if (code === 'CARE_RELATIONSHIP_REQUIRED') return 'care';
  if (row.hiddenCode && code === row.hiddenCode) return 'hidden';
  if (code && ACCESS_CODES.has(code)) return `refused ${code}`;
  return 'ok';
}

let stack: Stack;
let f: Fixtures;

beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
  const [a, b] = [await consentedPatient(stack, '甲'), await consentedPatient(stack, '乙')];
  const staff = async (username: string) => staffLogin(stack, username);
  const tokens = {
    patientA: a.token,
    patientB: b.token,
    doctor: await staff('doctor.zhang'),
    otherDoctor: await staff('doctor.li'),
    nurse: await staff('nurse.wang'),
    caseManager: await staff('cm.chen'),
    marketing: await staff('marketing.liu'),
    service: await staff('service.zhao'),
    admin: await staff('admin'),
  };
  const family = async () =>
    (await stack.api.post('/me/patients', { name: '家人', gender: 'female', birthDate: '1950-01-01', relationship: 'parent' }, { token: a.token })).body
      .id as string;
  const zhang = await demoDoctor(stack, '张伟');
  const staffList = (await stack.api.get<{ id: string; username: string }[]>('/staff', { token: tokens.admin })).body;

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
  const toStop = await makeSlot(stack, { fee: 0 });
  const notification = (await notificationRows.find(stack, { patientId: a.patientId }))[0]!;
  const npsTemplate = (await stack.api.get<{ id: string; key: string }[]>('/surveys/templates', { token: tokens.service })).body.find((t) => t.key === 'nps')!;
  const invitation = await stack.api.post<{ id: string }>(
    '/surveys/invitations',
    { patientId: a.patientId, templateId: npsTemplate.id },
    { token: tokens.service },
  );
  if (invitation.status !== 201) throw new Error(`survey invitation: ${JSON.stringify(invitation.body)}`);
  const healthEntry = async () =>
    (await stack.api.post('/me/health-record/entries', { kind: 'allergy', name: '青霉素' }, { token: a.token })).body.id as string;
  const reading = await stack.api.post(
    '/me/health-record/measurements',
    { kind: 'weight', weightKg: 63, measuredAt: new Date().toISOString() },
    { token: a.token },
  );
  if (reading.status !== 201) throw new Error(`health reading: ${JSON.stringify(reading.body)}`);

  f = {
    tokens,
    a: {
      patientId: a.patientId,
      family: await family(),
      familyToRemove: await family(),
      appointment: appointment.appointment.id,
      appointmentToCancel: toCancel.appointment.id,
      checkInCode,
    },
    a2: {
      waitlistEntry: entry.body.id,
      consultation: consultation.id,
      consultationToClose: toClose.id,
      notification: notification.id,
      invitation: invitation.body.id,
    },
    health: { entry: await healthEntry(), entryToRemove: await healthEntry(), reading: reading.body.id },
    cardiology,
    zhang: { doctorId: zhang.id, staffId: staffList.find((s) => s.username === 'doctor.zhang')!.id },
    adminStaffId: staffList.find((s) => s.username === 'admin')!.id,
    slotToBook: (await makeSlot(stack, { capacity: 5, fee: 0 })).id,
    slotToMoveTo: (await makeSlot(stack, { fee: 5000 })).id,
    sessionToStop: toStop.sessionId,
    slotToEdit: (await makeSlot(stack, { fee: 0 })).id,
    cannedReply: canned.body.id,
    day,
    future: new Date(Date.now() + 40 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10),
  };
}, 120_000);
afterAll(() => stack.close());

/** The routes the application serves under /api/v1, as `METHOD /path` (from the HTTP router itself). */
function servedRoutes(): string[] {
  const express = stack.app.getHttpAdapter().getInstance() as unknown as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack
    .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : []))
    .filter((route) => /^[A-Z]+ \/api\/v1\//.test(route) && !route.includes('*'));
}

describe('the authorisation matrix', () => {
  it('has a row for every route the application serves, and no row for a route it does not', () => {
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(70);
    expect(served.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !served.includes(r))).toEqual([]);
  });

  it('answers every caller of every route as the matrix says', async () => {
    const mismatches: string[] = [];
    const seen: Record<string, number> = {};
    let calls = 0;
    for (const [route, row] of Object.entries(MATRIX)) {
      const method = route.split(' ')[0]!;
      for (const caller of CALLERS) {
        const token = caller === 'anonymous' ? undefined : f.tokens[caller];
        const res = await stack.api.request(method, row.path(f), row.body?.(f), { token });
        calls++;
        const want = expected(row, caller);
        seen[want] = (seen[want] ?? 0) + 1;
        const got = observed(row, res.status, (res.body as { code?: ErrorCode } | undefined)?.code);
        if (got !== want) mismatches.push(`${route} as ${caller}: expected ${want}, got ${got} (${res.status} ${JSON.stringify(res.body).slice(0, 160)})`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(calls).toBe(Object.keys(MATRIX).length * CALLERS.length);
    // Every kind of answer was actually exercised, many times over.
    expect(seen).toEqual({ ok: expect.any(Number), anonymous: expect.any(Number), forbidden: expect.any(Number), hidden: expect.any(Number), care: 16 });
    for (const outcome of ['ok', 'anonymous', 'forbidden', 'hidden'] as const) expect(seen[outcome]).toBeGreaterThan(40);
  }, 180_000);

  it('asks a patient for the consents, and to book or consult for a real name, on exactly the routes marked so', async () => {
    // Two more patients: one who has not agreed to anything yet, one who agreed but whose profile has no real name.
    const fresh = (await patientLogin(stack)).token;
    const unnamed = (await patientLogin(stack)).token;
    await acceptRequiredConsents(stack, unnamed);
    const mismatches: string[] = [];
    const seen: Record<string, number> = {};
    const routes = Object.entries(MATRIX).filter(
      ([route, row]) => Array.isArray(row.ok) && PATIENTS.every((p) => row.ok.includes(p)) && route !== 'POST /api/v1/auth/logout',
    );
    for (const [route, row] of routes) {
      const method = route.split(' ')[0]!;
      const wants: [string, string, string][] = [
        ['fresh', fresh, row.needs ? 'CONSENT_REQUIRED' : 'ok'],
        ['unnamed', unnamed, row.needs === 'realName' ? 'REAL_NAME_REQUIRED' : 'ok'],
      ];
      for (const [who, token, want] of wants) {
        const res = await stack.api.request(method, row.path(f), row.body?.(f), { token });
        const code = (res.body as { code?: ErrorCode } | undefined)?.code;
        const got =
          res.status >= 500
            ? `server error ${res.status}`
            : code === 'CONSENT_REQUIRED' || code === 'REAL_NAME_REQUIRED' || (code && ACCESS_CODES.has(code))
              ? code
              : 'ok';
        seen[want] = (seen[want] ?? 0) + 1;
        if (got !== want) mismatches.push(`${route} as ${who}: expected ${want}, got ${got} (${res.status} ${JSON.stringify(res.body).slice(0, 160)})`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(seen).toEqual({ ok: expect.any(Number), CONSENT_REQUIRED: 7, REAL_NAME_REQUIRED: 3 });
  }, 120_000);

  it('lets only the tiers a club event is for register, shows a patient only their own tier and points, and lets only staff check in', async () => {
    // The club event rule of the access policy, per object: a gold-only event refuses the lead patients A and B with its
    // own code, and takes a gold patient; staff may not register at all.
    // Fresh sign-ins: the matrix above signed every fixture caller out (POST /auth/logout).
    const USERNAMES: Partial<Record<Caller, string>> = {
      doctor: 'doctor.zhang',
      otherDoctor: 'doctor.li',
      nurse: 'nurse.wang',
      caseManager: 'cm.chen',
      marketing: 'marketing.liu',
      service: 'service.zhao',
      admin: 'admin',
    };
    const tokens = Object.fromEntries(await Promise.all(STAFF.map(async (c) => [c, await staffLogin(stack, USERNAMES[c]!)]))) as Record<string, string>;
    const [leadA, leadB] = [await consentedPatient(stack, '矩阵甲'), await consentedPatient(stack, '矩阵乙')];
    // It starts within the half hour, so the door (check-in) is already open.
    const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const created = await stack.api.post<{ id: string }>(
      '/events',
      {
        title: '黄金会员专家沙龙',
        kind: 'salon',
        startsAt: at(0.02),
        endsAt: at(0.1),
        venue: '门诊楼 5 楼',
        capacity: 10,
        eligibleTiers: ['gold', 'platinum'],
      },
      { token: tokens.marketing },
    );
    expect(created.status).toBe(201);
    expect((await stack.api.post(`/events/${created.body.id}/publish`, {}, { token: tokens.marketing })).status).toBe(200);
    const gold = await consentedPatient(stack, '矩阵黄金');
    await recordHisVisit(stack, { patientId: gold.patientId, departmentCode: 'CARD', daysAgo: 30, amountSpent: 1_000_000 });
    const registerAs = async (token: string) => {
      const res = await stack.api.post<{ code?: ErrorCode; registration?: { status: string; code: string } }>(
        `/events/${created.body.id}/registrations`,
        {},
        { token },
      );
      return res.status === 201 ? 'registered' : `${res.status} ${res.body.code}`;
    };
    const outcomes = {
      patientA: await registerAs(leadA.token),
      patientB: await registerAs(leadB.token),
      gold: await registerAs(gold.token),
      ...Object.fromEntries(await Promise.all(STAFF.map(async (c) => [c, await registerAs(tokens[c]!)]))),
    };
    expect(outcomes).toEqual({
      patientA: '403 EVENT_NOT_ELIGIBLE',
      patientB: '403 EVENT_NOT_ELIGIBLE',
      gold: 'registered',
      ...Object.fromEntries(STAFF.map((c) => [c, '403 FORBIDDEN_ROLE'])),
    });
    // Each patient's card is their own: the gold patient's says gold, patient A's says lead.
    const tierOf = async (token: string) => (await stack.api.get<{ tier: string; points: number }>('/me/membership', { token })).body.tier;
    expect([await tierOf(gold.token), await tierOf(leadA.token)]).toEqual(['gold', 'lead']);
    // Checking the gold patient in with their registration's code: patients are refused by role, club staff succeed.
    const mine = (await stack.api.get<{ eventId: string; checkInCode?: string }[]>('/me/registrations', { token: gold.token })).body;
    const code = mine.find((r) => r.eventId === created.body.id)!.checkInCode;
    expect(code).toEqual(expect.any(String));
    for (const token of [gold.token, leadA.token])
      expect((await stack.api.post(`/events/${created.body.id}/check-ins`, { code }, { token })).body.code).toBe('FORBIDDEN_ROLE');
    expect((await stack.api.post(`/events/${created.body.id}/check-ins`, { code }, { token: tokens.service })).status).toBe(200);
  }, 60_000);
});
