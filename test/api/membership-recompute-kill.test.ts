// The full tier recompute survives a real SIGKILL: a process running it is killed while a batch's transaction is open,
// another process picks the run up from its cursor, and every patient ends exactly as one uninterrupted run leaves
// them — the same values and tiers, each tier change recorded once and each upgrade told once. On both databases, as
// the jobs' crash test: on SQLite the child opens the same database file.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addPatients, recomputeBatches, recordHisVisit } from '@yiban/server/testing';
import type { RecomputeView } from '@yiban/shared';
import { seed, staffLogin } from '../support/actors.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ QUIET_HOURS: '00:00-00:00' });
  await seed(stack);
}, 120_000);
afterAll(() => stack.close());

const DAY = 86_400_000;
const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => stack.dataSource.query(sql, params) as Promise<T[]>;

/** The recompute in a process of its own (test/support/membership-recompute-child.mjs). */
function recomputeProcess(runId: string, batchDelayMs: number): ChildProcess {
  const { DATABASE_URL: _inherited, ...parentEnv } = process.env;
  const database = stack.config.database;
  return fork(new URL('../support/membership-recompute-child.mjs', import.meta.url), [], {
    env: {
      ...parentEnv,
      ...(database.type === 'sqlite' ? { DATA_DIR: path.dirname(database.file) } : { DATABASE_URL: database.url }),
      NODE_ENV: 'test',
      ROLE: 'api',
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'x'.repeat(40),
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      WECHAT_APPID: stack.config.wechat.appid,
      WECHAT_SECRET: stack.config.wechat.secret,
      RUN_ID: runId,
      BATCH_DELAY_MS: String(batchDelayMs),
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | string | null>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve(child.exitCode ?? child.signalCode)
      : child.once('exit', (code, signal) => resolve(code ?? signal)),
  );

async function run(id: string): Promise<{ status: string; processed: number }> {
  const [r] = await q<{ status: string; processed: unknown }>('SELECT status, processed FROM membership_recomputes WHERE id = ?', [id]);
  return { status: r!.status, processed: Number(r!.processed) };
}

/**
 * Where the recompute starts from: no member rows but a few made by hand — platinum patients whose value now earns
 * less (a downgrade starts waiting), and an override that has ended (the computed tier applies at once).
 */
async function startingPoint(downgraded: string[], overridden: string): Promise<void> {
  await q('DELETE FROM member_states');
  await q('DELETE FROM tier_changes');
  await q("DELETE FROM notifications WHERE kind = 'tier_upgraded'");
  for (const id of downgraded) await q("INSERT INTO member_states (patientId, computedTier, tier) VALUES (?, 'platinum', 'platinum')", [id]);
  await q("INSERT INTO member_states (patientId, computedTier, tier, overrideTier, overrideUntil, overrideReason) VALUES (?, 'lead', 'gold', 'gold', ?, ?)", [
    overridden,
    new Date(Date.now() - DAY).toISOString().replace('T', ' ').slice(0, 23),
    '试用',
  ]);
}

/** What a recompute leaves, without its clock times: each patient's state, tier changes and upgrade messages. */
async function outcome() {
  const states = await q(
    'SELECT patientId, firstVisitOn, lastVisitOn, visits, netSpend, value, computedTier, tier, downgradeTo, overrideTier, overrideReason, points FROM member_states ORDER BY patientId',
  );
  const changes = await q(
    'SELECT patientId, fromTier, toTier, reason, COUNT(*) AS n FROM tier_changes GROUP BY patientId, fromTier, toTier, reason ORDER BY patientId',
  );
  const told = await q("SELECT patientId, params, COUNT(*) AS n FROM notifications WHERE kind = 'tier_upgraded' GROUP BY patientId, params ORDER BY patientId");
  const normal = (rows: Record<string, unknown>[]) =>
    rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          typeof v === 'bigint' || k === 'n' || k === 'visits' || k === 'netSpend' || k === 'value' || k === 'points' ? Number(v) : v,
        ]),
      ),
    );
  return { states: normal(states), changes: normal(changes), told: normal(told) };
}

