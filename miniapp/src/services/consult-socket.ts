import { CONSULT_SOCKET_CLOSE, type ConsultClientFrame, type ConsultServerFrame, type Locale } from '@yiban/shared';
import type { SocketConnection } from '../platform/types';

/**
 * The chat socket (`CONSULT_SOCKET_PATH`), one per session kind (patient, staff), shared by every page that shows
 * chats. It authenticates with the current access token as its first frame, pings every 25 s, and when the
 * connection drops reconnects with backoff (1 s, 2 s, 4 s … at most 30 s); a 4401 close renews the token through
 * the request module first. After every `ready` it asks for what it missed (`sync` with the last seq it has) for
 * each consultation on screen. Message frames it already delivered are dropped, so a page never sees one twice.
 * No Taro here: the connection comes from the platform layer (tests pass a fake one).
 */

export type ConsultSocketStatus =
  /** Not started, or stopped. */
  | 'idle'
  | 'connecting'
  /** Authenticated (`ready`): events are flowing. */
  | 'open'
  /** Lost; the next attempt is scheduled. */
  | 'reconnecting'
  /** The session could not be renewed: nothing more until the user signs in again. */
  | 'signed-out';

export interface ConsultSocketOptions {
  /** The socket address (read on every attempt: H5 can be pointed elsewhere at run time). */
  url: () => string;
  connect: (url: string) => SocketConnection;
  /** The current access token, if any. */
  token: () => string | null;
  /** A fresh access token after `stale` was refused (the request module's shared renewal); null when the session is gone. */
  renewToken: (stale: string | null) => Promise<string | null>;
  /** The app's language, sent with auth: system lines pushed on this socket come rendered in it. */
  locale?: () => Locale;
  pingIntervalMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** No frame at all for this long (pongs included) → the connection is dead even if nobody said so: reconnect. */
  staleAfterMs?: number;
  now?: () => number;
}

export type ConsultSocketListener = (frame: ConsultServerFrame) => void;

export const PING_INTERVAL_MS = 25_000;

export class ConsultSocket {
  private readonly pingIntervalMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly staleAfterMs: number;
  private readonly now: () => number;

  private running = false;
  private status: ConsultSocketStatus = 'idle';
  private connection: SocketConnection | null = null;
  /** Bumped for every new connection: events from an older one are ignored. */
  private generation = 0;
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private tokenInUse: string | null = null;

  /** Per consultation: the highest seq delivered (or loaded by a page), and which message versions were. */
  private readonly seqs = new Map<string, number>();
  private readonly seen = new Map<string, Set<string>>();
  /** Consultations on screen (a count per page showing it): synced after every (re)connect. */
  private readonly watched = new Map<string, number>();
  private readonly listeners = new Set<ConsultSocketListener>();
  private readonly statusListeners = new Set<(status: ConsultSocketStatus) => void>();

  constructor(private readonly options: ConsultSocketOptions) {
    this.pingIntervalMs = options.pingIntervalMs ?? PING_INTERVAL_MS;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.staleAfterMs = options.staleAfterMs ?? this.pingIntervalMs * 2 + 10_000;
    this.now = options.now ?? Date.now;
  }

  get state(): ConsultSocketStatus {
    return this.status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempts = 0;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearTimers();
    this.generation++;
    const connection = this.connection;
    this.connection = null;
    connection?.close(1000, 'bye');
    this.setStatus('idle');
  }

  /** Try now instead of waiting out the backoff (the app came back to the foreground, the network returned). */
  reconnectNow(): void {
    if (!this.running || this.status === 'open' || this.status === 'connecting') return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.attempts = 0;
    void this.connect();
  }

