import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appUserName, pushSignature, type RunningSimulator } from '../src/index.js';
import { accessToken, advance, get, loggedInUser, newUser, post, startQuiet, type Body } from './helpers.js';

// A stand-in for the mini-program's server: it serves the media WeChat downloads and receives the pushed events.

const TOKEN = 'PushToken2026';
const PICTURE = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a picture of an ankle'), Buffer.from([0xff, 0xd9])]);

interface Received {
  query: URLSearchParams;
  body: Body;
  signatureOk: boolean;
}

let sim: RunningSimulator;
let receiver: Server;
let base: string;
let token: string;
let received: Received[] = [];
/** What the receiver answers a push: status and body. */
let answer = { status: 200, body: 'success' };
let downloads: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  sim = await startQuiet({ messagePush: { url: `${base}/push`, token: TOKEN } });
});
afterAll(async () => {
  await sim.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(async () => {
  await post(sim, '/__sim/reset');
  received = [];
  downloads = [];
  answer = { status: 200, body: 'success' };
  token = await accessToken(sim);
});

async function handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
  const url = new URL(req.url!, base);
  if (req.method === 'GET' && url.pathname.startsWith('/media/')) {
    downloads.push(url.pathname);
    if (url.pathname === '/media/missing.jpg') {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(url.pathname.includes('other') ? Buffer.concat([PICTURE, Buffer.from('x')]) : PICTURE);
    return;
  }
  if (req.method === 'GET' && url.pathname === '/push') {
    const q = url.searchParams;
    const ok = pushSignature(TOKEN, q.get('timestamp')!, q.get('nonce')!) === q.get('signature');
    res.writeHead(ok ? 200 : 401).end(ok ? q.get('echostr') : 'bad signature');
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const q = url.searchParams;
  received.push({
    query: q,
    body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
    signatureOk: pushSignature(TOKEN, q.get('timestamp')!, q.get('nonce')!) === q.get('signature'),
  });
  res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
}

const check = (body: object) => post(sim, `/wxa/media_check_async?access_token=${token}`, body).then((r) => r.body);
const media = (name = 'ankle.jpg') => `${base}/media/${name}`;
const ask = (openid: string, extra: object = {}) => check({ media_url: media(), media_type: 2, version: 2, openid, scene: 2, ...extra });

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const pushFor = (traceId: string) => until(() => received.find((r) => r.body.trace_id === traceId), `the push for ${traceId}`);

describe('POST /wxa/media_check_async', () => {
  it('answers a trace id, downloads the media and pushes the signed verdict to the message-push URL', async () => {
    const openid = await loggedInUser(sim);
    const answer = await ask(openid);
    expect(answer).toEqual({ errcode: 0, errmsg: 'ok', trace_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/) });

    const push = await pushFor(answer.trace_id);
    expect(push.signatureOk).toBe(true);
    expect(Math.abs(Number(push.query.get('timestamp')) - Date.now() / 1000)).toBeLessThan(5);
    expect(push.body).toEqual({
      ToUserName: appUserName(sim.apps[0]!.appid),
      FromUserName: openid,
      CreateTime: expect.any(Number),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: sim.apps[0]!.appid,
      trace_id: answer.trace_id,
      version: 2,
      detail: [{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 0 }],
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: 'pass', label: 100 },
    });
    expect(downloads).toEqual(['/media/ankle.jpg']);

    const recorded = (await get(sim, `/__sim/media-checks/${answer.trace_id}`)).body;
    expect(recorded).toMatchObject({
      traceId: answer.trace_id,
      openid,
      scene: 2,
      mediaType: 2,
      mediaUrl: media(),
      state: 'pushed',
      download: { status: 200, bytes: PICTURE.length, sha256: createHash('sha256').update(PICTURE).digest('hex'), contentType: 'image/jpeg' },
      verdict: { suggest: 'pass', label: 100, errcode: 0 },
    });
    await until(async () => ((await get(sim, `/__sim/media-checks/${answer.trace_id}`)).body.push.delivered ? true : undefined), 'delivery');
    const pushes = (await get(sim, '/__sim/pushes?event=wxa_media_check')).body.pushes;
    expect(pushes).toEqual([expect.objectContaining({ event: 'wxa_media_check', url: `${base}/push`, delivered: true, gaveUp: false })]);
    expect(pushes[0].attempts).toEqual([expect.objectContaining({ n: 1, status: 200, ok: true, responseBody: 'success' })]);
  });

  it('refuses bad arguments as WeChat does', async () => {
    const openid = await loggedInUser(sim);
    const stranger = await newUser(sim); // never used the app
    expect((await post(sim, '/wxa/media_check_async', { media_url: media(), media_type: 2, version: 2, openid, scene: 2 })).body.errcode).toBe(41001);
    expect((await post(sim, '/wxa/media_check_async?access_token=nope', {})).body.errcode).toBe(40001);
    expect((await simRaw(`/wxa/media_check_async?access_token=${token}`, '')).errcode).toBe(44002);
    expect((await simRaw(`/wxa/media_check_async?access_token=${token}`, 'not json')).errcode).toBe(47001);
    expect(await ask('oNobody')).toEqual({ errcode: 40003, errmsg: 'invalid openid' });
    expect((await ask(stranger)).errcode).toBe(40003);
    expect(await ask(openid, { scene: 5 })).toEqual({ errcode: 47003, errmsg: 'argument invalid! scene' });
    expect((await ask(openid, { scene: '2' })).errcode).toBe(0);
    expect(await ask(openid, { media_type: 3 })).toEqual({ errcode: 47003, errmsg: 'argument invalid! media_type' });
    expect(await ask(openid, { version: 1 })).toEqual({ errcode: 47003, errmsg: 'argument invalid! version' });
    for (const url of [undefined, '', 'ftp://example.org/x.jpg', 'not a url', 42, `${base}/${'x'.repeat(2100)}`]) {
      expect(await ask(openid, { media_url: url })).toEqual({ errcode: 47003, errmsg: 'argument invalid! media_url' });
    }
    // Only the one accepted request was recorded.
    expect((await get(sim, `/__sim/media-checks?openid=${openid}`)).body.checks).toHaveLength(1);
  });

  it('gives the next checks (or the media matching a rule) the verdict a test asks for', async () => {
    const openid = await loggedInUser(sim);
    const sha = createHash('sha256').update(PICTURE).digest('hex');
    const rules = await post(sim, '/__sim/media-checks/rules', {
      rules: [
        { suggest: 'risky', times: 1 },
        { suggest: 'review', label: 10001, urlContains: 'flyer' },
        { suggest: 'risky', bytesContain: 'x', label: 20001 },
      ],
    });
    expect(rules.status).toBe(201);

    const verdict = async (name: string) =>
      (await pushFor((await check({ media_url: media(name), media_type: 2, version: 2, openid, scene: 1 })).trace_id)).body.result;
    expect(await verdict('ankle.jpg')).toEqual({ suggest: 'risky', label: 20002 }); // the one-off rule, used up
    expect(await verdict('ankle.jpg')).toEqual({ suggest: 'pass', label: 100 });
    expect(await verdict('flyer.jpg')).toEqual({ suggest: 'review', label: 10001 });
    expect(await verdict('other.jpg')).toEqual({ suggest: 'risky', label: 20001 }); // its bytes end in "x"
    await post(sim, '/__sim/media-checks/rules', { rules: [{ suggest: 'review', sha256: sha }] });
    expect(await verdict('ankle.jpg')).toEqual({ suggest: 'review', label: 21000 });

    expect((await get(sim, '/__sim/media-checks/rules')).body.rules.map((r: Body) => [r.suggest, r.fired])).toEqual([
      ['review', 1],
      ['risky', 1],
      ['review', 1],
    ]);
    expect((await post(sim, '/__sim/media-checks/rules', { rules: [{ suggest: 'maybe' }] })).status).toBe(400);
    expect((await post(sim, '/__sim/media-checks/rules', { rules: [{ suggest: 'risky', when: 'x' }] })).status).toBe(400);
    expect((await callDelete('/__sim/media-checks/rules')).cleared).toBe(3);
  });

  it('waits for the verdict by the simulator clock, or until released by hand', async () => {
    const openid = await loggedInUser(sim);
    await post(sim, '/__sim/media-checks/settings', { delayMs: 60_000 });
    const later = await ask(openid);
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toHaveLength(0);
    expect((await get(sim, `/__sim/media-checks/${later.trace_id}`)).body).toMatchObject({ state: 'pending', download: null });
    await advance(sim, 60_000);
    expect((await pushFor(later.trace_id)).body.result.suggest).toBe('pass');

    await post(sim, '/__sim/media-checks/settings', { delayMs: null });
    const held = await ask(openid);
    await advance(sim, 24 * 3_600_000);
    await new Promise((r) => setTimeout(r, 100));
    expect((await get(sim, `/__sim/media-checks/${held.trace_id}`)).body).toMatchObject({ state: 'pending', dueAt: null });
    const released = await post(sim, `/__sim/media-checks/${held.trace_id}/push`, { suggest: 'review' });
    expect(released.body).toMatchObject({ state: 'pushed', verdict: { suggest: 'review', label: 21000 } });
    expect((await pushFor(held.trace_id)).body.result).toEqual({ suggest: 'review', label: 21000 });
    expect((await post(sim, `/__sim/media-checks/${held.trace_id}/push`, {})).status).toBe(409);
    expect((await post(sim, '/__sim/media-checks/nope/push', {})).status).toBe(404);
    expect((await post(sim, '/__sim/media-checks/settings', { delayMs: -1 })).status).toBe(400);
  });

  it('says so when the media cannot be downloaded (review, errcode -1)', async () => {
    const openid = await loggedInUser(sim);
    const answer = await ask(openid, { media_url: media('missing.jpg') });
    const push = await pushFor(answer.trace_id);
    expect(push.body).toMatchObject({ errcode: -1, errmsg: 'media download failed: HTTP 404', result: { suggest: 'review' } });
    expect((await get(sim, `/__sim/media-checks/${answer.trace_id}`)).body.download).toMatchObject({ status: 404, bytes: 0, sha256: null });
  });

  it('pushes again when the receiver does not answer success (three retries), and records an app without a push URL', async () => {
    const openid = await loggedInUser(sim);
    await post(sim, '/__sim/time', { notifyTimeScale: 0.001 }); // 5 s between tries becomes 5 ms
    answer = { status: 500, body: 'oops' };
    const failing = await ask(openid);
    await until(async () => ((await get(sim, `/__sim/media-checks/${failing.trace_id}`)).body.push?.gaveUp ? true : undefined), 'giving up');
    expect(received.filter((r) => r.body.trace_id === failing.trace_id)).toHaveLength(4);

    answer = { status: 200, body: 'nonsense' };
    const odd = await ask(openid);
    await until(async () => ((await get(sim, `/__sim/media-checks/${odd.trace_id}`)).body.push?.gaveUp ? true : undefined), 'giving up');

    answer = { status: 200, body: '' };
    const empty = await ask(openid);
    await until(async () => ((await get(sim, `/__sim/media-checks/${empty.trace_id}`)).body.push?.delivered ? true : undefined), 'delivery');

    // Duplicates, as WeChat's retries make them: the same body again, signed afresh.
    const seq = (await get(sim, `/__sim/media-checks/${empty.trace_id}`)).body.pushSeq;
    expect((await post(sim, `/__sim/pushes/${seq}/resend`)).status).toBe(201);
    await until(() => (received.filter((r) => r.body.trace_id === empty.trace_id).length === 2 ? true : undefined), 'the duplicate');

    const appid = sim.apps[0]!.appid;
    expect((await callDelete(`/__sim/message-push/${appid}`)).removed).toBe(appid);
    const nowhere = await ask(openid);
    const record = await until(async () => {
      const c = (await get(sim, `/__sim/media-checks/${nowhere.trace_id}`)).body;
      return c.state === 'pushed' ? c : undefined;
    }, 'the verdict');
    expect(record.push).toMatchObject({ url: null, delivered: false, gaveUp: true, attempts: [] });
    await post(sim, '/__sim/message-push', { url: `${base}/push`, token: TOKEN });
  });

  it('keeps each app’s push configuration across resets and verifies the URL as WeChat does', async () => {
    const appid = sim.apps[0]!.appid;
    expect((await get(sim, '/__sim/message-push')).body.configs).toEqual([{ appid, url: `${base}/push`, token: TOKEN }]);
    const verified = await post(sim, '/__sim/message-push/verify', {});
    expect(verified.body).toMatchObject({ ok: true, status: 200 });
    expect(verified.body.body).toBe(verified.body.echostr);

    expect((await post(sim, '/__sim/message-push', { url: 'nope', token: TOKEN })).status).toBe(400);
    expect((await post(sim, '/__sim/message-push', { url: `${base}/push`, token: 'has spaces' })).status).toBe(400);
    expect((await post(sim, '/__sim/message-push', { url: `${base}/push`, token: TOKEN, appid: 'wxUnknown' })).status).toBe(400);

    await post(sim, '/__sim/message-push', { url: `${base}/push`, token: 'WrongToken' });
    expect((await post(sim, '/__sim/message-push/verify', {})).body).toMatchObject({ ok: false, status: 401 });
    await post(sim, '/__sim/message-push', { url: `${base}/push`, token: TOKEN });
    await post(sim, '/__sim/reset');
    expect((await get(sim, '/__sim/message-push')).body.configs).toHaveLength(1);
    expect((await get(sim, '/__sim/pushes')).body.pushes).toEqual([]);
  });
});

async function simRaw(path: string, raw: string): Promise<Body> {
  const res = await fetch(sim.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
  return res.json();
}

async function callDelete(path: string): Promise<Body> {
  return (await fetch(sim.url + path, { method: 'DELETE' })).json();
}
