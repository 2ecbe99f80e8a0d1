// Membership and money (issue #17): the tier's fee discount is applied at the one checkout (what WeChat Pay charges),
// and a refund through WeChat Pay lowers the value — and after the grace period the tier (Capillary is the only loyalty
// system the issue found that re-checks tiers on refunds).
import { makeSlot, recordHisVisit, runJobs, withClockAdvanced } from '@yiban/server/testing';
import { DEFAULT_TIER_POLICY, type AppointmentView, type MemberDetailView, type MembershipView, type ReferralView } from '@yiban/shared';
import { consentedPatient, loginAs, seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { book, payAtSimulator, waitForAppointment } from '../support/booking.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startStack({ QUIET_HOURS: '00:00-00:00' });
  await seed(stack);
}, 120_000);
afterAll(() => stack.close());

const card = async (token: string) => (await stack.api.get<MembershipView>('/me/membership', { token })).body;

it('a gold member pays the tier’s discount at the checkout: the order WeChat Pay sees is 5 % less', async () => {
  const gold = await consentedPatient(stack, '黄金付款');
  await recordHisVisit(stack, { patientId: gold.patientId, departmentCode: 'CARD', daysAgo: 30, amountSpent: 1_000_000 });
  expect(await card(gold.token)).toMatchObject({ tier: 'gold', benefits: expect.arrayContaining([{ code: 'fee_discount', value: 5 }]) });
  const slot = await makeSlot(stack, { fee: 5_000, daysAhead: 3 });
  const held = await book(stack, gold.token, slot.id);
  expect(held.appointment.fee).toBe(4_750);
  const order = await simControl<{ transaction: { amount: { total: number } } }>(stack.simUrl, 'GET', `/__sim/orders/${held.appointment.payment!.outTradeNo}`);
  expect(order.transaction.amount.total).toBe(4_750);
  // A lead patient pays the list price.
  const lead = await consentedPatient(stack, '铅质付款');
  expect((await book(stack, lead.token, (await makeSlot(stack, { fee: 5_000, daysAhead: 3 })).id)).appointment.fee).toBe(5_000);
});

it('a refund through WeChat Pay lowers the value at once and the tier after the grace period', async () => {
  const admin = await staffLogin(stack, 'admin');
  // Any kept money makes iron here, so one appointment fee decides the tier.
  const policy = { ...DEFAULT_TIER_POLICY, thresholds: { platinum: 50_000_000, gold: 20_000_000, iron: 1 }, downgradeGraceDays: 30 };
  expect((await stack.api.request('PUT', '/membership/policy', { policy }, { token: admin })).status).toBe(200);
  try {
    const p = await consentedPatient(stack, '退款降级');
    const slot = await makeSlot(stack, { fee: 5_000, daysAhead: 5 });
    const held = await book(stack, p.token, slot.id);
    await payAtSimulator(stack, p.openid, held.payment!);
    await waitForAppointment(stack, p.token, held.appointment.id, (a) => a.status === 'confirmed');
    await runJobs(stack);
    expect((await card(p.token)).tier).toBe('iron');
    const paid = (await stack.api.get<MemberDetailView>(`/membership/patients/${p.patientId}`, { token: admin })).body;
    expect(paid.breakdown.monetary).toBe(5_000);

    // Cancelled five days ahead: the fee comes back in full through WeChat Pay's refund and its notification.
    await stack.api.post(`/appointments/${held.appointment.id}/cancel`, {}, { token: p.token });
    await runJobs(stack);
    for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      const a = (await stack.api.get<AppointmentView>(`/appointments/${held.appointment.id}`, { token: p.token })).body;
      if (a.payment?.status === 'refunded') break;
    }
    await runJobs(stack);
    const refunded = (await stack.api.get<MemberDetailView>(`/membership/patients/${p.patientId}`, { token: admin })).body;
    expect(refunded.breakdown.monetary).toBe(0);
    expect(refunded).toMatchObject({ tier: 'iron', computedTier: 'lead', downgrade: { to: 'lead' } });
    expect(Date.parse(refunded.downgrade!.after) - Date.now()).toBeGreaterThan(29 * DAY);

    // The grace ends: the quiet downgrade, kept in the history.
    await withClockAdvanced(stack, 31 * DAY, async () => {
      await runJobs(stack);
      expect((await card((await loginAs(stack, p.openid)).token)).tier).toBe('lead');
      const later = (await stack.api.get<MemberDetailView>(`/membership/patients/${p.patientId}`, { token: await staffLogin(stack, 'admin') })).body;
      // Newest first.
      expect(later.history.map((h) => [h.from, h.to, h.reason])).toEqual([
        ['iron', 'lead', 'downgrade'],
        ['lead', 'iron', 'upgrade'],
      ]);
    });
  } finally {
    await stack.api.request('PUT', '/membership/policy', { policy: DEFAULT_TIER_POLICY }, { token: await staffLogin(stack, 'admin') });
  }
});

