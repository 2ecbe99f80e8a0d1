import type { AppointmentView, WaitlistEntryView } from '@yiban/shared';
import { auditRows, deliveryRows, makeSlot, runJobs, slotRows, withClockAt } from '@yiban/server/testing';
import { consentedPatient, seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { book, payAtSimulator, waitForAppointment } from '../support/booking.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let nurse: string;
let admin: string;
beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
  await simControl(stack.simUrl, 'POST', '/__sim/pay/settings', { refundDelayMs: 0 });
  [nurse, admin] = await Promise.all([staffLogin(stack, 'nurse.wang'), staffLogin(stack, 'admin')]);
});
afterAll(() => stack.close());

/** Runs `body` with the server's clock moved to `when` (the simulator keeps real time). */
const at = <T>(when: Date, body: () => Promise<T>) => withClockAt(stack, when, body);

const hospitalDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('around the visit', () => {
  it('reschedules in one step: the payment carries over, the old place frees, reminders move', async () => {
    const patient = await consentedPatient(stack);
    const from = await makeSlot(stack, { capacity: 1 });
    const to = await makeSlot(stack, { capacity: 1 });
    const held = await book(stack, patient.token, from.id);
    await payAtSimulator(stack, patient.openid, held.payment!);
    await waitForAppointment(stack, patient.token, held.appointment.id, (a) => a.status === 'confirmed');

    const cheaper = await makeSlot(stack, { fee: 1000 });
    expect((await stack.api.post(`/appointments/${held.appointment.id}/reschedule`, { slotId: cheaper.id }, { token: patient.token })).body.code).toBe(
      'APPOINTMENT_RESCHEDULE_MISMATCH',
    );
    const moved = await stack.api.post<AppointmentView>(`/appointments/${held.appointment.id}/reschedule`, { slotId: to.id }, { token: patient.token });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      id: held.appointment.id,
      slotId: to.id,
      startsAt: to.startsAt.toISOString(),
      status: 'confirmed',
      payment: { status: 'paid', amount: 5000 },
    });
    expect((await slotRows.one(stack, { id: from.id })).booked).toBe(0);
    expect((await slotRows.one(stack, { id: to.id })).booked).toBe(1);
    const reminders = await deliveryRows.find(stack, { patientId: patient.patientId, messageKind: 'appointment_reminder' });
    expect(reminders.filter((r) => r.status === 'queued').map((r) => r.dedupeKey)).toEqual(
      expect.arrayContaining([`appointment:${held.appointment.id}:r1:day-before`, `appointment:${held.appointment.id}:r1:two-hours-before`]),
    );
    expect(reminders.filter((r) => r.status === 'queued')).toHaveLength(2);
    // The full slot cannot be moved into.
    const other = await consentedPatient(stack, '赵六');
    const second = await book(stack, other.token, from.id);
    expect((await stack.api.post(`/appointments/${second.appointment.id}/reschedule`, { slotId: to.id }, { token: other.token })).body.code).toBe('SLOT_FULL');
  });

  it('checks in by the QR code on the day, completes into a first visit, then a return visit', async () => {
    const patient = await consentedPatient(stack);
    const first = await makeSlot(stack, { fee: 0 });
    const later = await makeSlot(stack, { fee: 0, daysAhead: 40 });
    const a = (await book(stack, patient.token, first.id)).appointment;
    const b = (await book(stack, patient.token, later.id)).appointment;
    expect(a.checkInCode).toMatch(/^[2-9A-Z]{10}$/);

    expect((await stack.api.post('/check-ins', { code: a.checkInCode }, { token: nurse })).body.code).toBe('CHECK_IN_NOT_TODAY');
    await at(new Date(first.startsAt.getTime() - 30 * 60_000), async () => {
      // Tokens are checked against the server's clock: sign in again in the moved time.
      const [nurse, doctorZhang] = [await staffLogin(stack, 'nurse.wang'), await staffLogin(stack, 'doctor.zhang')];
      expect((await stack.api.post('/check-ins', { code: 'ZZZZZZZZZZ' }, { token: nurse })).body.code).toBe('CHECK_IN_CODE_INVALID');
      expect((await stack.api.post('/check-ins', { code: '12' }, { token: nurse })).body.code).toBe('CHECK_IN_CODE_INVALID');
      const other = await staffLogin(stack, 'doctor.li'); // Endocrinology
      // Another department's code is no code at this desk (the same answer as a wrong one).
      expect((await stack.api.post('/check-ins', { code: a.checkInCode }, { token: other })).body.code).toBe('CHECK_IN_CODE_INVALID');
      const marketing = await staffLogin(stack, 'marketing.liu');
      expect((await stack.api.post('/check-ins', { code: a.checkInCode }, { token: marketing })).body.code).toBe('CHECK_IN_CODE_INVALID');
      const checked = await stack.api.post<AppointmentView>('/check-ins', { code: a.checkInCode!.toLowerCase() }, { token: nurse });
      expect(checked.body).toMatchObject({ status: 'checked_in', checkedInAt: expect.any(String) });
      expect((await stack.api.post('/check-ins', { code: a.checkInCode }, { token: nurse })).body.code).toBe('APPOINTMENT_STATE_CONFLICT');

      // The clinic day list is a staff read of patients' data: this one read is audited, by the nurse, for that day.
      const listed = { action: 'appointment.list', resourceId: `${first.departmentId}:${hospitalDate(first.startsAt)}` } as const;
      expect(await auditRows.count(stack, listed)).toBe(0);
      const day = await stack.api.get<AppointmentView[]>(`/staff/appointments?date=${hospitalDate(first.startsAt)}`, {
        token: nurse,
        headers: { 'x-request-id': `day-list-${a.id}` },
      });
      expect(day.body.map((x) => [x.id, x.status, x.patientName])).toContainEqual([a.id, 'checked_in', '王小明']);
      expect(await auditRows.find(stack, listed)).toEqual([expect.objectContaining({ actorRoles: 'nurse', requestId: `day-list-${a.id}` })]);

      const done = await stack.api.post<AppointmentView>(`/appointments/${a.id}/complete`, {}, { token: doctorZhang });
      expect(done.body).toMatchObject({ status: 'completed', visitKind: 'first' });
    });
    await at(new Date(later.startsAt.getTime() - 10 * 60_000), async () => {
      const [nurse, doctorZhang] = [await staffLogin(stack, 'nurse.wang'), await staffLogin(stack, 'doctor.zhang')];
      await stack.api.post(`/appointments/${b.id}/check-in`, {}, { token: nurse });
      expect((await stack.api.post(`/appointments/${b.id}/complete`, {}, { token: doctorZhang })).body.visitKind).toBe('return');
    });
    const visits = await stack.api.get('/me/visits', { token: patient.token });
    expect(visits.body.map((v: { kind: string; departmentName: string }) => [v.kind, v.departmentName])).toEqual([
      ['return', '心血管内科'],
      ['first', '心血管内科'],
    ]);
  });

  it('marks no-shows only after the slot ended: by staff, or by the job an hour later', async () => {
    const patient = await consentedPatient(stack);
    const s1 = await makeSlot(stack, { fee: 0 });
    const s2 = await makeSlot(stack, { fee: 0 });
    const a = (await book(stack, patient.token, s1.id)).appointment;
    const b = (await book(stack, patient.token, s2.id)).appointment;
    expect((await stack.api.post(`/appointments/${a.id}/no-show`, {}, { token: nurse })).body.code).toBe('APPOINTMENT_NOT_ENDED');
    await at(new Date(s1.endsAt.getTime() + 5 * 60_000), async () => {
      const nurse = await staffLogin(stack, 'nurse.wang');
      expect((await stack.api.post(`/appointments/${a.id}/no-show`, {}, { token: nurse })).body.status).toBe('no_show');
    });
    await at(new Date(s2.endsAt.getTime() + 61 * 60_000), () => runJobs(stack));
    expect((await stack.api.get(`/appointments/${b.id}`, { token: patient.token })).body.status).toBe('no_show');
  });
});

