import type { ConsultationView, ConsultationWithPayment, ConsultMessagesPage, ConsultMessageView, ConsultReviewItem, InboxPage } from '@yiban/shared';
import {
  addVisit,
  auditRows,
  recordHisVisit,
  consultationRows,
  consultMessageRows,
  deliveryRows,
  jobRows,
  leanConsultation,
  leanUpdateConsultation,
  runJobs,
  staffRows,
  withClockAdvanced,
  withClockAt,
} from '@yiban/server/testing';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { acceptRequiredConsents, allowMessages, consentedPatient, departmentId, identity, patientLogin, seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { payAtSimulator } from '../support/booking.js';
import { ask, ChatSocket } from '../support/consult.js';
import { startStack, TEST_PUSH_TOKEN, type Stack } from '../support/stack.js';

let stack: Stack;
let cardiology: string;
let zhang: string;
let li: string;
let marketing: string;
let service: string;
const sockets: ChatSocket[] = [];

beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
  cardiology = await departmentId(stack, 'CARD');
  [zhang, li, marketing, service] = await Promise.all(['doctor.zhang', 'doctor.li', 'marketing.liu', 'service.zhao'].map((u) => staffLogin(stack, u)));
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.closeAndWait()));
});
afterAll(() => stack.close());

async function socket(token: string, api = stack.api): Promise<ChatSocket> {
  const s = await ChatSocket.open(api, token);
  sockets.push(s);
  return s;
}

