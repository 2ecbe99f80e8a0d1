import { DEFAULT_TEMPLATES, type RunningSimulator } from '../src/index.js';
import {
  accessToken,
  advance,
  APPOINTMENT_DATA,
  appointmentMessage,
  FOLLOW_UP_DATA,
  get,
  MINUTE,
  newUser,
  post,
  sampleData,
  sendSubscribe,
  startQuiet,
  subscribe,
  TEMPLATES,
} from './helpers.js';

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

const send = (message: object) => sendSubscribe(sim, token, message).then((res) => res.body);
const inbox = (openid: string) => get(sim, `/__sim/messages?openid=${openid}`).then((res) => res.body);
const grants = (openid: string) => get(sim, `/__sim/subscriptions?openid=${openid}`).then((res) => res.body.grants);
const followUpMessage = (openid: string) => ({ touser: openid, template_id: TEMPLATES.followUp, page: 'pages/follow-up/index', data: FOLLOW_UP_DATA });
const REFUSED = { errcode: 43101, errmsg: 'user refuse to accept the msg' };

describe('POST /cgi-bin/message/subscribe/send: grants', () => {
  it('refuses a user who never accepted the template with 43101 and delivers nothing', async () => {
    const openid = await newUser(sim);
    expect(await send(appointmentMessage(openid))).toEqual(REFUSED);
    expect((await inbox(openid)).messages).toEqual([]);
  });

  it('sends exactly once per one-time acceptance, then answers 43101', async () => {
    const openid = await newUser(sim);
    const popup = await subscribe(sim, openid, [TEMPLATES.appointment]);
    expect(popup.status).toBe(200);
    expect(popup.body).toEqual({ errMsg: 'requestSubscribeMessage:ok', [TEMPLATES.appointment]: 'accept' });

    const first = await send(appointmentMessage(openid));
    expect(first).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect(Number.isSafeInteger(first.msgid)).toBe(true);
    expect(await send(appointmentMessage(openid))).toEqual(REFUSED);

    const { messages } = await inbox(openid);
    expect(messages).toEqual([
      expect.objectContaining({
        type: 'subscribe',
        openid,
        msgid: first.msgid,
        template_id: TEMPLATES.appointment,
        page: 'pages/appointment/detail?id=42',
        data: APPOINTMENT_DATA,
        miniprogram_state: 'formal',
        lang: 'zh_CN',
        time: expect.any(String),
      }),
    ]);
    expect(await grants(openid)).toEqual([
      expect.objectContaining({ templateId: TEMPLATES.appointment, kind: 'one_time', lastResult: 'accept', remaining: 0, active: false, accepted: 1, sent: 1 }),
    ]);
  });

  it('allows two sends after two acceptances (list and map forms), and no third', async () => {
    const openid = await newUser(sim);
    await subscribe(sim, openid, [TEMPLATES.appointment, TEMPLATES.doctorReplied]);
    const mapForm = await post(sim, '/__sim/subscriptions', { openid, results: { [TEMPLATES.appointment]: 'accept' } });
    expect(mapForm.body).toEqual({ errMsg: 'requestSubscribeMessage:ok', [TEMPLATES.appointment]: 'accept' });
    expect((await grants(openid)).find((g: { templateId: string }) => g.templateId === TEMPLATES.appointment).remaining).toBe(2);

    expect((await send(appointmentMessage(openid))).errcode).toBe(0);
    expect((await send(appointmentMessage(openid))).errcode).toBe(0);
    expect(await send(appointmentMessage(openid))).toEqual(REFUSED);
    // The other template's allowance is its own.
    const reply = await send({ touser: openid, template_id: TEMPLATES.doctorReplied, data: sampleData(['name1', 'thing2', 'time3', 'thing4']) });
    expect(reply.errcode).toBe(0);
    expect((await inbox(openid)).total).toBe(3);
  });

  it('sends a long-term template repeatedly until the user switches it off', async () => {
    const openid = await newUser(sim);
    expect((await subscribe(sim, openid, [TEMPLATES.followUp], 'long_term')).body[TEMPLATES.followUp]).toBe('accept');
    for (let i = 0; i < 5; i++) expect((await send(followUpMessage(openid))).errcode).toBe(0);
    expect(await grants(openid)).toEqual([expect.objectContaining({ kind: 'long_term', remaining: null, active: true, accepted: 1, sent: 5 })]);

    await subscribe(sim, openid, [TEMPLATES.followUp], 'long_term', 'reject');
    expect(await send(followUpMessage(openid))).toEqual(REFUSED);
    expect((await inbox(openid)).total).toBe(5);
  });

  it('answers 43101 after reject, ban or filter, which also void earlier one-time acceptances', async () => {
    const openid = await newUser(sim);
    const popup = await post(sim, '/__sim/subscriptions', {
      openid,
      kind: 'one_time',
      results: { [TEMPLATES.appointment]: 'reject', [TEMPLATES.survey]: 'ban', [TEMPLATES.event]: 'filter' },
    });
    expect(popup.body).toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      [TEMPLATES.appointment]: 'reject',
      [TEMPLATES.survey]: 'ban',
      [TEMPLATES.event]: 'filter',
    });
    expect(await send(appointmentMessage(openid))).toEqual(REFUSED);
    expect(await send({ touser: openid, template_id: TEMPLATES.survey, data: sampleData(['thing1', 'thing2', 'date3', 'thing4']) })).toEqual(REFUSED);
    expect(await send({ touser: openid, template_id: TEMPLATES.event, data: sampleData(['thing1', 'time2', 'thing3', 'thing4']) })).toEqual(REFUSED);

    await subscribe(sim, openid, [TEMPLATES.appointment]);
    await subscribe(sim, openid, [TEMPLATES.appointment]);
    await subscribe(sim, openid, [TEMPLATES.appointment], 'one_time', 'reject');
    expect(await send(appointmentMessage(openid))).toEqual(REFUSED);
    await subscribe(sim, openid, [TEMPLATES.appointment]);
    expect((await send(appointmentMessage(openid))).errcode).toBe(0);
  });

  it('keeps grants per user', async () => {
    const alice = await newUser(sim);
    const bob = await newUser(sim);
    await subscribe(sim, alice, [TEMPLATES.appointment]);
    expect(await send(appointmentMessage(bob))).toEqual(REFUSED);
    expect((await send(appointmentMessage(alice))).errcode).toBe(0);
  });
});

