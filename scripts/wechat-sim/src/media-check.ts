import { createHash } from 'node:crypto';
import type { SimClock } from './clock.js';
import type { SecuritySuggest } from './content-security.js';
import { appUserName, type MessagePush, type PushRecord } from './message-push.js';
import { Scheduler } from './pay/ledger.js';
import { InvalidInput, isObject, optionalNumber, optionalString, type JsonObject } from './validation.js';

/** WeChat downloads at most this much (its documented limit per file). */
export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 10_000;
const MAX_CHECKS_KEPT = 1000;

/** The label each verdict carries unless a rule names one: 100 normal, 21000 other, 20002 porn. */
export const DEFAULT_MEDIA_LABELS: Record<SecuritySuggest, number> = { pass: 100, review: 21000, risky: 20002 };

/** A verdict the next matching checks get (the default is pass). Every matcher given must match. */
export interface MediaVerdictRule {
  id: string;
  suggest: SecuritySuggest;
  label: number;
  /** Fire on the next N matching checks, then disappear; absent = until cleared. */
  times?: number;
  /** `media_url` contains this. */
  urlContains?: string;
  /** The downloaded bytes contain this (UTF-8). */
  bytesContain?: string;
  /** The downloaded bytes' SHA-256, hex. */
  sha256?: string;
  fired: number;
}

export interface MediaCheckSettings {
  /** Simulator-clock ms from the request to the verdict; null = only when released with POST /__sim/media-checks/:traceId/push. */
  delayMs: number | null;
}

export const DEFAULT_MEDIA_SETTINGS: Readonly<MediaCheckSettings> = { delayMs: 0 };

export interface MediaCheckRecord {
  traceId: string;
  appid: string;
  openid: string;
  scene: number;
  mediaType: number;
  mediaUrl: string;
  /** Simulator time of the request and of the verdict being due (null: held until released). */
  requestedAt: string;
  dueAt: string | null;
  state: 'pending' | 'checking' | 'pushed';
  download: { status: number | null; bytes: number; sha256: string | null; contentType: string | null; error?: string } | null;
  verdict: { suggest: SecuritySuggest; label: number; errcode: number; errmsg: string; rule?: string } | null;
  /** `seq` of the push in GET /__sim/pushes. */
  pushSeq: number | null;
  push: PushRecord | null;
}

export interface NewMediaCheck {
  traceId: string;
  appid: string;
  openid: string;
  scene: number;
  mediaType: number;
  mediaUrl: string;
}

/**
 * `media_check_async`: each request is recorded, and when its verdict is due (after `delayMs` of simulator time,
 * default at once) the media is downloaded over HTTP as WeChat would, judged (pass, unless a rule says otherwise)
 * and the `wxa_media_check` event is pushed to the app's message-push URL.
 */
export class MediaChecks {
  private readonly checks = new Map<string, MediaCheckRecord>();
  private rules: MediaVerdictRule[] = [];
  private ruleSeq = 0;
  private readonly scheduler = new Scheduler();
  settings: MediaCheckSettings = { ...DEFAULT_MEDIA_SETTINGS };

  constructor(
    private readonly clock: SimClock,
    private readonly push: MessagePush,
  ) {}

  request(input: NewMediaCheck): MediaCheckRecord {
    const now = this.clock.now();
    const record: MediaCheckRecord = {
      ...input,
      requestedAt: new Date(now).toISOString(),
      dueAt: this.settings.delayMs === null ? null : new Date(now + this.settings.delayMs).toISOString(),
      state: 'pending',
      download: null,
      verdict: null,
      pushSeq: null,
      push: null,
    };
    this.checks.set(record.traceId, record);
    if (this.checks.size > MAX_CHECKS_KEPT) this.checks.delete(this.checks.keys().next().value!);
    // After the answer is on its way, as WeChat answers first and checks later.
    if (record.dueAt !== null) this.scheduler.after(this.settings.delayMs!, () => this.fireDue());
    return record;
  }

  get(traceId: string): MediaCheckRecord | undefined {
    return this.checks.get(traceId);
  }

  list(filter: { openid?: string; state?: string } = {}): MediaCheckRecord[] {
    return [...this.checks.values()].filter((c) => (!filter.openid || c.openid === filter.openid) && (!filter.state || c.state === filter.state));
  }

  /** Checks whose verdict is due by the simulator clock (moving the clock makes later ones due). */
  fireDue(): void {
    const now = this.clock.now();
    for (const check of this.checks.values()) {
      if (check.state === 'pending' && check.dueAt !== null && Date.parse(check.dueAt) <= now) void this.complete(check);
    }
  }

