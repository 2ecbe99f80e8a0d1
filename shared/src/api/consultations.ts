import type { Gender, Locale, MemberTier } from '../enums.js';
import type { PaymentSummary, RequestPaymentParams, VisitView } from './booking.js';
import type { RecordAccess } from './staff.js';

/**
 * Online care in China is allowed only as follow-up of an in-person diagnosis:
 * - `health_consult`: any patient; general health advice, never a diagnosis.
 * - `online_followup`: only for a patient with an in-person visit to that department within the configured period.
 */
export const CONSULTATION_KINDS = ['health_consult', 'online_followup'] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];

/**
 * `pending_payment` (a fee is due) → `waiting_doctor` ↔ `waiting_patient` → `closed` (by the doctor, the patient, or
 * automatically after inactivity). `cancelled`: the fee was never paid.
 */
export const CONSULTATION_STATUSES = ['pending_payment', 'waiting_doctor', 'waiting_patient', 'closed', 'cancelled'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];
/** Statuses in which messages can still be written. */
export const OPEN_CONSULTATION_STATUSES: readonly ConsultationStatus[] = ['waiting_doctor', 'waiting_patient'];

/** `note`: a private note between staff, never shown to the patient. `system`: a line the service writes (assigned, closed …). */
export const CONSULT_MESSAGE_KINDS = ['text', 'image', 'system', 'note'] as const;
export type ConsultMessageKind = (typeof CONSULT_MESSAGE_KINDS)[number];

/**
 * Content security: `visible` passed; `checking` is a patient's picture waiting for WeChat's media check (only its
 * author sees it); `held` is waiting for service staff (only its author and reviewers see it); `rejected` was refused
 * by a reviewer or by the media check (only its author sees that it was).
 */
export const CONSULT_MESSAGE_STATES = ['visible', 'checking', 'held', 'rejected'] as const;
export type ConsultMessageState = (typeof CONSULT_MESSAGE_STATES)[number];

export type ConsultSide = 'patient' | 'staff' | 'system';

/**
 * Image messages: these types, at most this many bytes, as uploaded. The server decodes each one and stores it
 * re-encoded as JPEG (turned upright, at most 2048 px on its long side, no metadata), so what it serves is always
 * image/jpeg.
 */
export const CONSULT_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const CONSULT_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
/** WeChat content security checks at most 2,500 characters; a chat message is kept well below. */
export const CONSULT_TEXT_MAX_CHARS = 1000;

export type ClosedBy = 'doctor' | 'patient' | 'auto';

/**
 * Lines the service writes into a consultation, stored as a code with parameters and rendered in the reader's
 * language: system lines both sides see, and `escalated` / `transfer_note` (private notes only staff see).
 */
export const CONSULT_SYSTEM_CODES = [
  'closed_by_patient',
  'closed_by_doctor',
  'auto_closed',
  'assigned',
  'claimed',
  'transferred',
  'escalated',
  'transfer_note',
] as const;
export type ConsultSystemCode = (typeof CONSULT_SYSTEM_CODES)[number];

export interface ConsultSystemLine {
  code: ConsultSystemCode;
  /** `name`: a staff member's display name; `role`: 'doctor' | 'case_manager'; `hours`, `minutes`: numbers. */
  params: Record<string, string | number | null>;
}

const SYSTEM_LINES: Record<ConsultSystemCode, Record<Locale, string>> = {
  closed_by_patient: { 'zh-CN': '患者已结束本次咨询。', en: 'The patient ended this consultation.' },
  closed_by_doctor: {
    'zh-CN': '{name}已结束本次咨询。如仍有疑问，请发起新的咨询或预约门诊。',
    en: '{name} ended this consultation. If you have more questions, start a new one or book a clinic visit.',
  },
  auto_closed: {
    'zh-CN': '{hours} 小时内无新消息，咨询已自动结束。如仍有疑问，请发起新的咨询。',
    en: 'No new messages for {hours} hours, so this consultation has ended. Start a new one if you have more questions.',
  },
  assigned: { 'zh-CN': '已为您安排{name}解答，请耐心等待回复。', en: '{name} will answer your question. Please wait for the reply.' },
  claimed: { 'zh-CN': '{name}已接诊，请稍候。', en: '{name} has taken your question. Please wait a moment.' },
  transferred: { 'zh-CN': '您的咨询已转由{roleName}{name}继续解答。', en: 'Your consultation has been passed to {roleName}{name}.' },
  escalated: {
    'zh-CN': '超过首次回复时限（{minutes} 分钟）仍未回复，已升级至{lead}。',
    en: 'No first reply within {minutes} minutes: escalated to {lead}.',
  },
  transfer_note: { 'zh-CN': '转交说明（{name}）：{note}', en: 'Handover note ({name}): {note}' },
};

