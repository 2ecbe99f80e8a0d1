import type { ConsultMessageView, ConsultServerFrame } from '@yiban/shared';
import type { SocketConnection } from '../../src/platform/types';
import { ConsultSocket, type ConsultSocketOptions } from '../../src/services/consult-socket';

/** A SocketConnection the test drives: what the client sent, and the server's side (open, frames, close). */
class FakeConnection implements SocketConnection {
  sent: Record<string, unknown>[] = [];
  closedWith: { code?: number; reason?: string } | null = null;
  private listeners = {
    open: [] as (() => void)[],
    message: [] as ((d: string) => void)[],
    close: [] as ((c: number, r: string) => void)[],
    error: [] as ((m: string) => void)[],
  };
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code?: number, reason?: string) {
    this.closedWith = { code, reason };
  }
  onOpen(l: () => void) {
    this.listeners.open.push(l);
  }
  onMessage(l: (d: string) => void) {
    this.listeners.message.push(l);
  }
  onClose(l: (c: number, r: string) => void) {
    this.listeners.close.push(l);
  }
  onError(l: (m: string) => void) {
    this.listeners.error.push(l);
  }
  // the server's side
  open() {
    this.listeners.open.forEach((l) => l());
  }
  push(frame: ConsultServerFrame) {
    this.listeners.message.forEach((l) => l(JSON.stringify(frame)));
  }
  serverClose(code: number) {
    this.listeners.close.forEach((l) => l(code, ''));
  }
  fail() {
    this.listeners.error.forEach((l) => l('connect failed'));
  }
  types() {
    return this.sent.map((f) => f.type);
  }
}

function message(consultationId: string, seq: number, overrides: Partial<ConsultMessageView> = {}): ConsultMessageView {
  return {
    id: `m${seq}`,
    consultationId,
    seq,
    kind: 'text',
    side: 'staff',
    authorName: '张伟',
    authorStaffId: 's1',
    text: `reply ${seq}`,
    system: null,
    image: null,
    state: 'visible',
    clientId: null,
    createdAt: '2026-11-22T02:00:00Z',
    ...overrides,
  };
}

