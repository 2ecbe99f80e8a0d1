// Follow-up plans and the care loop's triggers (issue #16): templates, enrolment by staff and by a recorded discharge
// (once per visit, however often it is replayed), tasks on hospital dates (also for a patient in another zone, across
// a daylight-saving change there), questionnaires on their day, a red-flag answer escalating to the case manager and
// the treating doctor, outcomes and retries, a revisit closed by the visit, a withdrawn health-data consent stopping
// questionnaires, who sees which tasks, the discharge and consultation triggers, and the follow-up report.
import { runJobs, withClockAt } from '@yiban/server/testing';
import {
  CURRENT_CONSENT_VERSIONS,
  type DoctorView,
  type FollowupAnswersView,
  type FollowupPlanView,
  type FollowupReport,
  type FollowupTemplateView,
  type SurveyInvitationView,
  type VisitView,
  type WorkbenchTaskView,
} from '@yiban/shared';
import { consentedPatient, demoDoctor, departmentId, loginAs, seed, staffLogin } from '../support/actors.js';
import { ask } from '../support/consult.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let cardio: string;
let cardioDoctor: DoctorView;
let postOp: FollowupTemplateView;
let hypertension: FollowupTemplateView;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Box = { items: WorkbenchTaskView[]; nextCursor: string | null; counts: Record<string, number> };

beforeAll(async () => {
  stack = await startStack({ QUIET_HOURS: '00:00-00:00' });
  await seed(stack);
  cardio = await departmentId(stack, 'CARD');
  cardioDoctor = await demoDoctor(stack, '张伟');
  const cm = await staffLogin(stack, 'cm.chen');
  const list = (await stack.api.get<FollowupTemplateView[]>('/followups/templates', { token: cm })).body;
  postOp = list.find((t) => t.key === 'post_op')!;
  hypertension = list.find((t) => t.key === 'hypertension')!;
}, 120_000);
afterAll(() => stack.close());

/** The hospital's date of an instant (Asia/Shanghai in the test stack). */
const hospitalDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: stack.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const box = async (token: string, name: string, patientId?: string) =>
  (await stack.api.get<Box>(`/followups/tasks?box=${name}${patientId ? `&patientId=${patientId}` : ''}`, { token })).body;

