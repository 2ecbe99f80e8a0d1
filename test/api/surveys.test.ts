// Satisfaction surveys and service recovery (issue #16): the shipped templates, template versions and the check that
// refuses a broken one, invitations by hand and by a completed visit (one per event, however often it is replayed),
// answers checked and scored against hand-computed figures, a low score opening one service issue whose resolution
// reaches the patient and asks them again, reminders, expiry and the SLA.
import { enqueueJob, makeSlot, runJobs, withClockAdvanced, withClockAt } from '@yiban/server/testing';
import type {
  NotificationView,
  Page,
  ServiceIssueDetail,
  ServiceIssueSummary,
  ServiceIssueView,
  SurveyInvitationView,
  SurveyResponseResult,
  SurveyTemplateView,
  SurveyTriggerSettings,
} from '@yiban/shared';
import { consentedPatient, loginAs, seed, staffLogin } from '../support/actors.js';
import { book } from '../support/booking.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let service: string;
let admin: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  // Quiet hours off: invitations and reminders are told at whatever hour the test runs.
  stack = await startStack({ QUIET_HOURS: '00:00-00:00', SERVICE_ISSUE_SLA_HOURS: '24' });
  await seed(stack);
  [service, admin] = await Promise.all([staffLogin(stack, 'service.zhao'), staffLogin(stack, 'admin')]);
}, 120_000);
afterAll(() => stack.close());

/** A two-pair SERVQUAL-style questionnaire with NPS and a complaint box (scores below are counted by hand). */
const DEFINITION = {
  title: '门诊体验',
  titleEn: 'Your clinic visit',
  items: [
    {
      id: 'rel_e',
      kind: 'likert',
      scale: 5,
      text: '优秀医院准时',
      textEn: 'An excellent hospital is on time',
      dimension: 'reliability',
      touchpoint: 'booking',
      pair: { key: 'rel', role: 'expectation' },
      required: true,
    },
    {
      id: 'rel_p',
      kind: 'likert',
      scale: 5,
      text: '本次准时',
      textEn: 'This visit was on time',
      dimension: 'reliability',
      touchpoint: 'booking',
      pair: { key: 'rel', role: 'perception' },
      required: true,
    },
    {
      id: 'emp_e',
      kind: 'likert',
      scale: 5,
      text: '优秀医院体贴',
      dimension: 'empathy',
      touchpoint: 'consultation',
      pair: { key: 'emp', role: 'expectation' },
    },
    { id: 'emp_p', kind: 'likert', scale: 5, text: '本次体贴', dimension: 'empathy', touchpoint: 'consultation', pair: { key: 'emp', role: 'perception' } },
    { id: 'nps', kind: 'nps', text: '推荐意愿', required: true },
    { id: 'why', kind: 'text', text: '哪里不满意？', complaint: true, showIf: { itemId: 'nps', atMost: 6 } },
  ],
};

const templates = async (token = service) => (await stack.api.get<SurveyTemplateView[]>('/surveys/templates', { token })).body;
const invitations = async (token: string) => (await stack.api.get<SurveyInvitationView[]>('/surveys/invitations', { token })).body;
const messages = async (token: string) => (await stack.api.get<Page<NotificationView>>('/me/messages', { token })).body.items;
const answer = (token: string, id: string, answers: { itemId: string; value: unknown }[]) =>
  stack.api.post<SurveyResponseResult & { code?: string; details?: { fields?: { field: string; problems: string[] }[] } }>(
    `/surveys/invitations/${id}/response`,
    { answers },
    { token },
  );

let custom: SurveyTemplateView;

/** Tokens expire: after moving the clock on, the patient and service staff sign in again. */
const again = async (p: { openid: string }) => (await loginAs(stack, p.openid)).token;
const serviceNow = () => staffLogin(stack, 'service.zhao');

