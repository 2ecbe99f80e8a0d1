import type { ConsultationEligibility, ConsultationView, ConsultMessageView } from '@yiban/shared';
import { waitForConfirmation } from '../../src/services/payment-flow';
import { ApiClient } from '../../src/services/request';
import { fetchUploadTransport, imageTypeFromName, type UploadRequest } from '../../src/services/http';
import {
  apiOrigin,
  applyRead,
  consultSocketUrl,
  consultStatusLabel,
  defaultKind,
  chatText,
  firstSeq,
  imageProblem,
  imageUrl,
  lastSeq,
  localMessage,
  mergeMessages,
  messageProblem,
  questionProblem,
  receipt,
  shouldMarkRead,
  splitHistory,
  startDecision,
  totalUnread,
  unreadCount,
  updateLocal,
  type ChatItem,
} from '../../src/utils/consult';
import { json, memoryTokens, pair } from './fake-server';

function msg(seq: number, overrides: Partial<ConsultMessageView> = {}): ConsultMessageView {
  return {
    id: `m${seq}`,
    consultationId: 'c1',
    seq,
    kind: 'text',
    side: 'patient',
    authorName: '李秀兰',
    authorStaffId: null,
    text: `text ${seq}`,
    system: null,
    image: null,
    state: 'visible',
    clientId: null,
    createdAt: '2026-11-22T02:00:00Z',
    ...overrides,
  };
}

function view(overrides: Partial<ConsultationView> = {}): ConsultationView {
  return {
    id: 'c1',
    kind: 'health_consult',
    status: 'waiting_doctor',
    patientId: 'p1',
    patientName: '李秀兰',
    departmentId: 'd1',
    departmentName: '心血管内科',
    departmentNameEn: 'Cardiology',
    doctorId: null,
    doctorName: null,
    doctorNameEn: null,
    assigneeStaffId: null,
    assigneeName: null,
    subject: '血压偏高怎么办',
    fee: 0,
    payment: null,
    payBefore: null,
    lastSeq: 1,
    lastMessageAt: '2026-11-22T02:00:00Z',
    lastMessagePreview: '血压偏高怎么办',
    unread: 0,
    patientReadSeq: 0,
    staffReadSeq: 0,
    firstResponseDueAt: null,
    firstRespondedAt: null,
    overdue: false,
    escalatedAt: null,
    autoCloseAt: null,
    closedAt: null,
    closedBy: null,
    rating: null,
    createdAt: '2026-11-22T02:00:00Z',
    ...overrides,
  };
}

const eligibility = (allowed: boolean): ConsultationEligibility => ({
  departmentId: 'd1',
  healthConsult: { allowed: true, fee: 0 },
  onlineFollowup: { allowed, fee: 2000, lastVisitAt: allowed ? '2026-10-01' : null, withinDays: 180 },
});

