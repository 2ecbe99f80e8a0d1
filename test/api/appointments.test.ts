import { addPatients, appointmentRows, deliveryRows, makeSlot, runJobs, slotRows, withClockAdvanced, withClockAt } from '@yiban/server/testing';
import { allowMessages, consentedPatient, seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
});
afterAll(() => stack.close());

/** A slot of Dr Zhang (Cardiology) some days ahead. */
const slot = (capacity: number, fee: number) => makeSlot(stack, { capacity, fee });

/** Many patients at once (written directly, tokens signed by the server's own TokenService): their tokens. */
const manyPatients = async (n: number) => (await addPatients(stack, n)).map((p) => p.token);

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
    expect((await slotRows.one(stack, { id: s.id })).booked).toBe(20);
    expect(await appointmentRows.count(stack, { slotId: s.id })).toBe(20);
    expect(full[0]!.body.message).toBe('该时段已约满，请选择其他时段');
    // 1,000 patients and 1,000 holds: room for a busy machine (a time limit against hangs, not a speed target).
  }, 180_000);

  it('refuses holds on a full slot, and a place given back by a cancel is bookable at once', async () => {
    const s = await slot(2, 0);
    const [alice, bob, ...others] = await manyPatients(43);
    const first = await stack.api.post('/appointments', { slotId: s.id }, { token: alice });
    expect(first.status).toBe(201);
    const second = await stack.api.post('/appointments', { slotId: s.id }, { token: bob });
    expect(second.status).toBe(201);
    // Full: these are refused (once it was found full, without a transaction).
    const refused = await Promise.all(others.slice(0, 20).map((token) => stack.api.post('/appointments', { slotId: s.id }, { token })));
    expect(refused.every((r) => r.status === 409 && r.body.code === 'SLOT_FULL')).toBe(true);
    // Alice cancels: her place is bookable by the very next hold, and by one hold only.
    expect((await stack.api.post(`/appointments/${first.body.appointment.id}/cancel`, {}, { token: alice })).status).toBe(200);
    expect((await stack.api.post('/appointments', { slotId: s.id }, { token: others[0]! })).status).toBe(201);
    expect((await stack.api.post('/appointments', { slotId: s.id }, { token: others[1]! })).body.code).toBe('SLOT_FULL');
    // Bob cancels while twenty others try at once: exactly one of them, or the next hold after, gets his place.
    const cancelling = stack.api.post(`/appointments/${second.body.appointment.id}/cancel`, {}, { token: bob });
    const racing = await Promise.all(others.slice(20, 40).map((token) => stack.api.post('/appointments', { slotId: s.id }, { token })));
    expect((await cancelling).status).toBe(200);
    const late = await stack.api.post('/appointments', { slotId: s.id }, { token: others[40]! });
    const held = [...racing, late].filter((r) => r.status === 201);
    expect(held).toHaveLength(1);
    expect([...racing, late].filter((r) => r.status !== 201).every((r) => r.body.code === 'SLOT_FULL')).toBe(true);
    expect((await slotRows.one(stack, { id: s.id })).booked).toBe(2);
    expect(await appointmentRows.count(stack, { slotId: s.id, status: 'confirmed' })).toBe(2);
  }, 60_000);

  it('holds a paid place until payment is due, then gives it back and the slot is bookable again', async () => {
    const s = await slot(1, 10000);
    const [alice, bob] = await manyPatients(2);
    const held = await stack.api.post('/appointments', { slotId: s.id }, { token: alice });
    expect(held.status).toBe(201);
    expect(held.body.appointment).toMatchObject({ status: 'pending_payment', fee: 10000, holdExpiresAt: expect.any(String) });
    expect((await stack.api.post('/appointments', { slotId: s.id }, { token: bob })).body.code).toBe('SLOT_FULL');

    await withClockAdvanced(stack, 16 * 60_000, () => runJobs(stack));
    expect((await appointmentRows.one(stack, { id: held.body.appointment.id })).status).toBe('expired');
    expect((await slotRows.one(stack, { id: s.id })).booked).toBe(0);
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
    expect((await slotRows.one(stack, { id: b.id })).booked).toBe(1);
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

  it('keeps the daily limit when one patient books several at once, and a cancel gives its place back', async () => {
    const [token] = await manyPatients(1);
    const slots = [];
    for (let i = 0; i < 6; i++) slots.push(await slot(5, 0));
    const raced = await Promise.all(slots.map((s) => stack.api.post('/appointments', { slotId: s.id }, { token })));
    expect(raced.filter((r) => r.status === 201)).toHaveLength(3);
    expect(raced.filter((r) => r.status !== 201).map((r) => r.body.code)).toEqual([
      'APPOINTMENT_DAILY_LIMIT',
      'APPOINTMENT_DAILY_LIMIT',
      'APPOINTMENT_DAILY_LIMIT',
    ]);
    // Refused holds gave their places back.
    for (const [i, s] of slots.entries()) expect((await slotRows.one(stack, { id: s.id })).booked).toBe(raced[i]!.status === 201 ? 1 : 0);
    // A cancelled booking no longer counts: its place of the day is taken by the next hold, and only that one.
    const kept = raced.filter((r) => r.status === 201).map((r) => r.body.appointment.id as string);
    expect((await stack.api.post(`/appointments/${kept[1]}/cancel`, {}, { token })).status).toBe(200);
    expect((await stack.api.post('/appointments', { slotId: (await slot(5, 0)).id }, { token })).status).toBe(201);
    expect((await stack.api.post('/appointments', { slotId: (await slot(5, 0)).id }, { token })).body.code).toBe('APPOINTMENT_DAILY_LIMIT');
  });
});

