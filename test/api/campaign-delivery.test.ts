import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CampaignRecipientView, CampaignStats, CampaignView, Page } from '@yiban/shared';
import { Clock, DeliveriesService, DEVELOPMENT_TEMPLATES, JobRegistry, JobWorker, Transactions } from '@yiban/server';
import {
  addPatients,
  campaignRuns,
  deliveryRows,
  materialiseCampaignRun,
  notificationRows,
  rewindCampaignRun,
  tagPatients,
  type AddedPatient,
} from '@yiban/server/testing';
import { seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';

// Campaigns through the running simulator, end to end: a segment and a campaign written by marketing through the
// API, submitted, approved by an admin who is not the author, scheduled; the worker materialises the audience and
// drains it under the global rate; faults, a crashed worker and two workers on one campaign. MariaDB only: SKIP LOCKED
// claims and worker processes sharing the queue are what is tested; the embedded SQLite database runs one worker.
// Scheduling a campaign whose time has come starts its run at once (a tick of its own, run by the worker), and the
// drain's end (nothing of the campaign pending) makes it `done`: no waiting for the minutely tick either way.
const mysql = process.env.TEST_DB === 'mysql';
const maybe = mysql ? describe : describe.skip;

const EDU = DEVELOPMENT_TEMPLATES.health_education.id;
const RATE = 500;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';

let stack: Stack;
let marketing: string;
let admin: string;
beforeAll(async () => {
  if (!mysql) return;
  stack = await startStack({
    QUIET_HOURS: '00:00-00:00',
    MARKETING_CAP_PER_WEEK: '100',
    WECHAT_SEND_RATE_PER_SECOND: String(RATE),
    WECHAT_SEND_BATCH: '100',
    WECHAT_SEND_LEASE_MS: '10000',
    WECHAT_TIMEOUT_MS: '10000',
    REDIS_URL,
  });
  // WeChat's own limit (2,000 a second in production; here just above our rate): beyond it 45011.
  await simControl(stack.simUrl, 'POST', '/__sim/limits', { sendPerSecond: 520 });
  await seed(stack);
  marketing = await staffLogin(stack, 'marketing.liu');
  admin = await staffLogin(stack, 'admin');
}, 60_000);
afterAll(async () => {
  if (stack) await stack.close();
});

/** Simulator users with (or without) the health-education grant in WeChat, and their patients on our side. */
async function audience(n: number, options: { grant?: boolean; marketingConsent?: boolean } = {}): Promise<AddedPatient[]> {
  const { state } = stack.sim;
  const openids: string[] = [];
  for (let i = 0; i < n; i++) {
    const user = state.users.create({}, state.clock.now());
    if (options.grant !== false) state.subscriptions.record(user.openid, EDU, 'one_time', 'accept', state.clock.now());
    openids.push(user.openid);
  }
  phase(`${n} sim users`);
  const added = await addPatients(stack, openids, {
    name: '患者',
    marketingConsent: options.marketingConsent ?? true,
    grants: options.grant === false ? [] : [EDU],
  });
  phase(`${n} patients`);
  return added;
}

let campaigns = 0;

/** Where the time goes: each phase's end, in seconds since the scenario began. */
let phaseStart = Date.now();
const phases: string[] = [];
function phase(name: string): void {
  phases.push(`${name} ${((Date.now() - phaseStart) / 1000).toFixed(1)}s`);
}
beforeEach(() => {
  phaseStart = Date.now();
  phases.length = 0;
});
afterEach(() => {
  if (phases.length) console.log(`phases: ${phases.join(' → ')}`);
});

/**
 * A campaign to exactly these patients, as marketing and an admin make it through the API: the patients tagged, a
 * segment `tag = <tag>` (POST /segments), a health-education campaign (POST /campaigns as marketing), submitted,
 * approved by the admin (not the author), scheduled to send now; then the minute's tick starts its run. The worker
 * materialises the audience (batches of 1,000) and drains it. Answers the campaign's id and its outbound source.
 */
async function launchCampaign(patients: AddedPatient[]): Promise<{ id: string; source: string }> {
  const tag = `cd-${process.pid}-${++campaigns}`;
  await tagPatients(
    stack,
    patients.map((p) => p.patientId),
    tag,
  );
  const segment = await stack.api.post<{ id: string }>('/segments', { name: tag, rule: { field: 'tag', op: 'eq', value: tag } }, { token: marketing });
  expect(segment.status).toBe(201);
  const created = await stack.api.post<CampaignView>(
    '/campaigns',
    {
      name: `冬季心血管健康 ${campaigns}`,
      segmentId: segment.body.id,
      messageKind: 'health_education',
      content: { title: '冬季心血管健康', body: '天冷注意保暖' },
    },
    { token: marketing },
  );
  expect(created.status).toBe(201);
  const { id } = created.body;
  phase('segment+campaign');
  expect((await act(id, 'submit', marketing)).body.status).toBe('in_review');
  expect((await act(id, 'approve', admin)).body.status).toBe('approved');
  expect((await act(id, 'schedule', marketing)).body.status).toBe('scheduled');
  phase('launched');
  return { id, source: `campaign:${id}` };
}

const act = (id: string, action: string, token: string) => stack.api.post<CampaignView>(`/campaigns/${id}/${action}`, undefined, { token });
const campaign = async (id: string) => (await stack.api.get<CampaignView>(`/campaigns/${id}`, { token: marketing })).body;
const campaignStats = async (id: string) => (await stack.api.get<CampaignStats>(`/campaigns/${id}/stats`, { token: marketing })).body;

/** Everything sent: the campaign finished by itself (the drain's end), no tick needed. */
async function expectDone(id: string): Promise<void> {
  expect((await campaign(id)).status).toBe('done');
}

/** Every patient got exactly one message, the results say all were sent, and the campaign is done. */
async function expectEveryoneOnce(id: string, patients: { openid: string }[]): Promise<void> {
  const counts = await inboxCounts();
  for (const p of patients) expect(counts.get(p.openid)).toBe(1);
  expect(await campaignStats(id)).toMatchObject({ targeted: patients.length, sent: patients.length, pending: 0, failed: {} });
  await expectDone(id);
}

async function inboxCounts(): Promise<Map<string, number>> {
  const { messages } = await simControl<{ messages: { touser?: string; openid?: string }[] }>(stack.simUrl, 'GET', '/__sim/messages?limit=1000000');
  const counts = new Map<string, number>();
  for (const m of messages) {
    const openid = m.touser ?? m.openid ?? '';
    counts.set(openid, (counts.get(openid) ?? 0) + 1);
  }
  return counts;
}

function inProcessWorker(): JobWorker {
  const tx = stack.app.get(Transactions);
  return new JobWorker(stack.dataSource, (work) => tx.run(work), stack.app.get(JobRegistry), stack.app.get(Clock), {
    concurrency: 6,
    pollMs: 10,
    lockMs: 10_000,
    onError: (job, error) => console.error(`job ${job.kind} failed: ${String(error)}`),
  });
}

async function until(what: string, done: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await sleep(50);
  }
}

