import {
  CONSULT_IMAGE_MAX_BYTES,
  CONSULT_IMAGE_TYPES,
  CONSULT_SOCKET_PATH,
  CONSULT_SYSTEM_CODES,
  CONSULT_TEXT_MAX_CHARS,
  OPEN_CONSULTATION_STATUSES,
  type ConsultationEligibility,
  type ConsultationKind,
  type ConsultationStatus,
  type ConsultationView,
  type ConsultMessageView,
  type Locale,
  renderConsultSystemLine,
} from '@yiban/shared';
import type { MessageKey } from '../i18n';
import type { UploadFile } from '../services/http';
import type { StatusTone } from './appointments';

/**
 * The chat's pure rules (no Taro, no network), shared by the patient's pages and the staff console: merging what
 * the REST calls and the socket bring into one ordered list, optimistic bubbles, read receipts, unread counts,
 * which kind of consultation a patient may start, and the client-side checks before anything is sent.
 */

/** Which side of the conversation the reader is on. */
export type ChatSide = 'patient' | 'staff';

/** A bubble of the reader's own that the server has not confirmed yet (or refused to take). */
export interface LocalDelivery {
  status: 'sending' | 'failed';
  /** Why it failed, in the user's language. */
  error?: string;
  /** The picture being sent (retry uploads it again). */
  file?: UploadFile;
}

/** A message as the chat shows it: the server's view, or an optimistic bubble (`local` set, `seq` 0, id `local:<clientId>`). */
export interface ChatItem extends ConsultMessageView {
  local?: LocalDelivery;
}

export const QUESTION_MIN_CHARS = 5;

export function isLocal(item: ChatItem): boolean {
  return !!item.local;
}

/** Server messages by seq, then the reader's unconfirmed bubbles in the order they were written. */
function ordered(items: ChatItem[]): ChatItem[] {
  const server = items.filter((i) => !i.local).sort((a, b) => a.seq - b.seq);
  const local = items.filter((i) => i.local);
  return [...server, ...local];
}

/**
 * Adds or replaces messages: the same id replaces (a held message approved or rejected, or a picture WeChat checked,
 * comes again with its new state; a late `checking` copy never undoes a verdict), a server message carrying the clientId of an optimistic bubble takes that bubble's place, anything else
 * is appended. Idempotent: merging the same messages twice changes nothing.
 */
export function mergeMessages(current: readonly ChatItem[], incoming: readonly ConsultMessageView[]): ChatItem[] {
  const items = [...current];
  let changed = false;
  for (const message of incoming) {
    let at = items.findIndex((i) => !i.local && i.id === message.id);
    if (at < 0 && message.clientId) at = items.findIndex((i) => i.clientId === message.clientId && (i.local || i.id === message.id));
    if (at >= 0) {
      const before = items[at]!;
      if (!before.local && sameMessage(before, message)) continue;
      // A picture's state only moves on from `checking`: the upload's answer may arrive after the socket's verdict.
      if (!before.local && before.id === message.id && message.state === 'checking' && before.state !== 'checking') continue;
      items[at] = { ...message };
    } else items.push({ ...message });
    changed = true;
  }
  return changed ? ordered(items) : [...current];
}

function sameMessage(a: ConsultMessageView, b: ConsultMessageView): boolean {
  return (
    a.id === b.id &&
    a.seq === b.seq &&
    a.state === b.state &&
    a.text === b.text &&
    (a.image?.url ?? null) === (b.image?.url ?? null) &&
    JSON.stringify(a.system ?? null) === JSON.stringify(b.system ?? null)
  );
}

/**
 * The words of a message as the reader reads them: a line the service wrote (claimed, transferred, closed …) in the
 * app's own language from its code; anything else — or a code this version does not know — as the server sent it.
 */
export function chatText(message: Pick<ConsultMessageView, 'text' | 'system'>, locale: Locale): string {
  const system = message.system;
  if (system && (CONSULT_SYSTEM_CODES as readonly string[]).includes(system.code)) {
    try {
      return renderConsultSystemLine(system, locale);
    } catch {
      // Parameters of an unexpected shape: the server's own rendering below.
    }
  }
  return message.text ?? '';
}

