import { SECURITY_WORDS, type RunningSimulator } from '../src/index.js';
import { accessToken, advance, get, loggedInUser, MINUTE, newUser, post, startQuiet } from './helpers.js';

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

const HOUR = 60 * MINUTE;

describe('POST /cgi-bin/message/custom/send', () => {
  const custom = (message: object) => post(sim, `/cgi-bin/message/custom/send?access_token=${token}`, message).then((res) => res.body);
  const text = (openid: string, content = '您的报告已出，请查收') => custom({ touser: openid, msgtype: 'text', text: { content } });
  const OUT_OF_TIME = { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' };

  it('answers within 48 hours after the user messaged the app, and 45015 otherwise', async () => {
    const openid = await newUser(sim);
    expect(await text(openid)).toEqual(OUT_OF_TIME);

    const interacted = await post(sim, `/__sim/users/${openid}/interacted`);
    expect(interacted.body).toEqual({ openid, interactedAt: expect.any(Number), customServiceUntil: interacted.body.interactedAt + 48 * HOUR });
    expect(await text(openid)).toEqual({ errcode: 0, errmsg: 'ok' });

    await advance(sim, 47 * HOUR);
    token = await accessToken(sim); // the first one expired after 2 h
    expect((await text(openid)).errcode).toBe(0);
    await advance(sim, HOUR + 1000);
    token = await accessToken(sim);
    expect(await text(openid)).toEqual(OUT_OF_TIME);

    await post(sim, `/__sim/users/${openid}/interacted`);
    expect((await text(openid)).errcode).toBe(0);
    expect((await get(sim, `/__sim/messages?openid=${openid}`)).body.total).toBe(3);
    expect((await get(sim, `/__sim/users/${openid}`)).body.interactedAt).toEqual(expect.any(Number));
  });

  it('takes an explicit interaction time', async () => {
    const openid = await newUser(sim);
    const now = (await get(sim, '/__sim/time')).body.now;
    await post(sim, `/__sim/users/${openid}/interacted`, { at: now - 49 * HOUR });
    expect((await text(openid)).errcode).toBe(45015);
    await post(sim, `/__sim/users/${openid}/interacted`, { at: now - 47 * HOUR });
    expect((await text(openid)).errcode).toBe(0);
    expect((await post(sim, '/__sim/users/oNobody/interacted')).status).toBe(404);
  });

  it('delivers link and mini-program cards, and refuses malformed messages', async () => {
    const openid = await newUser(sim);
    await post(sim, `/__sim/users/${openid}/interacted`);
    const link = { title: '检查须知', description: '请空腹', url: 'https://example.org/notice', thumb_url: 'https://example.org/t.png' };
    const card = { title: '我的预约', pagepath: 'pages/appointment/list', thumb_media_id: 'MEDIA_ID_1' };
    expect((await custom({ touser: openid, msgtype: 'link', link })).errcode).toBe(0);
    expect((await custom({ touser: openid, msgtype: 'miniprogrampage', miniprogrampage: card })).errcode).toBe(0);
    expect((await custom({ touser: openid, msgtype: 'image', image: { media_id: 'MEDIA_ID_2' } })).errcode).toBe(0);
    const { messages } = (await get(sim, `/__sim/messages?openid=${openid}&type=custom`)).body;
    expect(messages.map((m: Record<string, unknown>) => [m.msgtype, m[m.msgtype as string]])).toEqual([
      ['link', link],
      ['miniprogrampage', card],
      ['image', { media_id: 'MEDIA_ID_2' }],
    ]);

    expect(await custom({ touser: openid, msgtype: 'voice', voice: { media_id: 'x' } })).toEqual({ errcode: 40008, errmsg: 'invalid message type' });
    expect((await custom({ touser: openid, msgtype: 'text', text: { content: '' } })).errcode).toBe(44004);
    expect((await custom({ touser: openid, msgtype: 'text' })).errcode).toBe(44004);
    expect((await custom({ touser: openid, msgtype: 'link', link: { title: 'x' } })).errcode).toBe(47003);
    expect((await custom({ touser: openid, msgtype: 'image', image: {} })).errcode).toBe(47003);
    expect((await custom({ touser: openid, msgtype: 'miniprogrampage', miniprogrampage: { title: 'x', pagepath: 'p' } })).errcode).toBe(47003);
    expect((await text('oNobody')).errcode).toBe(40003);
    expect((await post(sim, '/cgi-bin/message/custom/send', { touser: openid, msgtype: 'text', text: { content: 'x' } })).body.errcode).toBe(41001);
    expect((await get(sim, `/__sim/messages?openid=${openid}`)).body.total).toBe(3);
  });

  it('is held to the send limits with counters of its own', async () => {
    const openid = await newUser(sim);
    await post(sim, `/__sim/users/${openid}/interacted`);
    await post(sim, '/__sim/limits', { sendPerDay: 1 });
    expect((await text(openid)).errcode).toBe(0);
    expect((await text(openid)).errcode).toBe(45009);
    const subscribeCall = await post(sim, `/cgi-bin/message/subscribe/send?access_token=${token}`, { touser: openid });
    expect(subscribeCall.body.errcode).toBe(40037); // past the limit check: its own counter
  });
});

describe('POST /wxa/msg_sec_check', () => {
  const check = (body: object) => post(sim, `/wxa/msg_sec_check?access_token=${token}`, body).then((res) => res.body);
  const v2 = (openid: string, content: string, extra: object = {}) => check({ version: 2, openid, scene: 2, content, ...extra });

  it('passes ordinary text with label 100', async () => {
    const openid = await loggedInUser(sim);
    expect(await v2(openid, '医生您好，我想咨询一下复诊时间')).toEqual({
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: 'pass', label: 100 },
      detail: [
        { strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 0 },
        { strategy: 'keyword', errcode: 0 },
      ],
      trace_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/),
    });
  });

  it('suggests review for review words and risky for risky words, risky winning', async () => {
    const openid = await loggedInUser(sim);
    const review = await v2(openid, '这条评论需审核一下');
    expect(review.result).toEqual({ suggest: 'review', label: 21000 });
    expect(review.detail[1]).toMatchObject({ strategy: 'keyword', suggest: 'review', label: 21000, keyword: '需审核' });

    const risky = await v2(openid, '这里有违禁词');
    expect(risky.result).toEqual({ suggest: 'risky', label: 20006 });
    expect(risky.detail[1]).toMatchObject({ strategy: 'keyword', suggest: 'risky', keyword: '违禁词' });

    expect((await v2(openid, '需审核 也有 违禁词')).result.suggest).toBe('risky');
    expect((await v2(openid, 'a RISKY-WORD here')).result).toEqual({ suggest: 'risky', label: 20006 });
    expect((await v2(openid, 'plain', { nickname: '偏方大师' })).result.suggest).toBe('review');
    expect((await v2(openid, 'plain', { title: '包治百病' })).result).toEqual({ suggest: 'risky', label: 20008 });

    for (const { word, suggest, label } of SECURITY_WORDS) {
      expect((await v2(openid, `前缀${word}后缀`)).result).toEqual({ suggest, label });
    }
  });

  it('takes up to 2,500 characters, 45002 beyond, 44004 for empty content', async () => {
    const openid = await loggedInUser(sim);
    expect((await v2(openid, '好'.repeat(2500))).result.suggest).toBe('pass');
    expect(await v2(openid, '好'.repeat(2501))).toEqual({ errcode: 45002, errmsg: 'content size out of limit' });
    expect(await v2(openid, '')).toEqual({ errcode: 44004, errmsg: 'empty content' });
    expect((await check({ version: 2, openid, scene: 1 })).errcode).toBe(44004);
  });

  it('needs a user who used the app (40003 otherwise) and a scene from 1 to 4', async () => {
    expect(await v2('oNobody', 'hello')).toEqual({ errcode: 40003, errmsg: 'invalid openid' });
    const neverLoggedIn = await newUser(sim);
    expect((await v2(neverLoggedIn, 'hello')).errcode).toBe(40003);
    await post(sim, `/__sim/users/${neverLoggedIn}/interacted`);
    expect((await v2(neverLoggedIn, 'hello')).errcode).toBe(0);

    const openid = await loggedInUser(sim);
    expect((await get(sim, `/__sim/users/${openid}`)).body.lastLoginAt).toEqual(expect.any(Number));
    for (const scene of [0, 5, 'x', undefined]) expect((await v2(openid, 'hello', { scene })).errcode).toBe(47003);
    expect((await v2(openid, 'hello', { scene: '4', version: '2' })).errcode).toBe(0);
    expect((await v2(openid, 'hello', { title: 7 })).errcode).toBe(47003);
    expect((await check({ version: 3, openid, scene: 1, content: 'x' })).errcode).toBe(47003);
  });

  it('speaks version 1 when no version is given: 87014 for risky content only', async () => {
    expect(await check({ content: '有违禁词' })).toEqual({ errcode: 87014, errmsg: 'risky content' });
    expect(await check({ content: '需审核' })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await check({ content: '' })).errcode).toBe(44004);
  });

  it('checks the access token', async () => {
    expect((await post(sim, '/wxa/msg_sec_check', { content: 'x' })).body.errcode).toBe(41001);
    await post(sim, '/__sim/tokens/expire');
    expect((await check({ content: 'x' })).errcode).toBe(42001);
  });
});