async function say(token: string, id: string, text: string, api = stack.api): Promise<ConsultMessageView> {
  const res = await api.post<ConsultMessageView>(`/consultations/${id}/messages`, { text }, { token });
  if (res.status !== 201) throw new Error(`message refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function question(token: string, text = '最近血压有点高，早上起床头晕，需要调整用药吗？'): Promise<ConsultationView> {
  return (await ask(stack, token, { kind: 'health_consult', departmentId: cardiology, question: text })).consultation;
}

const withClock = <T>(ms: number, body: () => Promise<T>) => withClockAdvanced(stack, ms, body);

describe('starting a consultation', () => {
  it('lets anyone ask for health advice; online follow-up only after an in-person visit to that department', async () => {
    const patient = await consentedPatient(stack);
    const eligibility = await stack.api.get(`/consultations/eligibility?departmentId=${cardiology}`, { token: patient.token });
    expect(eligibility.body).toMatchObject({ healthConsult: { allowed: true }, onlineFollowup: { allowed: false, lastVisitAt: null, withinDays: 180 } });

    const refused = await stack.api.post(
      '/consultations',
      { kind: 'online_followup', departmentId: cardiology, question: '复查结果出来了，请帮我看看' },
      { token: patient.token },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CONSULT_FOLLOWUP_NEEDS_VISIT');
    expect(refused.body.message).toContain('180');

    // A visit long ago does not count; a recent one in another department does not either.
    await addVisit(stack, { patientId: patient.patientId, departmentCode: 'CARD', daysAgo: 400 });
    await addVisit(stack, { patientId: patient.patientId, departmentCode: 'ENDO', daysAgo: 3 });
    expect(
      (await stack.api.post('/consultations', { kind: 'online_followup', departmentId: cardiology, question: '复查结果出来了' }, { token: patient.token }))
        .status,
    ).toBe(403);

    await addVisit(stack, { patientId: patient.patientId, departmentCode: 'CARD', daysAgo: 20 });
    const allowed = await stack.api.get(`/consultations/eligibility?departmentId=${cardiology}`, { token: patient.token });
    expect(allowed.body.onlineFollowup.allowed).toBe(true);
    const started = await ask(stack, patient.token, { kind: 'online_followup', departmentId: cardiology, question: '复查结果出来了，请帮我看看' });
    expect(started.payment).toBeNull();
    expect(started.consultation).toMatchObject({
      kind: 'online_followup',
      status: 'waiting_doctor',
      lastSeq: 1,
      subject: '复查结果出来了，请帮我看看',
      unread: 0,
    });
    expect(await consultMessageRows.count(stack, { consultationId: started.consultation.id })).toBe(1);
  });

  it('needs the privacy policy and the health-data consent first (PIPL)', async () => {
    const login = await patientLogin(stack);
    const refused = await stack.api.post(
      '/consultations',
      { kind: 'health_consult', departmentId: cardiology, question: '请问高血压要注意什么？' },
      { token: login.token },
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'CONSENT_REQUIRED', details: { missing: ['privacy_policy', 'health_data'] } });
    await acceptRequiredConsents(stack, login.token);
    // Consented, but not yet registered by real name (实名): the answer says what is missing.
    const anonymous = await stack.api.post(
      '/consultations',
      { kind: 'health_consult', departmentId: cardiology, question: '请问高血压要注意什么？' },
      { token: login.token, language: 'en' },
    );
    expect(anonymous.status).toBe(403);
    expect(anonymous.body).toMatchObject({ code: 'REAL_NAME_REQUIRED', details: { missing: ['name', 'idDocument', 'phone'] } });
    expect(anonymous.body.message).toMatch(/real name/);
    await stack.api.patch(
      `/me/patients/${login.patient.id}`,
      { name: '实名患者', idType: 'resident_id', idNumber: identity().idNumber, phone: '13700001111' },
      { token: login.token },
    );
    expect(
      (await stack.api.post('/consultations', { kind: 'health_consult', departmentId: cardiology, question: '请问高血压要注意什么？' }, { token: login.token }))
        .status,
    ).toBe(201);
  });

  it('sends a question to the chosen doctor, and the pool’s to whoever claims it', async () => {
    const patient = await consentedPatient(stack);
    const doctor = (await stack.api.get<{ id: string; name: string }[]>(`/doctors?departmentId=${cardiology}`)).body.find((d) => d.name === '张伟')!;
    const direct = await ask(stack, patient.token, {
      kind: 'health_consult',
      departmentId: cardiology,
      doctorId: doctor.id,
      question: '请问张医生，降压药可以晚上吃吗？',
    });
    expect(direct.consultation.assigneeName).toBe('张伟医生');
    const mine = await stack.api.get<InboxPage>('/staff/consultations?box=mine', { token: zhang });
    expect(mine.body.items.map((c) => c.id)).toContain(direct.consultation.id);

    const pool = await question(patient.token);
    expect(pool.assigneeStaffId).toBeNull();
    const unassigned = await stack.api.get<InboxPage>('/staff/consultations?box=unassigned', { token: zhang });
    expect(unassigned.body.items.map((c) => c.id)).toContain(pool.id);
    expect(unassigned.body.counts.unassigned).toBeGreaterThanOrEqual(1);
    const claimed = await stack.api.post<ConsultationView>(`/consultations/${pool.id}/claim`, {}, { token: zhang });
    expect(claimed.status).toBe(200);
    expect(claimed.body.assigneeName).toBe('张伟医生');
    // A doctor of another department cannot claim it (nor see it).
    expect((await stack.api.post(`/consultations/${pool.id}/claim`, {}, { token: li })).status).toBe(404);
  });
});

describe('a consultation with a fee', () => {
  it('waits for WeChat Pay before the doctor sees it; unpaid, it is cancelled and its order closed', async () => {
    const paid = await stack.startPeer({ CONSULT_HEALTH_FEE: '1500' });
    const patient = await consentedPatient(stack);
    const started = await paid.api.post<ConsultationWithPayment>(
      '/consultations',
      { kind: 'health_consult', departmentId: cardiology, question: '想咨询一下体检报告里的血脂指标' },
      { token: patient.token },
    );
    expect(started.status).toBe(201);
    expect(started.body.consultation).toMatchObject({ status: 'pending_payment', fee: 1500, payment: { status: 'pending', amount: 1500 } });
    expect(started.body.payment).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
    const id = started.body.consultation.id;
    expect((await paid.api.post(`/consultations/${id}/messages`, { text: '补充一下' }, { token: patient.token })).body.code).toBe('CONSULTATION_NOT_PAID');

    await payAtSimulator(stack, patient.openid, started.body.payment!);
    let view: ConsultationView | undefined;
    for (let i = 0; i < 100 && view?.status !== 'waiting_doctor'; i++) {
      view = (await paid.api.get<ConsultationView>(`/consultations/${id}`, { token: patient.token })).body;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(view).toMatchObject({ status: 'waiting_doctor', payment: { status: 'paid' }, firstResponseDueAt: expect.any(String) });

    const unpaid = await paid.api.post<ConsultationWithPayment>(
      '/consultations',
      { kind: 'health_consult', departmentId: cardiology, question: '再问一个关于运动的问题' },
      { token: patient.token },
    );
    await withClock(16 * 60_000, () => runJobs(stack));
    const cancelled = await stack.api.get<ConsultationView>(`/consultations/${unpaid.body.consultation.id}`, { token: patient.token });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', payment: { status: 'closed' } });
  });
});

describe('real time', () => {
  it('delivers the doctor’s reply to the patient’s open socket, with read receipts both ways', async () => {
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    const patientSocket = await socket(patient.token);
    const doctorSocket = await socket(zhang);

    await stack.api.post(`/consultations/${c.id}/claim`, {}, { token: zhang });
    const reply = await say(zhang, c.id, '您好，请先连续三天早晚测量血压并记录。');
    const frame = await patientSocket.next((f) => f.type === 'message' && f.message.id === reply.id);
    expect(frame).toMatchObject({
      type: 'message',
      message: { seq: reply.seq, side: 'staff', authorName: '张伟医生', text: '您好，请先连续三天早晚测量血压并记录。' },
    });
    await patientSocket.next((f) => f.type === 'consultation' && f.consultationId === c.id && f.status === 'waiting_patient');

    const view = await stack.api.get<ConsultationView>(`/consultations/${c.id}`, { token: patient.token });
    // Unread: the "张伟医生已接诊" line and the reply.
    expect(view.body).toMatchObject({
      status: 'waiting_patient',
      unread: 2,
      firstRespondedAt: expect.any(String),
      lastMessagePreview: '您好，请先连续三天早晚测量血压并记录。',
    });
    expect((await stack.api.post(`/consultations/${c.id}/read`, { seq: reply.seq }, { token: patient.token })).status).toBe(204);
    await doctorSocket.next((f) => f.type === 'read' && f.consultationId === c.id && f.side === 'patient' && f.seq === reply.seq);
    expect((await stack.api.get<ConsultationView>(`/consultations/${c.id}`, { token: patient.token })).body.unread).toBe(0);

    const answer = await say(patient.token, c.id, '好的，我记录后发给您。');
    await doctorSocket.next((f) => f.type === 'message' && f.message.id === answer.id);
    const staffView = await stack.api.get<ConsultationView>(`/consultations/${c.id}`, { token: zhang });
    expect(staffView.body).toMatchObject({ status: 'waiting_doctor', unread: 1 });

    // A connected patient is not also sent a WeChat message.
    expect(await deliveryRows.count(stack, { patientId: patient.patientId, messageKind: 'doctor_replied' })).toBe(0);
  });

  it('stores a message sent again with its clientId (a retry after a lost answer) once, and answers the retry with it', async () => {
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    await stack.api.post(`/consultations/${c.id}/claim`, {}, { token: zhang });
    const send = () =>
      stack.api.post<ConsultMessageView>(`/consultations/${c.id}/messages`, { text: '请按时服药。', clientId: 'retry-0123456789' }, { token: zhang });
    const [first, second] = await Promise.all([send(), send()]);
    const third = await send();
    expect([first.status, second.status, third.status]).toEqual([201, 201, 201]);
    expect(new Set([first.body.id, second.body.id, third.body.id]).size).toBe(1);
    expect(await consultMessageRows.count(stack, { consultationId: c.id, clientId: 'retry-0123456789' })).toBe(1);
    // The consultation moved once: the reply is its last message, and it waits for the patient.
    const view = (await stack.api.get<ConsultationView>(`/consultations/${c.id}`, { token: zhang })).body;
    expect(view).toMatchObject({ status: 'waiting_patient', lastSeq: first.body.seq, lastMessagePreview: '请按时服药。' });
  });

  it('gives a reconnecting patient everything missed, in order, and nothing twice', async () => {
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    await stack.api.post(`/consultations/${c.id}/claim`, {}, { token: zhang });
    const first = await socket(patient.token);
    const m1 = await say(zhang, c.id, '第一条：请问您目前在服用哪些药物？');
    await first.next((f) => f.type === 'message' && f.message.id === m1.id);
    await first.closeAndWait();

    const missed = [];
    for (const text of ['第二条：氨氯地平每天几次？', '第三条：有没有胸闷的情况？', '第四条：建议近期来门诊复查。']) missed.push(await say(zhang, c.id, text));
    await stack.api.post(`/consultations/${c.id}/notes`, { text: '患者依从性一般，注意随访' }, { token: zhang });

    const again = await socket(patient.token);
    again.send({ type: 'sync', consultationId: c.id, afterSeq: m1.seq });
    const synced = await again.next((f) => f.type === 'synced' && f.consultationId === c.id);
    const got = again.messages(c.id);
    expect(got.map((m) => m.text)).toEqual(missed.map((m) => m.text));
    expect(got.map((m) => m.seq)).toEqual([...got.map((m) => m.seq)].sort((a, b) => a - b));
    // The private note took a seq but never reaches the patient.
    expect(synced).toMatchObject({ lastSeq: missed[2]!.seq + 1 });
    expect(got.some((m) => m.kind === 'note')).toBe(false);

    const history = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages?afterSeq=0`, { token: patient.token });
    // 1 the question, 2 "已接诊", then the replies (the note's seq is skipped).
    expect(history.body.items.map((m) => m.seq)).toEqual([1, 2, m1.seq, ...missed.map((m) => m.seq)]);
  });

  it('refuses a socket that does not authenticate, and one with a bad token', async () => {
    const silent = await ChatSocket.open(stack.api);
    sockets.push(silent);
    silent.send({ type: 'sync', consultationId: '01J00000000000000000000000', afterSeq: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(silent.closed?.code).toBe(4401);

    const forged = await ChatSocket.open(stack.api);
    sockets.push(forged);
    forged.send({ type: 'auth', token: 'not-a-token' });
    await new Promise((r) => setTimeout(r, 300));
    expect(forged.closed?.code).toBe(4401);
  });

  it('sends "医生已回复" through WeChat to a patient who is not connected, once per answered question', async () => {
    const patient = await consentedPatient(stack);
    const template = stack.config.templates.doctor_replied;
    await allowMessages(stack, patient, 'doctor_replied', 2);

    const c = await question(patient.token);
    await stack.api.post(`/consultations/${c.id}/claim`, {}, { token: zhang });
    await say(zhang, c.id, '建议低盐饮食，每天食盐不超过5克。');
    await say(zhang, c.id, '另外请保证睡眠。');
    await runJobs(stack);
    // At night the message waits for the end of quiet hours: run the jobs at that time.
    const delivery = await deliveryRows.one(stack, { patientId: patient.patientId, messageKind: 'doctor_replied' });
    if (delivery.status === 'queued') await withClockAt(stack, new Date(delivery.notBefore.getTime() + 60_000), () => runJobs(stack));

    const received = (
      await simControl<{ messages: { template_id: string; data: Record<string, { value: string }> }[] }>(
        stack.simUrl,
        'GET',
        `/__sim/messages?openid=${patient.openid}`,
      )
    ).messages.filter((m) => m.template_id === template.id);
    expect(received).toHaveLength(1);
    expect(received[0]!.data.name1!.value).toBe('张伟医生');
    expect(received[0]!.data.thing2!.value).toContain('低盐饮食');
  });
});