/** An optimistic bubble for text or a picture the reader is sending. */
export function localMessage(input: {
  consultationId: string;
  clientId: string;
  side: ChatSide;
  kind: 'text' | 'image' | 'note';
  text?: string;
  file?: UploadFile;
  authorName?: string | null;
  authorStaffId?: string | null;
  now?: Date;
}): ChatItem {
  return {
    id: `local:${input.clientId}`,
    consultationId: input.consultationId,
    seq: 0,
    kind: input.kind,
    side: input.side,
    authorName: input.authorName ?? null,
    authorStaffId: input.authorStaffId ?? null,
    text: input.text ?? null,
    system: null,
    image: input.file ? { url: input.file.path, contentType: input.file.type, size: input.file.size } : null,
    state: 'visible',
    clientId: input.clientId,
    createdAt: (input.now ?? new Date()).toISOString(),
    local: { status: 'sending', file: input.file },
  };
}

/** Marks an optimistic bubble (by clientId) sending again, or failed with a reason; removes it with `null`. */
export function updateLocal(items: readonly ChatItem[], clientId: string, local: LocalDelivery | null): ChatItem[] {
  if (local === null) return items.filter((i) => !(i.local && i.clientId === clientId));
  return items.map((i) => (i.local && i.clientId === clientId ? { ...i, local: { ...i.local, ...local } } : i));
}

/** The highest seq the reader has from the server (0 when none): the cursor for catch-up and for read receipts. */
export function lastSeq(items: readonly ChatItem[]): number {
  return items.reduce((max, i) => (!i.local && i.seq > max ? i.seq : max), 0);
}

/** The lowest seq shown (for loading earlier messages); null when nothing from the server is shown. */
export function firstSeq(items: readonly ChatItem[]): number | null {
  const seqs = items.filter((i) => !i.local).map((i) => i.seq);
  return seqs.length ? Math.min(...seqs) : null;
}

/** Whether a message was written by the reader's side (a staff reader: any staff member; system lines: nobody). */
export function isOwn(message: Pick<ConsultMessageView, 'side'>, reader: ChatSide): boolean {
  return message.side === reader;
}

/** Messages from the other side the reader has not read yet (held or rejected ones do not count: the reader never sees them). */
export function unreadCount(items: readonly ChatItem[], readSeq: number, reader: ChatSide): number {
  return items.filter((i) => !i.local && i.side !== reader && i.side !== 'system' && i.kind !== 'note' && i.state === 'visible' && i.seq > readSeq).length;
}

/** The highest seq the other side has read, from the reader's point of view. */
export function otherSideReadSeq(view: Pick<ConsultationView, 'patientReadSeq' | 'staffReadSeq'>, reader: ChatSide): number {
  return reader === 'patient' ? view.staffReadSeq : view.patientReadSeq;
}

/** 已读 / 未读 under the reader's own messages; null where no receipt applies (the other side's, notes, unsent, held). */
export function receipt(item: ChatItem, view: Pick<ConsultationView, 'patientReadSeq' | 'staffReadSeq'>, reader: ChatSide): 'read' | 'unread' | null {
  if (item.local || !isOwn(item, reader) || item.kind === 'note' || item.kind === 'system' || item.state !== 'visible') return null;
  return otherSideReadSeq(view, reader) >= item.seq ? 'read' : 'unread';
}

/** A `read` frame applied to a view: read positions only move forward. */
export function applyRead<T extends Pick<ConsultationView, 'patientReadSeq' | 'staffReadSeq'>>(view: T, side: ChatSide, seq: number): T {
  if (side === 'patient') return seq > view.patientReadSeq ? { ...view, patientReadSeq: seq } : view;
  return seq > view.staffReadSeq ? { ...view, staffReadSeq: seq } : view;
}

/** The seq to report at POST …/read when the other side wrote something the reader has not reported reading; null otherwise. */
export function shouldMarkRead(items: readonly ChatItem[], readSeq: number, reader: ChatSide): number | null {
  return unreadCount(items, readSeq, reader) > 0 ? lastSeq(items) : null;
}

export function isOpen(status: ConsultationStatus): boolean {
  return OPEN_CONSULTATION_STATUSES.includes(status);
}

/** The history page's two tabs: still going (including waiting for payment), and ended; each newest activity first. */
export function splitHistory<T extends Pick<ConsultationView, 'status' | 'lastMessageAt'>>(views: readonly T[]): { open: T[]; closed: T[] } {
  const byActivity = (a: T, b: T) => b.lastMessageAt.localeCompare(a.lastMessageAt);
  const open = views.filter((v) => v.status === 'pending_payment' || isOpen(v.status)).sort(byActivity);
  const closed = views.filter((v) => v.status === 'closed' || v.status === 'cancelled').sort(byActivity);
  return { open, closed };
}

export function totalUnread(views: readonly Pick<ConsultationView, 'unread'>[]): number {
  return views.reduce((sum, v) => sum + Math.max(0, v.unread), 0);
}

