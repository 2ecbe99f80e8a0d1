import { DEMO_STAFF_PASSWORD } from '@yiban/server';
import { STAFF_ROLES } from '@yiban/shared';
import { auditRows, makeSlot, staffRows, withClockAdvanced } from '@yiban/server/testing';
import { consentedPatient, departmentId, loginAs, patientLogin, seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { ChatSocket } from '../support/consult.js';
import { book } from '../support/booking.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

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
      { username: 'temp.nurse', password: 'Temp-nurse-2026', displayName: '临时护士', roles: ['nurse'], departmentId: await departmentId(stack, 'CARD') },
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
    // Disabling ended the session at once: its access token and its refresh token are both refused.
    expect((await stack.api.get('/me', { token: session.body.token })).body.code).toBe('AUTH_ACCOUNT_DISABLED');
    expect((await stack.api.post('/auth/refresh', { refreshToken: session.body.refreshToken })).body.code).toBe('AUTH_REFRESH_INVALID');
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

  it('lets clinical staff read a patient’s record only through a care relationship, audits each read, and keeps marketing and service out', async () => {
    const patient = await consentedPatient(stack, '关系测试');
    const [zhang, nurse, li, admin] = [
      await staffLogin(stack, 'doctor.zhang'),
      await staffLogin(stack, 'nurse.wang'),
      await staffLogin(stack, 'doctor.li'),
      await staffLogin(stack, 'admin'),
    ];
    // Not by role alone: no appointment, visit or consultation links Dr Zhang to this patient yet.
    const before = await stack.api.get(`/patients/${patient.patientId}`, { token: zhang });
    expect(before.status).toBe(403);
    expect(before.body.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    expect(await auditRows.count(stack, { patientId: patient.patientId })).toBe(0);

    // An appointment in Cardiology makes Cardiology's clinical staff the patient's carers.
    await book(stack, patient.token, (await makeSlot(stack, { fee: 0 })).id);
    const read = await stack.api.get(`/patients/${patient.patientId}`, { token: zhang, headers: { 'x-request-id': 'audit-check-0001' } });
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(patient.patientId);
    expect((await stack.api.get(`/patients/${patient.patientId}`, { token: nurse })).status).toBe(200);
    const rows = await auditRows.find(stack, { patientId: patient.patientId, action: 'patient.read' });
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.requestId === 'audit-check-0001')).toMatchObject({ resource: 'patient.profile', actorRoles: 'doctor' });

    // Endocrinology has no relationship; neither has an admin by role. Marketing and service never reach a record.
    for (const token of [li, admin]) expect((await stack.api.get(`/patients/${patient.patientId}`, { token })).body.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    for (const username of ['marketing.liu', 'service.zhao']) {
      const token = await staffLogin(stack, username);
      expect((await stack.api.get(`/patients/${patient.patientId}`, { token })).body.code).toBe('FORBIDDEN_ROLE');
      expect((await stack.api.post(`/patients/${patient.patientId}/break-glass`, { reason: '想看看这位患者' }, { token })).body.code).toBe('FORBIDDEN_ROLE');
    }
    expect(await auditRows.count(stack, { patientId: patient.patientId, action: 'patient.read' })).toBe(2);

    // Breaking the glass: a reason is required; the grant opens the record for a while, every read names it, admins see it.
    expect((await stack.api.post(`/patients/${patient.patientId}/break-glass`, { reason: '   ' }, { token: li })).body.code).toBe('VALIDATION_FAILED');
    expect((await stack.api.post('/patients/01ARZ3NDEKTSV4RRFFQ69G5FAV/break-glass', { reason: '急诊会诊需要查看' }, { token: li })).body.code).toBe(
      'PATIENT_NOT_FOUND',
    );
    const grant = await stack.api.post(`/patients/${patient.patientId}/break-glass`, { reason: '急诊会诊，需要查看既往史' }, { token: li });
    expect(grant.status).toBe(201);
    expect(Date.parse(grant.body.expiresAt) - Date.now()).toBeGreaterThan(55 * 60_000);
    expect((await stack.api.get(`/patients/${patient.patientId}`, { token: li })).status).toBe(200);
    const glass = await auditRows.find(stack, { patientId: patient.patientId, action: 'patient.break_glass' });
    expect(glass).toHaveLength(1);
    expect(glass[0]!.purpose).toBe('急诊会诊，需要查看既往史');
    const viaGrant = (await auditRows.find(stack, { patientId: patient.patientId, action: 'patient.read' })).filter((r) =>
      r.purpose?.includes(grant.body.grantId),
    );
    expect(viaGrant).toHaveLength(1);
    const listed = await stack.api.get('/admin/break-glass', { token: admin });
    expect(listed.body.items[0]).toMatchObject({ staffName: '李娜医生', patientName: '关系测试', reason: '急诊会诊，需要查看既往史' });
    expect((await stack.api.get('/admin/break-glass', { token: li })).body.code).toBe('FORBIDDEN_ROLE');
    // The grant ends: the record closes again.
    await withClockAdvanced(stack, 61 * 60_000, async () => {
      const later = await staffLogin(stack, 'doctor.li'); // the access token of an hour ago has expired too
      expect((await stack.api.get(`/patients/${patient.patientId}`, { token: later })).body.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    });

    const log = await stack.api.get(`/audit-logs?patientId=${patient.patientId}`, { token: admin });
    expect(log.status).toBe(200);
    expect(log.body.items.length).toBe(await auditRows.count(stack, { patientId: patient.patientId }));
  });

  it('takes a role change or a disabled account into effect on the next request, not at the token’s expiry', async () => {
    const admin = await staffLogin(stack, 'admin');
    const created = await stack.api.post(
      '/staff',
      { username: 'nurse.tmp', password: 'Temp-pass-2026', displayName: '临时护士', roles: ['nurse'], departmentId: await departmentId(stack, 'CARD') },
      { token: admin },
    );
    expect(created.status).toBe(201);
    const token = await staffLogin(stack, 'nurse.tmp', 'Temp-pass-2026');
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await stack.api.get(`/staff/appointments?date=${day}`, { token })).status).toBe(200);
    // New roles end the session: the old token is refused at once, and a new sign-in carries the new roles.
    await stack.api.patch(`/staff/${created.body.id}`, { roles: ['marketing'] }, { token: admin });
    expect((await stack.api.get(`/staff/appointments?date=${day}`, { token })).body.code).toBe('AUTH_TOKEN_INVALID');
    const again = await staffLogin(stack, 'nurse.tmp', 'Temp-pass-2026');
    expect((await stack.api.get('/me', { token: again })).body.roles).toEqual(['marketing']);
    expect((await stack.api.get(`/staff/appointments?date=${day}`, { token: again })).body.code).toBe('FORBIDDEN_ROLE');
    // A new password too.
    await stack.api.patch(`/staff/${created.body.id}`, { password: 'Temp-pass-2027' }, { token: admin });
    expect((await stack.api.get('/me', { token: again })).status).toBe(401);
    const third = await staffLogin(stack, 'nurse.tmp', 'Temp-pass-2027');
    // Disabled: the account is refused by name.
    await stack.api.patch(`/staff/${created.body.id}`, { active: false }, { token: admin });
    expect((await stack.api.get('/me', { token: third })).body.code).toBe('AUTH_ACCOUNT_DISABLED');
    // What the audit log records is the roles in force at the time of each read.
    const reads = await auditRows.find(stack, { actorStaffId: created.body.id, action: 'appointment.list' });
    expect(reads.map((r) => r.actorRoles)).toEqual(['nurse']);
  });
});