it('gives a platinum member a health butler at once (the least busy case manager), a care relationship that ends with the tier', async () => {
  const p = await consentedPatient(stack, '白金会员');
  // ¥35,000 kept: past margin 1,050,000 + 1,050,000 × factor ≈ 2.29M fen of value → platinum.
  await recordHisVisit(stack, { patientId: p.patientId, departmentCode: 'ENDO', daysAgo: 10, amountSpent: 3_500_000 });
  const mine = await card(p.token);
  expect(mine.tier).toBe('platinum');
  expect(mine.butler?.name).toBe('陈健康管家');
  expect(mine.benefits).toContainEqual({ code: 'health_butler' });
  // The butler (a case manager) may open the member's record as their care team does.
  const butler = await staffLogin(stack, 'cm.chen');
  expect((await stack.api.get(`/patients/${p.patientId}/health-record`, { token: butler })).status).toBe(200);
  // An override down to gold ends it.
  const admin = await staffLogin(stack, 'admin');
  const until = new Date(Date.now() + 30 * DAY).toISOString();
  await stack.api.post(`/membership/patients/${p.patientId}/override`, { tier: 'gold', until, reason: '测试' }, { token: admin });
  expect((await card(p.token)).butler ?? null).toBeNull();
  expect((await stack.api.get(`/patients/${p.patientId}/health-record`, { token: butler })).status).toBe(403);
});

it('rewards an invitation once, at the invited patient’s first visit; never one’s own family, never after a first visit', async () => {
  const inviter = await consentedPatient(stack, '邀请人');
  const friend = await consentedPatient(stack, '新朋友');
  const mineRef = (await stack.api.get<ReferralView>('/me/referral', { token: inviter.token })).body;
  expect(mineRef).toMatchObject({ invited: 0, rewarded: 0, pointsPerReferral: 200, mayEnterCode: true });
  expect(mineRef.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
  expect((await stack.api.post('/me/referral', { code: 'ZZZZZZZZ' }, { token: friend.token })).body.code).toBe('REFERRAL_CODE_UNKNOWN');
  expect((await stack.api.post('/me/referral', { code: mineRef.code }, { token: inviter.token })).body.code).toBe('REFERRAL_OWN_FAMILY');
  const used = await stack.api.post<ReferralView>('/me/referral', { code: mineRef.code.toLowerCase() }, { token: friend.token });
  expect(used.status).toBe(200);
  expect(used.body).toMatchObject({ invitedBy: true, mayEnterCode: false });
  expect((await stack.api.post('/me/referral', { code: mineRef.code }, { token: friend.token })).body.code).toBe('REFERRAL_ALREADY_SET');
  await recordHisVisit(stack, { patientId: friend.patientId, departmentCode: 'CARD', daysAgo: 1, amountSpent: 10_000 });
  await recordHisVisit(stack, { patientId: friend.patientId, departmentCode: 'CARD', daysAgo: 0, amountSpent: 10_000 });
  const ledger = (await stack.api.get<{ reason: string; delta: number }[]>('/me/points', { token: inviter.token })).body;
  expect(ledger.filter((e) => e.reason === 'referral').map((e) => e.delta)).toEqual([200]);
  expect((await stack.api.get<ReferralView>('/me/referral', { token: inviter.token })).body).toMatchObject({ invited: 1, rewarded: 1 });
  // After a first visit it is too late.
  const late = await consentedPatient(stack, '老患者');
  await recordHisVisit(stack, { patientId: late.patientId, departmentCode: 'CARD', daysAgo: 1, amountSpent: 10_000 });
  expect((await stack.api.post('/me/referral', { code: mineRef.code }, { token: late.token })).body.code).toBe('REFERRAL_TOO_LATE');
});