describe('templates and enrolment', () => {
  it('ships post-operative, hypertension and diabetes pathways with steps at day offsets; only care staff read them', async () => {
    const cm = await staffLogin(stack, 'cm.chen');
    const en = (await stack.api.get<FollowupTemplateView[]>('/followups/templates', { token: cm, language: 'en' })).body;
    expect(
      en
        .map((t) => t.key)
        .filter((k) => ['diabetes', 'hypertension', 'post_op'].includes(k))
        .sort(),
    ).toEqual(['diabetes', 'hypertension', 'post_op']);
    expect(en.find((t) => t.key === 'post_op')).toMatchObject({ name: 'After an operation (general surgery)', match: { on: 'discharge' } });
    expect(postOp.steps.map((s) => [s.offsetDays, s.kind])).toEqual([
      [1, 'call'],
      [3, 'questionnaire'],
      [5, 'education'],
      [7, 'questionnaire'],
      [9, 'revisit'],
      [30, 'call'],
    ]);
    for (const who of ['marketing.liu', 'service.zhao']) {
      const res = await stack.api.get('/followups/templates', { token: await staffLogin(stack, who) });
      expect(res.status).toBe(403);
    }
  });

  it('lets case managers add and change a pathway, checked; running plans keep the steps they were enrolled with', async () => {
    const cm = await staffLogin(stack, 'cm.chen');
    const body = {
      key: 'knee_replacement',
      name: '膝关节置换术后随访',
      nameEn: 'After a knee replacement',
      match: { on: 'discharge', departmentIds: [], diagnosisPrefixes: ['M17'] },
      steps: [
        { offsetDays: 2, kind: 'questionnaire', title: '术后问卷', questionnaireKey: 'post_op' },
        { offsetDays: 1, kind: 'call', title: '出院次日电话' },
      ],
      active: true,
    };
    const created = await stack.api.post<FollowupTemplateView>('/followups/templates', body, { token: cm });
    expect(created.status).toBe(201);
    expect(created.body.steps.map((s) => [s.offsetDays, s.kind])).toEqual([
      [1, 'call'],
      [2, 'questionnaire'],
    ]);
    expect((await stack.api.post<{ code: string }>('/followups/templates', body, { token: cm })).body.code).toBe('FOLLOWUP_TEMPLATE_KEY_TAKEN');
    // A broken one: every problem with its path, and a questionnaire that is not published.
    const broken = await stack.api.post<{ code: string; details: { problems: { path: string; problem: string }[] } }>(
      '/followups/templates',
      { ...body, key: 'broken_plan', match: { on: 'visit', departmentIds: [], diagnosisPrefixes: [] }, steps: [{ offsetDays: 1, kind: 'call', title: '' }] },
      { token: cm },
    );
    expect([broken.status, broken.body.code]).toEqual([422, 'FOLLOWUP_TEMPLATE_INVALID']);
    expect(broken.body.details.problems).toEqual([
      { path: 'match', problem: 'tooBroad' },
      { path: 'steps.0.title', problem: 'required' },
    ]);
    const unpublished = await stack.api.post<{ details: { problems: { path: string; problem: string }[] } }>(
      '/followups/templates',
      { ...body, key: 'other_plan', steps: [{ offsetDays: 1, kind: 'questionnaire', title: '问卷', questionnaireKey: 'no_such_questionnaire' }] },
      { token: cm },
    );
    expect(unpublished.body.details.problems).toEqual([{ path: 'steps.0.questionnaireKey', problem: 'notPublished' }]);
    // Enrol, then change the pathway: the plan keeps its two steps; the template now has three.
    const patient = await consentedPatient(stack, '膝关节患者');
    const plan = (await stack.api.post<FollowupPlanView>('/followups/enrolments', { patientId: patient.patientId, templateId: created.body.id }, { token: cm }))
      .body;
    const changed = await stack.api.request<FollowupTemplateView>(
      'PUT',
      `/followups/templates/${created.body.id}`,
      { ...created.body.edit, steps: [...created.body.edit.steps, { offsetDays: 30, kind: 'call', title: '一个月电话' }] },
      { token: cm },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.steps).toHaveLength(3);
    const mine = (await stack.api.get<FollowupPlanView[]>('/me/followups', { token: patient.token })).body.find((p) => p.id === plan.id)!;
    expect(mine.tasks.map((t) => t.title)).toEqual(['出院次日电话', '术后问卷']);
    // Doctors enrol but do not write pathways.
    expect((await stack.api.post('/followups/templates', { ...body, key: 'by_doctor' }, { token: await staffLogin(stack, 'doctor.zhang') })).status).toBe(403);
  });

  it('puts each step on its hospital date, once per patient and template, and only with the health-data consent', async () => {
    const cm = await staffLogin(stack, 'cm.chen');
    const patient = await consentedPatient(stack, '随访甲');
    const startsOn = addDays(hospitalDate(new Date()), 1);
    const res = await stack.api.post<FollowupPlanView>(
      '/followups/enrolments',
      { patientId: patient.patientId, templateId: postOp.id, startsOn },
      { token: cm },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'active', source: 'staff', startsOn, caseManager: { name: '陈健康管家' } });
    expect(res.body.tasks.map((t) => [t.dueOn, t.kind, t.status])).toEqual([
      [addDays(startsOn, 1), 'call', 'pending'],
      [addDays(startsOn, 3), 'questionnaire', 'pending'],
      [addDays(startsOn, 5), 'education', 'pending'],
      [addDays(startsOn, 7), 'questionnaire', 'pending'],
      [addDays(startsOn, 9), 'revisit', 'pending'],
      [addDays(startsOn, 30), 'call', 'pending'],
    ]);
    const again = await stack.api.post<{ code: string }>('/followups/enrolments', { patientId: patient.patientId, templateId: postOp.id }, { token: cm });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('FOLLOWUP_ALREADY_ENROLLED');

    // The patient sees their plan: what is next first.
    const mine = (await stack.api.get<FollowupPlanView[]>('/me/followups', { token: patient.token })).body;
    expect(mine).toHaveLength(1);
    expect(mine[0]!.nextTaskId).toBe(mine[0]!.tasks[0]!.id);
    // Another patient sees nothing of it.
    const other = await consentedPatient(stack, '随访乙');
    expect((await stack.api.get<FollowupPlanView[]>('/me/followups', { token: other.token })).body).toEqual([]);

    // Without the health-data consent there is no plan.
    await stack.api.post('/me/consents', { kind: 'health_data', version: CURRENT_CONSENT_VERSIONS.health_data, granted: false }, { token: other.token });
    const refused = await stack.api.post<{ code: string }>('/followups/enrolments', { patientId: other.patientId, templateId: postOp.id }, { token: cm });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CONSENT_REQUIRED');
    // Marketing cannot enrol; bad input is a clear 400.
    const marketing = await staffLogin(stack, 'marketing.liu');
    expect((await stack.api.post('/followups/enrolments', { patientId: patient.patientId, templateId: postOp.id }, { token: marketing })).status).toBe(403);
    const bad = await stack.api.post<{ code: string }>(
      '/followups/enrolments',
      { patientId: 'x', templateId: postOp.id, startsOn: '2026-02-30' },
      { token: cm },
    );
    expect(bad.status).toBe(400);
  });

  it('dates steps by the hospital calendar for a patient in another zone, across a daylight-saving change there', async () => {
    const abroad = await consentedPatient(stack, 'Abroad Patient');
    await stack.api.patch(`/me/patients/${abroad.patientId}`, { timeZone: 'America/New_York' }, { token: abroad.token });
    // 2027-03-12 17:00 UTC: 01:00 on the 13th in the hospital, still noon on the 12th in New York; New York moves its
    // clocks on the 14th. The plan starts on the hospital's day and every step is whole hospital days later.
    const enrolledAt = new Date('2027-03-12T17:00:00Z');
    const plan = await withClockAt(stack, enrolledAt, async () => {
      const cm = await staffLogin(stack, 'cm.chen');
      return (await stack.api.post<FollowupPlanView>('/followups/enrolments', { patientId: abroad.patientId, templateId: postOp.id }, { token: cm })).body;
    });
    expect(plan.startsOn).toBe('2027-03-13');
    expect(plan.tasks.map((t) => t.dueOn)).toEqual(['2027-03-14', '2027-03-16', '2027-03-18', '2027-03-20', '2027-03-22', '2027-04-12']);
    // The day-3 questionnaire goes out at 09:00 hospital time on the 16th (01:00 UTC), not before.
    await withClockAt(stack, new Date('2027-03-16T00:30:00Z'), () => runJobs(stack));
    const before = await withClockAt(stack, new Date('2027-03-16T00:30:00Z'), async () => {
      const token = (await loginAs(stack, abroad.openid)).token;
      return (await stack.api.get<SurveyInvitationView[]>('/surveys/invitations', { token })).body;
    });
    expect(before).toEqual([]);
    const after = await withClockAt(stack, new Date('2027-03-16T01:00:01Z'), async () => {
      await runJobs(stack);
      const token = (await loginAs(stack, abroad.openid)).token;
      return (await stack.api.get<SurveyInvitationView[]>('/surveys/invitations', { token })).body;
    });
    expect(after.map((i) => [i.template.key, i.status])).toEqual([['post_op', 'pending']]);
  });
});

