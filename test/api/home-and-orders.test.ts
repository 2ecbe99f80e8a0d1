// 首页 and 我的订单: what is next for the acting profile (payments due, the next visit with its check-in number,
// unread doctors' replies, other unread messages), the account's orders with their refunds, and the six-digit number a
// patient reads aloud at the desk (unique per hospital day, a clash drawn again, scoped to today and the department).
import type { AppointmentView, AppointmentWithPayment, ConsultationView, HomeCard, OrderView, Page, PatientHome } from '@yiban/shared';
import { appointmentRows, makeSlot, runJobs, withCheckInNumbers, withClockAt } from '@yiban/server/testing';
import { consentedPatient, departmentId, familyMember, loginAs, seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { book, payAtSimulator, waitForAppointment } from '../support/booking.js';
import { ask } from '../support/consult.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  // Consultations cost something here, so 首页 shows one waiting for its fee and 我的订单 describes one.
  stack = await startStack({ CONSULT_HEALTH_FEE: '2000' });
  await seed(stack);
  await simControl(stack.simUrl, 'POST', '/__sim/pay/settings', { refundDelayMs: 0 });
});
afterAll(() => stack.close());

const home = async (token: string, options: { language?: string; patientId?: string } = {}) => {
  const res = await stack.api.get<PatientHome>('/me/home', { token, ...options });
  expect(res.status).toBe(200);
  return res.body;
};
const kinds = (h: PatientHome) => h.cards.map((c) => c.kind);
const card = <K extends HomeCard['kind']>(h: PatientHome, kind: K) => h.cards.find((c): c is Extract<HomeCard, { kind: K }> => c.kind === kind);
/** Polls a consultation until `done` says so (payment notifications arrive asynchronously). */
async function waitForConsultation(token: string, id: string, done: (c: ConsultationView) => boolean): Promise<ConsultationView> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await stack.api.get<ConsultationView>(`/consultations/${id}`, { token });
    if (done(res.body) || Date.now() > deadline) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const orders = async (token: string, query = '', language?: string) => {
  const res = await stack.api.get<Page<OrderView>>(`/me/orders${query}`, { token, language });
  expect(res.status).toBe(200);
  return res.body;
};