  subscribe(listener: ConsultSocketListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (status: ConsultSocketStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * A consultation is on screen: after every (re)connect the socket asks for what came after the last seq it has.
   * `messages` (what the page loaded by REST) count as delivered. Returns the call that takes it off screen.
   */
  watch(consultationId: string, messages: readonly { id: string; seq: number; state: string }[] = []): () => void {
    this.noteMessages(consultationId, messages);
    this.watched.set(consultationId, (this.watched.get(consultationId) ?? 0) + 1);
    if (this.status === 'open') this.sendSync(consultationId);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const count = (this.watched.get(consultationId) ?? 1) - 1;
      if (count > 0) this.watched.set(consultationId, count);
      else this.watched.delete(consultationId);
    };
  }

  /** Messages the page has (from REST): they raise the catch-up cursor and will not be delivered again. */
  noteMessages(consultationId: string, messages: readonly { id: string; seq: number; state: string }[]): void {
    const seen = this.seenOf(consultationId);
    let max = this.seqs.get(consultationId) ?? 0;
    for (const m of messages) {
      seen.add(`${m.id}:${m.state}`);
      if (m.seq > max) max = m.seq;
    }
    this.seqs.set(consultationId, max);
  }

  /** The last seq this client has for a consultation (0 when none). */
  lastSeq(consultationId: string): number {
    return this.seqs.get(consultationId) ?? 0;
  }

  // ---------------------------------------------------------------- connection

  private async connect(): Promise<void> {
    if (!this.running) return;
    const generation = ++this.generation;
    this.setStatus(this.attempts === 0 && this.status !== 'reconnecting' ? 'connecting' : 'reconnecting');
    let token = this.options.token();
    if (!token) {
      try {
        token = await this.options.renewToken(null);
      } catch {
        token = null;
        if (generation === this.generation) this.scheduleReconnect();
        return;
      }
      if (generation !== this.generation || !this.running) return;
      if (!token) return this.signedOut();
    }
    this.tokenInUse = token;
    let connection: SocketConnection;
    try {
      connection = this.options.connect(this.options.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.connection = connection;
    let opened = false;
    connection.onOpen(() => {
      if (generation !== this.generation) return;
      opened = true;
      this.lastFrameAt = this.now();
      const locale = this.options.locale?.();
      this.send(locale ? { type: 'auth', token: token!, locale } : { type: 'auth', token: token! });
    });
    connection.onMessage((data) => {
      if (generation === this.generation) this.receive(data);
    });
    connection.onClose((code) => {
      if (generation === this.generation) void this.closed(code);
    });
    connection.onError(() => {
      // A connection that never opened may report only an error (WeChat): treat it as closed.
      if (generation === this.generation && !opened) void this.closed(0);
    });
  }

  private async closed(code: number): Promise<void> {
    this.generation++;
    this.connection = null;
    this.stopPing();
    if (!this.running) return;
    if (code === CONSULT_SOCKET_CLOSE.unauthenticated) {
      this.setStatus('reconnecting');
      const generation = this.generation;
      let fresh: string | null;
      try {
        fresh = await this.options.renewToken(this.tokenInUse);
      } catch {
        // Renewal failed for want of a network: keep trying with backoff.
        if (generation === this.generation) this.scheduleReconnect();
        return;
      }
      if (generation !== this.generation || !this.running) return;
      if (!fresh) return this.signedOut();
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    this.clearTimers();
    const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** this.attempts);
    this.attempts++;
    this.setStatus('reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
  }

  private signedOut(): void {
    this.running = false;
    this.clearTimers();
    this.setStatus('signed-out');
  }

  private receive(data: string): void {
    this.lastFrameAt = this.now();
    let frame: ConsultServerFrame;
    try {
      frame = JSON.parse(data) as ConsultServerFrame;
    } catch {
      return;
    }
    if (!frame || typeof frame !== 'object' || typeof frame.type !== 'string') return;
    switch (frame.type) {
      case 'ready':
        this.attempts = 0;
        this.setStatus('open');
        this.startPing();
        for (const consultationId of this.watched.keys()) this.sendSync(consultationId);
        break;
      case 'message':
        if (!this.fresh(frame.message)) return;
        break;
      default:
        break;
    }
    for (const listener of [...this.listeners]) listener(frame);
  }

  /**
   * Whether a pushed message is news: a seq above what this client has, or a version of a message it has not
   * delivered yet (a held message approved later comes again with its old seq). Replays are dropped.
   */
  private fresh(message: { id: string; consultationId: string; seq: number; state: string }): boolean {
    const last = this.seqs.get(message.consultationId) ?? 0;
    const seen = this.seenOf(message.consultationId);
    const key = `${message.id}:${message.state}`;
    if (message.seq <= last && seen.has(key)) return false;
    seen.add(key);
    if (message.seq > last) this.seqs.set(message.consultationId, message.seq);
    return true;
  }

  private seenOf(consultationId: string): Set<string> {
    let seen = this.seen.get(consultationId);
    if (!seen) {
      seen = new Set();
      this.seen.set(consultationId, seen);
    }
    return seen;
  }

  private sendSync(consultationId: string): void {
    this.send({ type: 'sync', consultationId, afterSeq: this.seqs.get(consultationId) ?? 0 });
  }

  private send(frame: ConsultClientFrame): void {
    try {
      this.connection?.send(JSON.stringify(frame));
    } catch {
      // The close event that follows reconnects.
    }
  }

  private startPing(): void {
    this.stopPing();
    this.pingTimer = setInterval(() => {
      if (this.now() - this.lastFrameAt > this.staleAfterMs) {
        // Silent for too long (a dead network often closes nothing): drop it and connect again.
        const connection = this.connection;
        void this.closed(0);
        connection?.close(1000, 'stale');
        return;
      }
      this.send({ type: 'ping' });
    }, this.pingIntervalMs);
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private clearTimers(): void {
    this.stopPing();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private setStatus(status: ConsultSocketStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }
}