/** Lets queued promise callbacks (token renewal) run under fake timers. */
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function setup(overrides: Partial<ConsultSocketOptions> = {}) {
  const connections: FakeConnection[] = [];
  let token: string | null = 'access-1';
  const renewals: (string | null)[] = [];
  const frames: ConsultServerFrame[] = [];
  const socket = new ConsultSocket({
    url: () => 'ws://api.test/api/v1/consultations/socket',
    connect: (url) => {
      const c = new FakeConnection(url);
      connections.push(c);
      return c;
    },
    token: () => token,
    renewToken: async (stale) => {
      renewals.push(stale);
      token = 'access-2';
      return token;
    },
    ...overrides,
  });
  socket.subscribe((f) => frames.push(f));
  const last = () => connections[connections.length - 1]!;
  /** Open the latest connection and answer its auth with ready. */
  const ready = () => {
    last().open();
    last().push({ type: 'ready', kind: 'account' });
  };
  return { socket, connections, last, ready, frames, renewals, setToken: (t: string | null) => (token = t) };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('ConsultSocket', () => {
  it('sends the app’s language with auth (system lines pushed on the socket come in it), read again on every connection', async () => {
    let locale: 'zh-CN' | 'en' = 'en';
    const t = setup({ locale: () => locale });
    t.socket.start();
    await flush();
    t.ready();
    expect(t.last().sent[0]).toEqual({ type: 'auth', token: 'access-1', locale: 'en' });
    locale = 'zh-CN';
    t.last().serverClose(1006);
    jest.advanceTimersByTime(1_000);
    await flush();
    t.last().open();
    expect(t.last().sent[0]).toEqual({ type: 'auth', token: 'access-1', locale: 'zh-CN' });
    t.socket.stop();
  });

  it('sends auth with the current token as its first frame, and nothing before the socket opens', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    expect(t.connections).toHaveLength(1);
    expect(t.last().url).toBe('ws://api.test/api/v1/consultations/socket');
    expect(t.last().sent).toEqual([]);
    t.last().open();
    expect(t.last().sent[0]).toEqual({ type: 'auth', token: 'access-1' });
    expect(t.socket.state).toBe('connecting');
    t.last().push({ type: 'ready', kind: 'account' });
    expect(t.socket.state).toBe('open');
  });

  it('pings every 25 s once ready', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    t.ready();
    jest.advanceTimersByTime(24_999);
    expect(t.last().types()).toEqual(['auth']);
    t.last().push({ type: 'pong' });
    jest.advanceTimersByTime(1);
    expect(t.last().types()).toEqual(['auth', 'ping']);
    t.last().push({ type: 'pong' });
    jest.advanceTimersByTime(25_000);
    expect(t.last().types()).toEqual(['auth', 'ping', 'ping']);
  });

  it('reconnects with backoff 1 s, 2 s, 4 s … at most 30 s, and starts again at 1 s after a ready', async () => {
    const t = setup();
    const statuses: string[] = [];
    t.socket.onStatus((s) => statuses.push(s));
    t.socket.start();
    await flush();
    t.last().fail(); // never opened
    expect(t.socket.state).toBe('reconnecting');
    const waits = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000];
    for (const wait of waits) {
      const before = t.connections.length;
      jest.advanceTimersByTime(wait - 1);
      await flush();
      expect(t.connections).toHaveLength(before);
      jest.advanceTimersByTime(1);
      await flush();
      expect(t.connections).toHaveLength(before + 1);
      t.last().serverClose(1006);
    }
    // Connected for real: the next drop waits 1 s again.
    jest.advanceTimersByTime(30_000);
    await flush();
    t.ready();
    const count = t.connections.length;
    t.last().serverClose(4408); // idle: just reconnect
    jest.advanceTimersByTime(1_000);
    await flush();
    expect(t.connections).toHaveLength(count + 1);
    expect(statuses).toContain('open');
    expect(t.renewals).toEqual([]);
  });

  it('after 4401 renews the token through the request module, then connects with the new one', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    t.ready();
    t.last().serverClose(4401);
    await flush();
    expect(t.renewals).toEqual(['access-1']);
    jest.advanceTimersByTime(1_000);
    await flush();
    t.last().open();
    expect(t.last().sent[0]).toEqual({ type: 'auth', token: 'access-2' });
  });

  it('stops as signed out when the session cannot be renewed', async () => {
    const t = setup({ renewToken: async () => null });
    t.socket.start();
    await flush();
    t.ready();
    t.last().serverClose(4401);
    await flush();
    expect(t.socket.state).toBe('signed-out');
    jest.advanceTimersByTime(60_000);
    expect(t.connections).toHaveLength(1);
  });

  it('after every (re)connect syncs the consultation on screen from the last seq it has', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    // The page loaded messages 1–3 by REST, then put the consultation on screen.
    const stop = t.socket.watch('c1', [message('c1', 1), message('c1', 2), message('c1', 3)]);
    t.ready();
    expect(t.last().sent.slice(1)).toEqual([{ type: 'sync', consultationId: 'c1', afterSeq: 3 }]);
    // Live: 4 and 5 arrive; then the connection drops.
    t.last().push({ type: 'message', message: message('c1', 4) });
    t.last().push({ type: 'message', message: message('c1', 5) });
    t.last().serverClose(1006);
    jest.advanceTimersByTime(1_000);
    await flush();
    t.ready();
    expect(t.last().sent).toEqual([
      { type: 'auth', token: 'access-1' },
      { type: 'sync', consultationId: 'c1', afterSeq: 5 },
    ]);
    // Off screen: no more syncs for it.
    stop();
    t.last().serverClose(1006);
    jest.advanceTimersByTime(1_000);
    await flush();
    t.ready();
    expect(t.last().types()).toEqual(['auth']);
  });

  it('a consultation put on screen while connected is synced at once', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    t.ready();
    t.socket.watch('c9', [message('c9', 7)]);
    expect(t.last().sent[1]).toEqual({ type: 'sync', consultationId: 'c9', afterSeq: 7 });
  });

  it('drops messages it already has (by seq), passes new ones and new versions of old ones', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    t.socket.watch('c1', [message('c1', 1), message('c1', 2)]);
    t.ready();
    const c = t.last();
    c.push({ type: 'message', message: message('c1', 2) }); // loaded by REST already
    c.push({ type: 'message', message: message('c1', 3) });
    c.push({ type: 'message', message: message('c1', 3) }); // replayed by a sync
    c.push({ type: 'message', message: message('c1', 4, { state: 'held', side: 'patient' }) });
    c.push({ type: 'message', message: message('c1', 4, { state: 'visible', side: 'patient' }) }); // approved by review
    c.push({ type: 'message', message: message('c2', 1) }); // another consultation has its own seqs
    c.push({ type: 'synced', consultationId: 'c1', lastSeq: 4 });
    const delivered = t.frames
      .filter((f) => f.type === 'message')
      .map((f) => (f.type === 'message' ? `${f.message.consultationId}#${f.message.seq}:${f.message.state}` : ''));
    expect(delivered).toEqual(['c1#3:visible', 'c1#4:held', 'c1#4:visible', 'c2#1:visible']);
    expect(t.socket.lastSeq('c1')).toBe(4);
    expect(t.frames.map((f) => f.type)).toEqual(['ready', 'message', 'message', 'message', 'message', 'synced']);
  });

  it('a silent connection (no pong) is dropped and replaced', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    t.ready();
    const first = t.last();
    jest.advanceTimersByTime(75_000); // pings go out, nothing comes back
    await flush();
    expect(first.closedWith).not.toBeNull();
    jest.advanceTimersByTime(1_000);
    await flush();
    expect(t.connections).toHaveLength(2);
  });

  it('stop() closes the connection and cancels any reconnect', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    t.last().fail();
    t.socket.stop();
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(t.connections).toHaveLength(1);
    expect(t.socket.state).toBe('idle');
  });

  it('without a token it asks the request module for one before connecting', async () => {
    const t = setup();
    t.setToken(null);
    t.socket.start();
    await flush();
    expect(t.renewals).toEqual([null]);
    t.last().open();
    expect(t.last().sent[0]).toEqual({ type: 'auth', token: 'access-2' });
  });
});