describe('POST /cgi-bin/message/subscribe/send: bad requests', () => {
  it('answers 40003 for an unknown or missing openid', async () => {
    expect(await send(appointmentMessage('oNoSuchUser'))).toEqual({ errcode: 40003, errmsg: 'invalid openid' });
    expect((await send({ template_id: TEMPLATES.appointment, data: APPOINTMENT_DATA })).errcode).toBe(40003);
  });

  it('answers 40037 for an unknown or missing template id', async () => {
    const openid = await newUser(sim);
    expect(await send(appointmentMessage(openid, { template_id: 'NoSuchTemplate' }))).toEqual({ errcode: 40037, errmsg: 'invalid template_id' });
    expect((await send({ touser: openid, data: APPOINTMENT_DATA })).errcode).toBe(40037);
  });

  it('answers 47003 for data that does not fit the template, without using the grant', async () => {
    const openid = await newUser(sim);
    await subscribe(sim, openid, [TEMPLATES.appointment]);
    const { thing5: _dropped, ...missingKey } = APPOINTMENT_DATA;
    for (const data of [
      undefined,
      'name1=张三',
      [],
      { ...APPOINTMENT_DATA, thing2: '心内科' },
      { ...APPOINTMENT_DATA, thing2: { value: 42 } },
      { ...APPOINTMENT_DATA, thing2: { value: '' } },
      missingKey,
      { ...APPOINTMENT_DATA, thing9: { value: 'extra' } },
      { ...APPOINTMENT_DATA, thing2: { value: '一二三四五六七八九十一二三四五六七八九十一' } }, // 21 characters
    ]) {
      const reply = await send(appointmentMessage(openid, { data }));
      expect(reply).toEqual({ errcode: 47003, errmsg: expect.stringMatching(/^argument invalid!/) });
    }
    expect((await send(appointmentMessage(openid, { miniprogram_state: 'beta' }))).errcode).toBe(47003);
    expect((await send(appointmentMessage(openid, { lang: 'fr_FR' }))).errcode).toBe(47003);
    expect((await send(appointmentMessage(openid, { page: 42 }))).errcode).toBe(41030);

    const ok = await send(
      appointmentMessage(openid, {
        data: { ...APPOINTMENT_DATA, thing2: { value: '一二三四五六七八九十一二三四五六七八九十' } },
        miniprogram_state: 'trial',
        lang: 'en_US',
      }),
    );
    expect(ok.errcode).toBe(0);
  });

  it('checks the access token like every token API: 41001, 40001, 42001', async () => {
    const openid = await newUser(sim);
    await subscribe(sim, openid, [TEMPLATES.appointment]);
    expect((await post(sim, '/cgi-bin/message/subscribe/send', appointmentMessage(openid))).body).toEqual({ errcode: 41001, errmsg: 'access_token missing' });
    expect((await sendSubscribe(sim, 'bogus', appointmentMessage(openid))).body.errcode).toBe(40001);
    await post(sim, '/__sim/tokens/expire');
    expect((await sendSubscribe(sim, token, appointmentMessage(openid))).body).toEqual({ errcode: 42001, errmsg: 'access_token expired' });

    const fresh = await accessToken(sim);
    await advance(sim, 7200_000);
    expect((await sendSubscribe(sim, fresh, appointmentMessage(openid))).body.errcode).toBe(42001);
    expect((await sendSubscribe(sim, await accessToken(sim), appointmentMessage(openid))).body.errcode).toBe(0);
  });

  it('answers 44002 / 47001 for an empty or non-JSON body', async () => {
    const url = `${sim.url}/cgi-bin/message/subscribe/send?access_token=${token}`;
    expect(await (await fetch(url, { method: 'POST' })).json()).toEqual({ errcode: 44002, errmsg: 'empty post data' });
    expect(await (await fetch(url, { method: 'POST', body: '{nope' })).json()).toEqual({ errcode: 47001, errmsg: 'data format error' });
  });
});

