import { DEMO_STAFF_PASSWORD } from '@yiban/server';
import { STAFF_ROLES } from '@yiban/shared';
import { auditRows, staffRows, withClockAdvanced } from '@yiban/server/testing';
import { patientLogin, seed, staffLogin } from '../support/actors.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
});
afterAll(() => stack.close());

const DEMO_BY_ROLE = {
  doctor: 'doctor.zhang',
  nurse: 'nurse.wang',
  case_manager: 'cm.chen',
  marketing: 'marketing.liu',
  service: 'service.zhao',
  admin: 'admin',
} as const;

describe('staff sign-in', () => {
  it.each(STAFF_ROLES)('signs in the demo %s and reports the role at /me', async (role) => {
    const res = await stack.api.post('/auth/staff/login', { username: DEMO_BY_ROLE[role], password: DEMO_STAFF_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.staff.roles).toEqual([role]);
    const me = await stack.api.get('/me', { token: res.body.token });
    expect(me.body).toMatchObject({ kind: 'staff', roles: [role], staff: { username: DEMO_BY_ROLE[role] } });
  });

  it('stores passwords as argon2id hashes and refuses wrong passwords and unknown users alike', async () => {
    const stored = await staffRows.one(stack, { username: 'admin' });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const wrong = await stack.api.post('/auth/staff/login', { username: 'admin', password: 'nope-nope-1' }, { language: 'en' });
    const unknown = await stack.api.post('/auth/staff/login', { username: 'nobody', password: 'nope-nope-1' }, { language: 'en' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'AUTH_BAD_CREDENTIALS', message: 'The username or password is incorrect.', requestId: expect.any(String) });
    }
  });

  it('lets an admin create and disable accounts; a disabled account can neither sign in nor refresh', async () => {
    const admin = await staffLogin(stack, 'admin');
    const weak = await stack.api.post('/staff', { username: 'temp.nurse', password: 'short', displayName: '临时护士', roles: ['nurse'] }, { token: admin });
    expect(weak.body.code).toBe('STAFF_PASSWORD_WEAK');
    const created = await stack.api.post(
      '/staff',
      { username: 'temp.nurse', password: 'Temp-nurse-2026', displayName: '临时护士', roles: ['nurse'] },
      { token: admin },
    );
    expect(created.status).toBe(201);
    const taken = await stack.api.post(
      '/staff',
      { username: 'temp.nurse', password: 'Temp-nurse-2026', displayName: '又一个', roles: ['nurse'] },
      { token: admin },
    );
    expect(taken.body.code).toBe('STAFF_USERNAME_TAKEN');

    const session = await stack.api.post('/auth/staff/login', { username: 'temp.nurse', password: 'Temp-nurse-2026' });
    expect(session.status).toBe(200);
    const disabled = await stack.api.patch(`/staff/${created.body.id}`, { active: false }, { token: admin });
    expect(disabled.status).toBe(200);
    expect((await stack.api.post('/auth/staff/login', { username: 'temp.nurse', password: 'Temp-nurse-2026' })).body.code).toBe('AUTH_ACCOUNT_DISABLED');
    expect((await stack.api.post('/auth/refresh', { refreshToken: session.body.refreshToken })).status).toBe(403);
    const audited = await auditRows.find(stack, { resourceId: created.body.id });
    expect(audited.map((a) => a.action).sort()).toEqual(['staff.create', 'staff.update']);
  });
});

describe('role guard', () => {
  it('keeps every non-admin role out of staff management', async () => {
    for (const role of ['doctor', 'nurse', 'case_manager', 'marketing', 'service'] as const) {
      const token = await staffLogin(stack, DEMO_BY_ROLE[role]);
      const res = await stack.api.get('/staff', { token, language: 'en' });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN_ROLE', message: 'You do not have permission to do this.' });
      expect((await stack.api.get('/audit-logs', { token })).status).toBe(403);
    }
  });

  it('keeps patients out of staff routes and staff out of patient routes', async () => {
    const patient = await patientLogin(stack);
    expect((await stack.api.get('/staff', { token: patient.token })).body.code).toBe('FORBIDDEN_ROLE');
    expect((await stack.api.get(`/patients/${patient.patient.id}`, { token: patient.token })).status).toBe(403);
    const doctor = await staffLogin(stack, 'doctor.zhang');
    expect((await stack.api.get('/me/patients', { token: doctor })).body.code).toBe('FORBIDDEN_ROLE');
    expect((await stack.api.get('/me/consents', { token: doctor })).body.code).toBe('FORBIDDEN_ROLE');
  });

  it('lets clinical staff read a patient’s profile, writes an audit row for each read, and keeps marketing and service out', async () => {
    const patient = await patientLogin(stack);
    const doctor = await staffLogin(stack, 'doctor.zhang');
    const read = await stack.api.get(`/patients/${patient.patient.id}`, { token: doctor, headers: { 'x-request-id': 'audit-check-0001' } });
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(patient.patient.id);
    const rows = await auditRows.find(stack, { patientId: patient.patient.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'patient.read', resource: 'patient.profile', actorRoles: 'doctor', requestId: 'audit-check-0001' });

    for (const username of ['marketing.liu', 'service.zhao']) {
      const res = await stack.api.get(`/patients/${patient.patient.id}`, { token: await staffLogin(stack, username) });
      expect(res.status).toBe(403);
    }
    expect(await auditRows.count(stack, { patientId: patient.patient.id })).toBe(1);

    const admin = await staffLogin(stack, 'admin');
    const log = await stack.api.get(`/audit-logs?patientId=${patient.patient.id}`, { token: admin });
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(1);
  });
});

describe('tokens', () => {
  it('rotates refresh tokens and revokes the session when an old one is presented again', async () => {
    const login = await stack.api.post('/auth/staff/login', { username: 'nurse.wang', password: DEMO_STAFF_PASSWORD });
    const first = await stack.api.post('/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(login.body.refreshToken);
    expect((await stack.api.get('/me', { token: first.body.token })).status).toBe(200);

    const replay = await stack.api.post('/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('AUTH_REFRESH_INVALID');
    // The replay burned the whole session: the legitimate newer token is dead too.
    expect((await stack.api.post('/auth/refresh', { refreshToken: first.body.refreshToken })).status).toBe(401);
  });

  it('expires access tokens and tells the client so it can refresh', async () => {
    const patient = await patientLogin(stack);
    await withClockAdvanced(stack, 16 * 60_000, async () => {
      const res = await stack.api.get('/me', { token: patient.token });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_TOKEN_EXPIRED');
      const renewed = await stack.api.post('/auth/refresh', { refreshToken: patient.refreshToken });
      expect(renewed.status).toBe(200);
      expect((await stack.api.get('/me', { token: renewed.body.token })).status).toBe(200);
    });
  });

  it('logs out: the session’s refresh token stops working', async () => {
    const patient = await patientLogin(stack);
    expect((await stack.api.post('/auth/logout', undefined, { token: patient.token })).status).toBe(204);
    expect((await stack.api.post('/auth/refresh', { refreshToken: patient.refreshToken })).status).toBe(401);
  });

  it('rate-limits the login endpoints', async () => {
    const limited = await stack.startPeer({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await limited.api.post('/auth/staff/login', { username: 'admin', password: 'wrong-password-1' })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const res = await limited.api.post('/auth/staff/login', { username: 'admin', password: 'wrong-password-1' }, { language: 'en' });
    expect(res.body.code).toBe('RATE_LIMITED');
    expect(res.headers.get('retry-after')).toBeTruthy();
  });
});
