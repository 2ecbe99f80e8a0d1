// Member tiers and points (issue #17, first part): tiers against hand-computed values, an upgrade told to the patient,
// overrides that expire and never become a floor, a quiet downgrade after the grace period, the full recompute resumable
// after it stops, the points ledger idempotent per source and never negative under concurrent spends, and who may see
// and change what.
import { addPatients, enqueueJob, ledger, makeSlot, recomputeBatches, recordHisVisit, runJobs, withClockAt } from '@yiban/server/testing';
import {
  DEFAULT_TIER_POLICY,
  type MemberDetailView,
  type MembershipPolicyView,
  type MembershipView,
  type NotificationView,
  type Page,
  type PointsEntryView,
  type RecomputeView,
} from '@yiban/shared';
import { consentedPatient, loginAs, seed, staffLogin } from '../support/actors.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startStack({ QUIET_HOURS: '00:00-00:00' });
  await seed(stack);
}, 120_000);
afterAll(() => stack.close());

const card = async (token: string) => (await stack.api.get<MembershipView>('/me/membership', { token })).body;
/** Σ_{t=1..5} 0.6^t / 1.08^t, the default policy's future factor, by hand. */
const FACTOR = [1, 2, 3, 4, 5].reduce((s, t) => s + 0.6 ** t / 1.08 ** t, 0);