describe('templates', () => {
  it('ships servqual, six_criteria, nps and the follow-up questionnaires, published, rendered in the reader’s language', async () => {
    const list = await templates();
    expect(list.map((t) => t.key).sort()).toEqual(['chronic_disease', 'consult_rating', 'nps', 'post_op', 'servqual', 'six_criteria']);
    const servqual = list.find((t) => t.key === 'servqual')!;
    expect(servqual).toMatchObject({ purpose: 'survey', publishedVersion: 1, hasDraft: false });
    // Seven expectation/perception pairs over the five dimensions, then NPS and a complaint box.
    expect(servqual.items.filter((i) => i.pairRole).length).toBe(14);
    expect(new Set(servqual.items.map((i) => i.dimension).filter(Boolean))).toEqual(
      new Set(['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy', 'overall']),
    );
    const en = (await stack.api.get<SurveyTemplateView[]>('/surveys/templates?purpose=followup', { token: service, language: 'en' })).body;
    expect(en.map((t) => t.title).sort()).toEqual(['After your operation', 'Living with your condition']);
  });

  it('refuses a broken definition with every problem and where it is; a sound one is a draft until published', async () => {
    const broken = await stack.api.post<{ code: string; details: { problems: { path: string; problem: string }[] } }>(
      '/surveys/templates',
      {
        key: 'broken_one',
        purpose: 'survey',
        definition: {
          title: '坏的',
          items: [
            { id: 'a', kind: 'likert', scale: 4, text: 'x', pair: { key: 'k', role: 'expectation' } },
            { id: 'b', kind: 'single', text: 'y', options: 'no' },
          ],
        },
      },
      { token: service },
    );
    expect([broken.status, broken.body.code]).toEqual([422, 'SURVEY_TEMPLATE_INVALID']);
    expect(broken.body.details.problems).toEqual([
      { path: 'items[0].scale', problem: 'fiveOrSeven' },
      { path: 'items[0].dimension', problem: 'pairNeedsDimension' },
      { path: 'items[1].options', problem: 'badShape' },
      { path: 'pairs.k', problem: 'incomplete' },
    ]);
    const created = await stack.api.post<SurveyTemplateView>(
      '/surveys/templates',
      { key: 'clinic_visit', purpose: 'survey', definition: DEFINITION },
      { token: service },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'clinic_visit', publishedVersion: 0, latestVersion: 1, hasDraft: true, title: '门诊体验' });
    const taken = await stack.api.post<{ code: string }>(
      '/surveys/templates',
      { key: 'clinic_visit', purpose: 'survey', definition: DEFINITION },
      { token: service },
    );
    expect([taken.status, taken.body.code]).toEqual([409, 'SURVEY_TEMPLATE_KEY_TAKEN']);
    const patient = await consentedPatient(stack);
    const early = await stack.api.post<{ code: string }>(
      '/surveys/invitations',
      { patientId: patient.patientId, templateId: created.body.id },
      { token: service },
    );
    expect([early.status, early.body.code]).toEqual([409, 'SURVEY_TEMPLATE_NOT_PUBLISHED']);
    const published = await stack.api.post<SurveyTemplateView>(`/surveys/templates/${created.body.id}/publish`, {}, { token: service });
    expect(published.body).toMatchObject({ publishedVersion: 1, hasDraft: false });
    custom = published.body;
    const fhir = await stack.api.get<{ resourceType: string; item: { linkId: string; type: string }[] }>(`/surveys/templates/${custom.id}/fhir`, {
      token: service,
    });
    expect(fhir.body.resourceType).toBe('Questionnaire');
    expect(fhir.body.item.map((i) => [i.linkId, i.type])).toContainEqual(['nps', 'integer']);
  });
});

