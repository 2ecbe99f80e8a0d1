// Administration (issue #14): staff accounts (search, create with the department a role needs, roles, disable, reset a
// password — sessions end), the audit log with its filters (who read whose record, when, why, with the roles held
// then), and patients' consultation ratings for the service desk (summary, filters, paging; names masked for
// non-clinical readers; every read audited).
import type { AuditLogPage, ConsultRatingsPage, StaffAccountView } from '@yiban/shared';
import { auditRows, makeSlot } from '@yiban/server/testing';
import { consentedPatient, departmentId, staffLogin, seed } from '../support/actors.js';
import { book } from '../support/booking.js';
import { ask } from '../support/consult.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let admin: string;
let cardiology: string;
let endocrinology: string;

beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
  admin = await staffLogin(stack, 'admin');
  cardiology = await departmentId(stack, 'CARD');
  endocrinology = await departmentId(stack, 'ENDO');
});
afterAll(() => stack.close());

/** Today in the hospital's time zone (YYYY-MM-DD). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: stack.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('staff accounts', () => {
  it('lists accounts with their state, and finds them by words, role and state', async () => {
    const all = await stack.api.get<StaffAccountView[]>('/staff', { token: admin });
    expect(all.status).toBe(200);
    expect(all.body.find((s) => s.username === 'nurse.wang')).toEqual({
      id: expect.any(String),
      username: 'nurse.wang',
      displayName: '王护士',
      roles: ['nurse'],
      departmentId: cardiology,
      doctorId: null,
      active: true,
      lastLoginAt: null,
      createdAt: expect.any(String),
    });
    // The admin signed in above.
    expect(all.body.find((s) => s.username === 'admin')!.lastLoginAt).toEqual(expect.any(String));

    const byName = await stack.api.get<StaffAccountView[]>(`/staff?q=${encodeURIComponent('护士')}`, { token: admin });
    expect(byName.body.map((s) => s.username)).toContain('nurse.wang');
    expect(byName.body.every((s) => s.displayName.includes('护士') || s.username.includes('护士'))).toBe(true);
    const byWords = await stack.api.get<StaffAccountView[]>('/staff?q=DOCTOR%20zh', { token: admin });
    expect(byWords.body.map((s) => s.username)).toEqual(['doctor.zhang']);
    const doctors = await stack.api.get<StaffAccountView[]>('/staff?role=doctor', { token: admin });
    expect(doctors.body.length).toBeGreaterThan(1);
    expect(doctors.body.every((s) => s.roles.includes('doctor'))).toBe(true);
    expect((await stack.api.get<StaffAccountView[]>('/staff?active=false', { token: admin })).body.every((s) => !s.active)).toBe(true);
  });

  it('creates an account with several roles, asks doctors and nurses for a department, and changes roles and department', async () => {
    const missing = await stack.api.post(
      '/staff',
      { username: 'nurse.he', password: 'Nurse-he-2026', displayName: '何护士', roles: ['nurse', 'case_manager'] },
      { token: admin, language: 'en' },
    );
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'STAFF_DEPARTMENT_REQUIRED', message: 'Doctor and nurse accounts need a department.' });
    const nowhere = await stack.api.post(
      '/staff',
      { username: 'nurse.he', password: 'Nurse-he-2026', displayName: '何护士', roles: ['nurse'], departmentId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
      { token: admin },
    );
    expect(nowhere.body.code).toBe('DEPARTMENT_NOT_FOUND');

    const created = await stack.api.post<StaffAccountView>(
      '/staff',
      { username: 'nurse.he', password: 'Nurse-he-2026', displayName: '何护士', roles: ['nurse', 'case_manager'], departmentId: cardiology },
      { token: admin },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'nurse.he', roles: ['nurse', 'case_manager'], departmentId: cardiology, active: true, lastLoginAt: null });
    const session = await staffLogin(stack, 'nurse.he', 'Nurse-he-2026');
    expect((await stack.api.get('/me', { token: session })).body.roles).toEqual(['nurse', 'case_manager']);

    // A nurse keeps a department; as a case manager alone the department may go.
    const keep = await stack.api.patch(`/staff/${created.body.id}`, { departmentId: null }, { token: admin });
    expect(keep.body.code).toBe('STAFF_DEPARTMENT_REQUIRED');
    const moved = await stack.api.patch<StaffAccountView>(`/staff/${created.body.id}`, { roles: ['case_manager'], departmentId: null }, { token: admin });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ roles: ['case_manager'], departmentId: null });
    // New roles ended the session.
    expect((await stack.api.get('/me', { token: session })).body.code).toBe('AUTH_TOKEN_INVALID');
    const becomeDoctor = await stack.api.patch(`/staff/${created.body.id}`, { roles: ['doctor'] }, { token: admin });
    expect(becomeDoctor.body.code).toBe('STAFF_DEPARTMENT_REQUIRED');
    const doctor = await stack.api.patch<StaffAccountView>(`/staff/${created.body.id}`, { roles: ['doctor'], departmentId: endocrinology }, { token: admin });
    expect(doctor.body).toMatchObject({ roles: ['doctor'], departmentId: endocrinology });

    // Each change is in the audit log, with what changed (and never a password).
    const updates = await auditRows.find(stack, { resourceId: created.body.id, action: 'staff.update' });
    expect(updates.map((u) => u.purpose)).toEqual(
      expect.arrayContaining([
        `roles: nurse,case_manager → case_manager; department: ${cardiology} → -`,
        `roles: case_manager → doctor; department: - → ${endocrinology}`,
      ]),
    );
  });

  it('disables and enables an account, and never lets an admin lock themselves out', async () => {
    const list = await stack.api.get<StaffAccountView[]>('/staff?q=admin', { token: admin });
    const me = list.body.find((s) => s.username === 'admin')!;
    for (const body of [{ active: false }, { roles: ['doctor'], departmentId: cardiology }]) {
      const refused = await stack.api.patch(`/staff/${me.id}`, body, { token: admin, language: 'en' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'STAFF_SELF_LOCKOUT', message: expect.stringContaining('Ask another administrator') });
    }
    const zh = await stack.api.patch(`/staff/${me.id}`, { active: false }, { token: admin });
    expect(zh.body.message).toContain('不能停用自己的账号');
    expect((await stack.api.get('/me', { token: admin })).status).toBe(200);

    const service = (await stack.api.get<StaffAccountView[]>('/staff?q=service.zhao', { token: admin })).body[0]!;
    const token = await staffLogin(stack, 'service.zhao');
    const off = await stack.api.patch<StaffAccountView>(`/staff/${service.id}`, { active: false }, { token: admin });
    expect(off.body.active).toBe(false);
    expect((await stack.api.get('/me', { token })).body.code).toBe('AUTH_ACCOUNT_DISABLED');
    expect((await stack.api.get<StaffAccountView[]>('/staff?active=false', { token: admin })).body.map((s) => s.username)).toContain('service.zhao');
    // Disabled accounts come after the active ones.
    const all = (await stack.api.get<StaffAccountView[]>('/staff', { token: admin })).body;
    expect(all.at(-1)!.username).toBe('service.zhao');
    const on = await stack.api.patch<StaffAccountView>(`/staff/${service.id}`, { active: true }, { token: admin });
    expect(on.body.active).toBe(true);
    expect((await stack.api.get('/me', { token: await staffLogin(stack, 'service.zhao') })).status).toBe(200);
  });

  it('resets a password: a weak one is refused, a good one ends every session and only the new password signs in', async () => {
    const created = await stack.api.post<StaffAccountView>(
      '/staff',
      { username: 'mkt.sun', password: 'Market-sun-2026', displayName: '孙市场', roles: ['marketing'] },
      { token: admin },
    );
    const old = await stack.api.post('/auth/staff/login', { username: 'mkt.sun', password: 'Market-sun-2026' });
    expect(old.status).toBe(200);

    const weak = await stack.api.post(`/staff/${created.body.id}/password`, { password: 'onlyletters' }, { token: admin, language: 'en' });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('STAFF_PASSWORD_WEAK');
    expect((await stack.api.get('/me', { token: old.body.token })).status).toBe(200);
    expect((await stack.api.post('/staff/01ARZ3NDEKTSV4RRFFQ69G5FAV/password', { password: 'Market-sun-2027' }, { token: admin })).body.code).toBe(
      'STAFF_NOT_FOUND',
    );
    const nurse = await staffLogin(stack, 'nurse.wang');
    expect((await stack.api.post(`/staff/${created.body.id}/password`, { password: 'Market-sun-2027' }, { token: nurse })).body.code).toBe('FORBIDDEN_ROLE');

    const reset = await stack.api.post<StaffAccountView>(`/staff/${created.body.id}/password`, { password: 'Market-sun-2027' }, { token: admin });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ id: created.body.id, username: 'mkt.sun', active: true });
    expect((await stack.api.get('/me', { token: old.body.token })).body.code).toBe('AUTH_TOKEN_INVALID');
    expect((await stack.api.post('/auth/refresh', { refreshToken: old.body.refreshToken })).body.code).toBe('AUTH_REFRESH_INVALID');
    expect((await stack.api.post('/auth/staff/login', { username: 'mkt.sun', password: 'Market-sun-2026' })).body.code).toBe('AUTH_BAD_CREDENTIALS');
    expect((await stack.api.post('/auth/staff/login', { username: 'mkt.sun', password: 'Market-sun-2027' })).status).toBe(200);
    expect(await auditRows.find(stack, { resourceId: created.body.id, action: 'staff.password_reset' })).toEqual([
      expect.objectContaining({ actorRoles: 'admin', resource: 'staff', purpose: null }),
    ]);
  });
});

describe('the audit log', () => {
  it('shows the admin who read whose record, when, why and with which roles; filters by staff, patient, action and dates; pages', async () => {
    const patient = await consentedPatient(stack, '审计患者');
    await book(stack, patient.token, (await makeSlot(stack, { fee: 0 })).id);
    const zhang = await staffLogin(stack, 'doctor.zhang');
    const nurse = await staffLogin(stack, 'nurse.wang');
    expect((await stack.api.get(`/patients/${patient.patientId}`, { token: zhang })).status).toBe(200);
    expect((await stack.api.get(`/patients/${patient.patientId}`, { token: nurse })).status).toBe(200);
    const staff = (await stack.api.get<StaffAccountView[]>('/staff', { token: admin })).body;
    const zhangId = staff.find((s) => s.username === 'doctor.zhang')!.id;

    const reads = await stack.api.get<AuditLogPage>(`/audit-logs?patientId=${patient.patientId}&action=patient.read`, { token: admin });
    expect(reads.status).toBe(200);
    expect(reads.body.items).toHaveLength(2);
    const [byNurse, byZhang] = reads.body.items; // newest first
    expect(byZhang).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      actorStaffId: zhangId,
      actorName: '张伟医生',
      actorUsername: 'doctor.zhang',
      actorRoles: 'doctor',
      action: 'patient.read',
      patientId: patient.patientId,
      patient: { name: '审计患者', phoneMasked: expect.stringMatching(/^138\*{4}\d{4}$/), idNumberMasked: expect.stringMatching(/^\d{4}\*{10}\d{3}[\dX]$/) },
      resource: 'patient.profile',
      resourceId: patient.patientId,
      purpose: 'view profile',
      requestId: expect.any(String),
    });
    expect(byNurse).toMatchObject({ actorUsername: 'nurse.wang', actorRoles: 'nurse' });

    // By staff member, by action, by date.
    const mine = await stack.api.get<AuditLogPage>(`/audit-logs?actorStaffId=${zhangId}&patientId=${patient.patientId}`, { token: admin });
    expect(mine.body.items.map((a) => a.actorStaffId)).toEqual([zhangId]);
    const day = today();
    const todays = await stack.api.get<AuditLogPage>(`/audit-logs?patientId=${patient.patientId}&action=patient.read&from=${day}&to=${day}`, {
      token: admin,
    });
    expect(todays.body.items).toHaveLength(2);
    const before = await stack.api.get<AuditLogPage>(`/audit-logs?patientId=${patient.patientId}&to=${daysFrom(day, -1)}`, { token: admin });
    expect(before.body.items).toHaveLength(0);
    const after = await stack.api.get<AuditLogPage>(`/audit-logs?patientId=${patient.patientId}&from=${daysFrom(day, 1)}`, { token: admin });
    expect(after.body.items).toHaveLength(0);
    const backwards = await stack.api.get(`/audit-logs?from=${day}&to=${daysFrom(day, -1)}`, { token: admin, language: 'en' });
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'to', problems: ['notBeforeFrom'] }] } });

    // Page by page, each entry once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: AuditLogPage } = await stack.api.get<AuditLogPage>(
        `/audit-logs?patientId=${patient.patientId}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin },
      );
      seen.push(...page.body.items.map((a) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await auditRows.count(stack, { patientId: patient.patientId }));

    // Reading the log shows patients' names: the reading is recorded too (its filters in the purpose).
    const admins = await auditRows.find(stack, { action: 'audit.read' });
    expect(admins.find((a) => a.purpose?.includes(`patient ${patient.patientId}, action patient.read`))).toMatchObject({
      actorRoles: 'admin',
      resource: 'audit_log',
      patientId: null,
    });
  });
});

describe('consultation ratings', () => {
  /** A consultation in `department`, answered by Dr Zhang when Cardiology, closed by the patient, rated. */
  async function rated(name: string, department: string, score: number | null, comment?: string): Promise<string> {
    const patient = await consentedPatient(stack, name);
    const { consultation } = await ask(stack, patient.token, { kind: 'health_consult', departmentId: department, question: '血压偏高需要调整用药吗？' });
    if (department === cardiology) {
      const zhang = await staffLogin(stack, 'doctor.zhang');
      expect((await stack.api.post(`/consultations/${consultation.id}/claim`, {}, { token: zhang })).status).toBeLessThan(300);
      expect((await stack.api.post(`/consultations/${consultation.id}/messages`, { text: '先不用调整，继续观察。' }, { token: zhang })).status).toBe(201);
    }
    expect((await stack.api.post(`/consultations/${consultation.id}/close`, {}, { token: patient.token })).status).toBeLessThan(300);
    if (score !== null) {
      const res = await stack.api.post(`/consultations/${consultation.id}/rating`, comment ? { score, comment } : { score }, { token: patient.token });
      expect(res.status).toBeLessThan(300);
    }
    return consultation.id;
  }

  it('shows service staff every rating with its comment and a summary, patients’ names masked; filters; pages; audits each read', async () => {
    const good = await rated('欧阳娜娜', cardiology, 5, '回复很及时，讲得清楚');
    const poor = await rated('李小龙', cardiology, 2, '等了很久才回复');
    const endo = await rated('王芳', endocrinology, 4);
    await rated('没评分', cardiology, null);

    const service = await staffLogin(stack, 'service.zhao');
    const res = await stack.api.get<ConsultRatingsPage>('/staff/consult-ratings', { token: service });
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ count: 3, average: 3.7, distribution: [0, 1, 0, 1, 1] });
    expect(res.body.items.map((r) => r.consultationId)).toEqual([endo, poor, good]); // newest rating first
    expect(res.body.items[1]).toEqual({
      consultationId: poor,
      kind: 'health_consult',
      departmentId: cardiology,
      departmentName: '心血管内科',
      staffName: '张伟医生',
      patientName: '李*龙',
      patientNameMasked: true,
      score: 2,
      comment: '等了很久才回复',
      ratedAt: expect.any(String),
      closedAt: expect.any(String),
    });
    expect(res.body.items[2]!.patientName).toBe('欧**娜');
    expect(res.body.items[0]).toMatchObject({ staffName: null, comment: null, departmentId: endocrinology });
    expect(await auditRows.find(stack, { action: 'consultation.list', resource: 'consultation.rating' })).toEqual([
      expect.objectContaining({ actorRoles: 'service', purpose: 'ratings (3)', patientId: null }),
    ]);

    // What went wrong: 3 stars or fewer; one department; a day range.
    const low = await stack.api.get<ConsultRatingsPage>('/staff/consult-ratings?maxScore=3', { token: service });
    expect(low.body.summary).toEqual({ count: 1, average: 2, distribution: [0, 1, 0, 0, 0] });
    expect(low.body.items.map((r) => r.consultationId)).toEqual([poor]);
    const endoOnly = await stack.api.get<ConsultRatingsPage>(`/staff/consult-ratings?departmentId=${endocrinology}`, { token: service, language: 'en' });
    expect(endoOnly.body.items.map((r) => r.consultationId)).toEqual([endo]);
    expect(endoOnly.body.items[0]!.departmentName).toBe('Endocrinology');
    const day = today();
    expect((await stack.api.get<ConsultRatingsPage>(`/staff/consult-ratings?from=${day}&to=${day}`, { token: service })).body.summary.count).toBe(3);
    const none = await stack.api.get<ConsultRatingsPage>(`/staff/consult-ratings?to=${daysFrom(day, -1)}`, { token: service });
    expect(none.body).toEqual({ summary: { count: 0, average: null, distribution: [0, 0, 0, 0, 0] }, items: [], nextCursor: null });

    // One at a time: the summary is of everything; the cursor walks each rating once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: ConsultRatingsPage } = await stack.api.get<ConsultRatingsPage>(`/staff/consult-ratings?limit=1${cursor ? `&cursor=${cursor}` : ''}`, {
        token: service,
      });
      expect(page.body.summary.count).toBe(3);
      seen.push(...page.body.items.map((r) => r.consultationId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([endo, poor, good]);
  });

  it('shows admins (clinical) the names; keeps doctors, nurses, case managers, marketing and patients out', async () => {
    const res = await stack.api.get<ConsultRatingsPage>('/staff/consult-ratings', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r) => r.patientName)).toEqual(expect.arrayContaining(['李小龙', '欧阳娜娜']));
    expect(res.body.items.every((r) => !r.patientNameMasked)).toBe(true);
    for (const username of ['doctor.zhang', 'nurse.wang', 'cm.chen', 'marketing.liu']) {
      const refused = await stack.api.get('/staff/consult-ratings', { token: await staffLogin(stack, username) });
      expect([username, refused.status, refused.body.code]).toEqual([username, 403, 'FORBIDDEN_ROLE']);
    }
    const patient = await consentedPatient(stack, '好奇');
    expect((await stack.api.get('/staff/consult-ratings', { token: patient.token })).body.code).toBe('FORBIDDEN_ROLE');
  });
});