describe('content security', () => {
  it('refuses risky text, holds text for review, and shows it once service staff approve', async () => {
    const patient = await consentedPatient(stack);
    const risky = await stack.api.post(
      '/consultations',
      { kind: 'health_consult', departmentId: cardiology, question: '有人卖包治百病的药吗' },
      { token: patient.token },
    );
    expect(risky.status).toBe(422);
    expect(risky.body.code).toBe('CONSULT_CONTENT_RISKY');

    const c = await question(patient.token);
    await stack.api.post(`/consultations/${c.id}/claim`, {}, { token: zhang });
    const before = await consultMessageRows.count(stack, { consultationId: c.id });
    const refused = await stack.api.post(`/consultations/${c.id}/messages`, { text: '这是违禁词内容' }, { token: patient.token });
    expect(refused.status).toBe(422);
    expect(await consultMessageRows.count(stack, { consultationId: c.id })).toBe(before);
    // Doctors are checked too.
    expect((await stack.api.post(`/consultations/${c.id}/messages`, { text: '违禁词' }, { token: zhang })).status).toBe(422);

    const held = await say(patient.token, c.id, '朋友推荐了一个偏方，可以试试吗？');
    expect(held.state).toBe('held');
    const doctorView = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages`, { token: zhang });
    expect(doctorView.body.items.map((m) => m.id)).not.toContain(held.id);
    const patientView = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages`, { token: patient.token });
    expect(patientView.body.items.find((m) => m.id === held.id)?.state).toBe('held');

    expect((await stack.api.get('/staff/consult-reviews', { token: zhang })).status).toBe(403);
    const queue = await stack.api.get<ConsultReviewItem[]>('/staff/consult-reviews', { token: service });
    expect(queue.body.find((i) => i.message.id === held.id)).toMatchObject({ consultationId: c.id, departmentName: '心血管内科', label: 21000 });
    // Service staff judge the words, not the person: the patient's name is masked for them, not for clinical staff.
    expect(queue.body.find((i) => i.message.id === held.id)?.message.authorName).toBe('王*明');
    const adminQueue = await stack.api.get<ConsultReviewItem[]>('/staff/consult-reviews', { token: await staffLogin(stack, 'admin') });
    expect(adminQueue.body.find((i) => i.message.id === held.id)?.message.authorName).toBe('王小明');
    const doctorSocket = await socket(zhang);
    const approved = await stack.api.post<ConsultMessageView>(`/staff/consult-reviews/${held.id}`, { decision: 'approve' }, { token: service });
    expect(approved.body.state).toBe('visible');
    await doctorSocket.next((f) => f.type === 'message' && f.message.id === held.id && f.message.state === 'visible');
    expect((await stack.api.post(`/staff/consult-reviews/${held.id}`, { decision: 'reject' }, { token: service })).body.code).toBe(
      'CONSULT_REVIEW_NOT_PENDING',
    );
  });
});