describe('answering', () => {
  it('a patient answers once; answers are checked, scored by hand-computed figures, and a low score opens one service issue', async () => {
    const p = await consentedPatient(stack, '李芳');
    const sent = await stack.api.post<{ id: string }>('/surveys/invitations', { patientId: p.patientId, templateId: custom.id }, { token: service });
    expect(sent.status).toBe(201);
    await runJobs(stack);
    const [inv] = await invitations(p.token);
    expect(inv).toMatchObject({ id: sent.body.id, status: 'pending', template: { key: 'clinic_visit', title: '门诊体验' } });
    expect((await messages(p.token)).map((m) => m.kind)).toContain('survey_invitation');

    const bad = await answer(p.token, inv!.id, [
      { itemId: 'rel_e', value: 6 },
      { itemId: 'nps', value: 9 },
      { itemId: 'why', value: '不会显示' },
    ]);
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(bad.body.details!.fields).toEqual([
      { field: 'answers[0].value', problems: ['outOfScale'] },
      { field: 'answers[2].itemId', problems: ['notShown'] },
      { field: 'items.rel_e', problems: ['required'] },
      { field: 'items.rel_p', problems: ['required'] },
    ]);

    // reliability 3 − 5 = −2; empathy 4 − 4 = 0; ratings rel_p 3 (middle), emp_p 4 (middle); NPS 4: a detractor.
    const ok = await answer(p.token, inv!.id, [
      { itemId: 'rel_e', value: 5 },
      { itemId: 'rel_p', value: 3 },
      { itemId: 'emp_e', value: 4 },
      { itemId: 'emp_p', value: 4 },
      { itemId: 'nps', value: 4 },
      { itemId: 'why', value: '候诊等了两个小时' },
    ]);
    expect(ok.status).toBe(200);
    expect(ok.body.scores).toEqual({ nps: 4, npsClass: 'detractor', gap: { reliability: -2, empathy: 0 }, topBoxShare: 0 });
    expect(ok.body.serviceIssueId).toMatch(/^[0-9A-Z]{26}$/);
    const again = await answer(p.token, inv!.id, [{ itemId: 'nps', value: 10 }]);
    expect([again.status, again.body.code]).toEqual([409, 'SURVEY_ALREADY_ANSWERED']);
    expect((await invitations(p.token))[0]!.status).toBe('answered');

    // Another patient neither sees nor answers it.
    const other = await consentedPatient(stack, '赵强');
    expect((await stack.api.get<{ code: string }>(`/surveys/invitations/${inv!.id}`, { token: other.token })).body.code).toBe('SURVEY_INVITATION_NOT_FOUND');

    // Service staff see one open issue (a complaint outranks the detractor), with the patient's words; the read is audited.
    const open = (await stack.api.get<{ items: ServiceIssueView[] }>('/service-issues?status=open', { token: service })).body.items;
    const issue = open.filter((i) => i.patient.id === p.patientId);
    expect(issue).toHaveLength(1);
    expect(issue[0]).toMatchObject({ id: ok.body.serviceIssueId, source: 'complaint', reasons: ['complaint', 'detractor'], status: 'open', overdue: false });
    const detail = (await stack.api.get<ServiceIssueDetail>(`/service-issues/${issue[0]!.id}`, { token: service })).body;
    expect(detail).toMatchObject({ nps: 4, patientWords: ['候诊等了两个小时'], lowRatings: [] });
    const audit = await stack.dataSource.query('SELECT action, resource FROM audit_logs WHERE patientId = ? AND resource = ?', [p.patientId, 'service_issue']);
    expect(audit).toEqual([{ action: 'patient.read', resource: 'service_issue' }]);
  });

  it('resolving tells the patient in 消息 and asks again a day later; an issue past its SLA is escalated', async () => {
    const p = await consentedPatient(stack, '周敏');
    const { body: inv } = await stack.api.post<{ id: string }>('/surveys/invitations', { patientId: p.patientId, templateId: custom.id }, { token: service });
    const res = await answer(p.token, inv.id, [
      { itemId: 'rel_e', value: 4 },
      { itemId: 'rel_p', value: 1 },
      { itemId: 'nps', value: 8 },
    ]);
    expect(res.body.scores).toMatchObject({ npsClass: 'passive', gap: { reliability: -3 }, topBoxShare: 0 });
    const issueId = res.body.serviceIssueId!;
    const detail = (await stack.api.get<ServiceIssueDetail>(`/service-issues/${issueId}`, { token: service, language: 'en' })).body;
    expect(detail).toMatchObject({ source: 'low_score', lowRatings: [{ itemId: 'rel_p', text: 'This visit was on time', value: 1, scale: 5 }] });

    const noted = await stack.api.post<ServiceIssueDetail>(`/service-issues/${issueId}/notes`, { text: '已电话联系患者，了解情况' }, { token: service });
    expect(noted.body.notes.map((n) => n.text)).toEqual(['已电话联系患者，了解情况']);
    const mine = await stack.api.post<ServiceIssueDetail>(`/service-issues/${issueId}/assign`, {}, { token: service });
    expect(mine.body.assignedTo?.name).toBeTruthy();

    const resolved = await stack.api.post<ServiceIssueDetail>(
      `/service-issues/${issueId}/resolve`,
      { resolution: '已向您致歉，并为您优先安排复诊' },
      { token: service },
    );
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: '已向您致歉，并为您优先安排复诊' });
    const twice = await stack.api.post<{ code: string }>(`/service-issues/${issueId}/resolve`, { resolution: '再次' }, { token: service });
    expect([twice.status, twice.body.code]).toEqual([409, 'SERVICE_ISSUE_RESOLVED']);
    await runJobs(stack);
    const told = (await messages(p.token)).find((m) => m.kind === 'service_issue_resolved');
    expect(told?.body).toContain('已向您致歉，并为您优先安排复诊');

    // The re-survey (nps) comes after the trigger's delay (24 h), once.
    expect((await invitations(p.token)).filter((i) => i.template.key === 'nps')).toHaveLength(0);
    await withClockAdvanced(stack, 25 * HOUR, async () => {
      await runJobs(stack);
      expect((await invitations(await again(p))).filter((i) => i.template.key === 'nps' && i.status === 'pending')).toHaveLength(1);
    });

    // An issue nobody resolves within its SLA (24 h here; a complaint gets half) is escalated.
    const q = await consentedPatient(stack, '孙丽');
    const { body: inv2 } = await stack.api.post<{ id: string }>('/surveys/invitations', { patientId: q.patientId, templateId: custom.id }, { token: service });
    const late = (
      await answer(q.token, inv2.id, [
        { itemId: 'rel_e', value: 5 },
        { itemId: 'rel_p', value: 2 },
        { itemId: 'nps', value: 7 },
      ])
    ).body.serviceIssueId!;
    await withClockAdvanced(stack, 25 * HOUR, async () => {
      await runJobs(stack);
      const staff = await serviceNow();
      const overdue = (await stack.api.get<{ items: ServiceIssueView[] }>('/service-issues?status=overdue', { token: staff })).body.items;
      const row = overdue.find((i) => i.id === late);
      expect(row).toMatchObject({ overdue: true, status: 'open' });
      expect(row!.escalatedAt).not.toBeNull();
      const summary = (await stack.api.get<ServiceIssueSummary>('/service-issues/summary', { token: staff })).body;
      expect(summary.overdue).toBeGreaterThanOrEqual(1);
      expect(summary.resolved).toBeGreaterThanOrEqual(1);
      expect(summary.meanHoursToResolve).not.toBeNull();
    });
  });

  it('reminds once while pending; after it expires it cannot be answered', async () => {
    const p = await consentedPatient(stack, '钱进');
    const { body: inv } = await stack.api.post<{ id: string }>('/surveys/invitations', { patientId: p.patientId, templateId: custom.id }, { token: service });
    await runJobs(stack);
    const count = async () => (await messages(await again(p))).filter((m) => m.kind === 'survey_invitation').length;
    expect(await count()).toBe(1);
    await withClockAdvanced(stack, 73 * HOUR, async () => {
      await runJobs(stack);
      expect(await count()).toBe(2);
    });
    await withClockAdvanced(stack, 15 * DAY, async () => {
      await runJobs(stack);
      expect(await count()).toBe(2);
      const token = await again(p);
      expect((await invitations(token)).find((i) => i.id === inv.id)?.status).toBe('expired');
      const late = await answer(token, inv.id, [{ itemId: 'nps', value: 9 }]);
      expect([late.status, late.body.code]).toEqual([409, 'SURVEY_EXPIRED']);
    });
  });

  it('an invitation keeps the version it was sent with when the template changes', async () => {
    const p = await consentedPatient(stack, '吴刚');
    const { body: inv } = await stack.api.post<{ id: string }>('/surveys/invitations', { patientId: p.patientId, templateId: custom.id }, { token: service });
    const v2 = { ...DEFINITION, items: DEFINITION.items.filter((i) => i.id !== 'why').map((i) => (i.id === 'nps' ? { ...i, text: '您会推荐我们吗？' } : i)) };
    const draft = await stack.api.request<SurveyTemplateView>('PUT', `/surveys/templates/${custom.id}/draft`, { definition: v2 }, { token: service });
    expect(draft.body).toMatchObject({ publishedVersion: 1, latestVersion: 2, hasDraft: true });
    // Until published, staff and patients see version 1.
    expect(draft.body.items.map((i) => i.id)).toContain('why');
    await stack.api.post(`/surveys/templates/${custom.id}/publish`, {}, { token: service });
    expect((await stack.api.get<SurveyInvitationView>(`/surveys/invitations/${inv.id}`, { token: p.token })).body.template.items.map((i) => i.id)).toContain(
      'why',
    );
    const res = await answer(p.token, inv.id, [
      { itemId: 'rel_e', value: 3 },
      { itemId: 'rel_p', value: 4 },
      { itemId: 'nps', value: 9 },
    ]);
    expect(res.body).toEqual({ scores: { nps: 9, npsClass: 'promoter', gap: { reliability: 1 }, topBoxShare: 0 } });
  });
});