describe('waitlist', () => {
  it('offers a freed place to the first in line for a short window; declined → the next; expired → back to the slot', async () => {
    const slot = await makeSlot(stack, { capacity: 1, fee: 0 });
    const date = hospitalDate(slot.startsAt);
    const [holder, first, second] = [await consentedPatient(stack, '甲'), await consentedPatient(stack, '乙'), await consentedPatient(stack, '丙')];

    expect((await stack.api.post('/waitlist', { doctorId: slot.doctorId, date }, { token: first.token })).body.code).toBe('WAITLIST_NOT_NEEDED');
    const held = await book(stack, holder.token, slot.id);
    const e1 = await stack.api.post<WaitlistEntryView>('/waitlist', { doctorId: slot.doctorId, date }, { token: first.token });
    expect(e1.status).toBe(201);
    expect(e1.body).toMatchObject({ status: 'waiting', position: 1, doctorName: '张伟' });
    expect((await stack.api.post('/waitlist', { doctorId: slot.doctorId, date }, { token: first.token })).body.code).toBe('WAITLIST_DUPLICATE');
    const e2 = await stack.api.post<WaitlistEntryView>('/waitlist', { doctorId: slot.doctorId, date }, { token: second.token });
    expect(e2.body.position).toBe(2);
    expect((await stack.api.post(`/waitlist/${e1.body.id}/decline`, {}, { token: second.token })).body.code).toBe('WAITLIST_NOT_FOUND');

    // The holder cancels: the place goes to 乙, not back to the slot.
    await stack.api.post(`/appointments/${held.appointment.id}/cancel`, {}, { token: holder.token });
    const offered = (await stack.api.get<WaitlistEntryView[]>('/me/waitlist', { token: first.token })).body[0]!;
    expect(offered).toMatchObject({ status: 'offered', offer: { slotId: slot.id, expiresAt: expect.any(String) } });
    expect((await stack.api.get(`/doctors/${slot.doctorId}/slots?from=${date}&to=${date}`)).body).toEqual([]);
    expect((await stack.api.get(`/doctors/${slot.doctorId}/slots?from=${date}`)).body.find((s: { id: string }) => s.id === slot.id)).toMatchObject({
      remaining: 0,
    });
    expect(await deliveryRows.count(stack, { patientId: first.patientId, messageKind: 'waitlist_offer' })).toBe(1);

    // 乙 declines: 丙 is offered it.
    expect((await stack.api.post(`/waitlist/${e1.body.id}/decline`, {}, { token: first.token })).body.status).toBe('declined');
    const secondView = (await stack.api.get<WaitlistEntryView[]>('/me/waitlist', { token: second.token })).body[0]!;
    expect(secondView.status).toBe('offered');

    // 丙 lets it run out: nobody is left, the place returns to the slot.
    await at(new Date(Date.parse(secondView.offer!.expiresAt) + 1000), () => runJobs(stack));
    expect((await stack.api.get<WaitlistEntryView[]>('/me/waitlist', { token: second.token })).body[0]!.status).toBe('expired');
    expect((await stack.api.post(`/waitlist/${e2.body.id}/accept`, {}, { token: second.token })).body.code).toBe('WAITLIST_OFFER_EXPIRED');
    expect((await slotRows.one(stack, { id: slot.id })).booked).toBe(0);
  });

  it('leaving the waitlist: while waiting it just ends; while offered the held place passes on', async () => {
    const slot = await makeSlot(stack, { capacity: 1, fee: 0 });
    const date = hospitalDate(slot.startsAt);
    const [holder, first, second] = [await consentedPatient(stack, '己'), await consentedPatient(stack, '庚'), await consentedPatient(stack, '辛')];
    const held = await book(stack, holder.token, slot.id);
    const e1 = (await stack.api.post<WaitlistEntryView>('/waitlist', { doctorId: slot.doctorId, date }, { token: first.token })).body;
    const e2 = (await stack.api.post<WaitlistEntryView>('/waitlist', { doctorId: slot.doctorId, date }, { token: second.token })).body;
    expect((await stack.api.post(`/waitlist/${e1.id}/cancel`, {}, { token: second.token })).body.code).toBe('WAITLIST_NOT_FOUND');

    await stack.api.post(`/appointments/${held.appointment.id}/cancel`, {}, { token: holder.token });
    expect((await stack.api.get<WaitlistEntryView[]>('/me/waitlist', { token: first.token })).body[0]!.status).toBe('offered');
    const left = await stack.api.post<WaitlistEntryView>(`/waitlist/${e1.id}/cancel`, {}, { token: first.token });
    expect(left.body).toMatchObject({ status: 'cancelled', offer: null });
    expect((await stack.api.get<WaitlistEntryView[]>('/me/waitlist', { token: second.token })).body[0]!.status).toBe('offered');

    expect((await stack.api.post(`/waitlist/${e2.id}/cancel`, {}, { token: second.token })).body.status).toBe('cancelled');
    expect((await stack.api.post(`/waitlist/${e2.id}/cancel`, {}, { token: second.token })).body.code).toBe('WAITLIST_STATE_CONFLICT');
    expect((await slotRows.one(stack, { id: slot.id })).booked).toBe(0);
    // Rejoining after leaving is allowed (the day is free again, so it is not needed).
    expect((await stack.api.post('/waitlist', { doctorId: slot.doctorId, date }, { token: first.token })).body.code).toBe('WAITLIST_NOT_NEEDED');
  });

  it('accepting an offer books the held place (a paid one waits for payment)', async () => {
    const slot = await makeSlot(stack, { capacity: 1, fee: 5000 });
    const date = hospitalDate(slot.startsAt);
    const [holder, waiting] = [await consentedPatient(stack, '丁'), await consentedPatient(stack, '戊')];
    const held = await book(stack, holder.token, slot.id);
    const entry = (await stack.api.post<WaitlistEntryView>('/waitlist', { doctorId: slot.doctorId, date }, { token: waiting.token })).body;
    await stack.api.post(`/appointments/${held.appointment.id}/cancel`, {}, { token: holder.token });
    const accepted = await stack.api.post(`/waitlist/${entry.id}/accept`, {}, { token: waiting.token });
    expect(accepted.status).toBe(200);
    expect(accepted.body.appointment).toMatchObject({ slotId: slot.id, status: 'pending_payment' });
    expect(accepted.body.payment.package).toMatch(/^prepay_id=/);
    await payAtSimulator(stack, waiting.openid, accepted.body.payment);
    await waitForAppointment(stack, waiting.token, accepted.body.appointment.id, (a) => a.status === 'confirmed');
    expect((await slotRows.one(stack, { id: slot.id })).booked).toBe(1);
    expect((await stack.api.get<WaitlistEntryView[]>('/me/waitlist', { token: waiting.token })).body[0]!.status).toBe('booked');
  });
});