describe('首页: what is next', () => {
  it('shows nothing when nothing is due, then a payment due, the next visit, a doctor’s reply and unread messages, most urgent first', async () => {
    const p = await consentedPatient(stack, '孙丽');
    expect(await home(p.token)).toEqual({ patientId: p.patientId, cards: [] });

    // A paid slot held and not paid yet: one card with the amount, the time to pay by and the page that pays.
    const soon = await makeSlot(stack, { fee: 5000, daysAhead: 3 });
    const held = await book(stack, p.token, soon.id);
    let h = await home(p.token);
    expect(kinds(h)).toEqual(['payment_due']);
    expect(card(h, 'payment_due')).toMatchObject({
      purpose: 'appointment',
      amount: 5000,
      payBefore: held.appointment.holdExpiresAt,
      title: '心血管内科 · 张伟',
      link: `packages/booking/pages/result/index?id=${held.appointment.id}&autopay=1`,
      appointment: { id: held.appointment.id, status: 'pending_payment' },
    });

    // A consultation waiting for its fee: a second card, each with its own time to pay by, the sooner first.
    const cardiology = await departmentId(stack, 'CARD');
    const asked = await ask(stack, p.token, { kind: 'health_consult', departmentId: cardiology, question: '血压偏高需要调整用药吗？' });
    const c = asked.consultation;
    h = await home(p.token);
    expect(h.cards).toEqual([
      expect.objectContaining({ kind: 'payment_due', purpose: 'appointment' }),
      expect.objectContaining({
        kind: 'payment_due',
        purpose: 'consultation',
        amount: 2000,
        payBefore: c.payBefore,
        title: '心血管内科',
        link: `packages/consult/pages/chat/index?id=${c.id}`,
        consultation: expect.objectContaining({ id: c.id, status: 'pending_payment' }),
      }),
    ]);

    // Paid: the first card becomes the next visit, with its QR code and the number to read aloud.
    await payAtSimulator(stack, p.openid, held.payment!);
    await waitForAppointment(stack, p.token, held.appointment.id, (a) => a.status === 'confirmed');
    await payAtSimulator(stack, p.openid, asked.payment!);
    await waitForConsultation(p.token, c.id, (x) => x.status === 'waiting_doctor');
    // A later visit, free: the next visit is still the sooner one.
    await book(stack, p.token, (await makeSlot(stack, { fee: 0, daysAhead: 20 })).id);
    const zhang = await staffLogin(stack, 'doctor.zhang');
    await stack.api.post(`/consultations/${c.id}/messages`, { text: '请先连续三天测量血压。' }, { token: zhang });
    await stack.api.post(`/consultations/${c.id}/messages`, { text: '记录后再来咨询。' }, { token: zhang });
    await runJobs(stack);

    h = await home(p.token);
    expect(kinds(h)).toEqual(['next_visit', 'doctor_replies', 'messages']);
    const next = card(h, 'next_visit')!;
    expect(next.link).toBe(`packages/booking/pages/appointment/index?id=${held.appointment.id}`);
    expect(next.appointment).toMatchObject({ id: held.appointment.id, status: 'confirmed', departmentName: '心血管内科', doctorName: '张伟' });
    expect(next.appointment.checkInCode).toMatch(/^[2-9A-Z]{10}$/);
    expect(next.appointment.checkInNumber).toMatch(/^\d{6}$/);
    expect(card(h, 'doctor_replies')).toMatchObject({ total: 2, consultations: [{ id: c.id, unread: 2 }] });
    // Unread messages besides the replies (the card above shows those): the two booking confirmations.
    const messages = card(h, 'messages')!;
    expect(messages).toMatchObject({ count: 2, otherProfiles: 0, newest: { title: '预约成功' } });

    // In English, the newest message is rendered for the reader.
    expect(card(await home(p.token, { language: 'en' }), 'messages')!.newest!.title).toBe('Appointment confirmed');

    // Read the chat and the messages: those cards go, the visit stays.
    const thread = await stack.api.get<{ items: { seq: number }[] }>(`/consultations/${c.id}/messages`, { token: p.token });
    const lastSeq = Math.max(...thread.body.items.map((m) => m.seq));
    expect((await stack.api.post(`/consultations/${c.id}/read`, { seq: lastSeq }, { token: p.token })).status).toBe(204);
    expect((await stack.api.post('/me/messages/read-all', {}, { token: p.token })).status).toBe(200);
    expect(kinds(await home(p.token))).toEqual(['next_visit']);
  });

  it('is about the acting profile (X-Patient-Id), and points at the family’s unread messages', async () => {
    const p = await consentedPatient(stack, '钱芳');
    const mother = await familyMember(stack, p.token, '钱母');
    const held = await book(stack, p.token, (await makeSlot(stack, { fee: 0, daysAhead: 5 })).id);
    expect(card(await home(p.token), 'next_visit')!.appointment.id).toBe(held.appointment.id);

    const asMother = await home(p.token, { patientId: mother });
    expect(asMother.patientId).toBe(mother);
    expect(kinds(asMother)).toEqual(['messages']);
    expect(card(asMother, 'messages')).toMatchObject({ count: 0, otherProfiles: 1, newest: null });
    // Another account's profile is not the caller's to act for.
    const stranger = await consentedPatient(stack, '路人');
    expect((await stack.api.get('/me/home', { token: stranger.token, patientId: mother })).body.code).toBe('FORBIDDEN_OWNERSHIP');
  });
});