describe('a discharge, its plan, a red flag and the workbench', () => {
  let patient: { token: string; openid: string; patientId: string };
  let plan: FollowupPlanView;
  const dischargedOn = () => hospitalDate(new Date());

  it('records a discharge once per encounter number and enrols the matching pathway from its date', async () => {
    patient = await consentedPatient(stack, '出院患者');
    const nurse = await staffLogin(stack, 'nurse.wang');
    const body = {
      patientId: patient.patientId,
      departmentId: cardio,
      doctorId: cardioDoctor.id,
      date: dischargedOn(),
      encounterClass: 'inpatient',
      diagnosisCodes: ['K35.8'],
      externalRef: `ZY-${patient.patientId}`,
    };
    const first = await stack.api.post<VisitView>('/visits', body, { token: nurse });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ encounterClass: 'inpatient', kind: 'first', departmentId: cardio });
    const replay = await stack.api.post<VisitView>('/visits', body, { token: nurse });
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(first.body.id);
    // A date in the future, another department's staff, marketing: refused.
    const { externalRef: _ref, ...unnumbered } = body;
    expect((await stack.api.post<{ code: string }>('/visits', { ...unnumbered, date: addDays(dischargedOn(), 2) }, { token: nurse })).body.code).toBe(
      'VISIT_DATE_IN_FUTURE',
    );
    const cm = await staffLogin(stack, 'cm.chen');
    expect((await stack.api.post('/visits', { ...body, externalRef: 'OTHER-1' }, { token: cm })).status).toBe(403);
    expect((await stack.api.post('/visits', body, { token: await staffLogin(stack, 'marketing.liu') })).status).toBe(403);

    const plans = (await stack.api.get<FollowupPlanView[]>('/me/followups', { token: patient.token })).body;
    expect(plans).toHaveLength(1);
    plan = plans[0]!;
    expect(plan).toMatchObject({ templateKey: 'post_op', source: 'discharge', startsOn: dischargedOn(), departmentId: cardio, caseManager: null });
  });

  it('invites to the discharge survey once, after its delay', async () => {
    await withClockAt(stack, new Date(Date.now() + 25 * HOUR), () => runJobs(stack));
    const token = (await loginAs(stack, patient.openid)).token;
    const invitations = (await stack.api.get<SurveyInvitationView[]>('/surveys/invitations', { token })).body;
    expect(invitations.filter((i) => i.template.key === 'servqual')).toHaveLength(1);
  });

  it('sends the questionnaire on its day; a red-flag answer escalates to the case managers and the treating doctor at once', async () => {
    const day3 = new Date(Date.parse(`${addDays(plan.startsOn, 3)}T01:00:00Z`) + 60_000);
    await withClockAt(stack, day3, async () => {
      await runJobs(stack);
      const token = (await loginAs(stack, patient.openid)).token;
      const invitation = (await stack.api.get<SurveyInvitationView[]>('/surveys/invitations', { token })).body.find((i) => i.template.key === 'post_op')!;
      expect(invitation.status).toBe('pending');
      const items = invitation.template.items;
      const answers = items
        .filter((i) => i.required)
        .map((i) => ({
          itemId: i.id,
          value:
            i.id === 'temperature'
              ? 39.2
              : i.kind === 'number'
                ? (i.min ?? 0)
                : i.kind === 'multiple'
                  ? [i.options![0]!.value]
                  : i.kind === 'single'
                    ? i.options![0]!.value
                    : 3,
        }));
      const res = await stack.api.post(`/surveys/invitations/${invitation.id}/response`, { answers }, { token });
      expect(res.status).toBe(200);

      const cm = await staffLogin(stack, 'cm.chen');
      const escalated = await box(cm, 'escalated');
      const mine = escalated.items.filter((t) => t.patient.id === patient.patientId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        kind: 'call',
        escalated: true,
        dueOn: hospitalDate(day3),
        patient: { name: '出院患者', phone: expect.stringMatching(/^1\d{10}$/) },
      });
      expect(mine[0]!.escalation!.map((e) => e.itemId)).toContain('temperature');
      expect(escalated.counts.escalated).toBeGreaterThanOrEqual(1);
      // The questionnaire's task is done by the answer.
      const done = await box(cm, 'done', patient.patientId);
      expect(done.items.find((t) => t.kind === 'questionnaire')).toMatchObject({ status: 'done', outcome: 'answered' });
      // The treating doctor sees it too; a doctor of another department does not, and cannot touch it.
      const treating = await staffLogin(stack, 'doctor.zhang');
      expect((await box(treating, 'escalated')).items.some((t) => t.patient.id === patient.patientId)).toBe(true);
      const other = await staffLogin(stack, 'doctor.li');
      expect((await box(other, 'escalated')).items.some((t) => t.patient.id === patient.patientId)).toBe(false);
      const hidden = await stack.api.post<{ code: string }>(`/followups/tasks/${mine[0]!.id}/complete`, { outcome: 'reached' }, { token: other });
      expect(hidden.status).toBe(404);

      // The care team reads the answers behind the flag (audited); others cannot.
      const read = await stack.api.get<FollowupAnswersView>(`/followups/tasks/${mine[0]!.id}/answers`, { token: cm });
      expect(read.body.items.find((i) => i.itemId === 'temperature')).toMatchObject({ answer: '39.2 °C', redFlag: true });
      expect(read.body.items.find((i) => i.itemId === 'wound')).toMatchObject({ answer: '愈合良好', redFlag: false });
      expect((await stack.api.get(`/followups/tasks/${mine[0]!.id}/answers`, { token: other })).status).toBe(404);
      expect((await stack.api.get(`/followups/tasks/${mine[0]!.id}/answers`, { token: await staffLogin(stack, 'marketing.liu') })).status).toBe(403);

      // The case manager records the call: an escalation's outcomes only.
      const wrong = await stack.api.post<{ code: string }>(`/followups/tasks/${mine[0]!.id}/complete`, { outcome: 'booked' }, { token: cm });
      expect(wrong.body.code).toBe('FOLLOWUP_OUTCOME_INVALID');
      const closed = await stack.api.post<WorkbenchTaskView>(
        `/followups/tasks/${mine[0]!.id}/complete`,
        { outcome: 'advised_visit', note: '体温 39.2，已嘱今日来院' },
        { token: cm },
      );
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: 'done', outcome: 'advised_visit', note: '体温 39.2，已嘱今日来院' });
      expect((await box(cm, 'escalated')).items.some((t) => t.patient.id === patient.patientId)).toBe(false);
      const twice = await stack.api.post<{ code: string }>(`/followups/tasks/${mine[0]!.id}/complete`, { outcome: 'reached' }, { token: cm });
      expect(twice.body.code).toBe('FOLLOWUP_TASK_CLOSED');
    });
  });

  it('tries an unanswered call again the next day; a task may be moved', async () => {
    const day1 = new Date(Date.parse(`${addDays(plan.startsOn, 1)}T02:00:00Z`));
    await withClockAt(stack, day1, async () => {
      const cm = await staffLogin(stack, 'cm.chen');
      const today = await box(cm, 'today', patient.patientId);
      const call = today.items.find((t) => t.kind === 'call')!;
      expect(call).toBeDefined();
      const res = await stack.api.post<WorkbenchTaskView>(`/followups/tasks/${call.id}/complete`, { outcome: 'no_answer' }, { token: cm });
      expect(res.body).toMatchObject({ status: 'pending', attempts: 1, dueOn: addDays(plan.startsOn, 2), outcome: 'no_answer' });
      const moved = await stack.api.post<WorkbenchTaskView>(
        `/followups/tasks/${call.id}/reschedule`,
        { dueOn: addDays(plan.startsOn, 4), note: '患者要求周五再联系' },
        { token: cm },
      );
      expect(moved.body).toMatchObject({ dueOn: addDays(plan.startsOn, 4), status: 'pending' });
      const past = await stack.api.post<{ code: string }>(`/followups/tasks/${call.id}/reschedule`, { dueOn: plan.startsOn }, { token: cm });
      expect(past.body.code).toBe('FOLLOWUP_DATE_INVALID');
    });
  });

  it('stops questionnaires once the health-data consent is withdrawn, and refuses answers to one already sent', async () => {
    // Day 7's questionnaire: sent, then the consent is withdrawn before the patient answers.
    const day7 = new Date(Date.parse(`${addDays(plan.startsOn, 7)}T01:00:00Z`) + 60_000);
    await withClockAt(stack, day7, async () => {
      await runJobs(stack);
      const token = (await loginAs(stack, patient.openid)).token;
      const pending = (await stack.api.get<SurveyInvitationView[]>('/surveys/invitations', { token })).body.find(
        (i) => i.template.key === 'post_op' && i.status === 'pending',
      )!;
      expect(pending).toBeDefined();
      await stack.api.post('/me/consents', { kind: 'health_data', version: CURRENT_CONSENT_VERSIONS.health_data, granted: false }, { token });
      const refused = await stack.api.post<{ code: string }>(`/surveys/invitations/${pending.id}/response`, { answers: [] }, { token });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('CONSENT_REQUIRED');
    });
    // The revisit on day 9 is not told: skipped for the consent.
    const day9 = new Date(Date.parse(`${addDays(plan.startsOn, 9)}T01:00:00Z`) + 60_000);
    await withClockAt(stack, day9, async () => {
      await runJobs(stack);
      const token = (await loginAs(stack, patient.openid)).token;
      const mine = (await stack.api.get<FollowupPlanView[]>('/me/followups', { token })).body[0]!;
      expect(mine.tasks.find((t) => t.kind === 'revisit')).toMatchObject({ status: 'skipped', outcome: 'consent_withdrawn' });
    });
  });
});

