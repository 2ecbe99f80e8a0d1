import type { NotificationView, Page, UnreadNotifications } from '@yiban/shared';
import { deliveryRows, makeSlot, notificationRows, runJobs, withClockAdvanced } from '@yiban/server/testing';
import { allowMessages, consentedPatient, familyMember, loginAs, patientLogin, seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { book } from '../support/booking.js';
import { ask } from '../support/consult.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  // Quiet hours off: the reminders in these tests are due at any hour the test runs.
  stack = await startStack({ QUIET_HOURS: '00:00-00:00' });
  await seed(stack);
});
afterAll(() => stack.close());

const list = async (token: string, options: { language?: string; patientId?: string; query?: string } = {}) =>
  (await stack.api.get<Page<NotificationView>>(`/me/messages${options.query ?? ''}`, { token, language: options.language, patientId: options.patientId })).body;
const unread = async (token: string, patientId?: string) => (await stack.api.get<UnreadNotifications>('/me/messages/unread-count', { token, patientId })).body;
const wechatInbox = async (openid: string) => (await simControl<{ messages: unknown[] }>(stack.simUrl, 'GET', `/__sim/messages?openid=${openid}`)).messages;

describe('the notification centre (消息)', () => {
  it('shows a booking confirmation to a patient who never granted a WeChat template, unread, in the reader’s language', async () => {
    const p = await consentedPatient(stack, '王小明');
    const slot = await makeSlot(stack, { fee: 0, daysAhead: 3 });
    const held = await book(stack, p.token, slot.id);
    expect(held.appointment.status).toBe('confirmed');
    await runJobs(stack);

    const zh = await list(p.token);
    expect(zh.items).toHaveLength(1);
    expect(zh.items[0]).toMatchObject({
      kind: 'appointment_confirmed',
      title: '预约成功',
      link: `packages/booking/pages/appointment/index?id=${held.appointment.id}`,
      readAt: null,
      patientId: p.patientId,
    });
    expect(zh.items[0]!.lines).toEqual(
      expect.arrayContaining([
        { label: '就诊人', value: '王小明' },
        { label: '科室', value: '心血管内科' },
        { label: '医生', value: '张伟' },
      ]),
    );
    // The same message read in English: every word rendered when read, from codes and ids.
    const en = await list(p.token, { language: 'en' });
    expect(en.items[0]).toMatchObject({ title: 'Appointment confirmed' });
    expect(en.items[0]!.lines).toEqual(expect.arrayContaining([{ label: 'Department', value: 'Cardiology' }]));
    expect(en.items[0]!.body).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await unread(p.token)).toEqual({ count: 1, otherProfiles: 0 });
    // Nothing went to WeChat: there was no grant. The in-app message exists either way.
    expect(await wechatInbox(p.openid)).toHaveLength(0);

    // Reading it: once is enough, a second time changes nothing; someone else cannot touch it.
    const id = zh.items[0]!.id;
    const stranger = await patientLogin(stack);
    expect((await stack.api.post(`/me/messages/${id}/read`, {}, { token: stranger.token })).body.code).toBe('NOTIFICATION_NOT_FOUND');
    const read = await stack.api.post<NotificationView>(`/me/messages/${id}/read`, {}, { token: p.token, language: 'en' });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, title: 'Appointment confirmed', readAt: expect.any(String) });
    const again = await stack.api.post<NotificationView>(`/me/messages/${id}/read`, {}, { token: p.token });
    expect(again.body.readAt).toBe(read.body.readAt);
    expect(await unread(p.token)).toEqual({ count: 0, otherProfiles: 0 });
    expect((await list(stranger.token)).items).toEqual([]);
  });

  it('shows reminders when they are due, takes them back when the visit is cancelled, and sends WeChat only against a grant', async () => {
    const p = await consentedPatient(stack, '李四');
    await allowMessages(stack, p, 'appointment_reminder');
    const slot = await makeSlot(stack, { fee: 0, daysAhead: 4 });
    const held = await book(stack, p.token, slot.id);
    await runJobs(stack);
    expect((await list(p.token)).items.map((n) => n.kind)).toEqual(['appointment_confirmed']);
    const reminders = await notificationRows.find(stack, { patientId: p.patientId, kind: 'appointment_reminder' });
    expect(reminders).toHaveLength(2);

    // The day before: the first reminder appears in 消息 and goes out on WeChat (one grant, one message).
    const dayBefore = slot.startsAt.getTime() - 24 * 3_600_000 - Date.now() + 60_000;
    await withClockAdvanced(stack, dayBefore, async () => {
      await runJobs(stack);
      const token = (await loginAs(stack, p.openid)).token;
      const page = await list(token);
      expect(page.items.map((n) => n.kind)).toEqual(['appointment_reminder', 'appointment_confirmed']);
      expect(page.items[0]!.body).toMatch(/明天/);
      expect(await unread(token)).toEqual({ count: 2, otherProfiles: 0 });
      // Paging: newest first, one at a time, by cursor.
      const first = await list(token, { query: '?limit=1' });
      expect(first.items.map((n) => n.kind)).toEqual(['appointment_reminder']);
      const second = await list(token, { query: `?limit=1&cursor=${first.nextCursor}` });
      expect(second.items.map((n) => n.kind)).toEqual(['appointment_confirmed']);
      expect(second.nextCursor).toBeNull();
      expect((await stack.api.get('/me/messages?cursor=not-a-cursor', { token })).body.code).toBe('VALIDATION_FAILED');

      // Cancelled the day before: the shown reminder stays in the history; the two-hours one never appears.
      expect((await stack.api.post(`/appointments/${held.appointment.id}/cancel`, {}, { token })).body.status).toBe('cancelled');
    });
    expect(await wechatInbox(p.openid)).toHaveLength(1);
    await withClockAdvanced(stack, slot.startsAt.getTime() - Date.now() - 60 * 60_000, async () => {
      await runJobs(stack);
      const token = (await loginAs(stack, p.openid)).token;
      expect((await list(token)).items.map((n) => n.kind)).toEqual(['appointment_reminder', 'appointment_confirmed']);
    });
    const withdrawn = await deliveryRows.find(stack, { patientId: p.patientId, messageKind: 'appointment_reminder', status: 'skipped' });
    expect(withdrawn.map((d) => d.reason)).toEqual(['withdrawn']);
  });

  it('tells the patient when the hospital cancels, with the refund and the reason, in English too', async () => {
    const p = await consentedPatient(stack, 'Anna');
    const slot = await makeSlot(stack, { fee: 0, daysAhead: 5 });
    const held = await book(stack, p.token, slot.id);
    const nurse = await staffLogin(stack, 'nurse.wang');
    const cancelled = await stack.api.post(`/appointments/${held.appointment.id}/cancel`, { reason: '医生临时出诊' }, { token: nurse });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: 'staff', cancelReason: '医生临时出诊' });
    const en = await list(p.token, { language: 'en' });
    expect(en.items[0]).toMatchObject({ kind: 'appointment_changed', title: 'Appointment changed' });
    expect(en.items[0]!.body).toBe('The hospital cancelled your appointment. Please contact the hospital if you have questions.');
    expect(en.items[0]!.lines).toContainEqual({ label: 'Reason', value: '医生临时出诊' });
    // A patient cancelling themselves is not told what they just did.
    const self = await consentedPatient(stack, '自己取消');
    const mine = await book(stack, self.token, (await makeSlot(stack, { fee: 0, daysAhead: 6 })).id);
    const own = await stack.api.post(`/appointments/${mine.appointment.id}/cancel`, {}, { token: self.token });
    expect(own.body).toMatchObject({ cancelledBy: 'patient', cancelReason: null });
    expect((await list(self.token)).items.map((n) => n.kind)).toEqual(['appointment_confirmed']);
  });

  it('tells a patient who is not connected that the doctor replied, once per answered question', async () => {
    const p = await consentedPatient(stack, '问诊人');
    const card = (await stack.api.get<{ id: string; code: string }[]>('/departments')).body.find((d) => d.code === 'CARD')!;
    const c = (await ask(stack, p.token, { kind: 'health_consult', departmentId: card.id, question: '血压偏高需要调整用药吗？' })).consultation;
    const zhang = await staffLogin(stack, 'doctor.zhang');
    await stack.api.post(`/consultations/${c.id}/messages`, { text: '请先连续三天测量血压。' }, { token: zhang });
    await stack.api.post(`/consultations/${c.id}/messages`, { text: '记录后再来咨询。' }, { token: zhang });
    const items = (await list(p.token, { language: 'en' })).items;
    expect(items.map((n) => n.kind)).toEqual(['doctor_replied']);
    expect(items[0]).toMatchObject({ title: 'Your doctor replied', link: `packages/consult/pages/chat/index?id=${c.id}` });
    expect(items[0]!.lines).toContainEqual({ label: 'Reply', value: '请先连续三天测量血压。' });
  });

  it('counts a family member’s unread messages for the account, and forgets a profile removed from it', async () => {
    const p = await consentedPatient(stack, '王建国');
    const mum = { body: { id: await familyMember(stack, p.token, '王秀英') } };
    await stack.api.post('/appointments', { slotId: (await makeSlot(stack, { fee: 0, daysAhead: 7 })).id }, { token: p.token, patientId: mum.body.id });
    expect(await unread(p.token)).toEqual({ count: 0, otherProfiles: 1 });
    expect(await unread(p.token, mum.body.id)).toEqual({ count: 1, otherProfiles: 0 });
    expect((await list(p.token, { patientId: mum.body.id })).items[0]!.lines).toContainEqual({ label: '就诊人', value: '王秀英' });
    expect((await stack.api.post('/me/messages/read-all', {}, { token: p.token, patientId: mum.body.id })).body).toEqual({ count: 0, otherProfiles: 0 });
    await stack.api.post('/appointments', { slotId: (await makeSlot(stack, { fee: 0, daysAhead: 8 })).id }, { token: p.token, patientId: mum.body.id });
    expect(await unread(p.token)).toEqual({ count: 0, otherProfiles: 1 });
    await stack.api.delete(`/me/patients/${mum.body.id}`, { token: p.token });
    expect(await unread(p.token)).toEqual({ count: 0, otherProfiles: 0 });
  });
});
