import { createHash, randomInt } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { SimClock } from './clock.js';
import { Scheduler } from './pay/ledger.js';

/**
 * The mini-program's message push ("消息推送") as configured in its admin console: the URL WeChat posts events to
 * and the Token both sides sign with. Plaintext mode, JSON format: the body is the event itself, and the query
 * carries `signature` = sha1 of `[token, timestamp, nonce]` sorted and joined, `timestamp` (seconds) and `nonce`.
 */
export interface PushConfig {
  appid: string;
  url: string;
  token: string;
}

export interface PushAttempt {
  n: number;
  /** Simulator time, ISO 8601. */
  at: string;
  timestamp: string;
  nonce: string;
  signature: string;
  status: number | null;
  responseBody?: string;
  error?: string;
  durationMs: number;
  /** HTTP 200 with `success` or an empty body, within the timeout. */
  ok: boolean;
}

export interface PushRecord {
  seq: number;
  appid: string;
  /** The `Event` of the pushed body (`wxa_media_check`). */
  event: string;
  /** The URL configured when the push was due; null when the app had none (nothing was sent). */
  url: string | null;
  body: Record<string, unknown>;
  delivered: boolean;
  /** No URL configured, or every attempt failed. */
  gaveUp: boolean;
  attempts: PushAttempt[];
}

/** WeChat waits 5 s for an answer, then retries: three more times. */
export const PUSH_TIMEOUT_MS = 5000;
export const PUSH_RETRIES = 3;
const PUSH_RETRY_DELAY_MS = 5000;
const MAX_RESPONSE_CHARS = 500;
const MAX_PUSHES_KEPT = 1000;

/** WeChat's message-push signature: sha1 over the token, timestamp and nonce, sorted as strings and joined. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/** The mini-program's `gh_…` user name (ToUserName of its events), stable per appid. */
export function appUserName(appid: string): string {
  return `gh_${createHash('sha256').update(appid).digest('hex').slice(0, 12)}`;
}

/**
 * Sends events to each app's message-push URL with WeChat's signature, retrying a push that was not answered
 * `success` (or empty) with HTTP 200 within 5 s three more times. Configurations survive `reset` (they are the
 * app's console settings, like its secret); the pushes sent are forgotten.
 */
export class MessagePush {
  private readonly configs = new Map<string, PushConfig>();
  private readonly records: PushRecord[] = [];
  private seq = 0;
  readonly scheduler = new Scheduler();
  timeoutMs = PUSH_TIMEOUT_MS;

  constructor(private readonly clock: SimClock) {}

  configure(config: PushConfig): PushConfig {
    this.configs.set(config.appid, { ...config });
    return { ...config };
  }

  unconfigure(appid: string): boolean {
    return this.configs.delete(appid);
  }

  config(appid: string): PushConfig | undefined {
    const config = this.configs.get(appid);
    return config && { ...config };
  }

  listConfigs(): PushConfig[] {
    return [...this.configs.values()].map((c) => ({ ...c }));
  }

  list(filter: { event?: string; appid?: string } = {}): PushRecord[] {
    return this.records.filter((r) => (!filter.event || r.event === filter.event) && (!filter.appid || r.appid === filter.appid));
  }

  /** Pushes an event now (asynchronously) and retries it; `onDone` hears the final record. */
  send(appid: string, body: Record<string, unknown>, onDone?: (record: PushRecord) => void): PushRecord {
    const config = this.configs.get(appid);
    const record: PushRecord = {
      seq: ++this.seq,
      appid,
      event: typeof body.Event === 'string' ? body.Event : String(body.MsgType ?? ''),
      url: config?.url ?? null,
      body,
      delivered: false,
      gaveUp: false,
      attempts: [],
    };
    this.records.push(record);
    if (this.records.length > MAX_PUSHES_KEPT) this.records.shift();
    if (!config) {
      record.gaveUp = true;
      onDone?.(record);
      return record;
    }
    const attempt = (left: number): void => {
      const signal = this.scheduler.signal;
      void this.attempt(record, config).then((entry) => {
        if (signal.aborted) return;
        if (entry.ok) {
          record.delivered = true;
          onDone?.(record);
        } else if (left > 0) {
          this.scheduler.after(PUSH_RETRY_DELAY_MS * this.clock.notifyTimeScale, () => attempt(left - 1));
        } else {
          record.gaveUp = true;
          onDone?.(record);
        }
      });
    };
    this.scheduler.after(0, () => attempt(PUSH_RETRIES));
    return record;
  }