describe('sessions that end', () => {
  it('refuses the access token at once after logout, for a patient and for staff, and closes their chat sockets', async () => {
    const patient = await patientLogin(stack);
    const socket = await ChatSocket.open(stack.api, patient.token);
    expect((await stack.api.get('/me', { token: patient.token })).status).toBe(200);
    expect((await stack.api.post('/auth/logout', {}, { token: patient.token })).status).toBe(204);
    for (const path of ['/me', '/me/patients']) {
      const res = await stack.api.get(path, { token: patient.token });
      expect([path, res.status, res.body.code]).toEqual([path, 401, 'AUTH_TOKEN_INVALID']);
    }
    await socket.waitClosed();
    expect(socket.closed).toEqual({ code: 4401, reason: 'AUTH_TOKEN_INVALID' });
    // Another session of the same account is not touched.
    const other = await loginAs(stack, patient.openid);
    expect((await stack.api.get('/me', { token: other.token })).status).toBe(200);

    const nurse = await stack.api.post('/auth/staff/login', { username: 'nurse.wang', password: DEMO_STAFF_PASSWORD });
    const staffSocket = await ChatSocket.open(stack.api, nurse.body.token);
    await stack.api.post('/auth/logout', {}, { token: nurse.body.token });
    expect((await stack.api.get('/me', { token: nurse.body.token })).status).toBe(401);
    expect((await stack.api.post('/auth/refresh', { refreshToken: nurse.body.refreshToken })).body.code).toBe('AUTH_REFRESH_INVALID');
    await staffSocket.waitClosed();
    expect(staffSocket.closed?.code).toBe(4401);
  });

  it('ends the session on every instance at once, through Redis', async () => {
    const redis = { REDIS_URL: 'redis://127.0.0.1:6379/3' };
    const a = await stack.startPeer(redis);
    const b = await stack.startPeer(redis);
    const login = await a.api.post('/auth/staff/login', { username: 'doctor.li', password: DEMO_STAFF_PASSWORD });
    // Instance B has looked at the session (and may trust that look for a few seconds) …
    expect((await b.api.get('/me', { token: login.body.token })).status).toBe(200);
    // … until A ends it: B refuses the very next request.
    await a.api.post('/auth/logout', {}, { token: login.body.token });
    await waitFor(async () => (await b.api.get('/me', { token: login.body.token })).status === 401);
  });

  it('closes the chat sockets of a disabled staff account, and a socket whose token has run out', async () => {
    const admin = await staffLogin(stack, 'admin');
    const created = await stack.api.post(
      '/staff',
      { username: 'doctor.tmp', password: 'Temp-pass-2026', displayName: '临时医生', roles: ['doctor'], departmentId: await departmentId(stack, 'CARD') },
      { token: admin },
    );
    const socket = await ChatSocket.open(stack.api, await staffLogin(stack, 'doctor.tmp', 'Temp-pass-2026'));
    await stack.api.patch(`/staff/${created.body.id}`, { active: false }, { token: admin });
    await socket.waitClosed();
    expect(socket.closed).toEqual({ code: 4401, reason: 'AUTH_TOKEN_INVALID' });

    const patient = await patientLogin(stack);
    const live = await ChatSocket.open(stack.api, patient.token);
    live.send({ type: 'ping' });
    await live.next((frame) => frame.type === 'pong');
    await withClockAdvanced(stack, 16 * 60_000, async () => {
      live.send({ type: 'ping' });
      await live.waitClosed();
    });
    expect(live.closed).toEqual({ code: 4401, reason: 'AUTH_TOKEN_EXPIRED' });
  });

  it('revokes the session when a used refresh token comes back, and its access token with it', async () => {
    const login = await stack.api.post('/auth/staff/login', { username: 'cm.chen', password: DEMO_STAFF_PASSWORD });
    const renewed = await stack.api.post('/auth/refresh', { refreshToken: login.body.refreshToken });
    expect((await stack.api.get('/me', { token: renewed.body.token })).status).toBe(200);
    expect((await stack.api.post('/auth/refresh', { refreshToken: login.body.refreshToken })).body.code).toBe('AUTH_REFRESH_INVALID');
    expect((await stack.api.get('/me', { token: renewed.body.token })).status).toBe(401);
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

  it('throttles a wrong-password storm on one staff account, not its colleagues', async () => {
    // The defaults, not the suite's generous test settings: 10 wrong passwords per account in 15 minutes.
    const limited = await stack.startPeer({ STAFF_LOGIN_FAILURES_PER_ACCOUNT: '10', STAFF_LOGIN_PER_ADDRESS_PER_MINUTE: '120' });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push((await limited.api.post('/auth/staff/login', { username: 'nurse.wang', password: `wrong-password-${i}` })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(20).fill(429));
    const refused = await limited.api.post('/auth/staff/login', { username: 'nurse.wang', password: DEMO_STAFF_PASSWORD }, { language: 'en' });
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(refused.headers.get('retry-after')).toBeTruthy();
    // Same address, another account: signs in.
    expect((await limited.api.post('/auth/staff/login', { username: 'doctor.zhang', password: DEMO_STAFF_PASSWORD })).status).toBe(200);
    expect((await limited.api.post('/auth/staff/login', { username: 'NURSE.WANG ', password: 'x' })).status).toBe(429);
  });

  it('lets 300 patients behind one address sign in and renew within a minute', async () => {
    const lobby = await stack.startPeer({ LOGIN_RATE_LIMIT_PER_MINUTE: '3000' });
    const users = await Promise.all(Array.from({ length: 300 }, () => simControl<{ openid: string }>(stack.simUrl, 'POST', '/__sim/users', {})));
    const statuses: number[] = [];
    for (let i = 0; i < users.length; i += 30) {
      const batch = await Promise.all(
        users.slice(i, i + 30).map(async ({ openid }) => {
          const { code } = await simControl<{ code: string }>(stack.simUrl, 'POST', '/__sim/login-code', { openid });
          const login = await lobby.api.post('/auth/wechat/login', { code });
          const renewed = await lobby.api.post('/auth/refresh', { refreshToken: login.body.refreshToken });
          return [login.status, renewed.status];
        }),
      );
      statuses.push(...batch.flat());
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses).toHaveLength(600);
  }, 120_000);
});
