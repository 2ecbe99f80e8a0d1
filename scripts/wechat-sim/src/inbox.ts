import type { JsonObject } from './validation.js';

export type CustomMsgType = 'text' | 'image' | 'link' | 'miniprogrampage';

interface MessageBase {
  /** Position in the simulator's delivery order: increasing, never reused (not even across resets). */
  seq: number;
  openid: string;
  appid: string;
  /** Simulator time of delivery, ISO 8601, and the same in epoch milliseconds. */
  time: string;
  timestamp: number;
}

/** A subscribe message as `POST /cgi-bin/message/subscribe/send` delivered it. */
export interface SubscribeMessage extends MessageBase {
  type: 'subscribe';
  msgid: number;
  template_id: string;
  page: string | null;
  data: JsonObject;
  miniprogram_state: string;
  lang: string;
}

/** A customer-service message from `POST /cgi-bin/message/custom/send`: `msgtype` and its payload under that name. */
export interface CustomMessage extends MessageBase {
  type: 'custom';
  msgtype: CustomMsgType;
  text?: JsonObject;
  image?: JsonObject;
  link?: JsonObject;
  miniprogrampage?: JsonObject;
}

export type InboxMessage = SubscribeMessage | CustomMessage;

export type NewInboxMessage = Omit<SubscribeMessage, 'seq'> | Omit<CustomMessage, 'seq'>;

export interface InboxQuery {
  openid?: string;
  type?: InboxMessage['type'];
  templateId?: string;
  /** Only messages with a larger seq. */
  since?: number;
  limit?: number;
}

export interface InboxPage {
  /** Messages matching openid / type / templateId, whatever since and limit say. */
  total: number;
  /** Oldest first. */
  messages: InboxMessage[];
  /** Pass as `since` to read on: the seq of the last message returned, else the `since` given (0 when none). */
  nextSince: number;
}

/**
 * Every message users received, in delivery order, kept once in a global list plus a per-user index,
 * so reading one user or everyone (thousands of messages, to count duplicates) stays cheap.
 */
export class Inbox {
  private messages: InboxMessage[] = [];
  private byOpenid = new Map<string, InboxMessage[]>();
  private seq = 0;
  private lastMsgid = 0;

  add(message: NewInboxMessage): InboxMessage {
    const full = { ...message, seq: ++this.seq } as InboxMessage;
    this.messages.push(full);
    let mine = this.byOpenid.get(full.openid);
    if (!mine) this.byOpenid.set(full.openid, (mine = []));
    mine.push(full);
    return full;
  }

  /** WeChat-like msgids (16 digits, increasing), kept below 2^53 so JSON readers in JavaScript keep them exact. */
  nextMsgid(now: number): number {
    this.lastMsgid = Math.max(this.lastMsgid + 1, Math.floor(now) * 1000);
    return this.lastMsgid;
  }

  query(query: InboxQuery = {}): InboxPage {
    const source = query.openid === undefined ? this.messages : (this.byOpenid.get(query.openid) ?? []);
    const matching =
      query.type === undefined && query.templateId === undefined
        ? source
        : source.filter(
            (m) =>
              (query.type === undefined || m.type === query.type) &&
              (query.templateId === undefined || (m.type === 'subscribe' && m.template_id === query.templateId)),
          );
    const since = query.since ?? 0;
    const start = since > 0 ? firstAfter(matching, since) : 0;
    const end = query.limit === undefined ? matching.length : Math.min(matching.length, start + query.limit);
    const messages = matching.slice(start, end);
    return { total: matching.length, messages, nextSince: messages.at(-1)?.seq ?? since };
  }

  clear(): void {
    this.messages = [];
    this.byOpenid = new Map();
  }
}

/** Index of the first message with seq > since (lists are in seq order). */
function firstAfter(list: readonly InboxMessage[], since: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.seq <= since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
