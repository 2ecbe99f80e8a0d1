import { DEFAULT_TEMPLATES, type RunningSimulator } from '../src/index.js';
import { accessToken, appointmentMessage, FOLLOW_UP_DATA, get, newUser, post, sendSubscribe, startQuiet, subscribe, TEMPLATES } from './helpers.js';

let sim: RunningSimulator;
let token: string;

beforeAll(async () => {
  sim = await startQuiet();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await post(sim, '/__sim/reset');
  token = await accessToken(sim);
});

const messages = (query = '') => get(sim, `/__sim/messages${query}`).then((res) => res.body);
const followUp = (openid: string, thing2: string) => ({
  touser: openid,
  template_id: TEMPLATES.followUp,
  data: { ...FOLLOW_UP_DATA, thing2: { value: thing2 } },
});
const customText = (openid: string, content: string) =>
  post(sim, `/cgi-bin/message/custom/send?access_token=${token}`, { touser: openid, msgtype: 'text', text: { content } }).then((res) => res.body);

describe('GET /__sim/messages', () => {
  it('lists what each user received, subscribe and customer-service messages, in delivery order', async () => {
    const alice = await newUser(sim);
    const bob = await newUser(sim);
    for (const openid of [alice, bob]) {
      await subscribe(sim, openid, [TEMPLATES.followUp], 'long_term');
      await post(sim, `/__sim/users/${openid}/interacted`);
    }
    await subscribe(sim, alice, [TEMPLATES.appointment]);

    expect((await sendSubscribe(sim, token, followUp(alice, '术后复查'))).body.errcode).toBe(0);
    expect((await sendSubscribe(sim, token, followUp(bob, '血压随访'))).body.errcode).toBe(0);
    expect((await customText(alice, '您好，请问有什么可以帮您？')).errcode).toBe(0);
    expect((await sendSubscribe(sim, token, appointmentMessage(alice))).body.errcode).toBe(0);
    expect((await sendSubscribe(sim, token, followUp(bob, '用药随访'))).body.errcode).toBe(0);

    const mine = await messages(`?openid=${alice}`);
    expect(mine.total).toBe(3);
    expect(mine.messages.map((m: { type: string; template_id?: string; msgtype?: string }) => [m.type, m.template_id ?? m.msgtype])).toEqual([
      ['subscribe', TEMPLATES.followUp],
      ['custom', 'text'],
      ['subscribe', TEMPLATES.appointment],
    ]);
    expect(mine.messages[1]).toEqual({
      seq: expect.any(Number),
      type: 'custom',
      openid: alice,
      appid: sim.apps[0]!.appid,
      msgtype: 'text',
      text: { content: '您好，请问有什么可以帮您？' },
      time: expect.any(String),
      timestamp: expect.any(Number),
    });
    expect(mine.messages[0].data.thing2.value).toBe('术后复查');

    const all = await messages();
    expect(all.total).toBe(5);
    const seqs = all.messages.map((m: { seq: number }) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(all.messages.map((m: { openid: string }) => m.openid)).toEqual([alice, bob, alice, alice, bob]);
    const msgids = all.messages.filter((m: { type: string }) => m.type === 'subscribe').map((m: { msgid: number }) => m.msgid);
    expect(new Set(msgids).size).toBe(4);
    expect(msgids).toEqual([...msgids].sort((a, b) => a - b));

    expect((await messages(`?openid=${bob}`)).messages.map((m: { data: typeof FOLLOW_UP_DATA }) => m.data.thing2.value)).toEqual(['血压随访', '用药随访']);
    expect((await messages('?type=custom')).total).toBe(1);
    expect((await messages(`?templateId=${TEMPLATES.followUp}`)).total).toBe(3);
    expect((await messages(`?openid=${alice}&type=subscribe`)).total).toBe(2);
    expect(await messages('?openid=oNobody')).toEqual({ total: 0, messages: [], nextSince: 0 });
  });

  it('pages with since and limit', async () => {
    const openid = await newUser(sim);
    await subscribe(sim, openid, [TEMPLATES.followUp], 'long_term');
    for (let i = 1; i <= 5; i++) await sendSubscribe(sim, token, followUp(openid, `随访${i}`));

    const first = await messages('?limit=2');
    expect(first.total).toBe(5);
    expect(first.messages.map((m: { data: typeof FOLLOW_UP_DATA }) => m.data.thing2.value)).toEqual(['随访1', '随访2']);
    const second = await messages(`?since=${first.nextSince}`);
    expect(second.messages.map((m: { data: typeof FOLLOW_UP_DATA }) => m.data.thing2.value)).toEqual(['随访3', '随访4', '随访5']);
    const none = await messages(`?since=${second.nextSince}`);
    expect(none).toEqual({ total: 5, messages: [], nextSince: second.nextSince });

    expect((await get(sim, '/__sim/messages?since=-1')).status).toBe(400);
    expect((await get(sim, '/__sim/messages?limit=0')).status).toBe(400);
    expect((await get(sim, '/__sim/messages?type=sms')).status).toBe(400);
  });

  it('counts one message per user across 1,000 users in one read', async () => {
    const users = await inBatches(1000, () => newUser(sim));
    await inBatches(1000, (i) => subscribe(sim, users[i]!, [TEMPLATES.appointment]));
    const replies = await inBatches(1000, (i) => sendSubscribe(sim, token, appointmentMessage(users[i]!)));
    expect(replies.every((r) => r.body.errcode === 0)).toBe(true);

    const all = await messages();
    expect(all.total).toBe(1000);
    const perUser = new Map<string, number>();
    for (const m of all.messages) perUser.set(m.openid, (perUser.get(m.openid) ?? 0) + 1);
    expect(perUser.size).toBe(1000);
    expect([...perUser.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('reset', () => {
  it('clears grants, messages and limits, restores the default templates, and never reuses a seq', async () => {
    const openid = await newUser(sim);
    await post(sim, '/__sim/templates', { templateId: 'Extra_template', kind: 'one_time', title: '附加', keys: ['thing1'] });
    await subscribe(sim, openid, [TEMPLATES.appointment]);
    await subscribe(sim, openid, [TEMPLATES.appointment]);
    const before = await sendSubscribe(sim, token, appointmentMessage(openid));
    expect(before.body.errcode).toBe(0);
    const lastSeq = (await messages()).nextSince;
    await post(sim, '/__sim/limits', { sendPerDay: 5, concurrentHoldMs: 10 });

    await post(sim, '/__sim/reset');
    expect(await messages()).toEqual({ total: 0, messages: [], nextSince: 0 });
    expect((await get(sim, '/__sim/subscriptions')).body.grants).toEqual([]);
    expect((await get(sim, '/__sim/limits')).body).toEqual({ sendPerSecond: null, sendPerMinute: null, sendPerDay: null, concurrentHoldMs: 0 });
    const { templates } = (await get(sim, '/__sim/templates')).body;
    expect(templates).toHaveLength(DEFAULT_TEMPLATES.length);
    expect(templates.some((t: { templateId: string }) => t.templateId === 'Extra_template')).toBe(false);

    token = await accessToken(sim);
    const again = await newUser(sim);
    await subscribe(sim, again, [TEMPLATES.appointment]);
    const after = await sendSubscribe(sim, token, appointmentMessage(again));
    expect(after.body.msgid).toBeGreaterThan(before.body.msgid);
    expect((await messages()).messages[0].seq).toBeGreaterThan(lastSeq);
  });
});

/** Runs `count` calls, 50 at a time; results in index order. */
async function inBatches<T>(count: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, count - start) }, (_, k) => fn(start + k)));
    results.push(...batch);
  }
  return results;
}