describe('我的订单', () => {
  it('lists the account’s payments and refunds, newest first, each with what it paid for, page by page', async () => {
    const p = await consentedPatient(stack, '周敏');
    expect(await orders(p.token)).toEqual({ items: [], nextCursor: null });
    const mother = await familyMember(stack, p.token, '周母');

    // Paid for the holder, then cancelled: refunded in full (more than 24 hours ahead).
    const first = await book(stack, p.token, (await makeSlot(stack, { fee: 5000, daysAhead: 6 })).id);
    await payAtSimulator(stack, p.openid, first.payment!);
    await waitForAppointment(stack, p.token, first.appointment.id, (a) => a.status === 'confirmed');
    // Paid for the mother (the account pays), still to come.
    const second = await stack.api.post<AppointmentWithPayment>(
      '/appointments',
      { slotId: (await makeSlot(stack, { fee: 3000, daysAhead: 7 })).id },
      { token: p.token, patientId: mother },
    );
    expect(second.status).toBe(201);
    await payAtSimulator(stack, p.openid, second.body.payment!);
    await waitForAppointment(stack, p.token, second.body.appointment.id, (a) => a.status === 'confirmed');
    // A third, never paid.
    const third = await book(stack, p.token, (await makeSlot(stack, { fee: 2000, daysAhead: 8 })).id);

    let list = await orders(p.token);
    expect(list.items.map((o) => [o.subject.id, o.state])).toEqual([
      [third.appointment.id, 'pending'],
      [second.body.appointment.id, 'paid'],
      [first.appointment.id, 'paid'],
    ]);
    expect(list.items[0]!.payBefore).toBe(third.appointment.holdExpiresAt);
    expect(list.items[1]).toMatchObject({ patientId: mother, patientName: '周母', amount: 3000, refunds: [] });

    const cancelled = await stack.api.post<AppointmentView>(`/appointments/${first.appointment.id}/cancel`, {}, { token: p.token });
    expect(cancelled.status).toBe(200);
    list = await orders(p.token);
    expect(list.items[2]).toMatchObject({ state: 'refunding', refundPending: 5000, refunds: [{ amount: 5000, state: 'processing', settledAt: null }] });
    await runJobs(stack);
    await stack.api.post(`/appointments/${third.appointment.id}/cancel`, {}, { token: p.token });

    list = await orders(p.token);
    const paidOnce = list.items[2]!;
    expect(paidOnce).toMatchObject({
      purpose: 'appointment',
      patientId: p.patientId,
      patientName: '周敏',
      state: 'refunded',
      amount: 5000,
      refunded: 5000,
      refundPending: 0,
      payBefore: null,
      paidAt: expect.any(String),
      outTradeNo: expect.stringMatching(/^YB/),
      subject: {
        id: first.appointment.id,
        title: '挂号 · 心血管内科 · 张伟',
        detail: expect.stringMatching(/^\d+月\d+日 09:00$/),
        link: `packages/booking/pages/appointment/index?id=${first.appointment.id}`,
      },
      refunds: [{ amount: 5000, state: 'succeeded', settledAt: expect.any(String) }],
    });
    expect(list.items[0]).toMatchObject({ subject: { id: third.appointment.id }, state: 'closed', payBefore: null, refunds: [] });

    // In the reader's language.
    const en = await orders(p.token, '', 'en');
    expect(en.items[2]!.subject).toMatchObject({ title: 'Appointment · Cardiology · Zhang Wei', detail: expect.stringMatching(/^\d+ [A-Z][a-z]{2} 09:00$/) });

    // Page by page: the cursor is the last order's id.
    const page1 = await orders(p.token, '?limit=2');
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toBe(page1.items[1]!.id);
    const page2 = await orders(p.token, `?limit=2&cursor=${page1.nextCursor}`);
    expect(page2).toEqual({ items: [expect.objectContaining({ id: list.items[2]!.id })], nextCursor: null });

    // A consultation's fee, described by the consultations module (the thing sold), paid.
    const asked = await ask(stack, p.token, { kind: 'health_consult', departmentId: await departmentId(stack, 'CARD'), question: '饮食上需要注意什么？' });
    await payAtSimulator(stack, p.openid, asked.payment!);
    await waitForConsultation(p.token, asked.consultation.id, (x) => x.status === 'waiting_doctor');
    expect((await orders(p.token)).items[0]).toMatchObject({
      purpose: 'consultation',
      state: 'paid',
      amount: 2000,
      subject: {
        id: asked.consultation.id,
        title: '在线咨询 · 心血管内科',
        detail: '饮食上需要注意什么？',
        link: `packages/consult/pages/chat/index?id=${asked.consultation.id}`,
      },
    });
    expect((await orders(p.token, '', 'en')).items[0]!.subject.title).toBe('Online consultation · Cardiology');

    // Nobody else sees any of it.
    const stranger = await consentedPatient(stack, '路人乙');
    expect((await orders(stranger.token)).items).toEqual([]);
  });
});