  /** Decides and pushes now; `forced` overrides the rules. */
  async complete(check: MediaCheckRecord, forced?: { suggest: SecuritySuggest; label?: number }): Promise<MediaCheckRecord> {
    if (check.state !== 'pending') return check;
    check.state = 'checking';
    const signal = this.scheduler.signal;
    const media = await download(check.mediaUrl, signal);
    if (signal.aborted) return check;
    check.download = {
      status: media.status,
      bytes: media.bytes?.length ?? 0,
      sha256: media.sha256,
      contentType: media.contentType,
      ...(media.error && { error: media.error }),
    };
    if (!media.bytes) {
      // WeChat does not document what it pushes for media it cannot fetch; the simulator says so (errcode -1)
      // and asks for a person's review rather than passing what nobody looked at.
      check.verdict = { suggest: 'review', label: DEFAULT_MEDIA_LABELS.review, errcode: -1, errmsg: `media download failed: ${media.error ?? media.status}` };
    } else if (forced) {
      check.verdict = { suggest: forced.suggest, label: forced.label ?? DEFAULT_MEDIA_LABELS[forced.suggest], errcode: 0, errmsg: 'ok' };
    } else {
      const rule = this.matchRule(check.mediaUrl, media.bytes, media.sha256!);
      check.verdict = rule
        ? { suggest: rule.suggest, label: rule.label, errcode: 0, errmsg: 'ok', rule: rule.id }
        : { suggest: 'pass', label: DEFAULT_MEDIA_LABELS.pass, errcode: 0, errmsg: 'ok' };
    }
    const { suggest, label, errcode, errmsg } = check.verdict;
    const event = {
      ToUserName: appUserName(check.appid),
      FromUserName: check.openid,
      CreateTime: Math.floor(this.clock.now() / 1000),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: check.appid,
      trace_id: check.traceId,
      version: 2,
      detail: [{ strategy: 'content_model', errcode, suggest, label, prob: suggest === 'pass' ? 0 : 90 }],
      errcode,
      errmsg,
      result: { suggest, label },
    };
    check.state = 'pushed';
    check.push = this.push.send(check.appid, event);
    check.pushSeq = check.push.seq;
    return check;
  }

  addRules(specs: unknown[]): MediaVerdictRule[] {
    const added = specs.map((spec) => ({ ...parseRule(spec), id: `m${++this.ruleSeq}`, fired: 0 }));
    this.rules.push(...added);
    return added;
  }

  listRules(): MediaVerdictRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clearRules(): number {
    const n = this.rules.length;
    this.rules = [];
    return n;
  }

  reset(): void {
    this.scheduler.cancelAll();
    this.checks.clear();
    this.rules = [];
    this.settings = { ...DEFAULT_MEDIA_SETTINGS };
  }

  close(): void {
    this.scheduler.cancelAll();
  }

  private matchRule(url: string, bytes: Buffer, sha256: string): MediaVerdictRule | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.urlContains === undefined || url.includes(r.urlContains)) &&
        (r.bytesContain === undefined || bytes.includes(Buffer.from(r.bytesContain, 'utf8'))) &&
        (r.sha256 === undefined || r.sha256 === sha256),
    );
    if (!rule) return undefined;
    rule.fired += 1;
    if (rule.times !== undefined && rule.fired >= rule.times) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }
}

const SUGGESTS: readonly SecuritySuggest[] = ['pass', 'review', 'risky'];
const RULE_FIELDS = new Set(['suggest', 'label', 'times', 'urlContains', 'bytesContain', 'sha256']);

function parseRule(spec: unknown): Omit<MediaVerdictRule, 'id' | 'fired'> {
  if (!isObject(spec)) throw new InvalidInput('each rule must be an object');
  const unknown = Object.keys(spec).filter((k) => !RULE_FIELDS.has(k));
  if (unknown.length) throw new InvalidInput(`unknown rule fields: ${unknown.join(', ')} (known: ${[...RULE_FIELDS].join(', ')})`);
  const suggest = readSuggest(spec);
  const label = optionalNumber(spec, 'label', { min: 0, integer: true }) ?? DEFAULT_MEDIA_LABELS[suggest];
  const times = optionalNumber(spec, 'times', { min: 1, max: 10_000, integer: true });
  const urlContains = optionalString(spec, 'urlContains');
  const bytesContain = optionalString(spec, 'bytesContain');
  const sha256 = optionalString(spec, 'sha256', /^[0-9a-f]{64}$/);
  return {
    suggest,
    label,
    ...(times !== undefined && { times }),
    ...(urlContains !== undefined && { urlContains }),
    ...(bytesContain !== undefined && { bytesContain }),
    ...(sha256 !== undefined && { sha256 }),
  };
}

export function readSuggest(input: JsonObject, required = true): SecuritySuggest {
  const suggest = input.suggest;
  if (suggest === undefined && !required) return 'pass';
  if (typeof suggest !== 'string' || !(SUGGESTS as readonly string[]).includes(suggest))
    throw new InvalidInput(`suggest must be one of ${SUGGESTS.join(', ')}`);
  return suggest as SecuritySuggest;
}

interface Media {
  status: number | null;
  bytes: Buffer | null;
  sha256: string | null;
  contentType: string | null;
  error?: string;
}

/** GET media_url as WeChat's fetcher would: 200 and at most 10 MB, or no media. */
async function download(url: string, signal: AbortSignal): Promise<Media> {
  try {
    const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]), redirect: 'follow' });
    const contentType = res.headers.get('content-type');
    if (res.status !== 200) {
      await res.body?.cancel();
      return { status: res.status, bytes: null, sha256: null, contentType, error: `HTTP ${res.status}` };
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > MEDIA_MAX_BYTES) return { status: 200, bytes: null, sha256: null, contentType, error: `over ${MEDIA_MAX_BYTES} bytes` };
    if (bytes.length === 0) return { status: 200, bytes: null, sha256: null, contentType, error: 'empty' };
    return { status: 200, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), contentType };
  } catch (error) {
    return { status: null, bytes: null, sha256: null, contentType: null, error: (error as Error).message };
  }
}