describe('the doctor’s desk', () => {
  it('escalates an unanswered consultation to the department lead when the first-response target passes', async () => {
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    const lead = await socket(zhang);
    await withClock(121 * 60_000, async () => {
      await runJobs(stack);
      // Two hours on, the morning's token has expired: sign in again.
      const overdue = await stack.api.get<InboxPage>('/staff/consultations?box=overdue', { token: await staffLogin(stack, 'doctor.zhang') });
      if (overdue.status !== 200) throw new Error(JSON.stringify(overdue.body));
      const item = overdue.body.items.find((i) => i.id === c.id);
      expect(item).toMatchObject({ overdue: true, escalatedAt: expect.any(String) });
    });
    await lead.next((f) => f.type === 'message' && f.message.consultationId === c.id && f.message.kind === 'note');
    // Stored as a code with parameters, rendered for each reader in their language.
    const notes = await consultMessageRows.find(stack, { consultationId: c.id, kind: 'note' });
    expect(notes[0]).toMatchObject({ systemCode: 'escalated', systemParams: { minutes: 120, leadName: '张伟医生' }, text: null });
    const asLead = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages`, { token: zhang });
    expect(asLead.body.items.find((m) => m.kind === 'note')?.text).toBe('超过首次回复时限（120 分钟）仍未回复，已升级至科室负责人张伟医生。');
    const inEnglish = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages`, { token: zhang, language: 'en' });
    expect(inEnglish.body.items.find((m) => m.kind === 'note')?.text).toBe('No first reply within 120 minutes: escalated to the department lead, 张伟医生.');
    // The patient never sees the escalation note.
    const patientView = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages`, { token: patient.token });
    expect(patientView.body.items.some((m) => m.kind === 'note')).toBe(false);
  });

  it('closes a quiet consultation by itself, and lets the patient rate it once', async () => {
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    await stack.api.post(`/consultations/${c.id}/claim`, {}, { token: zhang });
    await say(zhang, c.id, '血压控制得不错，继续保持。');
    expect((await stack.api.post(`/consultations/${c.id}/rating`, { score: 5 }, { token: patient.token })).body.code).toBe('CONSULT_NOT_RATABLE');
    await withClock(49 * 3_600_000, () => runJobs(stack));
    const closed = await stack.api.get<ConsultationView>(`/consultations/${c.id}`, { token: patient.token });
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'auto' });
    expect((await stack.api.post(`/consultations/${c.id}/messages`, { text: '还在吗' }, { token: patient.token })).body.code).toBe('CONSULTATION_CLOSED');
    const rated = await stack.api.post<ConsultationView>(`/consultations/${c.id}/rating`, { score: 5, comment: '回复很及时' }, { token: patient.token });
    expect(rated.body.rating).toMatchObject({ score: 5, comment: '回复很及时' });
    expect((await stack.api.post(`/consultations/${c.id}/rating`, { score: 1 }, { token: patient.token })).body.code).toBe('CONSULT_ALREADY_RATED');
  });

  it('arms one auto-close per wait for the patient: a later answer moves the close later without a job of its own', async () => {
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    await stack.api.post(`/consultations/${c.id}/claim`, {}, { token: zhang });
    const closeJobs = async () =>
      (await jobRows.find(stack, { kind: 'consultations.auto-close' })).filter((j) => j.payload.consultationId === c.id && j.status === 'queued').length;
    await say(zhang, c.id, '请每天早晚各测一次血压。');
    await say(zhang, c.id, '记录下来，下次带给我看。');
    expect(await closeJobs()).toBe(1);

    // A day later the doctor answers again: the close moves to 48 h after that answer; the first job re-arms itself.
    await withClock(24 * 3_600_000, async () => say(await staffLogin(stack, 'doctor.zhang'), c.id, '今天的血压是多少？'));
    await withClock(49 * 3_600_000, () => runJobs(stack));
    expect((await consultationRows.one(stack, { id: c.id })).status).toBe('waiting_patient');
    await withClock(73 * 3_600_000, () => runJobs(stack));
    expect((await consultationRows.one(stack, { id: c.id })).status).toBe('closed');
  });

  it('reads and writes a consultation on the lean path exactly as TypeORM does (types, nulls, dates, the update time)', async () => {
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    await stack.api.post(`/consultations/${c.id}/claim`, {}, { token: zhang });
    await say(zhang, c.id, '请每天早晚各测一次血压。');
    const typeorm = await consultationRows.one(stack, { id: c.id });
    expect(await leanConsultation(stack, c.id)).toEqual(typeorm);
    expect(await leanConsultation(stack, '01ZZZZZZZZZZZZZZZZZZZZZZZZ')).toBeNull();

    const closeAt = new Date(Date.UTC(2027, 0, 2, 3, 4, 5, 678));
    expect(await leanUpdateConsultation(stack, c.id, { autoCloseAt: closeAt, lastPreview: null, lastSeq: typeorm.lastSeq + 5 })).toBe(1);
    const after = await consultationRows.one(stack, { id: c.id });
    expect(after).toMatchObject({ autoCloseAt: closeAt, lastPreview: null, lastSeq: typeorm.lastSeq + 5, subject: typeorm.subject });
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(typeorm.updatedAt.getTime());
    expect(await leanConsultation(stack, c.id)).toEqual(after);
  });

  it('arms the auto-close again after the patient writes and the doctor answers', async () => {
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    await stack.api.post(`/consultations/${c.id}/claim`, {}, { token: zhang });
    const closeJobs = async () => (await jobRows.find(stack, { kind: 'consultations.auto-close' })).filter((j) => j.payload.consultationId === c.id).length;
    await say(zhang, c.id, '请每天早晚各测一次血压。');
    await say(patient.token, c.id, '好的，昨晚是150/95。');
    expect((await consultationRows.one(stack, { id: c.id })).autoCloseAt).toBeNull();
    await say(zhang, c.id, '偏高，明天上午来门诊。');
    expect(await closeJobs()).toBe(2);
  });

  it('transfers to a case manager, keeps notes private, offers canned replies, and audits the patient panel', async () => {
    const patient = await consentedPatient(stack);
    await addVisit(stack, { patientId: patient.patientId, departmentCode: 'CARD', daysAgo: 10 });
    const c = await question(patient.token);
    await stack.api.post(`/consultations/${c.id}/claim`, {}, { token: zhang });

    const saved = await stack.api.post('/staff/canned-replies', { scope: 'mine', title: '测血压', text: '请早晚各测一次血压并记录。' }, { token: zhang });
    expect(saved.status).toBe(201);
    await stack.api.post('/staff/canned-replies', { scope: 'department', title: '门诊时间', text: '心内科门诊周一至周五上午开放。' }, { token: zhang });
    const replies = await stack.api.get<{ title: string; editable: boolean }[]>('/staff/canned-replies', { token: zhang });
    expect(replies.body.map((r) => r.title)).toEqual(expect.arrayContaining(['测血压', '门诊时间']));
    expect((await stack.api.get<{ title: string }[]>('/staff/canned-replies', { token: li })).body.map((r) => r.title)).not.toContain('测血压');

    const panelReads = () => auditRows.count(stack, { patientId: patient.patientId, action: 'patient.read' });
    const readsBefore = await panelReads();
    const summary = await stack.api.get(`/consultations/${c.id}/patient-summary`, { token: zhang });
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ patientId: patient.patientId, name: '王小明', visits: [expect.objectContaining({ departmentName: '心血管内科' })] });
    expect(summary.body).toMatchObject({ tier: 'lead', tags: [], followUps: [] });
    expect(await panelReads()).toBe(readsBefore + 1);
    // What the other modules know of the patient shows beside the chat too: the member tier (membership), the tags on
    // the record, and the follow-up plans the reader may see (follow-ups), in the reader's language.
    await recordHisVisit(stack, { patientId: patient.patientId, departmentCode: 'CARD', daysAgo: 20, amountSpent: 1_000_000 });
    expect((await stack.api.request('PUT', `/patients/${patient.patientId}/tags`, { tags: ['hypertension'] }, { token: zhang })).status).toBe(200);
    const template = (await stack.api.get<{ id: string; key: string; name: string }[]>('/followups/templates', { token: zhang })).body[0]!;
    const enrolled = await stack.api.post<{ id: string }>('/followups/enrolments', { patientId: patient.patientId, templateId: template.id }, { token: zhang });
    expect(enrolled.status).toBe(201);
    const enriched = await stack.api.get(`/consultations/${c.id}/patient-summary`, { token: zhang, language: 'en' });
    expect(enriched.body).toMatchObject({ tier: 'gold', tags: ['hypertension'], followUps: [{ id: enrolled.body.id, status: 'active' }] });
    const englishName = (await stack.api.get<{ id: string; name: string }[]>('/followups/templates', { token: zhang, language: 'en' })).body.find(
      (t) => t.id === template.id,
    )!.name;
    expect(enriched.body.followUps[0].title).toBe(englishName);

    const targets = await stack.api.get<{ staffId: string; displayName: string; roles: string[] }[]>(`/consultations/${c.id}/transfer-targets`, {
      token: zhang,
    });
    const cm = targets.body.find((t) => t.roles.includes('case_manager'))!;
    expect(cm).toBeDefined();
    const moved = await stack.api.post<ConsultationView>(`/consultations/${c.id}/transfer`, { staffId: cm.staffId, note: '请安排出院随访' }, { token: zhang });
    expect(moved.body.assigneeStaffId).toBe(cm.staffId);
    const caseManager = await staffLogin(stack, 'cm.chen');
    const asCm = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages`, { token: caseManager });
    expect(asCm.status).toBe(200);
    expect(asCm.body.items.some((m) => m.kind === 'note' && m.text?.includes('请安排出院随访'))).toBe(true);
    const asPatient = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages`, { token: patient.token });
    expect(asPatient.body.items.some((m) => m.kind === 'note')).toBe(false);
    expect(asPatient.body.items.some((m) => m.kind === 'system' && m.text?.includes('个案管理师'))).toBe(true);
    // Only the doctors of the department or case managers can take it.
    expect((await stack.api.post(`/consultations/${c.id}/transfer`, { staffId: await staffIdOf('marketing.liu') }, { token: caseManager })).body.code).toBe(
      'CONSULT_TRANSFER_TARGET_INVALID',
    );
  });
});

async function staffIdOf(username: string): Promise<string> {
  return (await staffRows.one(stack, { username })).id;
}

/** Uploads a picture as the mini-program does (multipart, field `file`). */
async function upload(token: string, id: string, bytes: Buffer, name = 'x.png'): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${stack.api.baseUrl}/api/v1/consultations/${id}/images`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}

async function fetchImage(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(`${stack.api.baseUrl}${url}`);
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A photo made with sharp: `width` × `height`, with EXIF as a phone writes it when asked. */
function photo(width: number, height: number, options: { exif?: Record<string, Record<string, string>>; orientation?: number } = {}): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i % 3) * 90 + ((i / (width * 3)) % 60);
  let image = sharp(pixels, { raw: { width, height, channels: 3 } });
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  if (options.exif) image = image.withExifMerge(options.exif);
  return image.jpeg({ quality: 80 }).toBuffer();
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const messageState = (id: string) => consultMessageRows.one(stack, { id }).then((m) => m.state);
const stateBecomes = (id: string, state: string) => until(async () => ((await messageState(id)) === state ? state : undefined), `message ${id} to be ${state}`);

/** The simulator's record of WeChat's media check for this picture (asked with its signed address). */
async function simCheckFor(messageId: string): Promise<any> {
  return until(async () => {
    const { checks } = await simControl<{ checks: { mediaUrl: string }[] }>(stack.simUrl, 'GET', '/__sim/media-checks');
    return checks.find((c) => c.mediaUrl.includes(`/consultations/images/${messageId}?`));
  }, `the media check of ${messageId}`);
}

function signedPush(body: object, options: { token?: string; timestamp?: number } = {}): Promise<Response> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  const signature = createHash('sha1')
    .update([options.token ?? TEST_PUSH_TOKEN, timestamp, nonce].sort().join(''))
    .digest('hex');
  return fetch(`${stack.api.baseUrl}/api/v1/wechat/push?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const verdictEvent = (traceId: string, suggest: string, openid: string) => ({
  ToUserName: 'gh_0123456789ab',
  FromUserName: openid,
  CreateTime: Math.floor(Date.now() / 1000),
  MsgType: 'event',
  Event: 'wxa_media_check',
  appid: stack.config.wechat.appid,
  trace_id: traceId,
  version: 2,
  detail: [{ strategy: 'content_model', errcode: 0, suggest, label: 100, prob: 90 }],
  errcode: 0,
  errmsg: 'ok',
  result: { suggest, label: 100 },
});

describe('images', () => {
  /** A 1×1 PNG (a well-formed one: pictures that do not decode are refused). */
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

  it('keeps images behind signed links that only their readers get', async () => {
    const patient = await consentedPatient(stack);
    const other = await consentedPatient(stack, '李四');
    const c = await question(patient.token);
    const sent = await upload(patient.token, c.id, png);
    expect(sent.status).toBe(201);
    // Stored as what was decoded, re-encoded: always a JPEG.
    expect(sent.body).toMatchObject({ kind: 'image', image: { contentType: 'image/jpeg', size: expect.any(Number) } });
    const url = `${stack.api.baseUrl}${sent.body.image.url}`;
    const fetched = await fetch(url);
    if (fetched.status !== 200) throw new Error(`${url} ${await fetched.text()}`);
    expect(fetched.headers.get('content-type')).toBe('image/jpeg');
    const stored = Buffer.from(await fetched.arrayBuffer());
    expect(stored.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(stored.length).toBe(sent.body.image.size);
    expect(await sharp(stored).metadata()).toMatchObject({ format: 'jpeg', width: 1, height: 1 });

    const tampered = url.replace(/sig=(.)/, (_all, first: string) => `sig=${first === 'A' ? 'B' : 'A'}`);
    expect((await fetch(tampered)).status).toBe(403);
    expect((await fetch(url.replace(/exp=\d+/, 'exp=9999999999'))).status).toBe(403);
    // Another patient cannot reach the consultation, so never gets a link.
    expect((await stack.api.get(`/consultations/${c.id}/messages`, { token: other.token })).status).toBe(404);

    const fake = await upload(patient.token, c.id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.png');
    expect(fake).toMatchObject({ status: 415, body: { code: 'CONSULT_IMAGE_INVALID' } });
    const huge = await upload(patient.token, c.id, Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]));
    expect(huge).toMatchObject({ status: 413, body: { code: 'CONSULT_IMAGE_TOO_LARGE' } });
    await stateBecomes(sent.body.id, 'visible'); // the simulator's media check passes it
  });

  it('stores only what decodes, re-encoded: no HTML behind JPEG bytes, no EXIF GPS position, upright and at most 2048 px', async () => {
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    const html = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');

    // JPEG's first bytes, then a web page: nothing decodes, nothing is stored.
    const disguised = await upload(patient.token, c.id, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), html]), 'x.jpg');
    expect(disguised).toMatchObject({ status: 415, body: { code: 'CONSULT_IMAGE_INVALID' } });
    // A real JPEG with a web page after it decodes; the page is not in what is stored and served.
    const appended = await upload(patient.token, c.id, Buffer.concat([await photo(64, 48), html]), 'x.jpg');
    expect(appended.status).toBe(201);
    const served = await fetchImage(appended.body.image.url);
    expect(served.type).toBe('image/jpeg');
    expect(served.bytes.includes(Buffer.from('<script'))).toBe(false);
    expect(served.bytes.includes(Buffer.from('<html'))).toBe(false);

    // A phone photo: GPS position and a sideways EXIF orientation (6: turn 90° clockwise to view).
    const gps = { GPSLatitudeRef: 'N', GPSLatitude: '31/1 13/1 5/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 9/1' };
    const located = await photo(300, 200, { orientation: 6, exif: { IFD0: { Make: 'PhonyPhone', Model: 'X1' }, IFD3: gps } });
    const before = await sharp(located).metadata();
    expect(before).toMatchObject({ width: 300, height: 200, orientation: 6 });
    expect(before.exif!.includes(Buffer.from([0x88, 0x25])) || before.exif!.includes(Buffer.from([0x25, 0x88]))).toBe(true); // the GPS IFD pointer
    const sent = await upload(patient.token, c.id, located, 'IMG_0001.jpg');
    expect(sent.status).toBe(201);
    const stored = await fetchImage(sent.body.image.url);
    const after = await sharp(stored.bytes).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 200, height: 300 }); // turned upright
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(stored.bytes.includes(Buffer.from('PhonyPhone'))).toBe(false);

    // A large photo is brought down to 2048 px on its long side; transparency goes on white.
    const large = await upload(patient.token, c.id, await photo(3000, 1500), 'big.jpg');
    expect(await sharp((await fetchImage(large.body.image.url)).bytes).metadata()).toMatchObject({ width: 2048, height: 1024 });
    const clear = await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const flattened = await upload(patient.token, c.id, clear, 'clear.png');
    const pixel = await sharp((await fetchImage(flattened.body.image.url)).bytes)
      .raw()
      .toBuffer();
    expect([...pixel.subarray(0, 3)].every((v) => v > 245)).toBe(true);

    // Staff pictures are re-encoded too, and shown at once: WeChat's media check needs an openid, staff have none.
    await stack.api.post(`/consultations/${c.id}/claim`, {}, { token: zhang });
    const checksBefore = (await simControl(stack.simUrl, 'GET', '/__sim/media-checks')).checks.length;
    const fromDoctor = await upload(zhang, c.id, located, 'ecg.jpg');
    expect(fromDoctor.body).toMatchObject({ state: 'visible', side: 'staff', image: { contentType: 'image/jpeg' } });
    expect((await sharp((await fetchImage(fromDoctor.body.image.url)).bytes).metadata()).exif).toBeUndefined();
    expect((await simControl(stack.simUrl, 'GET', '/__sim/media-checks')).checks.length).toBe(checksBefore);
  });
});

describe('WeChat’s media check of patients’ pictures', () => {
  afterEach(async () => {
    await simControl(stack.simUrl, 'POST', '/__sim/media-checks/settings', { delayMs: 0 });
    await simControl(stack.simUrl, 'DELETE', '/__sim/media-checks/rules');
    await simControl(stack.simUrl, 'DELETE', '/__sim/faults');
  });

  it('shows a picture only to its author until WeChat passes it, then to the doctor live', async () => {
    await simControl(stack.simUrl, 'POST', '/__sim/media-checks/settings', { delayMs: null }); // the verdict waits
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    const doctor = await socket(zhang);
    const own = await socket(patient.token);

    const sent = await upload(patient.token, c.id, await photo(120, 90), 'ankle.jpg');
    expect(sent).toMatchObject({ status: 201, body: { kind: 'image', side: 'patient', state: 'checking' } });
    const check = await simCheckFor(sent.body.id);
    expect(check).toMatchObject({ openid: patient.openid, mediaType: 2, scene: 2, state: 'pending' });
    expect(check.mediaUrl.startsWith(`${stack.api.baseUrl}/api/v1/consultations/images/${sent.body.id}?exp=`)).toBe(true);
    expect(await consultMessageRows.one(stack, { id: sent.body.id })).toMatchObject({ state: 'checking', mediaTraceId: check.traceId });

    // The author sees it as being checked; the doctor sees nothing of it, by REST or on the socket.
    await own.next((f) => f.type === 'message' && f.message.id === sent.body.id && f.message.state === 'checking');
    const mine = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages`, { token: patient.token });
    expect(mine.body.items.find((m) => m.id === sent.body.id)?.state).toBe('checking');
    const theirs = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages`, { token: zhang });
    expect(theirs.body.items.some((m) => m.id === sent.body.id)).toBe(false);
    const listed = await stack.api.get<ConsultationView>(`/consultations/${c.id}`, { token: zhang });
    expect(listed.body.lastMessagePreview).not.toBe('[图片]');

    // WeChat says pass: the doctor gets it on the socket at once, and the list line says 图片.
    await simControl(stack.simUrl, 'POST', `/__sim/media-checks/${check.traceId}/push`, {});
    const frame = await doctor.next((f) => f.type === 'message' && f.message.id === sent.body.id);
    expect(frame).toMatchObject({ message: { state: 'visible', kind: 'image', image: { contentType: 'image/jpeg' } } });
    await own.next((f) => f.type === 'message' && f.message.id === sent.body.id && f.message.state === 'visible');
    expect(doctor.messages(c.id).filter((m) => m.kind === 'image')).toHaveLength(1);
    const now = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages`, { token: zhang });
    expect(now.body.items.find((m) => m.id === sent.body.id)?.state).toBe('visible');
    expect((await stack.api.get<ConsultationView>(`/consultations/${c.id}`, { token: zhang })).body.lastMessagePreview).toBe('[图片]');

    // WeChat downloaded exactly what the server stores and serves.
    const downloaded = (await simControl(stack.simUrl, 'GET', `/__sim/media-checks/${check.traceId}`)).download;
    const stored = await fetchImage(frame.type === 'message' ? frame.message.image!.url : '');
    expect(downloaded).toMatchObject({
      status: 200,
      bytes: stored.bytes.length,
      contentType: 'image/jpeg',
      sha256: createHash('sha256').update(stored.bytes).digest('hex'),
    });
  });

  it('rejects what WeChat calls risky and holds what it wants reviewed for service staff', async () => {
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    const doctor = await socket(zhang);

    await simControl(stack.simUrl, 'POST', '/__sim/media-checks/rules', { rules: [{ suggest: 'risky', times: 1 }] });
    const risky = await upload(patient.token, c.id, await photo(80, 60), 'risky.jpg');
    expect(risky.status).toBe(201);
    await stateBecomes(risky.body.id, 'rejected');
    expect((await consultMessageRows.one(stack, { id: risky.body.id })).securityLabel).toBe(20002);
    const seen = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages`, { token: patient.token });
    expect(seen.body.items.find((m) => m.id === risky.body.id)?.state).toBe('rejected');

    await simControl(stack.simUrl, 'POST', '/__sim/media-checks/rules', { rules: [{ suggest: 'review', label: 21000, times: 1 }] });
    const unsure = await upload(patient.token, c.id, await photo(80, 60), 'unsure.jpg');
    await stateBecomes(unsure.body.id, 'held');
    const queue = await stack.api.get<ConsultReviewItem[]>('/staff/consult-reviews', { token: service });
    expect(queue.body.find((i) => i.message.id === unsure.body.id)).toMatchObject({ consultationId: c.id, label: 21000, message: { kind: 'image' } });
    const doctorView = await stack.api.get<ConsultMessagesPage>(`/consultations/${c.id}/messages`, { token: zhang });
    expect(doctorView.body.items.some((m) => m.id === risky.body.id || m.id === unsure.body.id)).toBe(false);
    expect(doctor.frames.some((f) => f.type === 'message' && (f.message.id === risky.body.id || f.message.id === unsure.body.id))).toBe(false);

    // A person approves it: now the doctor sees it.
    await stack.api.post(`/staff/consult-reviews/${unsure.body.id}`, { decision: 'approve' }, { token: service });
    await doctor.next((f) => f.type === 'message' && f.message.id === unsure.body.id && f.message.state === 'visible');
  });

  it('refuses forged and stale pushes (401, nothing changes), answers WeChat’s URL check, and applies a signed verdict once', async () => {
    await simControl(stack.simUrl, 'POST', '/__sim/media-checks/settings', { delayMs: null });
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    const sent = await upload(patient.token, c.id, await photo(80, 60), 'x.jpg');
    const { traceId } = await simCheckFor(sent.body.id);
    const pass = verdictEvent(traceId, 'pass', patient.openid);

    const unsigned = await fetch(`${stack.api.baseUrl}/api/v1/wechat/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pass),
    });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { code: string }).code).toBe('WECHAT_PUSH_REJECTED');
    expect((await signedPush(pass, { token: 'SomeoneElsesToken' })).status).toBe(401);
    expect((await signedPush(pass, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    expect((await signedPush(pass, { timestamp: Math.floor(Date.now() / 1000) + 600 })).status).toBe(401);
    expect(await messageState(sent.body.id)).toBe('checking');

    // The URL check WeChat makes when the push URL is saved (through the simulator, and by hand).
    expect(await simControl(stack.simUrl, 'POST', '/__sim/message-push/verify', {})).toMatchObject({ ok: true, status: 200 });
    const forgedCheck = await fetch(
      `${stack.api.baseUrl}/api/v1/wechat/push?signature=${'0'.repeat(40)}&timestamp=${Math.floor(Date.now() / 1000)}&nonce=1&echostr=123`,
    );
    expect(forgedCheck.status).toBe(401);

    // Signed, but about nothing asked (another trace id, another kind of event): answered, and nothing changes.
    expect(await (await signedPush(verdictEvent('00000000-00000000-00000000', 'pass', patient.openid))).text()).toBe('success');
    expect(await (await signedPush({ MsgType: 'event', Event: 'user_enter_tempsession', FromUserName: patient.openid })).text()).toBe('success');
    expect(await messageState(sent.body.id)).toBe('checking');

    // A duplicate of a verdict is applied once: the first decides.
    const risky = verdictEvent(traceId, 'risky', patient.openid);
    const first = await signedPush(risky);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('success');
    expect(await messageState(sent.body.id)).toBe('rejected');
    expect(await (await signedPush(pass)).text()).toBe('success'); // a different body with the same trace id: already decided
    expect(await messageState(sent.body.id)).toBe('rejected');
  });

  it('keeps the picture checking while WeChat cannot be reached, and the job asks again', async () => {
    const patient = await consentedPatient(stack);
    const c = await question(patient.token);
    const doctor = await socket(zhang);
    await simControl(stack.simUrl, 'POST', '/__sim/faults', { rules: [{ path: '/wxa/media_check_async', status: 503, times: 1 }] });
    const sent = await upload(patient.token, c.id, await photo(80, 60), 'x.jpg');
    expect(sent).toMatchObject({ status: 201, body: { state: 'checking' } });
    expect(await consultMessageRows.one(stack, { id: sent.body.id })).toMatchObject({ state: 'checking', mediaTraceId: null });
    const log = (await simControl(stack.simUrl, 'GET', '/__sim/log?limit=50')).calls;
    expect(log.some((call: { path: string; status: number }) => call.path === '/wxa/media_check_async' && call.status === 503)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await messageState(sent.body.id)).toBe('checking');
    expect(doctor.frames.some((f) => f.type === 'message' && f.message.id === sent.body.id)).toBe(false);

    // Half a minute later the job asks again; WeChat answers, passes it, and the doctor sees it.
    await withClock(31_000, () => runJobs(stack));
    const check = await simCheckFor(sent.body.id);
    expect(await consultMessageRows.one(stack, { id: sent.body.id })).toMatchObject({ mediaTraceId: check.traceId });
    await doctor.next((f) => f.type === 'message' && f.message.id === sent.body.id && f.message.state === 'visible');

    // WeChat refusing the ask for good (an argument it will never take): service staff look at it instead.
    await simControl(stack.simUrl, 'POST', '/__sim/faults', { rules: [{ path: '/wxa/media_check_async', errcode: 47003, times: 2 }] });
    const refused = await upload(patient.token, c.id, await photo(80, 60), 'y.jpg');
    expect(refused.body.state).toBe('checking');
    await withClock(31_000, () => runJobs(stack));
    expect(await messageState(refused.body.id)).toBe('held');
  });
});

