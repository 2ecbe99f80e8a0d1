// The VIP club (issue #17): staff create and publish events; eligible tiers register (free, for points, or for a fee
// through the one checkout and the simulator's WeChat Pay); a full event waitlists in arrival order and offers a freed
// seat with a window to confirm; a refund on cancellation; a reminder the day before; QR check-in by staff earns points
// and invites the post-event survey; and who may do what.
import { addPatients, recordHisVisit, runJobs, withClockAdvanced } from '@yiban/server/testing';
import type {
  ClubCheckInResult,
  ClubEventInput,
  ClubEventView,
  ClubRegistrationResult,
  ClubRegistrationView,
  MembershipView,
  NotificationView,
  Page,
  StaffClubEventView,
  StaffClubRegistrationView,
} from '@yiban/shared';
import { consentedPatient, loginAs, seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { payAtSimulator } from '../support/booking.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let marketing: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  stack = await startStack({ QUIET_HOURS: '00:00-00:00' });
  await seed(stack);
  marketing = await staffLogin(stack, 'marketing.liu');
}, 120_000);
afterAll(() => stack.close());

const inDays = (days: number, hours = 0) => new Date(Date.now() + days * DAY + hours * HOUR).toISOString();

async function publishedEvent(input: Partial<ClubEventInput> = {}): Promise<StaffClubEventView> {
  const created = await stack.api.post<StaffClubEventView>(
    '/events',
    { title: '糖尿病饮食讲座', kind: 'lecture', startsAt: inDays(5), endsAt: inDays(5, 2), venue: '门诊楼 5 楼报告厅', capacity: 50, ...input },
    { token: marketing },
  );
  expect(created.status).toBe(201);
  expect(created.body.status).toBe('draft');
  const published = await stack.api.post<StaffClubEventView>(`/events/${created.body.id}/publish`, {}, { token: marketing });
  expect(published.body.status).toBe('published');
  return published.body;
}

/** Registers; the body is the result, or an error's code and message. */
const register = (token: string, eventId: string) =>
  stack.api.post<ClubRegistrationResult & { code?: string; message?: string }>(`/events/${eventId}/registrations`, {}, { token });
const messages = async (token: string) => (await stack.api.get<Page<NotificationView>>('/me/messages', { token })).body.items;

