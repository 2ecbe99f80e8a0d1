import type { ConsultServerFrame, ConsultationWithPayment } from '@yiban/shared';
import { CONSULT_SOCKET_PATH } from '@yiban/shared';
import { WebSocket } from 'ws';
import type { ApiClient } from './api-client.js';
import type { Stack } from './stack.js';

/** A chat socket as the mini-program opens it: connect, authenticate, collect frames. */
export class ChatSocket {
  readonly frames: ConsultServerFrame[] = [];
  private waiters: { test: (f: ConsultServerFrame) => boolean; resolve: (f: ConsultServerFrame) => void }[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ConsultServerFrame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.test(frame) ? (w.resolve(frame), false) : true));
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static async open(api: ApiClient, token?: string): Promise<ChatSocket> {
    const ws = new WebSocket(`${api.baseUrl.replace(/^http/, 'ws')}${CONSULT_SOCKET_PATH}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const socket = new ChatSocket(ws);
    if (token) {
      socket.send({ type: 'auth', token });
      await socket.next((f) => f.type === 'ready');
    }
    return socket;
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** The first frame (already received or still to come) that passes the test. */
  next<T extends ConsultServerFrame = ConsultServerFrame>(test: (f: ConsultServerFrame) => boolean, timeoutMs = 5000): Promise<T> {
    const seen = this.frames.find(test);
    if (seen) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f as T);
        },
      });
    });
  }

  messages(consultationId: string): { seq: number; text: string | null; kind: string }[] {
    return this.frames.flatMap((f) => (f.type === 'message' && f.message.consultationId === consultationId ? [f.message] : []));
  }

  /** Resolves when the server closes the socket (within `timeoutMs`). */
  async waitClosed(timeoutMs = 5000): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the socket stayed open')), timeoutMs);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async closeAndWait(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

export async function ask(stack: Stack, token: string, body: Record<string, unknown>): Promise<ConsultationWithPayment> {
  const res = await stack.api.post<ConsultationWithPayment>('/consultations', body, { token });
  if (res.status !== 201) throw new Error(`starting a consultation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