describe('message merge', () => {
  it('orders by seq, replaces by id, and is idempotent', () => {
    let items: ChatItem[] = mergeMessages([], [msg(2), msg(1)]);
    expect(items.map((i) => i.seq)).toEqual([1, 2]);
    items = mergeMessages(items, [msg(3), msg(2)]);
    expect(items.map((i) => i.seq)).toEqual([1, 2, 3]);
    const again = mergeMessages(items, [msg(3), msg(1)]);
    expect(again).toEqual(items);
    // A held message approved later comes again with its new state.
    items = mergeMessages(items, [msg(4, { state: 'held' })]);
    items = mergeMessages(items, [msg(4, { state: 'visible' })]);
    expect(items.filter((i) => i.seq === 4)).toHaveLength(1);
    expect(items.find((i) => i.seq === 4)!.state).toBe('visible');
  });

  it('never lets a late "checking" copy of a picture undo its verdict', () => {
    let items: ChatItem[] = mergeMessages([], [msg(1, { kind: 'image', state: 'checking' })]);
    items = mergeMessages(items, [msg(1, { kind: 'image', state: 'visible' })]);
    // The upload's own answer (still checking) arrives after the socket's verdict: the verdict stands.
    items = mergeMessages(items, [msg(1, { kind: 'image', state: 'checking' })]);
    expect(items.map((i) => i.state)).toEqual(['visible']);
    items = mergeMessages(items, [msg(2, { kind: 'image', state: 'checking' })]);
    items = mergeMessages(items, [msg(2, { kind: 'image', state: 'rejected' })]);
    expect(items.map((i) => i.state)).toEqual(['visible', 'rejected']);
  });

  it('an optimistic bubble is replaced by the server message with its clientId, wherever it lands', () => {
    let items: ChatItem[] = mergeMessages([], [msg(1)]);
    items = [...items, localMessage({ consultationId: 'c1', clientId: 'k1', side: 'patient', kind: 'text', text: 'hello' })];
    // The doctor's reply arrives (seq 2) before the server confirms ours (seq 3): local bubbles stay last.
    items = mergeMessages(items, [msg(2, { side: 'staff' })]);
    expect(items.map((i) => i.id)).toEqual(['m1', 'm2', 'local:k1']);
    items = mergeMessages(items, [msg(3, { clientId: 'k1', text: 'hello' })]);
    expect(items.map((i) => i.id)).toEqual(['m1', 'm2', 'm3']);
    expect(items.some((i) => i.local)).toBe(false);
    // The same message again through the socket: nothing changes.
    expect(mergeMessages(items, [msg(3, { clientId: 'k1', text: 'hello' })])).toEqual(items);
  });

  it('failed bubbles keep their text for a retry; discarding removes them', () => {
    let items: ChatItem[] = [localMessage({ consultationId: 'c1', clientId: 'k1', side: 'patient', kind: 'text', text: 'hi' })];
    items = updateLocal(items, 'k1', { status: 'failed', error: 'busy' });
    expect(items[0]!.local).toMatchObject({ status: 'failed', error: 'busy' });
    expect(items[0]!.text).toBe('hi');
    expect(updateLocal(items, 'k1', null)).toEqual([]);
  });

  it('system lines read in the app’s language from their code; the server’s words when the code is unknown', () => {
    const claimed = msg(3, {
      kind: 'system',
      side: 'system',
      authorName: null,
      text: '张伟已接诊，请稍候。',
      system: { code: 'claimed', params: { name: '张伟' } },
    });
    expect(chatText(claimed, 'en')).toBe('张伟 has taken your question. Please wait a moment.');
    expect(chatText(claimed, 'zh-CN')).toBe('张伟已接诊，请稍候。');
    const closed = msg(4, { kind: 'system', side: 'system', text: 'x', system: { code: 'auto_closed', params: { hours: 48 } } });
    expect(chatText(closed, 'en')).toMatch(/^No new messages for 48 hours/);
    // A newer server's code this app does not know: its text, rendered for the request's language.
    const unknown = msg(5, { kind: 'system', side: 'system', text: '咨询已暂停', system: { code: 'paused' as never, params: {} } });
    expect(chatText(unknown, 'en')).toBe('咨询已暂停');
    expect(chatText(msg(6, { text: 'hello' }), 'en')).toBe('hello');
    expect(chatText(msg(7, { kind: 'image', text: null }), 'en')).toBe('');
    // Merged once; the same line again (a socket replay) changes nothing; a private handover note keeps its code.
    const merged = mergeMessages([], [claimed]);
    expect(mergeMessages(merged, [{ ...claimed }])).toEqual(merged);
    const note = msg(8, { kind: 'note', side: 'staff', text: 'x', system: { code: 'transfer_note', params: { name: '陈静', note: '血压偏高' } } });
    expect(chatText(mergeMessages(merged, [note])[1]!, 'en')).toBe('Handover note (陈静): 血压偏高');
    expect(localMessage({ consultationId: 'c1', clientId: 'k', side: 'patient', kind: 'text', text: 'x' }).system).toBeNull();
  });

  it('lastSeq and firstSeq ignore unconfirmed bubbles', () => {
    const items: ChatItem[] = [
      ...mergeMessages([], [msg(5), msg(7)]),
      localMessage({ consultationId: 'c1', clientId: 'k', side: 'patient', kind: 'text', text: 'x' }),
    ];
    expect(lastSeq(items)).toBe(7);
    expect(firstSeq(items)).toBe(5);
    expect(lastSeq([])).toBe(0);
    expect(firstSeq([])).toBeNull();
  });
});