describe('the full recompute killed mid-run', () => {
  it('picks up after a SIGKILL in another process and ends exactly as one uninterrupted run', async () => {
    // 4,500 patients: five batches. Sixty of them with visits spanning the tiers (recorded as the HIS sends them).
    const added = await addPatients(stack, 4_500, { bare: true });
    const spenders = added.filter((_, i) => i % 75 === 0);
    for (const [i, p] of spenders.entries())
      await recordHisVisit(stack, { patientId: p.patientId, departmentCode: 'CARD', daysAgo: 5 + i * 11, amountSpent: 20_000 * (i + 1) ** 2 });
    const downgraded = spenders.slice(0, 5).map((p) => p.patientId);
    const overridden = added[1]!.patientId;
    const total = Number((await q<{ n: unknown }>('SELECT COUNT(*) AS n FROM patients'))[0]!.n);
    await startingPoint(downgraded, overridden);

    const admin = await staffLogin(stack, 'admin');
    const first = (await stack.api.post<RecomputeView>('/membership/recompute', {}, { token: admin })).body;
    // Each transaction held open 300 ms before it commits; the kill comes while the second batch's transaction holds
    // its rows locked and written (created, most of them: a first recompute).
    const child = recomputeProcess(first.id, 300);
    const holding = new Promise<void>((resolve) => child.on('message', (m: { holding?: number }) => m.holding === 2 && resolve()));
    try {
      await Promise.race([
        holding,
        exited(child).then((code) => Promise.reject(new Error(`the recompute process exited on its own (${code}; its stderr is above)`))),
        sleep(60_000, undefined, { ref: false }).then(() => Promise.reject(new Error('the second batch did not start in 60 s'))),
      ]);
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited(child)).toBe('SIGKILL');
    // The first batch is written with its cursor; nothing of the second is.
    expect(await run(first.id)).toEqual({ status: 'running', processed: 1_000 });
    const valued = Number((await q<{ n: unknown }>('SELECT COUNT(*) AS n FROM member_states WHERE computedAt IS NOT NULL'))[0]!.n);
    expect(valued).toBe(1_000);
    const afterKill = await run(first.id);

    // Restarted: another process carries the run on from its cursor.
    const again = recomputeProcess(first.id, 0);
    expect(await exited(again)).toBe(0);
    expect(await run(first.id)).toEqual({ status: 'done', processed: total });
    const resumed = await outcome();

    // The reference: the same starting point, one run in this process without a stop.
    await startingPoint(downgraded, overridden);
    const second = (await stack.api.post<RecomputeView>('/membership/recompute', {}, { token: admin })).body;
    await recomputeBatches(stack, second.id);
    expect(await run(second.id)).toEqual({ status: 'done', processed: total });
    const single = await outcome();

    console.log(
      `killed at ${afterKill.processed} of ${total} patients; ${resumed.changes.length} tier changes, ${resumed.told.length} upgrades told, ` +
        `${resumed.states.filter((s) => s.downgradeTo).length} downgrades waiting`,
    );
    expect(resumed.states).toHaveLength(total);
    expect(afterKill.processed).toBeLessThan(total);
    expect(resumed).toEqual(single);
    // Every rule had something to do: upgrades told once each, downgrades waiting, the ended override replaced.
    expect(resumed.told.length).toBeGreaterThan(10);
    expect(resumed.told.every((t) => t.n === 1) && resumed.changes.every((c) => c.n === 1)).toBe(true);
    expect(resumed.states.filter((s) => downgraded.includes(s.patientId as string)).every((s) => s.tier === 'platinum' && s.downgradeTo)).toBe(true);
    expect(resumed.changes.find((c) => c.patientId === overridden)).toMatchObject({ fromTier: 'gold', toTier: 'lead', reason: 'override_expired' });
  }, 180_000);
});