describe('tiers from value', () => {
  let gold: { token: string; openid: string; patientId: string };

  it('assigns the tier a hand-computed value earns, tells the upgrade, and earns the visit’s points at the new tier', async () => {
    gold = await consentedPatient(stack, '黄金患者');
    // One visit 30 days ago with ¥10,000 kept: past margin 300,000 fen; a year's margin carried forward.
    await recordHisVisit(stack, { patientId: gold.patientId, departmentCode: 'CARD', daysAgo: 30, amountSpent: 1_000_000 });
    const value = Math.round(300_000 + 300_000 * FACTOR); // ≈ 655,170 fen: gold (500,000 ≤ v < 2,000,000)
    const mine = await card(gold.token);
    expect(mine).toMatchObject({ tier: 'gold', nextTier: 'platinum', progress: Math.round((value / 2_000_000) * 100) / 100, override: null });
    expect(mine.benefits).toEqual([{ code: 'points_multiplier', value: 1.5 }, { code: 'fee_discount', value: 5 }, { code: 'reserved_slots' }]);
    // Upgraded from lead, and the visit's 50 points × gold's 1.5.
    expect(mine.points).toBe(75);
    const messages = (await stack.api.get<Page<NotificationView>>('/me/messages', { token: gold.token })).body.items;
    expect(messages.find((n) => n.kind === 'tier_upgraded')?.title).toBe('会员等级提升');
    const admin = await staffLogin(stack, 'admin');
    const detail = (await stack.api.get<MemberDetailView>(`/membership/patients/${gold.patientId}`, { token: admin })).body;
    expect(detail.breakdown).toMatchObject({ monetary: 1_000_000, frequency: 1, recencyDays: 30, pastMargin: 300_000, value });
    expect(detail.history.map((h) => [h.from, h.to, h.reason])).toEqual([['lead', 'gold', 'upgrade']]);

    // A small spender stays lead: ¥500 → 15,000 + 15,000 × factor fen.
    const lead = await consentedPatient(stack, '铅质患者');
    await recordHisVisit(stack, { patientId: lead.patientId, departmentCode: 'CARD', daysAgo: 2, amountSpent: 50_000 });
    expect(await card(lead.token)).toMatchObject({ tier: 'lead', nextTier: 'iron', points: 50 });
    // A patient without any visit is lead with nothing.
    const none = await consentedPatient(stack, '新患者');
    expect(await card(none.token)).toMatchObject({ tier: 'lead', points: 0, benefits: [] });
  });

  it('holds an override until it ends, then the computed tier applies at once — never a floor', async () => {
    const admin = await staffLogin(stack, 'admin');
    const until = new Date(Date.now() + 10 * DAY).toISOString();
    const set = await stack.api.post<MemberDetailView>(
      `/membership/patients/${gold.patientId}/override`,
      { tier: 'platinum', until, reason: '院长特批：长期合作单位' },
      { token: admin },
    );
    expect(set.status).toBe(200);
    expect(await card(gold.token)).toMatchObject({ tier: 'platinum', override: { tier: 'platinum', until } });
    // Past its end: the review job puts the computed tier back.
    await withClockAt(stack, new Date(Date.now() + 11 * DAY), async () => {
      await runJobs(stack);
      const token = (await loginAs(stack, gold.openid)).token;
      expect(await card(token)).toMatchObject({ tier: 'gold', override: null });
      const a = await staffLogin(stack, 'admin');
      const history = (await stack.api.get<MemberDetailView>(`/membership/patients/${gold.patientId}`, { token: a })).body.history;
      expect(history.map((h) => [h.from, h.to, h.reason])).toEqual([
        ['platinum', 'gold', 'override_expired'],
        ['gold', 'platinum', 'override'],
        ['lead', 'gold', 'upgrade'],
      ]);
    });
    // A date in the past, or a year away, is refused; only admins set tiers.
    expect(
      (
        await stack.api.post<{ code: string }>(
          `/membership/patients/${gold.patientId}/override`,
          { tier: 'gold', until: '2020-01-01T00:00:00Z', reason: 'x' },
          { token: admin },
        )
      ).body.code,
    ).toBe('MEMBERSHIP_OVERRIDE_INVALID');
    expect(
      (
        await stack.api.post(
          `/membership/patients/${gold.patientId}/override`,
          { tier: 'gold', until, reason: 'x' },
          { token: await staffLogin(stack, 'service.zhao') },
        )
      ).status,
    ).toBe(403);
  });

  it('downgrades quietly after the grace period when the policy asks more', async () => {
    const admin = await staffLogin(stack, 'admin');
    const policy = (await stack.api.get<MembershipPolicyView>('/membership/policy', { token: admin })).body;
    expect(policy.futureFactor).toBeCloseTo(FACTOR, 3);
    const bad = await stack.api.request<{ code: string; details: { problems: { path: string }[] } }>(
      'PUT',
      '/membership/policy',
      { policy: { ...DEFAULT_TIER_POLICY, thresholds: { platinum: 100, gold: 200, iron: 300 } } },
      { token: admin },
    );
    expect([bad.status, bad.body.code, bad.body.details.problems.map((p) => p.path)]).toEqual([422, 'MEMBERSHIP_POLICY_INVALID', ['thresholds']]);
    const stricter = { ...DEFAULT_TIER_POLICY, thresholds: { platinum: 5_000_000, gold: 1_000_000, iron: 100_000 } };
    expect((await stack.api.request('PUT', '/membership/policy', { policy: stricter }, { token: admin })).status).toBe(200);
    const run = (await stack.api.post<RecomputeView>('/membership/recompute', {}, { token: admin })).body;
    await runJobs(stack);
    expect((await stack.api.get<RecomputeView>(`/membership/recompute/${run.id}`, { token: admin })).body).toMatchObject({ status: 'done' });
    // Computed iron now, but gold stays for the 90-day grace: no message, a downgrade waiting.
    expect(await card(gold.token)).toMatchObject({ tier: 'gold' });
    const detail = (await stack.api.get<MemberDetailView>(`/membership/patients/${gold.patientId}`, { token: admin })).body;
    expect(detail).toMatchObject({ tier: 'gold', computedTier: 'iron', downgrade: { to: 'iron' } });
    const told = async (token: string) =>
      (await stack.api.get<Page<NotificationView>>('/me/messages', { token })).body.items.filter((n) => n.kind === 'tier_upgraded').length;
    const before = await told(gold.token);
    await withClockAt(stack, new Date(Date.now() + 91 * DAY), async () => {
      await runJobs(stack);
      const token = (await loginAs(stack, gold.openid)).token;
      expect(await card(token)).toMatchObject({ tier: 'iron' });
      // A downgrade is never announced.
      expect(await told(token)).toBe(before);
    });
    await stack.api.request('PUT', '/membership/policy', { policy: DEFAULT_TIER_POLICY }, { token: admin });
  });
});

describe('concurrent revaluation', () => {
  it('values new patients without deadlocks and counts every visit: twelve new patients and one patient’s four visits, all at once', async () => {
    // On MariaDB a locking read of a missing member row takes a gap lock, and two new patients' inserts in the same
    // gap then deadlock: a payment notification answered 500 and was only retried 15 s later. None may fail.
    const added = await addPatients(stack, 12, { bare: true });
    const one = added[0]!.patientId;
    const results = await Promise.allSettled([
      ...added.map((p) => recordHisVisit(stack, { patientId: p.patientId, departmentCode: 'CARD', daysAgo: 3, amountSpent: 10_000 })),
      ...[1, 2, 3].map(() => recordHisVisit(stack, { patientId: one, departmentCode: 'ENDO', daysAgo: 2, amountSpent: 10_000 })),
    ]);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    // Each transaction read its facts from a snapshot taken before it waited for the row; the exact pass after each
    // commit counts everything.
    await runJobs(stack);
    const rows = await stack.dataSource.query(
      `SELECT patientId, visits FROM member_states WHERE patientId IN (${added.map(() => '?').join(', ')})`,
      added.map((p) => p.patientId),
    );
    expect(rows).toHaveLength(12);
    expect(Number(rows.find((r: { patientId: string }) => r.patientId === one).visits)).toBe(4);
  });
});