describe('who may read a chat', () => {
  it('keeps a consultation to its patient, its department and its assignee; marketing reads none', async () => {
    const patient = await consentedPatient(stack);
    const other = await consentedPatient(stack, '赵六');
    const c = await question(patient.token);
    await say(patient.token, c.id, '补充一下，我今年65岁。');

    for (const path of [`/consultations/${c.id}`, `/consultations/${c.id}/messages`]) {
      expect((await stack.api.get(path, { token: other.token })).status).toBe(404);
      expect((await stack.api.get(path, { token: li })).status).toBe(404);
      const asMarketing = await stack.api.get(path, { token: marketing });
      expect(asMarketing.status).toBe(403);
      expect(asMarketing.body.code).toBe('FORBIDDEN_ROLE');
    }
    expect((await stack.api.post(`/consultations/${c.id}/messages`, { text: '我是别人' }, { token: other.token })).status).toBe(404);
    expect((await stack.api.get('/staff/consultations?box=unassigned', { token: marketing })).status).toBe(403);
    expect((await stack.api.get(`/consultations/${c.id}/patient-summary`, { token: li })).status).toBe(404);
    expect((await stack.api.get('/consultations', { token: zhang })).status).toBe(403);

    // A doctor of the department reads it, and that read is audited (the refused ones above were not reads).
    const chatReads = () => auditRows.count(stack, { action: 'consultation.read', resourceId: c.id });
    expect(await chatReads()).toBe(0);
    expect((await stack.api.get(`/consultations/${c.id}/messages`, { token: zhang })).status).toBe(200);
    expect(await chatReads()).toBe(1);

    // Sockets follow the same rule: another patient's sync is refused, marketing's socket gets no chat events.
    const otherSocket = await socket(other.token);
    otherSocket.send({ type: 'sync', consultationId: c.id, afterSeq: 0 });
    expect(await otherSocket.next((f) => f.type === 'error')).toMatchObject({ code: 'CONSULTATION_NOT_FOUND' });
    const marketingSocket = await socket(marketing);
    await say(patient.token, c.id, '还有一个问题。');
    await new Promise((r) => setTimeout(r, 200));
    expect(marketingSocket.frames.filter((f) => f.type === 'message')).toHaveLength(0);
    expect(otherSocket.frames.filter((f) => f.type === 'message')).toHaveLength(0);
  });
});

