import { Clock, JobRegistry, JobWorker, Transactions } from '@yiban/server';
import { TokenService } from '../../server/src/common/auth/token.service.js';
import { Appointment } from '../../server/src/modules/appointments/appointment.entity.js';
import { Doctor } from '../../server/src/modules/catalog/doctor.entity.js';
import { Patient } from '../../server/src/modules/patients/patient.entity.js';
import { WechatAccount } from '../../server/src/modules/patients/wechat-account.entity.js';
import { ClinicSession } from '../../server/src/modules/scheduling/clinic-session.entity.js';
import { Slot } from '../../server/src/modules/scheduling/slot.entity.js';
import { patientLogin, seed, staffLogin } from '../support/actors.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let doctor: Doctor;
beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
  doctor = await stack.dataSource.getRepository(Doctor).findOneByOrFail({ name: '张伟' });
});
afterAll(() => stack.close());

let day = 0;
let people = 0;
/** A slot of Dr Zhang (Cardiology) some days ahead. */
async function slot(capacity: number, fee: number): Promise<Slot> {
  return stack.app.get(Transactions).run(async (m) => {
    const date = new Date(Date.now() + (3 + ++day) * 86_400_000).toISOString().slice(0, 10);
    const session = m
      .getRepository(ClinicSession)
      .create({ doctorId: doctor.id, departmentId: doctor.departmentId, date, period: 'morning', visitType: 'expert' });
    await m.insert(ClinicSession, session);
    const startsAt = new Date(`${date}T01:00:00Z`);
    const s = m.getRepository(Slot).create({
      sessionId: session.id,
      doctorId: doctor.id,
      departmentId: doctor.departmentId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 1_800_000),
      capacity,
      fee,
      visitType: 'expert',
    });
    await m.insert(Slot, s);
    return s;
  });
}

/** Many patients at once: accounts and profiles written directly, tokens signed by the server's own TokenService. */
async function manyPatients(n: number): Promise<string[]> {
  const tokens: string[] = [];
  const tx = stack.app.get(Transactions);
  for (let i = 0; i < n; i += 200) {
    await tx.run(async (m) => {
      for (let j = i; j < Math.min(n, i + 200); j++) {
        const account = m
          .getRepository(WechatAccount)
          .create({ appid: stack.config.wechat.appid, openid: `oLoad${String(++people).padStart(10, '0')}`, lastLoginAt: new Date() });
        await m.insert(WechatAccount, account);
        await m.insert(Patient, m.getRepository(Patient).create({ accountId: account.id, relationship: 'self' }));
        tokens.push(stack.app.get(TokenService).sign({ kind: 'account', accountId: account.id, sessionId: 'load-test', roles: ['patient'] }, new Date()).token);
      }
    });
  }
  return tokens;
}

async function runJobs(): Promise<void> {
  const worker = new JobWorker(stack.dataSource, (w) => stack.app.get(Transactions).run(w), stack.app.get(JobRegistry), stack.app.get(Clock), { pollMs: 10 });
  while (await worker.tick()) await worker.drain();
  await worker.drain();
}

