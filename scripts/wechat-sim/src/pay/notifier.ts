import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { SimClock } from '../clock.js';
import type { SimKeys } from '../keys.js';
import type { JsonObject } from '../validation.js';
import { aesGcmEncrypt, beijingTime } from './crypto.js';
import type { NotificationAttempt, NotificationRecord, NotifyEvent, PayLedger } from './ledger.js';
import { wechatpayHeaders } from './signer.js';

/** WeChat Pay's retry delays after a failed notification (15 retries after the first send): 15s 15s 30s 3m 10m 20m 30m 30m 30m 60m 3h 3h 3h 6h 6h. */
export const RETRY_SCHEDULE_MS: readonly number[] = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10_800, 10_800, 10_800, 21_600, 21_600].map(
  (s) => s * 1000,
);

const SUMMARIES: Record<NotifyEvent, string> = {
  'TRANSACTION.SUCCESS': '支付成功',
  'REFUND.SUCCESS': '退款成功',
  'REFUND.ABNORMAL': '退款异常',
  'REFUND.CLOSED': '退款关闭',
};
const MAX_RESPONSE_CHARS = 2000;
/** What WeChat Pay's notification requests say they are. */
const USER_AGENT = 'Mozilla/4.0';

export interface NewNotification {
  eventType: NotifyEvent;
  notifyUrl: string;
  /** `transaction` or `refund`: original_type and associated_data. */
  originalType: 'transaction' | 'refund';
  resource: JsonObject;
  outRefundNo?: string;
}

/**
 * Sends WeChat Pay notifications: the body encrypted with the APIv3 key, the Wechatpay-* headers signed afresh for
 * every attempt, retried on the (time-scaled) schedule until the receiver answers 200 / 204 within the timeout.
 */
export class Notifier {
  constructor(
    private readonly ledger: PayLedger,
    private readonly keys: SimKeys,
    private readonly clock: SimClock,
  ) {}

  /** A notification record with its exact body; nothing is sent yet. */
  create(input: NewNotification): NotificationRecord {
    const resource = aesGcmEncrypt(JSON.stringify(input.resource), this.keys.apiV3Key, input.originalType);
    const createTime = beijingTime(this.clock.now());
    const body = JSON.stringify({
      id: randomUUID(),
      create_time: createTime,
      resource_type: 'encrypt-resource',
      event_type: input.eventType,
      summary: SUMMARIES[input.eventType],
      resource: { original_type: input.originalType, ...resource },
    });
    return {
      id: (JSON.parse(body) as { id: string }).id,
      eventType: input.eventType,
      ...(input.outRefundNo !== undefined && { outRefundNo: input.outRefundNo }),
      notifyUrl: input.notifyUrl,
      createTime,
      body,
      resource: input.resource,
      dropped: false,
      delivered: false,
      gaveUp: false,
      nextAttemptAt: null,
      attempts: [],
    };
  }

  /** WeChat's own sending: now (asynchronously), then retries until success or the schedule runs out. */
  start(record: NotificationRecord): void {
    this.scheduleAttempt(record, 0, 0);
  }

  /** Extra deliveries of the same notification (duplicates), each one attempt without retries. */
  async resend(record: NotificationRecord, times: number, options: { concurrent?: boolean; probe?: boolean } = {}): Promise<NotificationAttempt[]> {
    const once = (): Promise<NotificationAttempt> => this.attempt(record, 'manual', options.probe ?? false);
    if (options.concurrent) return Promise.all(Array.from({ length: times }, once));
    const attempts: NotificationAttempt[] = [];
    for (let i = 0; i < times; i++) attempts.push(await once());
    return attempts;
  }

  private scheduleAttempt(record: NotificationRecord, retryIndex: number, delayMs: number): void {
    record.nextAttemptAt = new Date(this.clock.now() + delayMs).toISOString();
    const signal = this.ledger.scheduler.signal;
    this.ledger.scheduler.after(delayMs, () => {
      record.nextAttemptAt = null;
      if (signal.aborted || record.delivered) return;
      if (!this.ledger.settings.notificationsEnabled) {
        record.dropped = true;
        record.attempts.push({ n: record.attempts.length + 1, kind: 'scheduled', at: this.isoNow(), dropped: true, ok: false });
        return;
      }
      void this.attempt(record, 'scheduled', false).then((result) => {
        if (result.ok || signal.aborted) return;
        if (retryIndex >= RETRY_SCHEDULE_MS.length) {
          record.gaveUp = true;
          return;
        }
        this.scheduleAttempt(record, retryIndex + 1, RETRY_SCHEDULE_MS[retryIndex]! * this.clock.notifyTimeScale);
      });
    });
  }

  private async attempt(record: NotificationRecord, kind: NotificationAttempt['kind'], probe: boolean): Promise<NotificationAttempt> {
    const headers = wechatpayHeaders(this.keys, this.ledger.settings.mode, record.body);
    if (probe) headers['wechatpay-signature'] = `WECHATPAY/SIGNTEST/${randomBytes(96).toString('base64')}`;
    const entry: NotificationAttempt = {
      n: record.attempts.length + 1,
      kind,
      at: this.isoNow(),
      ...(probe && { probe: true as const }),
      timestamp: headers['wechatpay-timestamp']!,
      nonce: headers['wechatpay-nonce']!,
      serial: headers['wechatpay-serial']!,
      ok: false,
    };
    record.attempts.push(entry);

    const started = performance.now();
    const answer = await post(record.notifyUrl, record.body, headers, this.ledger.settings.notifyTimeoutMs, this.ledger.scheduler.signal);
    entry.durationMs = Math.round(performance.now() - started);
    entry.status = answer.status;
    if (answer.body !== undefined) entry.responseBody = answer.body;
    if (answer.error !== undefined) entry.error = answer.error;
    entry.ok = answer.status === 200 || answer.status === 204;
    if (entry.ok && !probe) record.delivered = true;
    return entry;
  }

  private isoNow(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

interface PostAnswer {
  status: number | null;
  body?: string;
  error?: string;
}

/** One POST with its own connection (no pooled sockets outlive the simulator); never throws. */
function post(url: string, body: string, signed: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<PostAnswer> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ status: null, error: `invalid notify_url ${url}` });
      return;
    }
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (answer: PostAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const req = request(target, {
      method: 'POST',
      agent: false,
      signal,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        accept: '*/*',
        'user-agent': USER_AGENT,
        connection: 'close',
        ...signed,
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
