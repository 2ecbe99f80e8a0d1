import { sessionRows, slotRows, withClockAt } from '@yiban/server/testing';
import { consentedPatient, demoDoctor, seed, staffLogin } from '../support/actors.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

let stack: Stack;
let zhang: string; // Cardiology doctor Zhang Wei
let liNa: string; // Endocrinology doctor Li Na
beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
  zhang = (await demoDoctor(stack, '张伟')).id;
  liNa = (await demoDoctor(stack, '李娜')).id;
});
afterAll(() => stack.close());

/** A Monday at least a week ahead, in Shanghai. */
function nextMonday(): string {
  const d = new Date(Date.now() + 8 * 86_400_000);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const pattern = [
  { weekday: 1, period: 'morning', start: '08:00', end: '11:30', slotMinutes: 30, capacityPerSlot: 4, visitType: 'expert' },
  { weekday: 3, period: 'afternoon', start: '14:00', end: '17:00', slotMinutes: 60, capacityPerSlot: 2, visitType: 'vip', reservedForTier: 'gold' },
];

describe('schedules', () => {
  it('creates clinics and slots for weeks ahead from a weekly pattern, in hospital time, and leaves existing clinics alone', async () => {
    const admin = await staffLogin(stack, 'admin');
    const fromDate = nextMonday();
    const res = await stack.api.post('/schedules/bulk', { doctorId: zhang, fromDate, weeks: 2, pattern }, { token: admin });
    expect(res.status).toBe(201);
    // 2 weeks × (Monday 7 slots of 30 min + Wednesday 3 slots of 60 min)
    expect(res.body).toEqual({ sessionsCreated: 4, slotsCreated: 20, skipped: [] });

    const slots = await stack.api.get(`/doctors/${zhang}/slots?from=${fromDate}&to=${fromDate}T23:59:59%2B08:00`);
    expect(slots.status).toBe(200);
    expect(slots.body).toHaveLength(7);
    expect(slots.body[0]).toMatchObject({ startsAt: `${fromDate}T00:00:00.000Z`, fee: 10000, remaining: 4, visitType: 'expert', reservedForTier: null });

    const again = await stack.api.post('/schedules/bulk', { doctorId: zhang, fromDate, weeks: 1, pattern }, { token: admin });
    expect(again.body.sessionsCreated).toBe(0);
    expect(again.body.skipped).toHaveLength(2);
  });

  it('lets a department’s own staff schedule its doctors, and nobody else’s', async () => {
    const fromDate = nextMonday();
    const cardiologyNurse = await staffLogin(stack, 'nurse.wang');
    const ok = await stack.api.post(
      '/schedules/bulk',
      { doctorId: zhang, fromDate: nextWeek(fromDate), weeks: 1, pattern: [pattern[0]] },
      { token: cardiologyNurse },
    );
    expect(ok.status).toBe(201);
    const other = await stack.api.post(
      '/schedules/bulk',
      { doctorId: liNa, fromDate, weeks: 1, pattern: [{ ...pattern[0], visitType: 'general' }] },
      { token: cardiologyNurse, language: 'en' },
    );
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: 'FORBIDDEN_ROLE', message: 'You do not have permission to do this.' });
    const marketing = await staffLogin(stack, 'marketing.liu');
    expect((await stack.api.post('/schedules/bulk', { doctorId: zhang, fromDate, weeks: 1, pattern }, { token: marketing })).status).toBe(403);
    expect(await sessionRows.count(stack, { doctorId: liNa })).toBe(0);
  });

  it('refuses past dates, inverted hours, visit types the doctor does not offer and over-long ranges', async () => {
    const admin = await staffLogin(stack, 'admin');
    const past = await stack.api.post('/schedules/bulk', { doctorId: zhang, fromDate: '2020-01-06', weeks: 1, pattern }, { token: admin });
    expect(past.body.code).toBe('SCHEDULE_DATE_IN_PAST');
    const inverted = await stack.api.post(
      '/schedules/bulk',
      { doctorId: zhang, fromDate: nextMonday(), weeks: 1, pattern: [{ ...pattern[0], start: '12:00', end: '08:00' }] },
      { token: admin },
    );
    expect(inverted.body.code).toBe('SCHEDULE_TIME_INVALID');
    const chen = (await demoDoctor(stack, '陈静')).id;
    const vip = await stack.api.post(
      '/schedules/bulk',
      { doctorId: chen, fromDate: nextMonday(), weeks: 1, pattern: [{ ...pattern[0], visitType: 'vip' }] },
      { token: admin },
    );
    expect(vip.body).toMatchObject({ code: 'SCHEDULE_VISIT_TYPE_UNAVAILABLE', details: { visitType: 'vip' } });
    const badPattern = await stack.api.post(
      '/schedules/bulk',
      { doctorId: zhang, fromDate: nextMonday(), weeks: 1, pattern: [{ ...pattern[0], weekday: 8, extra: 1 }] },
      { token: admin },
    );
    expect(badPattern.status).toBe(400);
    const long = await stack.api.get(`/doctors/${zhang}/slots?from=2026-01-01&to=2026-03-01`);
    expect(long.body.code).toBe('SCHEDULE_RANGE_TOO_LONG');
    expect((await stack.api.get('/doctors/01ARZ3NDEKTSV4RRFFQ69G5FAV/slots')).body.code).toBe('DOCTOR_NOT_FOUND');
  });

  it('never offers slots that have started', async () => {
    const all = await slotRows.find(stack, { doctorId: zhang });
    expect(all.length).toBeGreaterThan(0); // the schedules made above: otherwise "nothing offered" proves nothing
    const latest = Math.max(...all.map((s) => s.startsAt.getTime()));
    await withClockAt(stack, new Date(latest + 60_000), async () => {
      expect((await stack.api.get(`/doctors/${zhang}/slots?from=2026-11-01&to=2026-12-01`)).status).toBe(200);
      const res = await stack.api.get(`/doctors/${zhang}/slots`);
      expect(res.body).toEqual([]);
    });
  });
});