describe('holding a place', () => {
  it('never oversells: 1,000 concurrent holds on 20 places → exactly 20, the rest SLOT_FULL', async () => {
    const s = await slot(20, 0);
    const tokens = await manyPatients(1000);
    const results = await Promise.all(tokens.map((token) => stack.api.post('/appointments', { slotId: s.id }, { token })));
    const held = results.filter((r) => r.status === 201);
    const full = results.filter((r) => r.status === 409 && r.body.code === 'SLOT_FULL');
    expect(held).toHaveLength(20);
    expect(full).toHaveLength(980);
    expect(held.every((r) => r.body.appointment.status === 'confirmed' && r.body.payment === null)).toBe(true);
    expect((await stack.dataSource.getRepository(Slot).findOneByOrFail({ id: s.id })).booked).toBe(20);
    expect(await stack.dataSource.getRepository(Appointment).countBy({ slotId: s.id })).toBe(20);
    expect(full[0]!.body.message).toBe('该时段已约满，请选择其他时段');
  });

  it('holds a paid place until payment is due, then gives it back and the slot is bookable again', async () => {
    const s = await slot(1, 10000);
    const [alice, bob] = await manyPatients(2);
    const held = await stack.api.post('/appointments', { slotId: s.id }, { token: alice });
    expect(held.status).toBe(201);
    expect(held.body.appointment).toMatchObject({ status: 'pending_payment', fee: 10000, holdExpiresAt: expect.any(String) });
    expect((await stack.api.post('/appointments', { slotId: s.id }, { token: bob })).body.code).toBe('SLOT_FULL');

    stack.app.get(Clock).advance(16 * 60_000);
    try {
      await runJobs();
    } finally {
      stack.app.get(Clock).advance(-16 * 60_000);
    }
    expect((await stack.dataSource.getRepository(Appointment).findOneByOrFail({ id: held.body.appointment.id })).status).toBe('expired');
    expect((await stack.dataSource.getRepository(Slot).findOneByOrFail({ id: s.id })).booked).toBe(0);
    expect((await stack.api.post('/appointments', { slotId: s.id }, { token: bob })).status).toBe(201);
  });

  it('replays an Idempotency-Key with the same body and refuses it with another', async () => {
    const [a, b] = [await slot(5, 0), await slot(5, 0)];
    const [token] = await manyPatients(1);
    const headers = { 'idempotency-key': 'book-2026-11-22-0001' };
    const first = await stack.api.post('/appointments', { slotId: a.id }, { token, headers });
    const again = await stack.api.post('/appointments', { slotId: a.id }, { token, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.appointment.id).toBe(first.body.appointment.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await stack.api.post('/appointments', { slotId: b.id }, { token, headers, language: 'en' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_CONFLICT');
    // The same key sent twice at once: one appointment.
    const raced = await Promise.all(
      [1, 2, 3].map(() => stack.api.post('/appointments', { slotId: b.id }, { token, headers: { 'idempotency-key': 'book-2026-11-22-0002' } })),
    );
    expect(raced.every((r) => r.status === 201)).toBe(true);
    expect(new Set(raced.map((r) => r.body.appointment.id)).size).toBe(1);
    expect((await stack.dataSource.getRepository(Slot).findOneByOrFail({ id: b.id })).booked).toBe(1);
  });

  it('allows one active appointment per patient per slot and a few per day', async () => {
    const [token] = await manyPatients(1);
    const s = await slot(5, 0);
    expect((await stack.api.post('/appointments', { slotId: s.id }, { token })).status).toBe(201);
    expect((await stack.api.post('/appointments', { slotId: s.id }, { token })).body.code).toBe('APPOINTMENT_DUPLICATE');
    for (let i = 0; i < 2; i++) expect((await stack.api.post('/appointments', { slotId: (await slot(5, 0)).id }, { token })).status).toBe(201);
    const fourth = await stack.api.post('/appointments', { slotId: (await slot(5, 0)).id }, { token, language: 'en' });
    expect(fourth.status).toBe(429);
    expect(fourth.body).toMatchObject({ code: 'APPOINTMENT_DAILY_LIMIT', message: 'Each patient can book at most 3 appointments a day.' });
  });
});

describe('who may see and cancel an appointment', () => {
  it('the patient’s account and the department’s staff — not another patient, not another department, not marketing', async () => {
    const owner = await patientLogin(stack);
    const s = await slot(3, 0);
    const booked = await stack.api.post('/appointments', { slotId: s.id }, { token: owner.token });
    const id = booked.body.appointment.id as string;
    expect((await stack.api.get('/me/appointments', { token: owner.token })).body.map((a: { id: string }) => a.id)).toEqual([id]);

    const stranger = await patientLogin(stack);
    for (const res of [
      await stack.api.get(`/appointments/${id}`, { token: stranger.token }),
      await stack.api.post(`/appointments/${id}/cancel`, {}, { token: stranger.token }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN_OWNERSHIP');
    }
    const otherDepartmentDoctor = await staffLogin(stack, 'doctor.li');
    expect((await stack.api.get(`/appointments/${id}`, { token: otherDepartmentDoctor })).status).toBe(403);
    expect((await stack.api.get(`/appointments/${id}`, { token: await staffLogin(stack, 'marketing.liu') })).status).toBe(403);
    const cardiologyNurse = await staffLogin(stack, 'nurse.wang');
    expect((await stack.api.get(`/appointments/${id}`, { token: cardiologyNurse })).status).toBe(200);

    const cancelled = await stack.api.post(`/appointments/${id}/cancel`, { reason: '临时有事' }, { token: owner.token });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await stack.dataSource.getRepository(Slot).findOneByOrFail({ id: s.id })).booked).toBe(0);
    expect((await stack.api.post(`/appointments/${id}/cancel`, {}, { token: owner.token })).body.code).toBe('APPOINTMENT_NOT_CANCELLABLE');
    // Cancelled: the same patient may book the same slot again — a new appointment holding the place, the old one stays cancelled.
    const again = await stack.api.post('/appointments', { slotId: s.id }, { token: owner.token });
    expect(again.status).toBe(201);
    expect(again.body.appointment.id).not.toBe(id);
    expect((await stack.dataSource.getRepository(Slot).findOneByOrFail({ id: s.id })).booked).toBe(1);
    const rows = await stack.dataSource.getRepository(Appointment).findBy({ slotId: s.id });
    expect(rows.map((a) => [a.id, a.status]).sort()).toEqual(
      [
        [id, 'cancelled'],
        [again.body.appointment.id, 'confirmed'],
      ].sort(),
    );
  });
});

describe('reminders around the visit', () => {
  it('queues the day-before and two-hours-before reminders with the booking, sends them at their time against the grant, and withdraws them on cancel', async () => {
    const { MessageDelivery } = await import('../../server/src/modules/messaging/message-delivery.entity.js');
    const { DEVELOPMENT_TEMPLATES } = await import('../../server/src/config/config.js');
    const { simControl } = await import('../support/api-client.js');
    const p = await patientLogin(stack);
    const template = DEVELOPMENT_TEMPLATES.appointment_reminder.id;
    for (let i = 0; i < 2; i++) {
      await simControl(stack.simUrl, 'POST', '/__sim/subscriptions', { openid: p.openid, templateIds: [template], kind: 'one_time' });
      await stack.api.post('/me/subscriptions', { templateIds: [template], results: { [template]: 'accept' } }, { token: p.token });
    }
    const s = await slot(2, 0);
    const booked = await stack.api.post('/appointments', { slotId: s.id }, { token: p.token });
    const id = booked.body.appointment.id as string;
    const reminders = await stack.dataSource.getRepository(MessageDelivery).find({ where: { patientId: p.patient.id }, order: { notBefore: 'ASC' } });
    expect(reminders.map((r) => [r.dedupeKey, r.status])).toEqual([
      [`appointment:${id}:day-before`, 'queued'],
      [`appointment:${id}:two-hours-before`, 'queued'],
    ]);
    expect(s.startsAt.getTime() - reminders[0]!.notBefore.getTime()).toBe(24 * 3_600_000);
    expect(reminders[0]!.data.name3!.value).toBe('张伟');

    // The day before, during the day in Shanghai (the test slot is at 09:00 local): the first reminder goes out.
    const clock = stack.app.get(Clock);
    const shift = reminders[0]!.notBefore.getTime() - Date.now() + 60_000;
    clock.advance(shift);
    try {
      await runJobs();
    } finally {
      clock.advance(-shift);
    }
    const messages = await simControl<{ messages: { data: Record<string, { value: string }> }[] }>(stack.simUrl, 'GET', `/__sim/messages?openid=${p.openid}`);
    expect(messages.messages).toHaveLength(1);
    expect(messages.messages[0]!.data.time4!.value).toMatch(/09:00$/);

    const cancelled = await stack.api.post(`/appointments/${id}/cancel`, {}, { token: p.token });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    const after = await stack.dataSource.getRepository(MessageDelivery).findOneByOrFail({ dedupeKey: `appointment:${id}:two-hours-before` });
    expect(after).toMatchObject({ status: 'skipped', reason: 'withdrawn' });
  });
});