describe('unread counts and read receipts', () => {
  const thread = mergeMessages(
    [],
    [
      msg(1),
      msg(2, { side: 'staff' }),
      msg(3, { side: 'system', kind: 'system' }),
      msg(4, { side: 'staff', kind: 'note' }),
      msg(5, { side: 'staff', state: 'held' }),
      msg(6, { side: 'staff' }),
    ],
  );

  it('counts only the other side’s visible messages after the read position', () => {
    expect(unreadCount(thread, 0, 'patient')).toBe(2); // 2 and 6
    expect(unreadCount(thread, 2, 'patient')).toBe(1);
    expect(unreadCount(thread, 6, 'patient')).toBe(0);
    expect(unreadCount(thread, 0, 'staff')).toBe(1); // the patient's 1
  });

  it('reports read up to the latest seq only when something from the other side is new', () => {
    expect(shouldMarkRead(thread, 0, 'patient')).toBe(6);
    expect(shouldMarkRead(thread, 6, 'patient')).toBeNull();
    expect(shouldMarkRead(mergeMessages([], [msg(1)]), 0, 'patient')).toBeNull();
  });

  it('已读 / 未读 under the reader’s own visible messages, from the other side’s read position', () => {
    const v = view({ staffReadSeq: 1, patientReadSeq: 6 });
    expect(receipt(thread[0]!, v, 'patient')).toBe('read');
    expect(receipt(thread[0]!, view({ staffReadSeq: 0 }), 'patient')).toBe('unread');
    expect(receipt(thread[1]!, v, 'patient')).toBeNull(); // the doctor's
    expect(receipt(thread[1]!, v, 'staff')).toBe('read');
    expect(receipt(thread[3]!, v, 'staff')).toBeNull(); // a note
    expect(receipt(thread[4]!, v, 'staff')).toBeNull(); // held
    const local = localMessage({ consultationId: 'c1', clientId: 'k', side: 'patient', kind: 'text', text: 'x' });
    expect(receipt(local, v, 'patient')).toBeNull();
  });

  it('read frames only move forward', () => {
    const v = view({ patientReadSeq: 4 });
    expect(applyRead(v, 'patient', 3).patientReadSeq).toBe(4);
    expect(applyRead(v, 'patient', 6).patientReadSeq).toBe(6);
    expect(applyRead(v, 'staff', 2).staffReadSeq).toBe(2);
  });

  it('the history splits into ongoing and ended, newest activity first, with a total of unread', () => {
    const list = [
      view({ id: 'a', status: 'closed', lastMessageAt: '2026-11-20T00:00:00Z' }),
      view({ id: 'b', status: 'waiting_patient', lastMessageAt: '2026-11-21T00:00:00Z', unread: 2 }),
      view({ id: 'c', status: 'pending_payment', lastMessageAt: '2026-11-22T00:00:00Z' }),
      view({ id: 'd', status: 'cancelled', lastMessageAt: '2026-11-22T00:00:00Z' }),
      view({ id: 'e', status: 'waiting_doctor', lastMessageAt: '2026-11-19T00:00:00Z', unread: 1 }),
    ];
    const { open, closed } = splitHistory(list);
    expect(open.map((v) => v.id)).toEqual(['c', 'b', 'e']);
    expect(closed.map((v) => v.id)).toEqual(['d', 'a']);
    expect(totalUnread(open)).toBe(3);
  });

  it('statuses read differently for the patient and for staff', () => {
    expect(consultStatusLabel(view({ status: 'waiting_patient' }), 'patient').key).toBe('consult.status.replied');
    expect(consultStatusLabel(view({ status: 'waiting_patient' }), 'staff').key).toBe('consult.status.waiting_patient');
    expect(consultStatusLabel(view({ status: 'waiting_doctor' }), 'patient').key).toBe('consult.status.waiting_pool');
    expect(consultStatusLabel(view({ status: 'waiting_doctor', assigneeStaffId: 's1' }), 'patient').key).toBe('consult.status.waiting_doctor');
    expect(consultStatusLabel(view({ status: 'waiting_doctor', overdue: true }), 'staff')).toEqual({ key: 'consult.status.overdue', tone: 'bad' });
  });
});

describe('which kind a patient may start', () => {
  it('a health question is always allowed; follow-up only after a visit, else book first', () => {
    expect(startDecision(eligibility(false), 'health_consult')).toEqual({ action: 'ask', kind: 'health_consult', fee: 0 });
    expect(startDecision(eligibility(false), 'online_followup')).toEqual({ action: 'book_first', withinDays: 180, lastVisitAt: null });
    expect(startDecision(eligibility(true), 'online_followup')).toEqual({ action: 'ask', kind: 'online_followup', fee: 2000 });
  });

  it('selects the kind asked for, else follow-up when the patient qualifies, else a health question', () => {
    expect(defaultKind(eligibility(false), 'online_followup')).toBe('online_followup');
    expect(defaultKind(eligibility(true), null)).toBe('online_followup');
    expect(defaultKind(eligibility(false), undefined)).toBe('health_consult');
    expect(defaultKind(undefined, 'nonsense')).toBe('health_consult');
  });
});

