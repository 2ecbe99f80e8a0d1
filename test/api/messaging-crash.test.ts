import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock, DEVELOPMENT_TEMPLATES, JobRegistry, JobWorker, Transactions } from '@yiban/server';
import { addPatients, deliveryRows, queueMessages } from '@yiban/server/testing';
import { simControl } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';

const PATIENTS = 1000;
const CHILD_CONCURRENCY = 8;
/** Deliveries one handler slot of the child claims at once (WECHAT_SEND_BATCH). */
const SEND_BATCH = 25;
const EDU = DEVELOPMENT_TEMPLATES.health_education.id;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ QUIET_HOURS: '00:00-00:00', MARKETING_CAP_PER_WEEK: '100' });
});
afterAll(() => stack.close());

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

/** 1,000 patients who opted in to marketing and allowed one health-education message, in WeChat and on our ledger. */
async function marketingAudience(): Promise<{ patientId: string; openid: string }[]> {
  const openids: string[] = [];
  await inParallel([...Array(PATIENTS).keys()], 50, async () => {
    const { openid } = await simControl<{ openid: string }>(stack.simUrl, 'POST', '/__sim/users', {});
    await simControl(stack.simUrl, 'POST', '/__sim/subscriptions', { openid, templateIds: [EDU], kind: 'one_time' });
    openids.push(openid);
  });
  return addPatients(stack, openids, { name: '患者', marketingConsent: true, grants: [EDU] });
}

async function inboxCounts(): Promise<Map<string, number>> {
  const { messages } = await simControl<{ messages: { openid?: string; touser?: string }[] }>(stack.simUrl, 'GET', '/__sim/messages?limit=100000');
  const counts = new Map<string, number>();
  for (const msg of messages) {
    const openid = msg.openid ?? msg.touser ?? '';
    counts.set(openid, (counts.get(openid) ?? 0) + 1);
  }
  return counts;
}

describe('a worker crash during a campaign of 1,000 marketing messages', () => {
  it('sends nobody a message twice beyond the sends in flight at the kill, and everyone else exactly one', async () => {
    const audience = await marketingAudience();
    await queueMessages(
      stack,
      audience.map(({ patientId }) => ({
        patientId,
        kind: 'health_education',
        data: { thing1: '冬季心血管健康讲座', thing2: '医伴互联网医院', date3: '2026-11-28' },
        dedupeKey: `campaign:winter:${patientId}`,
      })),
    );

    const database = stack.config.database;
    const { DATABASE_URL: _inherited, ...parentEnv } = process.env;
    const child = spawn(process.execPath, [path.resolve(new URL('../../server/dist/main.js', import.meta.url).pathname)], {
      env: {
        ...parentEnv,
        ...(database.type === 'sqlite' ? { DATA_DIR: path.dirname(database.file) } : { DATABASE_URL: database.url }),
        NODE_ENV: 'test',
        ROLE: 'worker',
        JWT_SECRET: 'x'.repeat(40),
        DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
        WECHAT_APPID: stack.config.wechat.appid,
        WECHAT_SECRET: stack.config.wechat.secret,
        WECHAT_API_BASE: stack.simUrl,
        WORKER_CONCURRENCY: String(CHILD_CONCURRENCY),
        WECHAT_SEND_BATCH: String(SEND_BATCH),
        // The dead worker's sends are someone else's once their lease runs out (the rescuer's jobs look again then).
        WECHAT_SEND_LEASE_MS: '3000',
        WORKER_POLL_MS: '10',
        WORKER_LOCK_MS: '1500',
        QUIET_HOURS: '00:00-00:00',
        MARKETING_CAP_PER_WEEK: '100',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const killAt = 100 + Math.floor(Math.random() * 700);
    try {
      const deadline = Date.now() + 90_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error('the worker process exited on its own (its stderr is above)');
        const total = [...(await inboxCounts()).values()].reduce((a, b) => a + b, 0);
        if (total >= killAt) break;
        if (Date.now() > deadline) throw new Error(`only ${total} messages sent in 90 s`);
        await sleep(20);
      }
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
    const inFlight = await deliveryRows.find(stack, { status: 'sending' });
    const inFlightPatients = new Set(inFlight.map((d) => d.patientId));
    const sentBeforeKill = [...(await inboxCounts()).values()].reduce((a, b) => a + b, 0);

    // Another worker takes over once the dead worker's claims run out.
    const tx = stack.app.get(Transactions);
    const rescuer = new JobWorker(stack.dataSource, (work) => tx.run(work), stack.app.get(JobRegistry), stack.app.get(Clock), {
      concurrency: 8,
      pollMs: 10,
      lockMs: 1500,
    });
    rescuer.start();
    try {
      const deadline = Date.now() + 120_000;
      while ((await deliveryRows.count(stack, { status: 'queued' })) + (await deliveryRows.count(stack, { status: 'sending' })) > 0) {
        if (Date.now() > deadline) throw new Error('the campaign did not finish after the restart');
        await sleep(100);
      }
    } finally {
      await rescuer.stop(5_000);
    }

    const counts = await inboxCounts();
    const duplicates = [...counts.values()].filter((n) => n > 1).reduce((a, n) => a + n - 1, 0);
    const notInFlight = audience.filter((p) => !inFlightPatients.has(p.patientId));
    const exactlyOnce = notInFlight.filter((p) => counts.get(p.openid) === 1).length;
    const unknown = await deliveryRows.count(stack, { status: 'unknown' });
    console.log(
      `killed after ${sentBeforeKill} sends (target ${killAt}); in flight at the kill: ${inFlight.length} (the bound); ` +
        `duplicates observed: ${duplicates}; marked unknown (not resent): ${unknown}; exactly one message: ${exactlyOnce}/${notInFlight.length} patients not in flight`,
    );
    const odd = notInFlight.filter((p) => counts.get(p.openid) !== 1);
    if (odd.length) {
      // What became of them, for the failure message: their delivery rows.
      const rows = await deliveryRows.find(stack, { patientId: odd[0]!.patientId });
      console.log(
        `not exactly one message: ${odd.length} patients, e.g. ${counts.get(odd[0]!.openid) ?? 0} messages; deliveries ${JSON.stringify(rows.map((r) => ({ status: r.status, reason: r.reason, errcode: r.errcode, attempts: r.attempts })))}`,
      );
    }
    // What a dead worker can have claimed: a batch of deliveries per handler slot.
    expect(inFlight.length).toBeLessThanOrEqual(CHILD_CONCURRENCY * SEND_BATCH);
    expect(duplicates).toBeLessThanOrEqual(inFlight.length);
    expect(exactlyOnce).toBe(notInFlight.length);
    expect(await deliveryRows.count(stack, { status: 'sent' })).toBe(PATIENTS - unknown);
    // A worker process, 1,000 patients and a kill: room for a busy machine (a time limit against hangs, not a speed target).
  }, 180_000);
});
