// Booking and paying in the browser build: a patient books a paid slot, pays at the simulator's pay sheet (the H5
// platform's requestPayment), waits for the hospital's confirmation, sees the check-in QR code, cancels and sees the
// refund; a nurse opens today's appointments and checks a patient in by code.
import type { AppointmentView, CreateSchedulesRequest, CreateSchedulesResponse, DoctorView } from '@yiban/shared';
import { appointmentRows, makeSlot } from '@yiban/server/testing';
import { consentedPatient, demoDoctor, staffLogin } from '../support/actors.js';
import { book, payAtSimulator, waitForAppointment } from '../support/booking.js';
import {
  answerModal,
  answerSubscribePopup,
  button,
  byTestId,
  firstLaunchWithRealName,
  fontSizeOf,
  openBrowser,
  shot,
  staffSignIn,
  startBrowserStack,
  type BrowserStack,
} from './h5-stack.js';

let env: BrowserStack;
let doctor: DoctorView;
beforeAll(async () => {
  env = await startBrowserStack();
  doctor = await demoDoctor(env.stack, '张伟');
}, 120_000);
afterAll(() => env?.close());

const BEIJING_MS = 8 * 3_600_000;
const beijing = (d: Date) => new Date(d.getTime() + BEIJING_MS);
const beijingDate = (d: Date) => beijing(d).toISOString().slice(0, 10);
const isoWeekday = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
};