describe('who may see and cancel an appointment', () => {
  it('the patient’s account and the department’s staff — not another patient, not another department, not marketing', async () => {
    const owner = await consentedPatient(stack, '甲');
    const s = await slot(3, 0);
    const booked = await stack.api.post('/appointments', { slotId: s.id }, { token: owner.token });
    const id = booked.body.appointment.id as string;
    expect((await stack.api.get('/me/appointments', { token: owner.token })).body.map((a: { id: string }) => a.id)).toEqual([id]);

    const stranger = await consentedPatient(stack, '乙');
    for (const res of [
      await stack.api.get(`/appointments/${id}`, { token: stranger.token }),
      await stack.api.post(`/appointments/${id}/cancel`, {}, { token: stranger.token }),
    ]) {
      // Someone else's appointment is answered exactly like one that does not exist: ids cannot be probed.
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('APPOINTMENT_NOT_FOUND');
    }
    const otherDepartmentDoctor = await staffLogin(stack, 'doctor.li');
    expect((await stack.api.get(`/appointments/${id}`, { token: otherDepartmentDoctor })).body.code).toBe('APPOINTMENT_NOT_FOUND');
    expect((await stack.api.get(`/appointments/${id}`, { token: await staffLogin(stack, 'marketing.liu') })).body.code).toBe('APPOINTMENT_NOT_FOUND');
    const cardiologyNurse = await staffLogin(stack, 'nurse.wang');
    expect((await stack.api.get(`/appointments/${id}`, { token: cardiologyNurse })).status).toBe(200);

    const cancelled = await stack.api.post(`/appointments/${id}/cancel`, { reason: '临时有事' }, { token: owner.token });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await slotRows.one(stack, { id: s.id })).booked).toBe(0);
    expect((await stack.api.post(`/appointments/${id}/cancel`, {}, { token: owner.token })).body.code).toBe('APPOINTMENT_NOT_CANCELLABLE');
    // Cancelled: the same patient may book the same slot again — a new appointment holding the place, the old one stays cancelled.
    const again = await stack.api.post('/appointments', { slotId: s.id }, { token: owner.token });
    expect(again.status).toBe(201);
    expect(again.body.appointment.id).not.toBe(id);
    expect((await slotRows.one(stack, { id: s.id })).booked).toBe(1);
    const rows = await appointmentRows.find(stack, { slotId: s.id });
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
    const p = await consentedPatient(stack, '丙');
    await allowMessages(stack, p, 'appointment_reminder', 2);
    const s = await slot(2, 0);
    const booked = await stack.api.post('/appointments', { slotId: s.id }, { token: p.token });
    const id = booked.body.appointment.id as string;
    const reminders = await deliveryRows.find(stack, { patientId: p.patientId }, { order: { notBefore: 'ASC' } });
    expect(reminders.map((r) => [r.dedupeKey, r.status])).toEqual([
      [`appointment:${id}:day-before`, 'queued'],
      [`appointment:${id}:two-hours-before`, 'queued'],
    ]);
    expect(s.startsAt.getTime() - reminders[0]!.notBefore.getTime()).toBe(24 * 3_600_000);
    expect(reminders[0]!.data.name3!.value).toBe('张伟');

    // The day before, during the day in Shanghai (the test slot is at 09:00 local): the first reminder goes out.
    await withClockAt(stack, new Date(reminders[0]!.notBefore.getTime() + 60_000), () => runJobs(stack));
    const messages = await simControl<{ messages: { data: Record<string, { value: string }> }[] }>(stack.simUrl, 'GET', `/__sim/messages?openid=${p.openid}`);
    expect(messages.messages).toHaveLength(1);
    expect(messages.messages[0]!.data.time4!.value).toMatch(/09:00$/);

    const cancelled = await stack.api.post(`/appointments/${id}/cancel`, {}, { token: p.token });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    const after = await deliveryRows.one(stack, { dedupeKey: `appointment:${id}:two-hours-before` });
    expect(after).toMatchObject({ status: 'skipped', reason: 'withdrawn' });
  });
});