describe('slots reserved for a tier', () => {
  it('are held for that tier and above, refused to a lower tier with a code until they open to everyone', async () => {
    const gold = await consentedPatient(stack, '预留黄金');
    await recordHisVisit(stack, { patientId: gold.patientId, departmentCode: 'CARD', daysAgo: 5, amountSpent: 1_000_000 });
    const lead = await consentedPatient(stack, '预留铅质');
    const slot = await makeSlot(stack, { daysAhead: 6, fee: 0, reservedForTier: 'gold' });
    const day = slot.startsAt.toISOString().slice(0, 10);
    const after = new Date(slot.startsAt.getTime() + 86_400_000).toISOString().slice(0, 10);
    const slots = await stack.api.get<{ id: string; reservedForTier: string; reservedOpensAt: string }[]>(
      `/doctors/${slot.doctorId}/slots?from=${day}&to=${after}`,
    );
    const view = slots.body.find((s) => s.id === slot.id)!;
    expect(view).toMatchObject({ reservedForTier: 'gold', reservedOpensAt: new Date(slot.startsAt.getTime() - 24 * 3_600_000).toISOString() });
    const refused = await stack.api.post<{ code: string; message: string }>('/appointments', { slotId: slot.id }, { token: lead.token });
    expect([refused.status, refused.body.code]).toEqual([403, 'SLOT_RESERVED_FOR_TIER']);
    expect(refused.body.message).toContain('黄金及以上会员预留');
    const english = await stack.api.post<{ message: string }>('/appointments', { slotId: slot.id }, { token: lead.token, language: 'en' });
    expect(english.body.message).toContain('Gold members and above');
    // The refusal took no place.
    const held = await stack.api.post<{ appointment: { status: string } }>('/appointments', { slotId: slot.id }, { token: gold.token });
    expect([held.status, held.body.appointment.status]).toEqual([201, 'confirmed']);
    // A day before it starts, anyone may book what is left.
    await withClockAt(stack, new Date(slot.startsAt.getTime() - 23 * 3_600_000), async () => {
      const token = (await loginAs(stack, lead.openid)).token;
      expect((await stack.api.post('/appointments', { slotId: slot.id }, { token })).status).toBe(201);
    });
  });
});