describe('POST /__sim/subscriptions and GET /__sim/subscriptions', () => {
  it('answers like a failed wx.requestSubscribeMessage for unknown templates and more than 3 ids', async () => {
    const openid = await newUser(sim);
    const unknown = await subscribe(sim, openid, ['NoSuchTemplate']);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ errCode: 20001, errMsg: expect.stringMatching(/^requestSubscribeMessage:fail/) });

    const four = await subscribe(sim, openid, [TEMPLATES.appointment, TEMPLATES.doctorReplied, TEMPLATES.survey, TEMPLATES.event]);
    expect(four.status).toBe(400);
    expect(four.body.errCode).toBe(20003);
    expect(await grants(openid)).toEqual([]);
  });

  it('refuses a wrong kind, mixed kinds, bad results and unknown users', async () => {
    const openid = await newUser(sim);
    expect((await subscribe(sim, openid, [TEMPLATES.followUp], 'one_time')).status).toBe(400);
    expect((await subscribe(sim, openid, [TEMPLATES.appointment], 'long_term')).status).toBe(400);
    expect((await post(sim, '/__sim/subscriptions', { openid, templateIds: [TEMPLATES.appointment, TEMPLATES.followUp] })).status).toBe(400);
    expect((await subscribe(sim, openid, [TEMPLATES.appointment], 'one_time', 'maybe')).status).toBe(400);
    expect((await subscribe(sim, openid, [])).status).toBe(400);
    expect((await subscribe(sim, openid, [TEMPLATES.appointment, TEMPLATES.appointment])).status).toBe(400);
    expect((await post(sim, '/__sim/subscriptions', { openid, templateIds: [TEMPLATES.appointment], results: {} })).status).toBe(400);
    expect((await subscribe(sim, 'oNobody', [TEMPLATES.appointment])).status).toBe(404);
    expect((await get(sim, '/__sim/subscriptions?openid=oNobody')).status).toBe(404);
    expect(await grants(openid)).toEqual([]);
  });

  it('takes the kind from the template when not given, and lists every grant without openid', async () => {
    const alice = await newUser(sim);
    const bob = await newUser(sim);
    expect((await post(sim, '/__sim/subscriptions', { openid: alice, templateIds: [TEMPLATES.followUp] })).status).toBe(200);
    await subscribe(sim, bob, [TEMPLATES.appointment]);
    const all = (await get(sim, '/__sim/subscriptions')).body.grants;
    expect(all).toEqual([
      expect.objectContaining({ openid: alice, templateId: TEMPLATES.followUp, kind: 'long_term', active: true }),
      expect.objectContaining({ openid: bob, templateId: TEMPLATES.appointment, kind: 'one_time', remaining: 1, active: true }),
    ]);
  });
});