/** A conditional GET (fetch would add `Cache-Control: no-cache`, which asks for the whole answer). */
const revalidate = (etag: string) => ({ 'if-none-match': etag, 'cache-control': 'max-age=0' });

describe("a doctor's week as patients see it", () => {
  type Listed = { id: string; remaining: number; fee: number; reservedForTier: string | null; reservedOpensAt: string | null };

  it('shows a new clinic, a hold, a cancel, a slot edit and a stopped clinic at the very next read', async () => {
    const admin = await staffLogin(stack, 'admin');
    const chen = (await demoDoctor(stack, '陈静')).id;
    const day = nextWeek(nextWeek(nextMonday())); // a Monday no other test schedules
    const week = async () => (await stack.api.get<Listed[]>(`/doctors/${chen}/slots?from=${day}&to=${nextWeek(day)}`)).body;
    // Read first, and again: the (empty) days are kept …
    expect(await week()).toEqual([]);
    expect(await week()).toEqual([]);
    // … and a clinic created meanwhile is there at the next read.
    const clinic = { weekday: 1, period: 'morning', start: '08:00', end: '09:00', slotMinutes: 30, capacityPerSlot: 2, visitType: 'general' };
    expect((await stack.api.post('/schedules/bulk', { doctorId: chen, fromDate: day, weeks: 1, pattern: [clinic] }, { token: admin })).status).toBe(201);
    const [first, second] = await week();
    expect([first?.remaining, second?.remaining]).toEqual([2, 2]);
    expect(first!.fee).toBeGreaterThan(0);
    // JSON, with an entity tag: a client that has this week already is told so (304) …
    const url = `/doctors/${chen}/slots?from=${day}&to=${nextWeek(day)}`;
    const tagged = await stack.api.get(url);
    expect(tagged.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const etag = tagged.headers.get('etag')!;
    expect((await stack.api.get(url, { headers: revalidate(etag) })).status).toBe(304);

    // An edit (free of charge, so the hold below is confirmed at once).
    expect((await stack.api.patch(`/slots/${first!.id}`, { fee: 0 }, { token: admin })).status).toBe(200);
    expect((await week())[0]).toMatchObject({ id: first!.id, fee: 0, remaining: 2 });
    // … until it changes.
    expect((await stack.api.get(url, { headers: revalidate(etag) })).status).toBe(200);

    // A hold takes a place: the next read shows one left; a cancel gives it back: the next read shows two.
    const patient = await consentedPatient(stack, '周小满');
    const held = await stack.api.post('/appointments', { slotId: first!.id }, { token: patient.token });
    expect(held.status).toBe(201);
    expect((await week())[0]).toMatchObject({ id: first!.id, remaining: 1 });
    expect((await stack.api.post(`/appointments/${held.body.appointment.id}/cancel`, {}, { token: patient.token })).status).toBe(200);
    expect((await week())[0]).toMatchObject({ id: first!.id, remaining: 2 });

    // Capacity and a tier reservation.
    expect((await stack.api.patch(`/slots/${second!.id}`, { capacity: 5, reservedForTier: 'gold' }, { token: admin })).status).toBe(200);
    expect((await week())[1]).toMatchObject({ id: second!.id, remaining: 5, reservedForTier: 'gold', reservedOpensAt: expect.any(String) });

    // The doctor's leave: the clinic's slots are no longer offered.
    const [session] = (await sessionRows.find(stack, { doctorId: chen, date: day })) as { id: string }[];
    expect((await stack.api.post(`/schedules/sessions/${session!.id}/stop`, { reason: '医生临时停诊' }, { token: admin })).status).toBe(200);
    expect(await week()).toEqual([]);
  });

  it('shows a hold made on another instance, told through Redis', async () => {
    const redis = { REDIS_URL: 'redis://127.0.0.1:6379/3' };
    const a = await stack.startPeer(redis);
    const b = await stack.startPeer(redis);
    const admin = await staffLogin(stack, 'admin');
    const chen = (await demoDoctor(stack, '陈静')).id;
    const day = nextWeek(nextWeek(nextWeek(nextMonday())));
    const clinic = { weekday: 1, period: 'afternoon', start: '14:00', end: '14:30', slotMinutes: 30, capacityPerSlot: 3, visitType: 'general' };
    await stack.api.post('/schedules/bulk', { doctorId: chen, fromDate: day, weeks: 1, pattern: [clinic] }, { token: admin });
    const onB = async () => (await b.api.get<Listed[]>(`/doctors/${chen}/slots?from=${day}&to=${nextWeek(day)}`)).body[0]!;
    const slot = await onB(); // B keeps the day for a few seconds …
    expect(slot.remaining).toBe(3);
    await stack.api.patch(`/slots/${slot.id}`, { fee: 0 }, { token: admin });
    const patient = await consentedPatient(stack, '吴小雨');
    expect((await a.api.post('/appointments', { slotId: slot.id }, { token: patient.token })).status).toBe(201);
    // … unless told: A's commit reaches B in milliseconds (the two-second wait is well under what B keeps a day).
    await waitFor(async () => (await onB()).remaining === 2);
  });
});

function nextWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 14);
  return d.toISOString().slice(0, 10);
}

describe('demo schedules', () => {
  it('keeps the demo hospital bookable two weeks ahead, once (the start command runs it on every start)', async () => {
    const { seedDemoSchedules } = await import('@yiban/server');
    // A separate stack: the demo clinics would crowd the other tests' doctors.
    const own = await startStack();
    try {
      await seed(own);
      const created = await seedDemoSchedules(own.dataSource, own.config);
      expect(created).toBeGreaterThan(20);
      expect(await seedDemoSchedules(own.dataSource, own.config)).toBe(0);
      const doctors = (await own.api.get('/doctors')).body as { id: string }[];
      const slots = (await own.api.get(`/doctors/${doctors[0]!.id}/slots`)).body as { fee: number; remaining: number }[];
      expect(slots.length).toBeGreaterThan(0);
      expect(slots.every((s) => Number.isInteger(s.fee) && s.remaining > 0)).toBe(true);
    } finally {
      await own.close();
    }
  });
});