describe('a clinic visit for hypertension', () => {
  it('enrols from the visit, tells the article on day 0, and a visit to the department closes the revisit', async () => {
    const patient = await consentedPatient(stack, '高血压患者');
    const nurse = await staffLogin(stack, 'nurse.wang');
    const today = hospitalDate(new Date());
    const res = await stack.api.post<VisitView>(
      '/visits',
      { patientId: patient.patientId, departmentId: cardio, date: today, encounterClass: 'outpatient', diagnosisCodes: ['I10'] },
      { token: nurse },
    );
    expect(res.status).toBe(201);
    await runJobs(stack);
    const plan = (await stack.api.get<FollowupPlanView[]>('/me/followups', { token: patient.token })).body.find((p) => p.templateId === hypertension.id)!;
    expect(plan).toMatchObject({ source: 'visit', startsOn: today, departmentId: cardio });
    // The nurse of the department works its tasks; the ortho case manager's pool includes it (unassigned).
    expect((await box(nurse, 'upcoming', patient.patientId)).items.length).toBeGreaterThan(0);
    // Day 90's revisit: a visit to cardiology after the start closes it.
    const later = new Date(Date.parse(`${addDays(today, 91)}T03:00:00Z`));
    await withClockAt(stack, later, async () => {
      await runJobs(stack);
      const n = await staffLogin(stack, 'nurse.wang');
      await stack.api.post(
        '/visits',
        { patientId: patient.patientId, departmentId: cardio, date: addDays(today, 91), encounterClass: 'outpatient' },
        { token: n },
      );
      const token = (await loginAs(stack, patient.openid)).token;
      const mine = (await stack.api.get<FollowupPlanView[]>('/me/followups', { token })).body.find((p) => p.id === plan.id)!;
      expect(mine.tasks.find((t) => t.kind === 'revisit')).toMatchObject({ status: 'done', outcome: 'visited' });
      expect(mine.tasks.find((t) => t.kind === 'education')).toMatchObject({ status: 'done', outcome: 'sent' });
    });
  });
});