/** A system line or private service note in the reader's language. */
export function renderConsultSystemLine(line: ConsultSystemLine, locale: Locale): string {
  const p = line.params;
  const zh = locale === 'zh-CN';
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(p)) values[key] = value === null || value === undefined ? '' : String(value);
  if (!values.name) values.name = zh ? '医生' : 'The doctor';
  if (line.code === 'transferred') values.roleName = p.role === 'case_manager' ? (zh ? '个案管理师' : 'case manager ') : '';
  if (line.code === 'escalated')
    values.lead = p.leadName
      ? zh
        ? `科室负责人${String(p.leadName)}`
        : `the department lead, ${String(p.leadName)}`
      : zh
        ? '科室负责人'
        : 'the department lead';
  return SYSTEM_LINES[line.code][locale].replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

export interface ConsultImage {
  /** A signed address valid for about an hour for the reader it was issued to (an <Image> cannot send headers). */
  url: string;
  contentType: string;
  size: number;
}

export interface ConsultMessageView {
  id: string;
  consultationId: string;
  /** 1, 2, 3 … per consultation, in the order written: the cursor for catch-up after a reconnect. */
  seq: number;
  kind: ConsultMessageKind;
  side: ConsultSide;
  /** The doctor's or the patient's display name; null for system lines. */
  authorName: string | null;
  /** Staff messages: the author's staff id (the console shows "me"). */
  authorStaffId: string | null;
  /** The words as written; for a system line, the line rendered in the reader's language. */
  text: string | null;
  /** A line the service wrote, as a code and parameters (render it with renderConsultSystemLine). */
  system: ConsultSystemLine | null;
  image: ConsultImage | null;
  state: ConsultMessageState;
  /** The id the client sent with it (to match its optimistic bubble), if any. */
  clientId: string | null;
  createdAt: string;
}

export interface ConsultationRating {
  /** 1–5 stars. */
  score: number;
  comment: string | null;
  ratedAt: string;
}

export interface ConsultationView {
  id: string;
  kind: ConsultationKind;
  status: ConsultationStatus;
  patientId: string;
  /** Staff see the name; the patient sees their own profile's name. */
  patientName: string | null;
  departmentId: string;
  departmentName: string;
  departmentNameEn: string;
  /** The doctor the patient chose; null when asked to the department's pool. */
  doctorId: string | null;
  doctorName: string | null;
  doctorNameEn: string | null;
  /** The staff member answering now (null while in the department's pool). */
  assigneeStaffId: string | null;
  assigneeName: string | null;
  /** The first question, shortened: the list line. */
  subject: string;
  /** Integer fen; 0 = free. */
  fee: number;
  payment: PaymentSummary | null;
  /** Unpaid consultations are cancelled at this time. */
  payBefore: string | null;
  lastSeq: number;
  lastMessageAt: string;
  /** The last message this reader can see, shortened and in the reader's language ("[图片]" / "[Picture]" for an image). */
  lastMessagePreview: string | null;
  /** Messages from the other side this reader has not read. */
  unread: number;
  /** Read receipts: the highest seq each side has read. */
  patientReadSeq: number;
  staffReadSeq: number;
  /** First-response target (SLA); null once answered or when not applicable. */
  firstResponseDueAt: string | null;
  firstRespondedAt: string | null;
  /** Waiting for the first answer past its target. */
  overdue: boolean;
  /** When it was escalated to the department lead (overdue). */
  escalatedAt: string | null;
  /** When it closes by itself if nobody writes. */
  autoCloseAt: string | null;
  closedAt: string | null;
  closedBy: ClosedBy | null;
  rating: ConsultationRating | null;
  createdAt: string;
}

export interface CreateConsultationRequest {
  kind: ConsultationKind;
  departmentId: string;
  /** A chosen doctor of that department; absent → the department's pool. */
  doctorId?: string;
  /** The first question, 5–1,000 characters. */
  question: string;
  clientId?: string;
}

export interface ConsultationWithPayment {
  consultation: ConsultationView;
  /** Parameters for wx.requestPayment when a fee is due; null otherwise (or when WeChat Pay cannot be reached: retry with POST …/pay). */
  payment: RequestPaymentParams | null;
}

/** What the start page shows per kind for the acting profile and a department. */
export interface ConsultationEligibility {
  departmentId: string;
  healthConsult: { allowed: true; fee: number };
  onlineFollowup: {
    allowed: boolean;
    fee: number;
    /** The latest in-person visit to that department within the period, if any. */
    lastVisitAt: string | null;
    /** How far back a visit counts, in days. */
    withinDays: number;
  };
}

/** `POST /consultations/{id}/images` is multipart/form-data: `file` (the picture) and optionally `clientId` (safe retry). */
export interface PostConsultMessageRequest {
  text: string;
  /** The client's id for its optimistic bubble; sending the same clientId again returns the first message (safe retry). */
  clientId?: string;
}