describe('events and who may join', () => {
  it('staff create, check and publish; a patient sees the events open to them first, and why the others are closed', async () => {
    const bad = await stack.api.post(
      '/events',
      { title: '坏的', kind: 'salon', startsAt: inDays(3), endsAt: inDays(2), capacity: 10, fee: 100, pointsCost: 50 },
      { token: marketing },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('EVENT_INVALID');
    expect(bad.body.details.problems.map((p: { field: string }) => p.field).sort()).toEqual(['endsAt', 'pointsCost']);
    const doctor = await staffLogin(stack, 'doctor.zhang');
    expect(
      (await stack.api.post('/events', { title: 'x', kind: 'salon', startsAt: inDays(3), endsAt: inDays(3, 1), capacity: 10 }, { token: doctor })).status,
    ).toBe(403);

    const goldOnly = await publishedEvent({
      title: '黄金会员专家沙龙',
      titleEn: 'Gold members’ expert salon',
      kind: 'salon',
      eligibleTiers: ['gold', 'platinum'],
      startsAt: inDays(4),
      endsAt: inDays(4, 2),
      description: '心内科专家答疑',
      descriptionEn: 'Cardiologists answer your questions',
      venueEn: 'Lecture hall, 5th floor, outpatient building',
    });
    // Staff see both languages as entered.
    expect(goldOnly).toMatchObject({
      venue: '门诊楼 5 楼报告厅',
      venueEn: 'Lecture hall, 5th floor, outpatient building',
      descriptionEn: 'Cardiologists answer your questions',
    });
    const open = await publishedEvent({ title: '中秋健康游园会', kind: 'festival', startsAt: inDays(6), endsAt: inDays(6, 3) });
    // A campaign may land on it (a published event only).
    const segment = await stack.api.post<{ id: string }>(
      '/segments',
      { name: '俱乐部邀请', rule: { field: 'marketingOptIn', op: 'eq', value: true } },
      { token: marketing },
    );
    const campaign = await stack.api.post(
      '/campaigns',
      {
        name: '游园会邀请',
        segmentId: segment.body.id,
        messageKind: 'event_invitation',
        content: { title: '中秋游园会', body: '欢迎参加' },
        landing: { type: 'event', id: open.id },
      },
      { token: marketing },
    );
    expect(campaign.status).toBe(201);
    const lead = await consentedPatient(stack, '铅质会员');
    const list = (await stack.api.get<ClubEventView[]>('/events', { token: lead.token })).body;
    const mine = list.filter((e) => [goldOnly.id, open.id].includes(e.id));
    // Open to them first, though it starts later; the gold salon after, with the tiers it is for.
    expect(mine.map((e) => e.id)).toEqual([open.id, goldOnly.id]);
    expect(mine[1]).toMatchObject({ eligible: false, closedReason: { code: 'tier', tiers: ['gold', 'platinum'] }, remaining: 50 });
    const refused = await register(lead.token, goldOnly.id);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'EVENT_NOT_ELIGIBLE' });
    expect(refused.body.message).toContain('黄金');
    const english = await stack.api.post(`/events/${goldOnly.id}/registrations`, {}, { token: lead.token, headers: { 'Accept-Language': 'en' } });
    expect(english.body.message).toContain('Gold');

    // A gold patient registers (free): a seat, the check-in code, a reminder the day before.
    const gold = await consentedPatient(stack, '黄金会员');
    await recordHisVisit(stack, { patientId: gold.patientId, departmentCode: 'CARD', daysAgo: 30, amountSpent: 1_000_000 });
    expect((await stack.api.get<MembershipView>('/me/membership', { token: gold.token })).body.tier).toBe('gold');
    const ok = await register(gold.token, goldOnly.id);
    expect(ok.status).toBe(201);
    expect(ok.body.registration).toMatchObject({ status: 'registered', fee: 0 });
    expect(ok.body.registration.checkInCode).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    expect(ok.body.payment ?? null).toBeNull();
    // Registering again answers the same registration.
    expect((await register(gold.token, goldOnly.id)).body.registration.id).toBe(ok.body.registration.id);
    await withClockAdvanced(stack, 3 * DAY + HOUR, async () => {
      await runJobs(stack);
      const told = (await messages((await loginAs(stack, gold.openid)).token)).filter((n) => n.kind === 'event_reminder');
      expect(told.map((n) => n.lines.find((l) => l.label === '活动')?.value)).toEqual(['黄金会员专家沙龙']);
      // An English reader reads the event's English words where staff entered them, in 消息 too.
      const inEnglish = (
        await stack.api.get<Page<NotificationView>>('/me/messages', { token: (await loginAs(stack, gold.openid)).token, language: 'en' })
      ).body.items.find((n) => n.kind === 'event_reminder')!;
      expect(Object.fromEntries(inEnglish.lines.map((l) => [l.label, l.value]))).toMatchObject({
        Event: 'Gold members’ expert salon',
        Place: 'Lecture hall, 5th floor, outpatient building',
      });
    });
    const englishList = (await stack.api.get<ClubEventView[]>('/events', { token: gold.token, language: 'en' })).body.find((e) => e.id === goldOnly.id)!;
    expect(englishList).toMatchObject({
      title: 'Gold members’ expert salon',
      description: 'Cardiologists answer your questions',
      venue: 'Lecture hall, 5th floor, outpatient building',
    });
    expect((await stack.api.get<ClubEventView[]>('/events', { token: gold.token })).body.find((e) => e.id === goldOnly.id)).toMatchObject({
      venue: '门诊楼 5 楼报告厅',
      description: '心内科专家答疑',
    });

    // Staff check in, once; a stranger's code or the patient are refused.
    const service = await staffLogin(stack, 'service.zhao');
    const early = await stack.api.post(`/events/${goldOnly.id}/check-ins`, { code: ok.body.registration.checkInCode }, { token: service });
    expect(early.body.code).toBe('EVENT_CHECK_IN_NOT_OPEN');
    await withClockAdvanced(stack, 4 * DAY - HOUR, async () => {
      // Sessions from four days ago have ended: both sign in again.
      const desk = await staffLogin(stack, 'service.zhao');
      const goldNow = (await loginAs(stack, gold.openid)).token;
      expect((await stack.api.post(`/events/${goldOnly.id}/check-ins`, { code: 'ABCDEFGHJK' }, { token: desk })).body.code).toBe('EVENT_CHECK_IN_UNKNOWN');
      expect((await stack.api.post(`/events/${goldOnly.id}/check-ins`, { code: ok.body.registration.checkInCode }, { token: goldNow })).status).toBe(403);
      const code = ok.body.registration.checkInCode!.toLowerCase().replace(/(.{5})/, '$1-');
      const first = await stack.api.post<ClubCheckInResult>(`/events/${goldOnly.id}/check-ins`, { code }, { token: desk });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ already: false, tier: 'gold' });
      expect(first.body.patientName).toBe('黄**员');
      const again = await stack.api.post<ClubCheckInResult>(`/events/${goldOnly.id}/check-ins`, { code }, { token: desk });
      expect(again.body.already).toBe(true);
      await runJobs(stack);
    });
    // Attendance: 100 points × gold's 1.5 (once), and the post-event survey is queued.
    const points = (await stack.api.get<{ reason: string; delta: number }[]>('/me/points', { token: gold.token })).body;
    expect(points.filter((p) => p.reason === 'event_attended').map((p) => p.delta)).toEqual([150]);
    const rows = await stack.dataSource.query("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'surveys.invite' AND idempotencyKey = ?", [
      `surveys.invite:event_attended:${ok.body.registration.id}`,
    ]);
    expect(Number(rows[0].n)).toBe(1);
    const staffView = (await stack.api.get<StaffClubEventView>(`/club/events/${goldOnly.id}`, { token: marketing })).body;
    expect(staffView.counts).toMatchObject({ attended: 1 });
    // The fill and attendance report, as CSV for the spreadsheet.
    const csv = await stack.api.get<string>('/club/events.csv', { token: marketing });
    const text = String(csv.body);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(text.split('\n')[0]).toContain('满座率 %');
    expect(text).toContain('黄金会员专家沙龙,沙龙');
  });
});