describe('several server instances', () => {
  let redisStack: Stack;
  beforeAll(async () => {
    redisStack = await startStack({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0' });
    await seed(redisStack);
  });
  afterAll(() => redisStack.close());

  it('carries a message posted on one instance to a socket on another through Redis, and knows the patient is connected there', async () => {
    const peer = await redisStack.startPeer();
    const patient = await consentedPatient(redisStack);
    const doctor = await staffLogin(redisStack, 'doctor.zhang');
    const card = await departmentId(redisStack, 'CARD');
    const c = (await ask(redisStack, patient.token, { kind: 'health_consult', departmentId: card, question: '心跳有时候很快，需要做什么检查？' })).consultation;

    const onPeer = await ChatSocket.open(peer.api, patient.token);
    sockets.push(onPeer);
    const doctorOnMain = await ChatSocket.open(redisStack.api, doctor);
    sockets.push(doctorOnMain);
    await redisStack.api.post(`/consultations/${c.id}/claim`, {}, { token: doctor });
    const reply = await say(doctor, c.id, '建议做一个24小时动态心电图。', redisStack.api);
    expect(await onPeer.next((f) => f.type === 'message' && f.message.id === reply.id)).toMatchObject({ message: { text: '建议做一个24小时动态心电图。' } });

    const answer = await say(patient.token, c.id, '好的，在哪里预约？', peer.api);
    await doctorOnMain.next((f) => f.type === 'message' && f.message.id === answer.id);
    // Connected on the other instance: no WeChat notification for the second reply either.
    await say(doctor, c.id, '在预约页面选择心电图室即可。', redisStack.api);
    expect(await deliveryRows.count(redisStack, { patientId: patient.patientId, messageKind: 'doctor_replied' })).toBe(0);
    expect(await consultationRows.count(redisStack, { id: c.id, status: 'waiting_patient' })).toBe(1);
  });
});