export interface PostConsultNoteRequest {
  text: string;
}

export interface MarkReadRequest {
  /** The highest seq the reader has seen. */
  seq: number;
}

export interface RateConsultationRequest {
  score: number;
  comment?: string;
}

export interface TransferConsultationRequest {
  staffId: string;
  /** Shown to the new assignee as a private note. */
  note?: string;
}

export interface ConsultMessagesPage {
  items: ConsultMessageView[];
  /** True when older messages exist before the first item (ask again with beforeSeq). */
  hasMore: boolean;
}

export const INBOX_BOXES = ['mine', 'unassigned', 'overdue', 'closed'] as const;
export type InboxBox = (typeof INBOX_BOXES)[number];

export interface InboxCounts {
  mine: number;
  unassigned: number;
  overdue: number;
  /** Threads assigned to me with unread patient messages. */
  unreadMine: number;
}

export interface InboxPage {
  items: ConsultationView[];
  counts: InboxCounts;
}

/** Someone a consultation can be handed to: a doctor of the department or a case manager. */
export interface TransferTarget {
  staffId: string;
  displayName: string;
  roles: string[];
  departmentId: string | null;
  /** Their open consultations now. */
  openCount: number;
}

export const CANNED_REPLY_SCOPES = ['mine', 'department'] as const;
export type CannedReplyScope = (typeof CANNED_REPLY_SCOPES)[number];

export interface CannedReplyView {
  id: string;
  scope: CannedReplyScope;
  title: string;
  text: string;
  /** Whether the reader may edit or delete it (their own, or a department lead's/admin's department reply). */
  editable: boolean;
}

export interface CreateCannedReplyRequest {
  scope: CannedReplyScope;
  title: string;
  text: string;
}

/** Beside the chat: who the patient is and their care so far. Every read is audited. */
export interface ConsultPatientSummary {
  patientId: string;
  name: string | null;
  gender: Gender;
  /** Whole years; null when the birth date is unknown. */
  age: number | null;
  language: Locale;
  /** Masked, e.g. 138****5678. */
  phoneMasked: string | null;
  /** The patient's tags (as staff set them on the record). */
  tags: string[];
  /** Member tier (lead when nothing is known yet): the benefits the patient has, e.g. a health butler at platinum. */
  tier: MemberTier | null;
  visits: VisitView[];
  /** Earlier consultations, newest first. */
  consultations: { id: string; kind: ConsultationKind; status: ConsultationStatus; subject: string; createdAt: string }[];
  /** Follow-up plans the reader may see (their own, or their department's), newest first. */
  followUps: { id: string; title: string; status: string }[];
  /** How the reader reached this record: their care of the patient, or breaking the glass (open until `until`). */
  access: RecordAccess;
}

/** A held message waiting for service staff. */
export interface ConsultReviewItem {
  message: ConsultMessageView;
  consultationId: string;
  departmentName: string;
  /** WeChat's label for why it was held. */
  label: number | null;
}

export interface ReviewDecisionRequest {
  decision: 'approve' | 'reject';
}

/**
 * The chat socket at `/api/v1/consultations/socket` (ws:// or wss://). The first frame must be `auth` within
 * 10 s; then the server pushes events for every consultation the caller may read. Send `ping` every 25 s
 * (the server closes a socket silent for 60 s). After a reconnect, send `sync` per open consultation with the
 * last seq seen: the missed messages come in order, then `synced`. A message can arrive again with the same seq
 * and a new `state` (a held message approved or rejected): deduplicate by (id, state), not by seq alone.
 */
export type ConsultClientFrame =
  /** `locale`: the language system lines are rendered in on this socket (default: the upgrade's Accept-Language). */
  { type: 'auth'; token: string; locale?: Locale } | { type: 'sync'; consultationId: string; afterSeq: number } | { type: 'ping' };

export type ConsultServerFrame =
  | { type: 'ready'; kind: 'account' | 'staff' }
  | { type: 'message'; message: ConsultMessageView }
  /** The consultation changed (status, assignee, counts): refetch or merge. `unread` is not included (per reader). */
  | { type: 'consultation'; consultationId: string; status: ConsultationStatus; assigneeStaffId: string | null; lastSeq: number }
  | { type: 'read'; consultationId: string; side: 'patient' | 'staff'; seq: number }
  | { type: 'synced'; consultationId: string; lastSeq: number }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string };

/** Close codes of the chat socket: 4401 not authenticated (sign in again), 4408 silent too long (reconnect). */
export const CONSULT_SOCKET_CLOSE = { unauthenticated: 4401, idle: 4408 } as const;
export const CONSULT_SOCKET_PATH = '/api/v1/consultations/socket';