describe('schedule editing', () => {
  it('stops a session: every appointment cancelled, refunded in full and the patient told; other departments may not', async () => {
    await simControl(stack.simUrl, 'POST', '/__sim/pay/notifications', { enabled: true });
    const slot = await makeSlot(stack, { capacity: 3, fee: 5000 });
    const [p1, p2] = [await consentedPatient(stack, '周一'), await consentedPatient(stack, '周二')];
    const a1 = await book(stack, p1.token, slot.id);
    const a2 = await book(stack, p2.token, slot.id); // still unpaid
    await payAtSimulator(stack, p1.openid, a1.payment!);
    await waitForAppointment(stack, p1.token, a1.appointment.id, (a) => a.status === 'confirmed');

    const other = await staffLogin(stack, 'doctor.li');
    expect((await stack.api.post(`/schedules/sessions/${slot.sessionId}/stop`, { reason: '医生临时停诊' }, { token: other })).body.code).toBe('FORBIDDEN_ROLE');
    expect((await stack.api.patch(`/slots/${slot.id}`, { capacity: 10 }, { token: other })).body.code).toBe('FORBIDDEN_ROLE');
    expect((await stack.api.patch(`/slots/${slot.id}`, { capacity: 1 }, { token: nurse })).body.code).toBe('SLOT_CAPACITY_BELOW_BOOKED');
    expect((await stack.api.patch(`/slots/${slot.id}`, { fee: 100 }, { token: nurse })).body.code).toBe('SLOT_FEE_LOCKED');
    expect((await stack.api.patch(`/slots/${slot.id}`, { capacity: 4 }, { token: nurse })).body.slots[0]).toMatchObject({ capacity: 4, booked: 2 });

    const stopped = await stack.api.post(`/schedules/sessions/${slot.sessionId}/stop`, { reason: '医生临时停诊' }, { token: nurse });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ appointmentsCancelled: 2, refundsRequested: 5000, session: { status: 'stopped', stoppedReason: '医生临时停诊' } });
    expect((await stack.api.post(`/schedules/sessions/${slot.sessionId}/stop`, { reason: '医生临时停诊' }, { token: nurse })).body.code).toBe(
      'SESSION_ALREADY_STOPPED',
    );
    await runJobs(stack);
    expect((await stack.api.get(`/appointments/${a1.appointment.id}`, { token: p1.token })).body).toMatchObject({
      status: 'refunded',
      payment: { refunded: 5000 },
    });
    expect((await stack.api.get(`/appointments/${a2.appointment.id}`, { token: p2.token })).body).toMatchObject({
      status: 'cancelled',
      payment: { status: 'closed' },
    });
    for (const p of [p1, p2]) {
      expect(await deliveryRows.count(stack, { patientId: p.patientId, messageKind: 'appointment_changed' })).toBe(1);
    }
    expect((await stack.api.post('/appointments', { slotId: slot.id }, { token: p1.token })).body.code).toBe('SLOT_NOT_BOOKABLE');

    const week = await stack.api.get(`/schedules/sessions?from=${hospitalDate(slot.startsAt)}&to=${hospitalDate(slot.startsAt)}`, { token: admin });
    expect(week.status).toBe(400); // an admin has no department of their own: say which
    const listed = await stack.api.get(`/schedules/sessions?from=${hospitalDate(slot.startsAt)}&to=${hospitalDate(slot.startsAt)}`, { token: nurse });
    expect(listed.body.find((s: { id: string }) => s.id === slot.sessionId)).toMatchObject({ status: 'stopped', doctorName: '张伟' });
  });
});
