export interface CallRecord {
  seq: number;
  /** Simulator time, ISO 8601. */
  at: string;
  method: string;
  path: string;
  /** HTTP status answered; null when the connection was dropped. */
  status: number | null;
  errcode?: number;
  /** WeChat Pay's error code (`SIGN_ERROR`, `ORDER_NOT_EXIST`). */
  code?: string;
  durationMs: number;
  /** Id of the fault rule that fired. */
  fault?: string;
}

const CAPACITY = 1000;

/** The most recent calls, for GET /__sim/log and for reading a failing test. */
export class CallLog {
  private readonly records: CallRecord[] = [];
  private seq = 0;

  add(record: Omit<CallRecord, 'seq'>): CallRecord {
    const full = { seq: ++this.seq, ...record };
    this.records.push(full);
    if (this.records.length > CAPACITY) this.records.shift();
    return full;
  }

  /** Oldest first. */
  recent(limit = 100): CallRecord[] {
    return this.records.slice(-limit);
  }
}

export function formatCall(record: CallRecord): string {
  const parts = [`wechat-sim ${record.method} ${record.path}`, record.status === null ? 'dropped' : String(record.status)];
  if (record.errcode !== undefined) parts.push(`errcode=${record.errcode}`);
  if (record.code !== undefined) parts.push(`code=${record.code}`);
  if (record.fault) parts.push(`fault=${record.fault}`);
  parts.push(`${record.durationMs}ms`);
  return parts.join(' ');
}