describe('checks before sending', () => {
  it('questions are 5–1,000 characters (Chinese characters count one each), messages 1–1,000', () => {
    expect(questionProblem('头疼')).toBe('tooShort');
    expect(questionProblem('   头疼三天了   ')).toBeNull();
    expect(questionProblem('字'.repeat(1001))).toBe('tooLong');
    expect(questionProblem('字'.repeat(1000))).toBeNull();
    expect(messageProblem('  ')).toBe('empty');
    expect(messageProblem('好')).toBeNull();
  });

  it('pictures: JPEG, PNG or WebP up to 5 MB; an unknown type is left to the server', () => {
    expect(imageProblem({ type: 'image/png', size: 1000 })).toBeNull();
    expect(imageProblem({ type: 'image/gif', size: 1000 })).toBe('CONSULT_IMAGE_INVALID');
    expect(imageProblem({ type: 'image/jpeg', size: 5 * 1024 * 1024 + 1 })).toBe('CONSULT_IMAGE_TOO_LARGE');
    expect(imageProblem({ type: '', size: 1000 })).toBeNull();
    expect(imageTypeFromName('wxfile://tmp_abc.JPG')).toBe('image/jpeg');
    expect(imageTypeFromName('photo.webp')).toBe('image/webp');
    expect(imageTypeFromName('noext')).toBe('');
  });

  it('image paths and the socket address come from the API origin', () => {
    expect(apiOrigin('http://127.0.0.1:3000/api/v1')).toBe('http://127.0.0.1:3000');
    expect(imageUrl('/api/v1/consultations/c1/images/i1?sig=x', 'https://api.example.cn/api/v1')).toBe(
      'https://api.example.cn/api/v1/consultations/c1/images/i1?sig=x',
    );
    expect(imageUrl('blob:http://localhost/abc', 'http://x/api/v1')).toBe('blob:http://localhost/abc');
    expect(imageUrl('http://tmp/wx.jpg', 'http://x/api/v1')).toBe('http://tmp/wx.jpg');
    expect(consultSocketUrl('http://127.0.0.1:3000/api/v1')).toBe('ws://127.0.0.1:3000/api/v1/consultations/socket');
    expect(consultSocketUrl('https://api.example.cn/api/v1')).toBe('wss://api.example.cn/api/v1/consultations/socket');
  });
});

describe('uploads through the request module', () => {
  it('sends the file with the token and the acting profile, and renews an expired token once', async () => {
    const uploads: UploadRequest[] = [];
    const tokens = memoryTokens(pair(1));
    const client = new ApiClient({
      baseUrl: () => 'http://api.test/api/v1',
      transport: async (request) => {
        expect(request.url).toBe('http://api.test/api/v1/auth/refresh');
        return json(200, pair(2));
      },
      uploader: async (request) => {
        uploads.push(request);
        return uploads.length === 1 ? json(401, { code: 'AUTH_TOKEN_EXPIRED', message: 'expired' }) : json(201, msg(9, { kind: 'image' }));
      },
      tokens,
      locale: () => 'zh-CN',
      actingPatientId: () => 'p7',
      sleep: async () => undefined,
    });
    const file = { path: 'blob:x', name: 'a.png', type: 'image/png', size: 10 };
    const result = await client.upload<ConsultMessageView>('/consultations/c1/images', file, { retry: false });
    expect(result.seq).toBe(9);
    expect(uploads).toHaveLength(2);
    expect(uploads[1]).toMatchObject({
      url: 'http://api.test/api/v1/consultations/c1/images',
      fieldName: 'file',
      file,
      headers: expect.objectContaining({ authorization: 'Bearer access-2', 'x-patient-id': 'p7' }),
    });
  });

  it('the browser upload posts multipart form data with the file under its field name', async () => {
    let sent: { url: string; init: RequestInit } | null = null;
    const fakeFetch = (async (url: string, init: RequestInit) => {
      sent = { url, init };
      // jsdom has no fetch Response: the transport reads status, headers.forEach and text().
      const headers = new Map([['content-type', 'application/json']]);
      return { status: 201, headers: { forEach: (fn: (v: string, k: string) => void) => headers.forEach(fn) }, text: async () => '{"ok":true}' };
    }) as unknown as typeof fetch;
    const blob = new Blob(['png-bytes'], { type: 'image/png' });
    const res = await fetchUploadTransport(fakeFetch)({
      url: 'http://api.test/x',
      headers: { authorization: 'Bearer t' },
      fieldName: 'file',
      file: { path: 'blob:x', name: 'a.png', type: 'image/png', size: blob.size, blob },
      timeoutMs: 1000,
    });
    expect(res).toMatchObject({ status: 201, body: { ok: true } });
    const form = sent!.init.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect((form.get('file') as File).name).toBe('a.png');
    expect(sent!.init.headers).toEqual({ authorization: 'Bearer t' });
  });
});

describe('paying for a consultation', () => {
  it('polls until it leaves pending_payment (the payment flow shared with booking)', async () => {
    const answers: ConsultationView['status'][] = ['pending_payment', 'pending_payment', 'waiting_doctor'];
    const result = await waitForConfirmation<ConsultationView>({
      load: async () => view({ status: answers.shift()! }),
      classify: (v) => (v.status === 'pending_payment' ? 'pending' : v.status === 'cancelled' ? 'ended' : 'confirmed'),
      sleep: async () => undefined,
    });
    expect(result.outcome).toBe('confirmed');
    expect(answers).toEqual([]);
  });
});