const pending = async (source: string) => (await stack.app.get(DeliveriesService).sourceStats(source)).pending;
/** The campaign done (its run written out, nothing of it left to send: the drain's end said so) and nothing pending. */
const finished = async (id: string, source: string) => (await campaign(id)).status === 'done' && (await pending(source)) === 0;

/** A worker process running the built server (ROLE=worker), as in production. */
function workerProcess(): ChildProcess {
  const { DATABASE_URL: _inherited, ...parentEnv } = process.env;
  const database = stack.config.database as { url: string };
  return spawn(process.execPath, [path.resolve(new URL('../../server/dist/main.js', import.meta.url).pathname)], {
    env: {
      ...parentEnv,
      DATABASE_URL: database.url,
      NODE_ENV: 'test',
      ROLE: 'worker',
      JWT_SECRET: 'x'.repeat(40),
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      WECHAT_APPID: stack.config.wechat.appid,
      WECHAT_SECRET: stack.config.wechat.secret,
      WECHAT_API_BASE: stack.simUrl,
      WORKER_CONCURRENCY: '6',
      WORKER_POLL_MS: '10',
      WORKER_LOCK_MS: '1500',
      QUIET_HOURS: '00:00-00:00',
      MARKETING_CAP_PER_WEEK: '100',
      WECHAT_SEND_RATE_PER_SECOND: String(RATE),
      WECHAT_SEND_BATCH: '100',
      // A killed worker's claimed rows are taken back after 5 s (a batch of 100 at 500/s takes a fraction of that).
      WECHAT_SEND_LEASE_MS: '5000',
      WECHAT_TIMEOUT_MS: '10000',
      REDIS_URL,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

maybe('campaigns through the simulator', () => {
  it('5,000 patients: exactly those reachable get one message; every skipped one has its reason', async () => {
    const [granted, noGrant, withdrawn, topicOff] = [
      await audience(2900),
      await audience(1700, { grant: false }),
      await audience(200, { marketingConsent: false }),
      await audience(200),
    ];
    // Topic switched off by the patients themselves, through the API.
    for (let i = 0; i < topicOff.length; i += 50) {
      await Promise.all(
        topicOff.slice(i, i + 50).map(async (p) => {
          const res = await fetch(`${stack.api.baseUrl}/api/v1/me/marketing-preferences`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${p.token}`, 'x-patient-id': p.patientId, 'content-type': 'application/json' },
            body: JSON.stringify({ topics: [{ topic: 'health_education', enabled: false }] }),
          });
          expect(res.status).toBe(200);
        }),
      );
    }
    phase('200 topics off (API)');
    const everyone = [...granted, ...noGrant, ...withdrawn, ...topicOff];
    phase('audience');
    const started = Date.now();
    const { id, source } = await launchCampaign(everyone);

    const worker = inProcessWorker();
    worker.start();
    try {
      // Once materialised, writing part of the run's audience again (progress lost, or a second worker on the run)
      // adds nobody: one delivery per campaign and patient. The last 1,000 patients (keyset order) are written again.
      await until('the run to be materialised', async () => (await campaignRuns(stack, id))[0]?.status === 'materialised');
      phase('materialised');
      const [run] = await campaignRuns(stack, id);
      expect(run!.recipients).toBe(5000);
      const order = everyone.map((p) => p.patientId).sort();
      await rewindCampaignRun(stack, run!.id, order[order.length - 1001]!);
      await materialiseCampaignRun(stack, run!.id, { batchSize: 1000 });
      // It did write them (the campaign was still sending): 1,000 more written, the run materialised again.
      expect((await campaignRuns(stack, id))[0]).toMatchObject({ status: 'materialised', recipients: 6000 });
      phase('1,000 rewritten');
      await until('the campaign to finish', () => finished(id, source));
      phase('drained');
    } finally {
      await worker.stop(5_000);
    }
    const seconds = (Date.now() - started) / 1000;

    const counts = await inboxCounts();
    for (const p of granted) expect(counts.get(p.openid)).toBe(1);
    for (const p of [...noGrant, ...withdrawn, ...topicOff]) expect(counts.get(p.openid)).toBeUndefined();
    const stats = await campaignStats(id);
    console.log(`stats: ${JSON.stringify(stats)}`);
    expect(stats).toMatchObject({
      targeted: 5000,
      sent: 2900,
      pending: 0,
      skipped: { no_grant: 1700, no_consent: 200, opted_out: 200 },
      failed: {},
    });
    expect(await deliveryRows.count(stack, { source })).toBe(5000);
    // Six batches written (five, then one again), yet the source's drain ran in its few fixed lanes: a lane live keeps
    // its one job; one that ended is armed again only while work is left (a row due later).
    const [{ n: drainJobs }] = await stack.dataSource.query(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'messaging.drain' AND payload LIKE ?`, [
      `%${source}%`,
    ]);
    console.log(`drain jobs for the campaign: ${drainJobs} (${DeliveriesService.DRAIN_LANES} lanes)`);
    expect(Number(drainJobs)).toBeLessThanOrEqual(3 * DeliveriesService.DRAIN_LANES);
    // Opted-out patients got no 消息 entry either; those without a grant did.
    expect(await notificationRows.count(stack, { patientId: withdrawn[0]!.patientId })).toBe(0);
    expect(await notificationRows.count(stack, { patientId: topicOff[0]!.patientId })).toBe(0);
    expect(await notificationRows.count(stack, { patientId: noGrant[0]!.patientId })).toBe(1);
    const page = (await stack.api.get<Page<CampaignRecipientView>>(`/campaigns/${id}/recipients?status=skipped&limit=10`, { token: marketing })).body;
    expect(page.items).toHaveLength(10);
    for (const r of page.items) expect(['no_grant', 'no_consent', 'opted_out']).toContain(r.reason);
    await expectDone(id);
    console.log(`5,000 recipients: 2,900 sent in ${seconds.toFixed(1)} s from scheduling (rate ${RATE}/s)`);
  }, 90_000);

  it('45011 from WeChat: backs off to the next window and finishes, everyone once', async () => {
    const patients = await audience(600);
    await simControl(stack.simUrl, 'POST', '/__sim/faults', { rules: [{ path: '/cgi-bin/message/subscribe/send', errcode: 45011, times: 30 }] });
    const { id, source } = await launchCampaign(patients);
    const worker = inProcessWorker();
    worker.start();
    try {
      await until('the campaign to finish', () => finished(id, source));
    } finally {
      await worker.stop(5_000);
      await simControl(stack.simUrl, 'DELETE', '/__sim/faults');
    }
    await expectEveryoneOnce(id, patients);
  }, 60_000);

  it('45009 from WeChat: the campaign is paused (daily_limit) and says so; resumed, it finishes without duplicates', async () => {
    const patients = await audience(600);
    const { id, source } = await launchCampaign(patients);
    const deliveries = stack.app.get(DeliveriesService);
    const worker = inProcessWorker();
    worker.start();
    try {
      await until('some sends', async () => (await deliveries.sourceStats(source)).sent >= 100);
      await simControl(stack.simUrl, 'POST', '/__sim/faults', { rules: [{ path: '/cgi-bin/message/subscribe/send', errcode: 45009 }] });
      await until('the campaign to be paused', async () => (await campaign(id)).status === 'paused');
      expect((await campaign(id)).pausedReason).toBe('daily_limit');
      await until(
        'the unsent rows to be held',
        async () => (await deliveries.sourceStats(source)).pending === (await deliveryRows.count(stack, { source, status: 'held' })),
      );
      const held = await deliveryRows.count(stack, { source, status: 'held' });
      expect(held).toBeGreaterThan(0);
      // Nothing moves while paused.
      await sleep(300);
      expect(await deliveryRows.count(stack, { source, status: 'held' })).toBe(held);
      // The next day (the fault cleared): marketing resumes it.
      await simControl(stack.simUrl, 'DELETE', '/__sim/faults');
      const resumed = await act(id, 'resume', marketing);
      expect(resumed.status).toBe(200);
      expect(resumed.body.status).toBe('sending');
      expect(resumed.body.pausedReason).toBeNull();
      await until('the campaign to finish', () => finished(id, source));
    } finally {
      await worker.stop(5_000);
      await simControl(stack.simUrl, 'DELETE', '/__sim/faults');
    }
    await expectEveryoneOnce(id, patients);
  }, 60_000);

  it('a worker process killed mid-campaign: after the restart nobody gets a message twice beyond the in-flight bound', async () => {
    // The worker process (booting while the audience is written) starts the run, materialises it and drains it.
    const child = workerProcess();
    const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
    const killAt = 200 + Math.floor(Math.random() * 600);
    let patients: AddedPatient[];
    let sentSoFar: () => Promise<number>;
    let campaignId: string;
    try {
      patients = await audience(1500);
      const before = await inboxCounts();
      sentSoFar = async () => total(await inboxCounts()) - total(before);
      campaignId = (await launchCampaign(patients)).id;
      await until('sends before the kill', async () => {
        if (child.exitCode !== null) throw new Error('the worker process exited on its own (its stderr is above)');
        return (await sentSoFar()) >= killAt;
      });
    } finally {
      await kill(child);
    }
    const id = campaignId;
    const source = `campaign:${id}`;
    const inFlight = await deliveryRows.find(stack, { source, status: 'sending' });
    const inFlightPatients = new Set(inFlight.map((d) => d.patientId));
    const sentBeforeKill = await sentSoFar();
    phase('killed');

    const rescuer = workerProcess();
    try {
      await until('the campaign to finish after the restart', () => finished(id, source), 60_000);
      phase('finished after the restart');
    } finally {
      await kill(rescuer);
    }
    const counts = await inboxCounts();
    const duplicates = patients.reduce((a, p) => a + Math.max(0, (counts.get(p.openid) ?? 0) - 1), 0);
    const unknown = await deliveryRows.count(stack, { source, status: 'unknown' });
    const notInFlight = patients.filter((p) => !inFlightPatients.has(p.patientId));
    const exactlyOnce = notInFlight.filter((p) => counts.get(p.openid) === 1).length;
    console.log(
      `killed after ${sentBeforeKill} sends (target ${killAt}); in flight at the kill: ${inFlight.length} (the bound); ` +
        `duplicates observed: ${duplicates}; marked unknown (not resent): ${unknown}; exactly one message: ${exactlyOnce}/${notInFlight.length} not in flight`,
    );
    expect(duplicates).toBeLessThanOrEqual(inFlight.length);
    expect(exactlyOnce).toBe(notInFlight.length);
    expect(await deliveryRows.count(stack, { source })).toBe(1500);
    expect(await deliveryRows.count(stack, { source, status: 'sent' })).toBe(1500 - unknown);
    expect(unknown).toBeLessThanOrEqual(inFlight.length);
    const stats = await campaignStats(id);
    expect(stats).toMatchObject({ targeted: 1500, sent: 1500 - unknown, pending: 0 });
  }, 90_000);

  it('two worker processes on one campaign: one delivery per key, one message per patient', async () => {
    // Both boot while the audience is written.
    const workers = [workerProcess(), workerProcess()];
    let patients: AddedPatient[];
    let campaignId: string;
    try {
      patients = await audience(1500);
      campaignId = (await launchCampaign(patients)).id;
      const [id, source] = [campaignId, `campaign:${campaignId}`];
      await until('the campaign to finish', () => finished(id, source), 60_000);
      phase('finished');
    } finally {
      for (const w of workers) await kill(w);
    }
    const [id, source] = [campaignId, `campaign:${campaignId}`];
    const counts = await inboxCounts();
    for (const p of patients) expect(counts.get(p.openid)).toBe(1);
    expect(await deliveryRows.count(stack, { source })).toBe(1500);
    expect(await deliveryRows.count(stack, { source, status: 'sent' })).toBe(1500);
    await expectDone(id);
  }, 90_000);
});
