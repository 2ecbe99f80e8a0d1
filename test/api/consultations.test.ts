import type { ConsultationView, ConsultationWithPayment, ConsultMessagesPage, ConsultMessageView, ConsultReviewItem, InboxPage } from '@yiban/shared';
import {
  addVisit,
  auditRows,
  consultationRows,
  consultMessageRows,
  deliveryRows,
  runJobs,
  staffRows,
  withClockAdvanced,
  withClockAt,
} from '@yiban/server/testing';
import { acceptRequiredConsents, allowMessages, consentedPatient, departmentId, patientLogin, seed, staffLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { payAtSimulator } from '../support/booking.js';
import { ask, ChatSocket } from '../support/consult.js';
import { startStack, type Stack } from '../support/stack.js';

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
    expect(await panelReads()).toBe(readsBefore + 1);

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

describe('images', () => {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
    'hex',
  );

  async function upload(token: string, id: string, bytes: Buffer, name = 'x.png'): Promise<{ status: number; body: any }> {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    const res = await fetch(`${stack.api.baseUrl}/api/v1/consultations/${id}/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: res.status, body: await res.json() };
  }

  it('keeps images behind signed links that only their readers get', async () => {
    const patient = await consentedPatient(stack);
    const other = await consentedPatient(stack, '李四');
    const c = await question(patient.token);
    const sent = await upload(patient.token, c.id, png);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ kind: 'image', image: { contentType: 'image/png', size: png.length } });
    const url = `${stack.api.baseUrl}${sent.body.image.url}`;
    const fetched = await fetch(url);
    if (fetched.status !== 200) throw new Error(`${url} ${await fetched.text()}`);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await fetched.arrayBuffer()).equals(png)).toBe(true);

    const tampered = url.replace(/sig=(.)/, (_all, first: string) => `sig=${first === 'A' ? 'B' : 'A'}`);
    expect((await fetch(tampered)).status).toBe(403);
    expect((await fetch(url.replace(/exp=\d+/, 'exp=9999999999'))).status).toBe(403);
    // Another patient cannot reach the consultation, so never gets a link.
    expect((await stack.api.get(`/consultations/${c.id}/messages`, { token: other.token })).status).toBe(404);

    const fake = await upload(patient.token, c.id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.png');
    expect(fake).toMatchObject({ status: 415, body: { code: 'CONSULT_IMAGE_INVALID' } });
    const huge = await upload(patient.token, c.id, Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]));
    expect(huge).toMatchObject({ status: 413, body: { code: 'CONSULT_IMAGE_TOO_LARGE' } });
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