describe('the visit trigger', () => {
  it('a completed visit invites once after the delay, however often the event comes again', async () => {
    const settings = (await stack.api.get<SurveyTriggerSettings[]>('/surveys/triggers', { token: admin })).body;
    expect(settings.find((s) => s.trigger === 'visit_completed')).toMatchObject({ enabled: true, templateKey: 'six_criteria', delayHours: 2 });
    const refused = await stack.api.request<{ code: string }>(
      'PUT',
      '/surveys/triggers/visit_completed',
      { enabled: true, templateKey: 'nope_nope', delayHours: 1, expiresAfterDays: 7, remindAfterHours: 0 },
      { token: admin },
    );
    expect([refused.status, refused.body.code]).toEqual([404, 'SURVEY_TEMPLATE_NOT_FOUND']);
    await stack.api.request(
      'PUT',
      '/surveys/triggers/visit_completed',
      { enabled: true, templateKey: 'six_criteria', delayHours: 1, expiresAfterDays: 7, remindAfterHours: 0 },
      { token: admin },
    );

    const p = await consentedPatient(stack, '郑华');
    const slot = await makeSlot(stack, { fee: 0 });
    const a = (await book(stack, p.token, slot.id)).appointment;
    await withClockAt(stack, new Date(slot.startsAt.getTime() - 30 * 60_000), async () => {
      const [nurse, zhang] = [await staffLogin(stack, 'nurse.wang'), await staffLogin(stack, 'doctor.zhang')];
      await stack.api.post(`/appointments/${a.id}/check-in`, {}, { token: nurse });
      expect((await stack.api.post(`/appointments/${a.id}/complete`, {}, { token: zhang })).status).toBe(200);
      await runJobs(stack);
      expect(await invitations(await again(p))).toEqual([]);
    });
    await withClockAt(stack, new Date(slot.startsAt.getTime() + 2 * HOUR), async () => {
      await runJobs(stack);
      const token = await again(p);
      const [inv] = await invitations(token);
      expect(inv).toMatchObject({ status: 'pending', template: { key: 'six_criteria' } });
      expect(inv!.departmentId).toBeTruthy();
      // The event replayed (its job queued and run again): still one invitation.
      const [visit] = await stack.dataSource.query('SELECT id, patientId, departmentId, doctorId FROM visits WHERE appointmentId = ?', [a.id]);
      await enqueueJob(stack, 'surveys.invite', {
        trigger: 'visit_completed',
        sourceKey: visit.id,
        patientId: visit.patientId,
        departmentId: visit.departmentId,
        doctorId: visit.doctorId,
      });
      await runJobs(stack);
      expect(await invitations(token)).toHaveLength(1);
    });
  });
});