describe('seats and the waitlist', () => {
  it('300 registrations at once for 50 seats: exactly 50 seated, 250 waitlisted in the order they were decided', async () => {
    const event = await publishedEvent({ title: '名医大讲堂', kind: 'forum', capacity: 50 });
    const patients = await addPatients(stack, 300);
    const answers = await Promise.all(patients.map((p) => register(p.token, event.id)));
    expect(answers.filter((a) => a.status !== 201)).toEqual([]);
    const statuses = answers.map((a) => a.body.registration.status);
    expect(statuses.filter((s) => s === 'registered')).toHaveLength(50);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(250);
    const rows: { status: string; position: number | null; updatedAt: string }[] = await stack.dataSource.query(
      'SELECT status, position FROM club_registrations WHERE eventId = ? ORDER BY position',
      [event.id],
    );
    const waiting = rows.filter((r) => r.status === 'waitlisted').map((r) => Number(r.position));
    expect(waiting).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    const view = (await stack.api.get<StaffClubEventView>(`/club/events/${event.id}`, { token: marketing })).body;
    expect(view).toMatchObject({ remaining: 0, waitlisted: 250, fillRate: 1, counts: { registered: 50, waitlisted: 250 } });
    // Each waitlisted patient knows how many are ahead.
    const last = answers.find((a) => a.body.registration.status === 'waitlisted' && a.body.registration.ahead === 249);
    expect(last).toBeDefined();
  }, 120_000);

  it('a cancelled seat is offered to the first waiting, who confirms in time; an offer not confirmed passes on', async () => {
    const event = await publishedEvent({ title: '高血压沙龙', kind: 'salon', capacity: 1 });
    const [a, b, c] = await addPatients(stack, 3);
    const ra = (await register(a!.token, event.id)).body.registration;
    const rb = (await register(b!.token, event.id)).body.registration;
    const rc = (await register(c!.token, event.id)).body.registration;
    expect([ra.status, rb.status, rc.status]).toEqual(['registered', 'waitlisted', 'waitlisted']);
    expect((await stack.api.post(`/events/registrations/${ra.id}/cancel`, {}, { token: b!.token })).status).toBe(404);
    const cancelled = await stack.api.post<ClubRegistrationView>(`/events/registrations/${ra.id}/cancel`, {}, { token: a!.token });
    expect(cancelled.body.status).toBe('cancelled');
    const offered = (await stack.api.get<ClubRegistrationView>(`/events/registrations/${rb.id}`, { token: b!.token })).body;
    expect(offered.status).toBe('offered');
    expect(Date.parse(offered.offerExpiresAt!) - Date.now()).toBeGreaterThan(23 * HOUR);
    expect((await messages(b!.token)).find((n) => n.kind === 'event_offer')?.title).toBe('活动候补成功');
    // B lets the offer run out (the job a day later): it passes to C, and B's confirmation comes too late.
    await withClockAdvanced(stack, 25 * HOUR, () => runJobs(stack));
    {
      const late = await stack.api.post(`/events/registrations/${rb.id}/confirm`, {}, { token: b!.token });
      expect(late.body.code).toBe('EVENT_OFFER_EXPIRED');
      expect((await stack.api.get<ClubRegistrationView>(`/events/registrations/${rc.id}`, { token: c!.token })).body.status).toBe('offered');
      const confirmed = await stack.api.post<ClubRegistrationResult>(`/events/registrations/${rc.id}/confirm`, {}, { token: c!.token });
      expect(confirmed.body.registration).toMatchObject({ status: 'registered' });
      expect(confirmed.body.registration.checkInCode).toBeDefined();
    }
    const view = (await stack.api.get<StaffClubEventView>(`/club/events/${event.id}`, { token: marketing })).body;
    expect(view).toMatchObject({ remaining: 0, counts: { registered: 1, waitlisted: 0, cancelled: 2 } });
  });

  it('a points price is spent on the seat and given back on a timely cancel; not enough points is refused whole', async () => {
    const event = await publishedEvent({ title: '积分兑换：营养课', kind: 'lecture', pointsCost: 60, capacity: 5 });
    const [rich, poor] = await addPatients(stack, 2);
    await recordHisVisit(stack, { patientId: rich!.patientId, departmentCode: 'CARD', daysAgo: 2, amountSpent: 10_000 }); // 50 points
    await recordHisVisit(stack, { patientId: rich!.patientId, departmentCode: 'ENDO', daysAgo: 1, amountSpent: 10_000 }); // 100
    const refused = await register(poor!.token, event.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('POINTS_INSUFFICIENT');
    expect(Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM club_registrations WHERE eventId = ?', [event.id]))[0].n)).toBe(0);
    const seat = (await register(rich!.token, event.id)).body.registration;
    expect(seat).toMatchObject({ status: 'registered', pointsSpent: 60 });
    expect((await stack.api.get<MembershipView>('/me/membership', { token: rich!.token })).body.points).toBe(40);
    await stack.api.post(`/events/registrations/${seat.id}/cancel`, {}, { token: rich!.token });
    expect((await stack.api.get<MembershipView>('/me/membership', { token: rich!.token })).body.points).toBe(100);
  });
});

describe('a paid registration through WeChat Pay', () => {
  it('holds the seat until paid, confirms once, and refunds the fee in full on a cancel a day or more before', async () => {
    const event = await publishedEvent({ title: '营养师一对一沙龙', kind: 'salon', fee: 8_800, capacity: 2 });
    const p = await consentedPatient(stack, '付费会员');
    const res = await register(p.token, event.id);
    expect(res.status).toBe(201);
    expect(res.body.registration).toMatchObject({ status: 'pending_payment', fee: 8_800 });
    expect(res.body.payment).toBeTruthy();
    await payAtSimulator(stack, p.openid, res.body.payment!);
    const deadline = Date.now() + 15_000;
    let seat = res.body.registration;
    while (seat.status !== 'registered' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      seat = (await stack.api.get<ClubRegistrationView>(`/events/registrations/${seat.id}`, { token: p.token })).body;
    }
    expect(seat.status).toBe('registered');
    expect(seat.checkInCode).toBeDefined();
    // The payment counts towards the patient's value (net spend), once.
    await runJobs(stack);
    const orders = (await stack.api.get<{ items: { amount: number; subject: { title: string } }[] }>('/me/orders', { token: p.token })).body.items;
    expect(orders.find((o) => o.amount === 8_800)?.subject.title).toContain('营养师一对一沙龙');

    const cancelled = await stack.api.post<ClubRegistrationView>(`/events/registrations/${seat.id}/cancel`, {}, { token: p.token });
    expect(cancelled.body.status).toBe('cancelled');
    await runJobs(stack);
    const outTradeNo = (await stack.dataSource.query("SELECT outTradeNo FROM payments WHERE purpose = 'event' AND subjectId = ?", [seat.id]))[0].outTradeNo;
    const order = await simControl<{ refunds: { amount: { refund: number } }[] }>(stack.simUrl, 'GET', `/__sim/orders/${outTradeNo}`);
    expect(order.refunds.map((r) => r.amount.refund)).toEqual([8_800]);
    // WeChat Pay's refund notification arrives on its own; then the patient is told what it was for.
    let told: NotificationView | undefined;
    for (const until = Date.now() + 15_000; !told && Date.now() < until; await new Promise((r) => setTimeout(r, 100)))
      told = (await messages(p.token)).find((n) => n.kind === 'refund_completed');
    expect(told?.lines.find((l) => l.label === '用途')?.value).toBe('活动报名费');
  });

  it('an unpaid seat is freed when its time runs out and offered to the first waiting', async () => {
    const event = await publishedEvent({ title: '付费讲座', kind: 'lecture', fee: 1_000, capacity: 1 });
    const a = await consentedPatient(stack, '未付款');
    const b = await consentedPatient(stack, '候补者');
    const ra = (await register(a.token, event.id)).body.registration;
    const rb = (await register(b.token, event.id)).body.registration;
    expect([ra.status, rb.status]).toEqual(['pending_payment', 'waitlisted']);
    await withClockAdvanced(stack, 31 * 60_000, () => runJobs(stack));
    {
      expect((await stack.api.get<ClubRegistrationView>(`/events/registrations/${ra.id}`, { token: a.token })).body.status).toBe('expired');
      const offered = (await stack.api.get<ClubRegistrationView>(`/events/registrations/${rb.id}`, { token: b.token })).body;
      expect(offered.status).toBe('offered');
      const confirmed = await stack.api.post<ClubRegistrationResult>(`/events/registrations/${rb.id}/confirm`, {}, { token: b.token });
      expect(confirmed.body.registration.status).toBe('pending_payment');
      expect(confirmed.body.payment).toBeTruthy();
    }
  });

  it('staff cancelling an event gives every place up, fees back in full, and tells people', async () => {
    const event = await publishedEvent({ title: '取消的活动', kind: 'lecture', capacity: 1 });
    const [a, b] = await addPatients(stack, 2);
    await register(a!.token, event.id);
    await register(b!.token, event.id);
    const cancelled = await stack.api.post<StaffClubEventView>(`/events/${event.id}/cancel`, {}, { token: marketing });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', counts: { registered: 0, waitlisted: 0, cancelled: 2 } });
    expect((await messages(a!.token)).filter((n) => n.kind === 'event_cancelled')).toHaveLength(1);
    expect((await register(a!.token, event.id)).body.code).toBe('EVENT_CANCELLED');
  });
});

describe('who may see what', () => {
  it('only club staff manage and see registrations; a patient sees only their own registrations', async () => {
    const event = await publishedEvent({ title: '权限测试活动', kind: 'lecture' });
    const [a, b] = await addPatients(stack, 2);
    const ra = (await register(a!.token, event.id)).body.registration;
    expect((await stack.api.get(`/events/registrations/${ra.id}`, { token: b!.token })).status).toBe(404);
    expect((await stack.api.get(`/club/events/${event.id}/registrations`, { token: a!.token })).status).toBe(403);
    const doctor = await staffLogin(stack, 'doctor.zhang');
    expect((await stack.api.get(`/club/events/${event.id}/registrations`, { token: doctor })).status).toBe(403);
    const list = (await stack.api.get<StaffClubRegistrationView[]>(`/club/events/${event.id}/registrations`, { token: marketing })).body;
    expect(list).toHaveLength(1);
    expect(list[0]!.patientName).toMatch(/\*/);
    const draft = await stack.api.post<StaffClubEventView>(
      '/events',
      { title: '草稿', kind: 'salon', startsAt: inDays(3), endsAt: inDays(3, 1), capacity: 5 },
      { token: marketing },
    );
    expect((await stack.api.get(`/events/${draft.body.id}`, { token: a!.token })).status).toBe(404);
    expect((await register(a!.token, draft.body.id)).status).toBe(404);
  });
});