describe('templates', () => {
  it('seeds the default templates', async () => {
    const { templates } = (await get(sim, '/__sim/templates')).body;
    expect(templates).toHaveLength(DEFAULT_TEMPLATES.length);
    expect(templates.map((t: { templateId: string; kind: string }) => [t.templateId, t.kind])).toEqual([
      [TEMPLATES.appointment, 'one_time'],
      [TEMPLATES.appointmentChanged, 'one_time'],
      [TEMPLATES.waitlistOffer, 'one_time'],
      [TEMPLATES.doctorReplied, 'one_time'],
      [TEMPLATES.survey, 'one_time'],
      [TEMPLATES.event, 'one_time'],
      [TEMPLATES.healthEducation, 'one_time'],
      [TEMPLATES.followUp, 'long_term'],
      ['CareGreeting_VFzd2hNPaRSa9TeST9WwFn65QZ9mfV', 'one_time'],
      ['EventInvite_n6bCiREucX5ny9xY4vCRnfik4l3lU6Z', 'one_time'],
      ['TierUpgraded_Wq7pNc3Lx9RbT2vKm5YsH8dZfA4gJe', 'one_time'],
      ['EventOffer_Mb4tQx8Rk2LwN6yVc9PsE3hZjD7uFaXq', 'one_time'],
    ]);
    for (const t of templates) expect(t).toMatchObject({ templateId: expect.stringMatching(/^[\w-]{43}$/), title: expect.any(String), isDefault: true });
  });

  it('adds a template that can then be granted and sent, replaces it, and refuses bad input', async () => {
    const template = {
      templateId: 'PaymentDone_0123456789abcdefghijklmnopqrstu',
      kind: 'one_time',
      title: '缴费成功通知',
      keys: ['character_string1', 'amount2', 'thing3'],
    };
    const added = await post(sim, '/__sim/templates', template);
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ ...template, isDefault: false });

    const openid = await newUser(sim);
    await subscribe(sim, openid, [template.templateId]);
    const data = { character_string1: { value: 'YB202506010001' }, amount2: { value: '¥25.00' }, thing3: { value: '门诊挂号费' } };
    expect((await send({ touser: openid, template_id: template.templateId, data })).errcode).toBe(0);
    // character_string allows 32 characters.
    await subscribe(sim, openid, [template.templateId]);
    expect((await send({ touser: openid, template_id: template.templateId, data: { ...data, character_string1: { value: 'X'.repeat(33) } } })).errcode).toBe(
      47003,
    );

    const replaced = await post(sim, '/__sim/templates', { ...template, kind: 'long_term' });
    expect(replaced.status).toBe(200);
    expect((await get(sim, '/__sim/templates')).body.templates).toHaveLength(DEFAULT_TEMPLATES.length + 1);

    for (const bad of [
      { ...template, kind: 'forever' },
      { ...template, keys: [] },
      { ...template, keys: ['Thing 1'] },
      { ...template, keys: ['thing1', 'thing1'] },
      { ...template, templateId: 'has spaces' },
      { kind: 'one_time', title: 'x', keys: ['thing1'] },
      { ...template, title: '' },
    ]) {
      expect((await post(sim, '/__sim/templates', bad)).status).toBe(400);
    }
  });
});