describe('a closed consultation', () => {
  /** A question to cardiology, answered by Dr Zhang and closed by the patient. */
  async function closedConsultation(token: string): Promise<string> {
    const zhang = await staffLogin(stack, 'doctor.zhang');
    const c = (await ask(stack, token, { kind: 'health_consult', departmentId: cardio, question: '术后伤口有点痒，正常吗？' })).consultation;
    expect((await stack.api.post(`/consultations/${c.id}/claim`, {}, { token: zhang })).status).toBe(200);
    expect((await stack.api.post(`/consultations/${c.id}/messages`, { text: '轻微发痒是愈合的表现，保持干燥即可。' }, { token: zhang })).status).toBe(201);
    expect((await stack.api.post(`/consultations/${c.id}/close`, {}, { token })).status).toBe(200);
    return c.id;
  }
  const ratingInvitations = async (token: string) =>
    (await stack.api.get<SurveyInvitationView[]>('/surveys/invitations', { token })).body.filter((i) => i.template.key === 'consult_rating');

  it('takes a rating given in the chat as the consultation’s survey: one answer, a low one opening a service issue, no invitation after', async () => {
    const patient = await consentedPatient(stack, '咨询患者');
    const id = await closedConsultation(patient.token);
    const rated = await stack.api.post(`/consultations/${id}/rating`, { score: 2, comment: '回复太慢' }, { token: patient.token });
    expect(rated.status).toBe(200);
    expect((await ratingInvitations(patient.token)).map((i) => i.status)).toEqual(['answered']);
    const service = await staffLogin(stack, 'service.zhao');
    const issues = (await stack.api.get<{ items: { patient: { id: string }; reasons: string[] }[] }>('/service-issues?status=open', { token: service })).body
      .items;
    expect(issues.filter((i) => i.patient.id === patient.patientId).map((i) => i.reasons)).toEqual([['low_score']]);
    // The trigger's delay passes: nothing more is sent.
    await withClockAt(stack, new Date(Date.now() + 13 * HOUR), () => runJobs(stack));
    const token = (await loginAs(stack, patient.openid)).token;
    expect(await ratingInvitations(token)).toHaveLength(1);
  });

  it('invites after the delay when the patient did not rate; rating in the chat then answers that invitation', async () => {
    const patient = await consentedPatient(stack, '未评价患者');
    const id = await closedConsultation(patient.token);
    await withClockAt(stack, new Date(Date.now() + 13 * HOUR), () => runJobs(stack));
    const token = (await loginAs(stack, patient.openid)).token;
    expect((await ratingInvitations(token)).map((i) => i.status)).toEqual(['pending']);
    expect((await stack.api.post(`/consultations/${id}/rating`, { score: 5 }, { token })).status).toBe(200);
    expect((await ratingInvitations(token)).map((i) => i.status)).toEqual(['answered']);
  });
});

describe('the report', () => {
  it('gives completion and escalation rates by template and by case manager, to admins and marketing (aggregates only)', async () => {
    const admin = await staffLogin(stack, 'admin');
    const from = addDays(hospitalDate(new Date()), -5);
    const to = addDays(from, 365);
    const res = await stack.api.get<FollowupReport>(`/analytics/followups?from=${from}&to=${to}`, { token: admin });
    expect(res.status).toBe(200);
    const row = res.body.rows.find((r) => r.by === 'template' && r.id === postOp.id)!;
    expect(row.escalations).toBeGreaterThanOrEqual(1);
    expect(row.due).toBeGreaterThan(row.done);
    expect(JSON.stringify(res.body)).not.toContain('出院患者');
    const marketing = await staffLogin(stack, 'marketing.liu');
    expect((await stack.api.get(`/analytics/followups?from=${from}&to=${to}`, { token: marketing })).status).toBe(200);
    const cm = await staffLogin(stack, 'cm.chen');
    expect((await stack.api.get('/analytics/followups', { token: cm })).status).toBe(403);
    const csv = await stack.api.get<string>(`/analytics/followups.csv?from=${from}&to=${to}`, { token: admin });
    expect(csv.status).toBe(200);
  });
});