/** An admin schedules Dr Zhang's clinic on one day, through the API the schedule editor uses. */
async function scheduleClinic(
  date: string,
  start: string,
  end: string,
  slotMinutes: number,
  options: { capacityPerSlot?: number; visitType?: CreateSchedulesRequest['pattern'][number]['visitType'] } = {},
): Promise<CreateSchedulesResponse> {
  const token = await staffLogin(env.stack, 'admin');
  const body: CreateSchedulesRequest = {
    doctorId: doctor.id,
    fromDate: date,
    weeks: 1,
    pattern: [
      {
        weekday: isoWeekday(date),
        period: 'morning',
        start,
        end,
        slotMinutes,
        capacityPerSlot: options.capacityPerSlot ?? 3,
        visitType: options.visitType ?? 'expert',
      },
    ],
  };
  const res = await env.stack.api.post<CreateSchedulesResponse>('/schedules/bulk', body, { token });
  if (res.status !== 200 && res.status !== 201) throw new Error(`schedules/bulk: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('booking in the browser (H5)', () => {
  it('a patient books a paid slot, pays, sees the QR code, cancels and sees the refund', async () => {
    const date = beijingDate(new Date(Date.now() + 3 * 86_400_000));
    const created = await scheduleClinic(date, '09:00', '10:00', 30);
    expect(created.slotsCreated).toBe(2);

    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunchWithRealName(env, page);

      // 预约 tab → department → doctor → the day → the 09:00 slot.
      await page.goto(`${env.h5Url}/#/pages/booking/index`);
      await page.getByText('心血管内科').first().click();
      await page.locator(`[data-testid="doctor-link"][data-doctor-id="${doctor.id}"]:visible`).click();
      await byTestId(page, 'doctor-page').waitFor({ timeout: 20_000 });
      await page.locator(`[data-testid="strip-day"][data-date="${date}"]:visible`).click();
      const slot = byTestId(page, 'slot').filter({ hasText: '09:00–09:30' });
      await slot.waitFor({ timeout: 20_000 });
      expect(await slot.textContent()).toContain('¥100.00');
      await shot(page, 'booking-1-doctor-slots');
      await slot.click();

      // Confirmation: patient, doctor, time, fee, place and the refund rule in words.
      await byTestId(page, 'confirm').waitFor({ timeout: 20_000 });
      expect(await byTestId(page, 'confirm-fee').textContent()).toContain('¥100.00');
      expect(await byTestId(page, 'confirm-time').textContent()).toContain('09:00–09:30');
      expect(await byTestId(page, 'confirm-rules').textContent()).toContain('取消');
      await shot(page, 'booking-2-confirm');
      await button(page, '确认预约并支付 ¥100.00').click();

      // The pay sheet (the simulator's stand-in for WeChat's), then — in the payment callback — the reminders popup.
      const sheet = await answerModal(page, 'confirm');
      expect(sheet).toContain('¥100.00');
      // Visit reminders were refused at first launch, so only the change notice is asked unprompted (no nagging);
      // the result page offers reminders again behind a tap of the patient's own.
      const popup = await answerSubscribePopup(page, 'allow');
      expect(popup).toContain('预约变更通知');
      expect(popup).not.toContain('就诊提醒');

      // Confirmed once WeChat's notification reached the server.
      const success = byTestId(page, 'result-success');
      await success.waitFor({ timeout: 30_000 });
      const appointmentId = (await success.getAttribute('data-appointment-id'))!;
      expect(await byTestId(page, 'appt-payment').getAttribute('data-state')).toBe('paid');
      await byTestId(page, 'reminder-ask').click();
      expect(await answerSubscribePopup(page, 'allow')).toContain('就诊提醒');
      await page.locator('[data-testid="reminder-card"][data-state="on"]:visible').waitFor({ timeout: 10_000 });
      await shot(page, 'booking-3-paid');

      // The check-in code as a QR code, the same code the server holds.
      await byTestId(page, 'result-view').click();
      const qr = byTestId(page, 'checkin-qr');
      await qr.waitFor({ timeout: 20_000 });
      const row = await appointmentRows.one(env.stack, { id: appointmentId });
      expect(row.status).toBe('confirmed');
      expect(row.checkInCode).toBeTruthy();
      expect(await qr.getAttribute('data-code')).toBe(row.checkInCode);
      expect(Number(await qr.getAttribute('data-size'))).toBeGreaterThanOrEqual(21);
      const box = await qr.boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      // Below the QR, the prompt and then the six digits to read aloud, big and in two groups.
      expect(row.checkInNumber).toMatch(/^\d{6}$/);
      expect(await byTestId(page, 'checkin-prompt').textContent()).toBe('请向工作人员出示二维码或报出下方号码');
      const number = byTestId(page, 'checkin-number');
      expect(await number.textContent()).toContain(`${row.checkInNumber!.slice(0, 3)} ${row.checkInNumber!.slice(3)}`);
      const [qrBox, promptBox, numberBox] = [box, await byTestId(page, 'checkin-prompt').boundingBox(), await number.boundingBox()];
      expect(promptBox!.y).toBeGreaterThan(qrBox!.y + qrBox!.height - 1);
      expect(numberBox!.y).toBeGreaterThan(promptBox!.y);
      expect(await fontSizeOf(number.locator('.yb-checkin__digits'))).toBeGreaterThanOrEqual(36);
      await shot(page, 'booking-4-qr');

      // Cancel: the dialog says what comes back, and the page then shows the refund.
      await byTestId(page, 'appt-cancel').click();
      const dialog = await answerModal(page, 'confirm');
      const promised = /¥(\d+\.\d{2})/.exec(dialog)?.[1];
      expect(promised).toBeDefined();
      await page
        .locator('[data-testid="appointment"][data-status="cancelled"]:visible, [data-testid="appointment"][data-status="refunded"]:visible')
        .waitFor({ timeout: 20_000 });
      const refund = byTestId(page, 'appt-payment');
      expect(['refunding', 'refunded']).toContain(await refund.getAttribute('data-state'));
      expect(await refund.textContent()).toContain(`¥${promised}`);
      await byTestId(page, 'appt-refund-note').waitFor();
      await shot(page, 'booking-5-cancelled-refund');

      // My appointments: it is in the past tab, in words.
      await page.goto(`${env.h5Url}/#/packages/booking/pages/appointments/index`);
      await byTestId(page, 'appts-tab-past').click();
      await page.locator(`[data-testid="appt-item"][data-appointment-id="${appointmentId}"]:visible`).waitFor({ timeout: 20_000 });
      await shot(page, 'booking-6-my-appointments');
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('a patient moves a booking to another time, and joins the waitlist of a fully booked day', async () => {
    const day = beijingDate(new Date(Date.now() + 5 * 86_400_000));
    const fullDay = beijingDate(new Date(Date.now() + 6 * 86_400_000));
    await scheduleClinic(day, '09:00', '10:00', 30, { capacityPerSlot: 1, visitType: 'general' });
    await scheduleClinic(fullDay, '09:00', '09:30', 30, { capacityPerSlot: 1, visitType: 'general' });
    // Someone else takes the only place on the second day.
    const full = await env.stack.api.get<{ id: string }[]>(`/doctors/${doctor.id}/slots?from=${fullDay}&to=${addDay(fullDay)}`);
    const other = await consentedPatient(env.stack, '钱先生');
    const taken = await book(env.stack, other.token, full.body[0]!.id);
    await payAtSimulator(env.stack, other.openid, taken.payment!);

    const browser = await openBrowser();
    const { page } = browser;
    try {
      await firstLaunchWithRealName(env, page);
      await page.goto(`${env.h5Url}/#/packages/booking/pages/doctor/index?id=${doctor.id}`);
      await page.locator(`[data-testid="strip-day"][data-date="${day}"]:visible`).click();
      await byTestId(page, 'slot').filter({ hasText: '09:00–09:30' }).click();
      await byTestId(page, 'confirm-submit').click();
      await answerModal(page, 'confirm'); // pay
      await answerSubscribePopup(page, 'cancel');
      await byTestId(page, 'result-success').waitFor({ timeout: 30_000 });
      await byTestId(page, 'result-view').click();
      await byTestId(page, 'appointment').waitFor({ timeout: 20_000 });

      // Move it to 09:30 the same day: same department, same fee, the payment carries over.
      await byTestId(page, 'appt-reschedule').click();
      await byTestId(page, 'reschedule').waitFor({ timeout: 20_000 });
      await page.locator(`[data-testid="strip-day"][data-date="${day}"]:visible`).click();
      const later = byTestId(page, 'slot').filter({ hasText: '09:30–10:00' });
      await later.waitFor({ timeout: 20_000 });
      expect(await byTestId(page, 'slot').count()).toBe(1); // its own slot is not offered
      await shot(page, 'booking-11-reschedule');
      await later.click();
      expect(await answerModal(page, 'confirm')).toContain('09:30–10:00');
      await byTestId(page, 'appt-time').filter({ hasText: '09:30–10:00' }).waitFor({ timeout: 20_000 });
      expect(await byTestId(page, 'appt-payment').getAttribute('data-state')).toBe('paid');

      // The full day: no place to choose, the waitlist instead (its alert asked in the same tap).
      await page.goto(`${env.h5Url}/#/packages/booking/pages/doctor/index?id=${doctor.id}`);
      const fullStrip = page.locator(`[data-testid="strip-day"][data-date="${fullDay}"]:visible`);
      await fullStrip.waitFor({ timeout: 20_000 });
      expect(await fullStrip.getAttribute('data-state')).toBe('full');
      await fullStrip.click();
      await byTestId(page, 'waitlist-offer').waitFor();
      await byTestId(page, 'join-waitlist').click();
      expect(await answerSubscribePopup(page, 'allow')).toContain('候补');
      await byTestId(page, 'waitlist-joined').filter({ hasText: '第 1 位' }).waitFor({ timeout: 15_000 });
      await shot(page, 'booking-12-waitlist-joined');
      await page.goto(`${env.h5Url}/#/packages/booking/pages/waitlist/index`);
      await page.locator('[data-testid="waitlist-entry"][data-status="waiting"]:visible').waitFor({ timeout: 20_000 });
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('a nurse opens today’s appointments and checks a patient in by code', async () => {
    // A clinic today starting in a few minutes (hospital time), booked and paid by a patient through the API.
    const now = new Date();
    const start = new Date(Math.ceil((beijing(now).getTime() + 5 * 60_000) / 300_000) * 300_000);
    const hm = (d: Date) => d.toISOString().slice(11, 16);
    const end = new Date(start.getTime() + 15 * 60_000);
    let slotId: string | undefined;
    // Through the API, as the schedule editor does — unless the clinic would not fall within today in Beijing (a few
    // minutes before midnight it starts at 00:00 tomorrow: scheduled for today it was in the past, and the test found no
    // slot), or the bulk call left an existing clinic alone.
    const today = start.toISOString().slice(0, 10) === beijingDate(now) && hm(end) > hm(start);
    if (today && (await scheduleClinic(beijingDate(now), hm(start), hm(end), 15)).slotsCreated > 0) {
      const slots = await env.stack.api.get<{ id: string; startsAt: string }[]>(`/doctors/${doctor.id}/slots?from=${beijingDate(now)}`);
      slotId = slots.body.find((s) => s.startsAt === new Date(start.getTime() - BEIJING_MS).toISOString())?.id;
    }
    slotId ??= (await makeSlot(env.stack, { startsAt: new Date(now.getTime() + 60_000), fee: 10000 })).id;
    const patient = await consentedPatient(env.stack, '李秀兰');
    const held = await book(env.stack, patient.token, slotId);
    await payAtSimulator(env.stack, patient.openid, held.payment!);
    const confirmed: AppointmentView = await waitForAppointment(env.stack, patient.token, held.appointment.id, (a) => a.status === 'confirmed');
    expect(confirmed.checkInCode).toBeTruthy();

    const browser = await openBrowser({ width: 1366, height: 900 });
    const { page } = browser;
    try {
      await staffSignIn(env, page, 'nurse.wang');
      await byTestId(page, 'staff-task-frontDesk').click();

      await byTestId(page, 'front-desk').waitFor({ timeout: 20_000 });
      const item = page.locator(`[data-testid="desk-item"][data-appointment-id="${held.appointment.id}"]:visible`);
      await item.waitFor({ timeout: 20_000 });
      expect(await item.getAttribute('data-status')).toBe('confirmed');
      expect(await item.textContent()).toContain('李秀兰');
      await shot(page, 'booking-7-front-desk');

      // A wrong code is refused in words; the right one checks the patient in.
      for (const wrong of ['WRONG1', 'WRONGCODEX']) {
        await byTestId(page, 'checkin-code-input').locator('input').fill(wrong);
        const answered = page.waitForResponse((r) => r.url().endsWith('/check-ins'));
        await byTestId(page, 'checkin-submit').click();
        expect((await answered).status()).toBeGreaterThanOrEqual(400);
        await page.getByText('签到码无效，请核对后重试').first().waitFor({ timeout: 15_000 });
      }
      // The patient reads the number aloud; the nurse types it as heard, with its space.
      expect(confirmed.checkInNumber).toMatch(/^\d{6}$/);
      await byTestId(page, 'checkin-code-input')
        .locator('input')
        .fill(`${confirmed.checkInNumber!.slice(0, 3)} ${confirmed.checkInNumber!.slice(3)}`);
      await byTestId(page, 'checkin-submit').click();
      await byTestId(page, 'checkin-result').filter({ hasText: '李秀兰 已签到' }).waitFor({ timeout: 15_000 });
      await page
        .locator(`[data-testid="desk-item"][data-appointment-id="${held.appointment.id}"][data-status="checked_in"]:visible`)
        .waitFor({ timeout: 15_000 });
      await shot(page, 'booking-8-checked-in');

      const row = await appointmentRows.one(env.stack, { id: held.appointment.id });
      expect(row.status).toBe('checked_in');
      expect(row.checkedInAt).not.toBeNull();
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('a nurse schedules a week from a pattern, adjusts a slot and stops a clinic, told first how many patients it cancels', async () => {
    const browser = await openBrowser({ width: 1366, height: 900 });
    const { page } = browser;
    try {
      await staffSignIn(env, page, 'nurse.wang');
      await byTestId(page, 'staff-task-schedule').click();
      await byTestId(page, 'schedule').waitFor({ timeout: 20_000 });

      // Two weeks ahead (clear of the other tests' clinics): Dr Zhang, Tuesdays and Thursdays, one week.
      const monday = (() => {
        const d = new Date(`${beijingDate(new Date())}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 14);
        return d.toISOString().slice(0, 10);
      })();
      const form = byTestId(page, 'pattern-form');
      await form.locator('[data-testid="pattern-doctor"] [data-value="' + doctor.id + '"]').click();
      await byTestId(page, 'pattern-from').locator('input').fill(monday);
      await byTestId(page, 'pattern-weeks').locator('input').fill('1');
      for (const day of ['1', '3', '5']) await form.locator(`[data-testid="pattern-weekdays"] [data-value="${day}"]`).click(); // off
      for (const day of ['2', '4']) await form.locator(`[data-testid="pattern-weekdays"] [data-value="${day}"]`).click(); // on
      await byTestId(page, 'pattern-submit').click();
      await byTestId(page, 'pattern-result').filter({ hasText: '已生成 2 个出诊' }).waitFor({ timeout: 15_000 });

      // That week in the editor: two clinics, every slot 0/4 booked.
      await page.getByText('下一周 ›').click();
      await page.getByText('下一周 ›').click();
      await page.locator(`[data-testid="schedule-week"][data-week="${monday}"]:visible`).waitFor({ timeout: 10_000 });
      const sessions = byTestId(page, 'session');
      await sessions.first().waitFor({ timeout: 15_000 });
      expect(await sessions.count()).toBe(2);

      // A patient books the Tuesday 08:00 slot (and pays) through the API.
      const tuesday = new Date(`${monday}T00:00:00Z`);
      tuesday.setUTCDate(tuesday.getUTCDate() + 1);
      const tuesdayDate = tuesday.toISOString().slice(0, 10);
      const slots = await env.stack.api.get<{ id: string; startsAt: string }[]>(`/doctors/${doctor.id}/slots?from=${tuesdayDate}&to=${addDay(tuesdayDate)}`);
      const patient = await consentedPatient(env.stack, '赵大爷');
      const held = await book(env.stack, patient.token, slots.body[0]!.id);
      await payAtSimulator(env.stack, patient.openid, held.payment!);
      await waitForAppointment(env.stack, patient.token, held.appointment.id, (a) => a.status === 'confirmed');

      // Adjust a Thursday slot: 4 → 6 places.
      await page.getByText('本周').click();
      await page.getByText('下一周 ›').click();
      await page.getByText('下一周 ›').click();
      const thursday = page.locator(`[data-testid="schedule-day"][data-date="${addDay(addDay(tuesdayDate))}"]:visible`);
      await thursday.locator('[data-testid="session-slot"]').first().getByText('调整').click();
      await byTestId(page, 'slot-capacity').locator('input').fill('6');
      await byTestId(page, 'slot-editor').locator('taro-button-core', { hasText: '保存' }).click();
      await thursday.locator('[data-testid="session-slot"]').first().filter({ hasText: '0/6' }).waitFor({ timeout: 15_000 });

      // Stop Tuesday's clinic: the confirmation names the one patient whose booking is cancelled and refunded.
      const tuesdaySession = page.locator(`[data-testid="schedule-day"][data-date="${tuesdayDate}"]:visible [data-testid="session"]`);
      await tuesdaySession.filter({ hasText: '已约 1/' }).first().waitFor({ timeout: 15_000 });
      await tuesdaySession.getByText('停诊').click();
      await byTestId(page, 'stop-reason').locator('input').fill('医生临时外出会诊');
      await shot(page, 'booking-9-schedule-stop');
      await byTestId(page, 'stop-submit').click();
      expect(await answerModal(page, 'confirm')).toContain('将取消 1 位患者的预约');
      expect(await answerModal(page, 'confirm')).toMatch(/取消 1 个预约，申请退款 ¥\d+\.\d{2}/);
      await page
        .locator(`[data-testid="schedule-day"][data-date="${tuesdayDate}"]:visible [data-testid="session"][data-status="stopped"]`)
        .waitFor({ timeout: 15_000 });
      await shot(page, 'booking-10-schedule-stopped');

      const row = await appointmentRows.one(env.stack, { id: held.appointment.id });
      expect(['cancelled', 'refunded']).toContain(row.status);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

function addDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