  /** The GET WeChat sends when the URL is saved in the console: the server must echo `echostr`. */
  async verifyUrl(appid: string): Promise<{ ok: boolean; status: number | null; body?: string; error?: string; echostr: string }> {
    const config = this.configs.get(appid);
    if (!config) throw new Error(`no message push URL configured for ${appid}`);
    const echostr = String(randomInt(1e9, 1e10)) + String(randomInt(1e9, 1e10));
    const query = signedQuery(config.token);
    const url = withQuery(config.url, { ...query, echostr });
    const answer = await send('GET', url, undefined, this.timeoutMs, this.scheduler.signal);
    return { ok: answer.status === 200 && answer.body === echostr, status: answer.status, body: answer.body, error: answer.error, echostr };
  }

  reset(): void {
    this.scheduler.cancelAll();
    this.records.length = 0;
    this.timeoutMs = PUSH_TIMEOUT_MS;
  }

  private async attempt(record: PushRecord, config: PushConfig): Promise<PushAttempt> {
    const query = signedQuery(config.token);
    const entry: PushAttempt = {
      n: record.attempts.length + 1,
      at: new Date(this.clock.now()).toISOString(),
      ...query,
      status: null,
      durationMs: 0,
      ok: false,
    };
    record.attempts.push(entry);
    const started = performance.now();
    const answer = await send('POST', withQuery(config.url, query), JSON.stringify(record.body), this.timeoutMs, this.scheduler.signal);
    entry.durationMs = Math.round(performance.now() - started);
    entry.status = answer.status;
    if (answer.body !== undefined) entry.responseBody = answer.body;
    if (answer.error !== undefined) entry.error = answer.error;
    const text = (answer.body ?? '').trim();
    entry.ok = answer.status === 200 && (text === '' || text === 'success');
    return entry;
  }
}

/** Real-clock seconds, as WeChat stamps its pushes (the server compares them with its own clock). */
function signedQuery(token: string): { timestamp: string; nonce: string; signature: string } {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomInt(1e9, 2 ** 31 - 1));
  return { timestamp, nonce, signature: pushSignature(token, timestamp, nonce) };
}

function withQuery(url: string, query: Record<string, string>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(query)) target.searchParams.set(key, value);
  return target.toString();
}

interface Answer {
  status: number | null;
  body?: string;
  error?: string;
}

/** One request with its own connection (no pooled sockets outlive the simulator); never throws. */
function send(method: 'GET' | 'POST', url: string, body: string | undefined, timeoutMs: number, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ status: null, error: `invalid URL ${url}` });
      return;
    }
    let settled = false;
    const finish = (answer: Answer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
      method,
      agent: false,
      signal,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        'user-agent': 'Mozilla/4.0',
        connection: 'close',
      },
    });
    const timer = setTimeout(() => {
      finish({ status: null, error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('response', (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < MAX_RESPONSE_CHARS) text += chunk;
      });
      res.on('end', () => finish({ status: res.statusCode ?? null, body: text.slice(0, MAX_RESPONSE_CHARS) }));
      res.on('error', (error) => finish({ status: res.statusCode ?? null, error: error.message }));
    });
    req.on('error', (error) => finish({ status: null, error: signal.aborted ? 'cancelled (simulator reset or closed)' : error.message }));
    req.end(body);
  });
}