describe('send limits', () => {
  it('answers 45011 over the per-second limit, counting calls rather than deliveries, and frees up a second later', async () => {
    const openid = await newUser(sim);
    await post(sim, '/__sim/subscriptions', { openid, templateIds: [TEMPLATES.followUp] });
    expect((await post(sim, '/__sim/limits', { sendPerSecond: 3 })).body).toEqual({
      sendPerSecond: 3,
      sendPerMinute: null,
      sendPerDay: null,
      concurrentHoldMs: 0,
    });

    expect((await send(followUpMessage(openid))).errcode).toBe(0);
    expect((await send(appointmentMessage(openid))).errcode).toBe(43101); // counts too
    expect((await send(followUpMessage(openid))).errcode).toBe(0);
    expect(await send(followUpMessage(openid))).toEqual({ errcode: 45011, errmsg: expect.stringContaining('minute-quota') });
    expect((await send(followUpMessage(openid))).errcode).toBe(45011);

    await advance(sim, 1000);
    expect((await send(followUpMessage(openid))).errcode).toBe(0);
    expect((await get(sim, `/__sim/messages?openid=${openid}`)).body.total).toBe(3);
  });

  it('answers 45011 over the per-minute limit, without using a one-time grant', async () => {
    const openid = await newUser(sim);
    await post(sim, '/__sim/limits', { sendPerMinute: 1 });
    await subscribe(sim, openid, [TEMPLATES.appointment]);
    await subscribe(sim, openid, [TEMPLATES.appointment]);
    expect((await send(appointmentMessage(openid))).errcode).toBe(0);
    await advance(sim, 30_000);
    expect((await send(appointmentMessage(openid))).errcode).toBe(45011);
    await advance(sim, 30_000);
    expect((await send(appointmentMessage(openid))).errcode).toBe(0);
  });

  it('answers 45009 over the daily limit until the next day', async () => {
    const openid = await newUser(sim);
    await post(sim, '/__sim/subscriptions', { openid, templateIds: [TEMPLATES.followUp] });
    await post(sim, '/__sim/limits', { sendPerDay: 2, sendPerSecond: 100 });
    expect((await send(followUpMessage(openid))).errcode).toBe(0);
    expect((await send(followUpMessage(openid))).errcode).toBe(0);
    expect(await send(followUpMessage(openid))).toEqual({ errcode: 45009, errmsg: 'reach max api daily quota limit' });

    await advance(sim, 24 * 60 * MINUTE);
    token = await accessToken(sim);
    expect((await send(followUpMessage(openid))).errcode).toBe(0);
  });

  it('turns limits off with null, reads them back, and refuses bad input', async () => {
    await post(sim, '/__sim/limits', { sendPerDay: 0 });
    const openid = await newUser(sim);
    await post(sim, '/__sim/subscriptions', { openid, templateIds: [TEMPLATES.followUp] });
    expect((await send(followUpMessage(openid))).errcode).toBe(45009);
    expect((await post(sim, '/__sim/limits', { sendPerDay: null })).body.sendPerDay).toBeNull();
    expect((await get(sim, '/__sim/limits')).body).toEqual({ sendPerSecond: null, sendPerMinute: null, sendPerDay: null, concurrentHoldMs: 0 });
    expect((await send(followUpMessage(openid))).errcode).toBe(0);

    for (const bad of [{}, { sendPerSecond: -1 }, { sendPerDay: 1.5 }, { sendPerHour: 3 }, { concurrentHoldMs: 'yes' }]) {
      expect((await post(sim, '/__sim/limits', bad)).status).toBe(400);
    }
  });

  it('answers 43108 to a send racing another to the same user while concurrentHoldMs is set', async () => {
    const alice = await newUser(sim);
    const bob = await newUser(sim);
    for (const openid of [alice, bob]) await post(sim, '/__sim/subscriptions', { openid, templateIds: [TEMPLATES.followUp] });
    await post(sim, '/__sim/limits', { concurrentHoldMs: 150 });

    const raced = await Promise.all([send(followUpMessage(alice)), send(followUpMessage(alice)), send(followUpMessage(bob))]);
    expect(raced.map((r) => r.errcode).sort()).toEqual([0, 0, 43108]);
    expect(raced[2].errcode).toBe(0);
    expect(raced.find((r) => r.errcode === 43108)).toEqual({ errcode: 43108, errmsg: 'concurrent limit' });

    // One after the other is fine.
    expect((await send(followUpMessage(alice))).errcode).toBe(0);
    expect((await send(followUpMessage(alice))).errcode).toBe(0);

    await post(sim, '/__sim/limits', { concurrentHoldMs: 0 });
    const unheld = await Promise.all([send(followUpMessage(alice)), send(followUpMessage(alice))]);
    expect(unheld.map((r) => r.errcode)).toEqual([0, 0]);
  });
});