describe('the number read aloud at check-in', () => {
  const hospitalDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

  it('is six digits, unique on its day (a clash is drawn again), new on another day, and checks in only today at its department', async () => {
    const p = await consentedPatient(stack, '吴刚');
    const q = await consentedPatient(stack, '郑洁');
    const slot = await makeSlot(stack, { fee: 0, daysAhead: 30, capacity: 5 });
    // Numbers are unique per hospital day across departments: other doctors' clinics of the same day share the space.
    const sameDay = await makeSlot(stack, { fee: 0, doctor: '陈静', startsAt: new Date(slot.startsAt.getTime() + 2 * 3_600_000) });
    const otherDay = await makeSlot(stack, { fee: 0, startsAt: new Date(slot.startsAt.getTime() + 86_400_000) });

    // The second booking draws the first one's number: it draws again. On another day the same number is free.
    const [a, b] = await withCheckInNumbers(stack, ['482913', '482913', '100200'], async () => [
      (await book(stack, p.token, slot.id)).appointment,
      (await book(stack, q.token, sameDay.id)).appointment,
    ]);
    expect([a.checkInNumber, b.checkInNumber]).toEqual(['482913', '100200']);
    const c = await withCheckInNumbers(stack, ['482913'], async () => (await book(stack, q.token, otherDay.id)).appointment);
    expect(c.checkInNumber).toBe('482913');
    expect(await appointmentRows.one(stack, { id: c.id })).toMatchObject({ checkInDay: hospitalDate(otherDay.startsAt), checkInNumber: '482913' });

    // Two bookings of one day drawing the same number at once: both booked, with different numbers.
    const races = [
      await makeSlot(stack, { fee: 0, doctor: '李娜', startsAt: new Date(slot.startsAt.getTime() + 3_600_000) }),
      await makeSlot(stack, { fee: 0, doctor: '王芳', startsAt: new Date(slot.startsAt.getTime() + 4 * 3_600_000) }),
    ];
    const racers = [await consentedPatient(stack, '甲一'), await consentedPatient(stack, '乙二')];
    const [r1, r2] = await withCheckInNumbers(stack, ['777777', '777777', '888888', '999999'], () =>
      Promise.all(racers.map(async (r, i) => (await book(stack, r.token, races[i]!.id)).appointment)),
    );
    expect(new Set([r1!.checkInNumber, r2!.checkInNumber, a.checkInNumber, b.checkInNumber]).size).toBe(4);

    // Moving to another day draws that day's number; the QR code stays.
    const later = await makeSlot(stack, { fee: 0, startsAt: new Date(slot.startsAt.getTime() + 2 * 86_400_000) });
    const moved = await withCheckInNumbers(stack, ['135790'], async () =>
      stack.api.post<AppointmentView>(`/appointments/${b.id}/reschedule`, { slotId: later.id }, { token: q.token }),
    );
    expect(moved.body).toMatchObject({ checkInNumber: '135790', checkInCode: b.checkInCode });

    // Not on the day: no such number today.
    const nurse = await staffLogin(stack, 'nurse.wang');
    expect((await stack.api.post('/check-ins', { code: '482913' }, { token: nurse })).body.code).toBe('CHECK_IN_CODE_INVALID');
    await withClockAt(stack, new Date(slot.startsAt.getTime() - 30 * 60_000), async () => {
      const [nurse, other] = [await staffLogin(stack, 'nurse.wang'), await staffLogin(stack, 'doctor.li')];
      // Another department's desk: no such number there.
      expect((await stack.api.post('/check-ins', { code: '482 913' }, { token: other })).body.code).toBe('CHECK_IN_CODE_INVALID');
      expect((await stack.api.post('/check-ins', { code: '48291' }, { token: nurse })).body.code).toBe('CHECK_IN_CODE_INVALID');
      // Read aloud in two groups, typed with a space: checked in.
      const checked = await stack.api.post<AppointmentView>('/check-ins', { code: '482 913' }, { token: nurse });
      expect(checked.body).toMatchObject({ id: a.id, status: 'checked_in' });
      // The patient's own view still shows the number while checked in; staff never see it.
      const patient = (await loginAs(stack, p.openid)).token; // tokens are checked against the moved clock
      expect((await stack.api.get<AppointmentView>(`/appointments/${a.id}`, { token: patient })).body.checkInNumber).toBe('482913');
      expect((await stack.api.get<AppointmentView>(`/appointments/${a.id}`, { token: nurse })).body.checkInNumber).toBeNull();
    });
  });
});
