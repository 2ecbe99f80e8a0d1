import { STATUS_CODES } from 'node:http';
import { jsonReply, type Reply } from './http/reply.js';
import { CONTROL_PREFIX } from './http/paths.js';
import { InvalidInput, isObject, optionalBoolean, optionalNumber, optionalString } from './validation.js';
import { wxError } from './wx.js';

export interface FaultRuleSpec {
  /** Exact request path, e.g. `/sns/jscode2session`; ending in `*`, a prefix (`/v3/pay/transactions/out-trade-no/*`). */
  path: string;
  /** Only this method; any method when absent. */
  method?: string;
  /** Answer HTTP 200 `{errcode, errmsg}` (WeChat's message for known codes unless `errmsg` is given). */
  errcode?: number;
  errmsg?: string;
  /** Answer this HTTP status: with `body` as JSON, with `{errcode, errmsg}` when `errcode` is set, else a plain status line. */
  status?: number;
  body?: unknown;
  /** Wait this long first; alone, the call then proceeds normally. */
  delayMs?: number;
  /** Destroy the socket without answering (after `delayMs`, if set): the caller sees a network error. */
  dropConnection?: boolean;
  /** Fire on the next N matching calls, then disappear. */
  times?: number;
  /** Fire with this probability (0–1) on each matching call. */
  rate?: number;
}

export interface FaultRule extends FaultRuleSpec {
  id: string;
  /** Firings left; null for a rule without `times`, which stays until cleared. */
  remaining: number | null;
  fired: number;
}

const FIELDS = new Set(['path', 'method', 'errcode', 'errmsg', 'status', 'body', 'delayMs', 'dropConnection', 'times', 'rate']);
const MAX_DELAY_MS = 120_000;

/**
 * Injected faults. For each call at most one rule fires: the first, in the order added, whose
 * path and method match and whose `rate` roll succeeds. Put several effects in one rule to combine them.
 */
export class FaultRules {
  private rules: FaultRule[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(specs: readonly FaultRuleSpec[]): FaultRule[] {
    const added = specs.map((spec) => ({ ...spec, id: `f${this.nextId++}`, remaining: spec.times ?? null, fired: 0 }));
    this.rules.push(...added);
    return added.map((rule) => ({ ...rule }));
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length < before;
  }

  clear(): number {
    const count = this.rules.length;
    this.rules = [];
    return count;
  }

  /** The rule that fires for this call, if any; its remaining count is used up. */
  take(method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find(
      (r) => pathMatches(r.path, path) && (r.method === undefined || r.method === method) && (r.rate === undefined || this.random() < r.rate),
    );
    if (!rule) return undefined;
    rule.fired++;
    if (rule.remaining !== null && --rule.remaining <= 0) this.remove(rule.id);
    return { ...rule };
  }
}

function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

/** The answer a firing rule gives instead of the real handler; undefined when it only delays. */
export function faultReply(rule: FaultRuleSpec): Reply | undefined {
  if (rule.errcode !== undefined) {
    const reply = wxError(rule.errcode, rule.errmsg);
    return rule.status === undefined ? reply : { ...reply, status: rule.status };
  }
  if (rule.status === undefined) return undefined;
  if (rule.body !== undefined) return jsonReply(rule.status, rule.body);
  return { status: rule.status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: STATUS_CODES[rule.status] ?? 'Simulated fault' };
}

export function parseFaultRule(input: unknown): FaultRuleSpec {
  if (!isObject(input)) throw new InvalidInput('each rule must be an object');
  const unknown = Object.keys(input).filter((field) => !FIELDS.has(field));
  if (unknown.length > 0) throw new InvalidInput(`unknown rule fields: ${unknown.join(', ')}`);

  const path = optionalString(input, 'path', /^\//);
  if (!path) throw new InvalidInput('path is required, e.g. "/sns/jscode2session"');
  if (path.startsWith(CONTROL_PREFIX)) throw new InvalidInput('faults cannot target the control API');
  if (path.slice(0, -1).includes('*')) throw new InvalidInput('path may end in * (a prefix), with no other *');

  const spec: FaultRuleSpec = {
    path,
    method: optionalString(input, 'method', /^[A-Za-z]+$/)?.toUpperCase(),
    errcode: optionalNumber(input, 'errcode', { integer: true }),
    errmsg: optionalString(input, 'errmsg'),
    status: optionalNumber(input, 'status', { min: 100, max: 599, integer: true }),
    body: input.body,
    delayMs: optionalNumber(input, 'delayMs', { min: 0, max: MAX_DELAY_MS }),
    dropConnection: optionalBoolean(input, 'dropConnection'),
    times: optionalNumber(input, 'times', { min: 1, integer: true }),
    rate: optionalNumber(input, 'rate', { min: 0, max: 1 }),
  };
  if (spec.errcode === undefined && spec.status === undefined && spec.delayMs === undefined && !spec.dropConnection) {
    throw new InvalidInput('a rule needs an effect: errcode, status, delayMs or dropConnection');
  }
  if (spec.dropConnection && (spec.errcode !== undefined || spec.status !== undefined)) {
    throw new InvalidInput('dropConnection answers nothing, so it cannot be combined with errcode or status');
  }
  if (spec.body !== undefined && (spec.status === undefined || spec.errcode !== undefined)) {
    throw new InvalidInput('body needs a status and no errcode');
  }
  if (spec.errmsg !== undefined && spec.errcode === undefined) throw new InvalidInput('errmsg needs an errcode');
  return withoutUndefined(spec);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