/** A consultation's status in words for the reader, and its colour. */
export function consultStatusLabel(
  view: Pick<ConsultationView, 'status' | 'assigneeStaffId' | 'overdue'>,
  reader: ChatSide,
): { key: MessageKey; tone: StatusTone } {
  switch (view.status) {
    case 'pending_payment':
      return { key: 'consult.status.pending_payment', tone: 'attention' };
    case 'waiting_doctor':
      if (reader === 'staff') return { key: view.overdue ? 'consult.status.overdue' : 'consult.status.needsReply', tone: view.overdue ? 'bad' : 'attention' };
      return { key: view.assigneeStaffId ? 'consult.status.waiting_doctor' : 'consult.status.waiting_pool', tone: 'attention' };
    case 'waiting_patient':
      return { key: reader === 'patient' ? 'consult.status.replied' : 'consult.status.waiting_patient', tone: 'good' };
    case 'closed':
      return { key: 'consult.status.closed', tone: 'neutral' };
    case 'cancelled':
      return { key: 'consult.status.cancelled', tone: 'neutral' };
  }
}

/**
 * What the start page offers for a kind: a health question is always allowed; online follow-up only after an
 * in-person visit to that department within the period — otherwise the patient is guided to book a clinic visit first.
 */
export type StartDecision = { action: 'ask'; kind: ConsultationKind; fee: number } | { action: 'book_first'; withinDays: number; lastVisitAt: string | null };

export function startDecision(eligibility: ConsultationEligibility, kind: ConsultationKind): StartDecision {
  if (kind === 'health_consult') return { action: 'ask', kind, fee: eligibility.healthConsult.fee };
  const f = eligibility.onlineFollowup;
  if (f.allowed) return { action: 'ask', kind, fee: f.fee };
  return { action: 'book_first', withinDays: f.withinDays, lastVisitAt: f.lastVisitAt };
}

/** The kind the start page selects first: the one asked for when it is allowed, follow-up when the patient qualifies, else a health question. */
export function defaultKind(eligibility: ConsultationEligibility | undefined, wanted?: string | null): ConsultationKind {
  if (wanted === 'health_consult' || wanted === 'online_followup') return wanted;
  return eligibility?.onlineFollowup.allowed ? 'online_followup' : 'health_consult';
}

/** The question's length rule (5–1,000 characters, spaces at the ends not counted). */
export function questionProblem(text: string): 'tooShort' | 'tooLong' | null {
  const length = [...text.trim()].length;
  if (length < QUESTION_MIN_CHARS) return 'tooShort';
  if (length > CONSULT_TEXT_MAX_CHARS) return 'tooLong';
  return null;
}

export function messageProblem(text: string): 'empty' | 'tooLong' | null {
  const length = [...text.trim()].length;
  if (length === 0) return 'empty';
  if (length > CONSULT_TEXT_MAX_CHARS) return 'tooLong';
  return null;
}

/** The server's own codes for a picture it would refuse, checked before uploading (an unknown type is left to the server). */
export function imageProblem(file: Pick<UploadFile, 'type' | 'size'>): 'CONSULT_IMAGE_INVALID' | 'CONSULT_IMAGE_TOO_LARGE' | null {
  if (file.type && !(CONSULT_IMAGE_TYPES as readonly string[]).includes(file.type)) return 'CONSULT_IMAGE_INVALID';
  if (file.size > CONSULT_IMAGE_MAX_BYTES) return 'CONSULT_IMAGE_TOO_LARGE';
  return null;
}

export const IMAGE_MAX_MB = CONSULT_IMAGE_MAX_BYTES / (1024 * 1024);

/** "http://127.0.0.1:3000" from "http://127.0.0.1:3000/api/v1" (no URL class: WeChat's engines do not all have it). */
export function apiOrigin(apiBase: string): string {
  return /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)/i.exec(apiBase.trim())?.[1] ?? '';
}

/** An image address from the API (a signed path starting with /api/v1/…) made absolute; local previews and full URLs unchanged. */
export function imageUrl(url: string, apiBase: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  return `${apiOrigin(apiBase)}${url.startsWith('/') ? url : `/${url}`}`;
}

/** The chat socket on the API's origin: http → ws, https → wss. */
export function consultSocketUrl(apiBase: string): string {
  return `${apiOrigin(apiBase).replace(/^http/i, 'ws')}${CONSULT_SOCKET_PATH}`;
}

/** One line for a message in a list ("[图片]" for a picture). */
export function previewText(message: Pick<ConsultMessageView, 'kind' | 'text'>, imageLabel: string): string {
  if (message.kind === 'image') return imageLabel;
  return (message.text ?? '').replace(/\s+/g, ' ').trim();
}