describe('the full recompute', () => {
  it('resumes after it stops part-way: every patient once, the same result as one run', async () => {
    const added = await addPatients(stack, 2_300, { bare: true });
    for (const p of added.slice(0, 3)) await recordHisVisit(stack, { patientId: p.patientId, departmentCode: 'ENDO', daysAgo: 10, amountSpent: 2_000_000 });
    const admin = await staffLogin(stack, 'admin');
    const run = (await stack.api.post<RecomputeView>('/membership/recompute', {}, { token: admin })).body;
    // Stops after one batch (a worker killed between batches), then the job carries on from the cursor.
    await recomputeBatches(stack, run.id, 1);
    const partway = (await stack.api.get<RecomputeView>(`/membership/recompute/${run.id}`, { token: admin })).body;
    expect(partway).toMatchObject({ status: 'running', processed: 1_000 });
    await runJobs(stack);
    const done = (await stack.api.get<RecomputeView>(`/membership/recompute/${run.id}`, { token: admin })).body;
    const total = Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM patients'))[0].n);
    expect(done).toMatchObject({ status: 'done', processed: total });
    const states = Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM member_states'))[0].n);
    expect(states).toBe(total);
    const d = (await stack.api.get<MemberDetailView>(`/membership/patients/${added[0]!.patientId}`, { token: admin })).body;
    expect(d.tier).toBe('gold');
  }, 120_000);

  it('keeps serving while it runs: visits of patients in the batch being written wait for it, none fails, every visit counted', async () => {
    // No member rows yet (a first run): each batch locks its range of rows and the gaps between them, and creates the
    // missing rows with its own writes; a visit's revaluation that would create one meanwhile waits for the batch.
    const added = await addPatients(stack, 2_500, { bare: true });
    const visited = added.filter((_, i) => i % 50 === 7).map((p) => p.patientId);
    const admin = await staffLogin(stack, 'admin');
    const run = (await stack.api.post<RecomputeView>('/membership/recompute', {}, { token: admin })).body;
    const visits = (async () => {
      const outcomes: PromiseSettledResult<unknown>[] = [];
      for (const [i, patientId] of visited.entries()) {
        // Two at a time, one patient's two visits at once, spread over the run.
        outcomes.push(
          ...(await Promise.allSettled(
            [0, 1].map((k) => recordHisVisit(stack, { patientId, departmentCode: k ? 'ENDO' : 'CARD', daysAgo: 2 + k, amountSpent: 10_000 * (i + 1) })),
          )),
        );
      }
      return outcomes;
    })();
    const [outcomes] = await Promise.all([visits, recomputeBatches(stack, run.id)]);
    expect(outcomes.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    await runJobs(stack);
    const rows: { patientId: string; visits: unknown; netSpend: unknown }[] = await stack.dataSource.query(
      `SELECT patientId, visits, netSpend FROM member_states WHERE patientId IN (${visited.map(() => '?').join(', ')})`,
      visited,
    );
    expect(rows.map((r) => [r.patientId, Number(r.visits), Number(r.netSpend)]).sort()).toEqual(visited.map((id, i) => [id, 2, 20_000 * (i + 1)]).sort());
    const total = Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM patients'))[0].n);
    expect((await stack.api.get<RecomputeView>(`/membership/recompute/${run.id}`, { token: admin })).body).toMatchObject({ status: 'done', processed: total });
  }, 120_000);
});

describe('points', () => {
  it('earn once per source, never below zero, even when spends race', async () => {
    const p = await consentedPatient(stack, '积分患者');
    await ledger(stack, { kind: 'earn', patientId: p.patientId, points: 100, sourceKey: `test-earn:${p.patientId}` });
    await ledger(stack, { kind: 'earn', patientId: p.patientId, points: 100, sourceKey: `test-earn:${p.patientId}` });
    expect((await card(p.token)).points).toBe(100);
    // Ten spends of 30 at once: three fit, the rest are refused, the balance never goes below zero.
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => ledger(stack, { kind: 'spend', patientId: p.patientId, points: 30, sourceKey: `test-spend:${p.patientId}:${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .every((r) => String((r as PromiseRejectedResult).reason?.code ?? r.reason).includes('POINTS_INSUFFICIENT')),
    ).toBe(true);
    const entries = (await stack.api.get<PointsEntryView[]>('/me/points', { token: p.token })).body;
    expect((await card(p.token)).points).toBe(10);
    expect(entries.map((e) => e.delta).sort((a, b) => a - b)).toEqual([-30, -30, -30, 100]);
    expect(entries.every((e) => e.balanceAfter >= 0)).toBe(true);
    expect(entries[0]!.balanceAfter).toBe(10);
  });

  it('expire a year after they were earned: what is left of them goes, with a ledger entry, by the daily job', async () => {
    const p = await consentedPatient(stack, '到期患者');
    await ledger(stack, { kind: 'earn', patientId: p.patientId, points: 80, sourceKey: `expiring:${p.patientId}` });
    await ledger(stack, { kind: 'spend', patientId: p.patientId, points: 30, sourceKey: `expiring-spend:${p.patientId}` });
    // Within 30 days of the end, the card says how many and when.
    await withClockAt(stack, new Date(Date.now() + 340 * DAY), async () => {
      const token = (await loginAs(stack, p.openid)).token;
      expect((await card(token)).expiringSoon).toMatchObject({ points: 50 });
    });
    await withClockAt(stack, new Date(Date.now() + 366 * DAY), async () => {
      await enqueueJob(stack, 'membership.expire-points', {});
      await runJobs(stack);
      const token = (await loginAs(stack, p.openid)).token;
      expect(await card(token)).toMatchObject({ points: 0, expiringSoon: null });
      const entries = (await stack.api.get<PointsEntryView[]>('/me/points', { token })).body;
      expect(entries[0]).toMatchObject({ delta: -50, reason: 'expired', balanceAfter: 0 });
    });
  });

  it('shows a patient only their own card and ledger; the policy is admins’', async () => {
    const a = await consentedPatient(stack, '甲');
    const b = await consentedPatient(stack, '乙');
    await ledger(stack, { kind: 'earn', patientId: a.patientId, points: 40, sourceKey: `own:${a.patientId}` });
    expect((await card(b.token)).points).toBe(0);
    expect((await stack.api.get<PointsEntryView[]>('/me/points', { token: b.token })).body).toEqual([]);
    for (const who of ['marketing.liu', 'service.zhao', 'doctor.zhang']) {
      expect((await stack.api.get('/membership/policy', { token: await staffLogin(stack, who) })).status).toBe(403);
    }
  });
});
