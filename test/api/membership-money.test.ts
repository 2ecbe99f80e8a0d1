// Membership and money (issue #17): the tier's fee discount is applied at the one checkout (what WeChat Pay charges),
// and a refund through WeChat Pay lowers the value — and after the grace period the tier (Capillary is the only loyalty
// system the issue found that re-checks tiers on refunds).
import { makeSlot, recordHisVisit, runJobs, withClockAdvanced } from '@yiban/server/testing';
import { DEFAULT_TIER_POLICY, type AppointmentView, type MemberDetailView, type MembershipView } from '@yiban/shared';
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
