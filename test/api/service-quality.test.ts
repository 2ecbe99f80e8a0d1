// The service-quality report (issue #16): three patients answer their visit's survey; every figure below is counted
// by hand from their answers — the gap heat map (dimension × touchpoint), gaps by dimension and department, NPS, the
// top box, the trend — and the CSV; marketing reads aggregates, clinical staff may not; bad periods are refused.
import { makeSlot, runJobs, withClockAt } from '@yiban/server/testing';
import type { ServiceQualityReport, SurveyInvitationView, SurveyTemplateView } from '@yiban/shared';
import { consentedPatient, seed, staffLogin } from '../support/actors.js';
import { book } from '../support/booking.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let report: ServiceQualityReport;

const DEFINITION = {
  title: '门诊体验',
  items: [
    { id: 'rel_e', kind: 'likert', scale: 5, text: '优秀医院准时', dimension: 'reliability', touchpoint: 'booking', pair: { key: 'rel', role: 'expectation' } },
    { id: 'rel_p', kind: 'likert', scale: 5, text: '本次准时', dimension: 'reliability', touchpoint: 'booking', pair: { key: 'rel', role: 'perception' } },
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

/** P1: reliability 3−5 = −2, empathy 5−4 = +1, NPS 10. P2: reliability 0, empathy 2−5 = −3, NPS 6 and a complaint. P3: reliability 0, NPS 8. */
const ANSWERS = [
  { rel_e: 5, rel_p: 3, emp_e: 4, emp_p: 5, nps: 10 },
  { rel_e: 4, rel_p: 4, emp_e: 5, emp_p: 2, nps: 6, why: '医生太匆忙' },
  { rel_e: 5, rel_p: 5, nps: 8 },
];

beforeAll(async () => {
  stack = await startStack({ QUIET_HOURS: '00:00-00:00' });
  await seed(stack);
  const [service, admin] = [await staffLogin(stack, 'service.zhao'), await staffLogin(stack, 'admin')];
  const template = await stack.api.post<SurveyTemplateView>(
    '/surveys/templates',
    { key: 'clinic_quality', purpose: 'survey', definition: DEFINITION },
    { token: service },
  );
  await stack.api.post(`/surveys/templates/${template.body.id}/publish`, {}, { token: service });
  const trigger = { enabled: true, templateKey: 'clinic_quality', delayHours: 0, expiresAfterDays: 30, remindAfterHours: 0 };
  expect((await stack.api.request('PUT', '/surveys/triggers/visit_completed', trigger, { token: admin })).status).toBe(200);

  for (const [i, answers] of ANSWERS.entries()) {
    const p = await consentedPatient(stack, `质量${i}`);
    const slot = await makeSlot(stack, { fee: 0 });
    const a = (await book(stack, p.token, slot.id)).appointment;
    await withClockAt(stack, new Date(slot.startsAt.getTime() - 30 * 60_000), async () => {
      const [nurse, doctor] = [await staffLogin(stack, 'nurse.wang'), await staffLogin(stack, 'doctor.zhang')];
      await stack.api.post(`/appointments/${a.id}/check-in`, {}, { token: nurse });
      expect((await stack.api.post(`/appointments/${a.id}/complete`, {}, { token: doctor })).status).toBe(200);
      await runJobs(stack);
    });
    const [inv] = (await stack.api.get<SurveyInvitationView[]>('/surveys/invitations', { token: p.token })).body;
    const res = await stack.api.post(
      `/surveys/invitations/${inv!.id}/response`,
      { answers: Object.entries(answers).map(([itemId, value]) => ({ itemId, value })) },
      { token: p.token },
    );
    expect(res.status).toBe(200);
  }
  report = (await stack.api.get<ServiceQualityReport>('/analytics/service-quality', { token: await staffLogin(stack, 'marketing.liu') })).body;
}, 180_000);
afterAll(() => stack.close());

describe('the service-quality report (hand-counted)', () => {
  it('the heat map: the mean expectation, perception and gap of each dimension × touchpoint', () => {
    expect(report.responses).toBe(3);
    expect(report.grid).toEqual([
      { dimension: 'empathy', touchpoint: 'consultation', expectation: 4.5, perception: 3.5, gap: -1, n: 2 },
      { dimension: 'reliability', touchpoint: 'booking', expectation: 4.67, perception: 4, gap: -0.67, n: 3 },
    ]);
    expect(report.byDimension).toEqual([
      { dimension: 'empathy', gap: -1, n: 2 },
      { dimension: 'reliability', gap: -0.67, n: 3 },
    ]);
    expect(report.lowest.map((c) => [c.dimension, c.touchpoint])).toEqual([
      ['empathy', 'consultation'],
      ['reliability', 'booking'],
    ]);
  });

  it('NPS (1 promoter, 1 passive, 1 detractor of 3 → 0), the boxes (2 top, 2 middle, 1 bottom of 5 ratings), by department and week', () => {
    expect(report.nps).toEqual({ score: 0, promoters: 1, passives: 1, detractors: 1, answered: 3 });
    expect(report.boxes).toEqual({ top: 2, middle: 2, bottom: 1, topBoxShare: 0.4 });
    // Cardiology's five pairs: (−2 + 1 + 0 − 3 + 0) / 5.
    expect(report.byDepartment).toEqual([{ departmentId: expect.any(String), name: '心血管内科', gap: -0.8, nps: 0, responses: 3 }]);
    expect(report.byDoctor).toEqual([{ doctorId: expect.any(String), name: '张伟', gap: -0.8, nps: 0, responses: 3 }]);
    expect(report.trend).toEqual([{ week: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), responses: 3, nps: 0, topBoxShare: 0.4, gap: -0.8 }]);
    // The heat map over time: one week, each dimension's mean gap.
    expect(report.overTime).toEqual([
      { week: report.trend[0]!.week, dimension: 'empathy', gap: -1, n: 2 },
      { week: report.trend[0]!.week, dimension: 'reliability', gap: -0.67, n: 3 },
    ]);
    // The detractor's complaint opened the one issue.
    expect(report.issues).toMatchObject({ open: 1, resolved: 0 });
  });

  it('exports CSV in the reader’s language; marketing and service read it, clinical staff may not; bad periods are refused', async () => {
    const marketing = await staffLogin(stack, 'marketing.liu');
    const csv = await stack.api.get<string>('/analytics/service-quality.csv', { token: marketing, language: 'en' });
    expect(csv.status).toBe(200);
    const text = String(csv.body);
    expect(text).toContain('Dimension,Touchpoint,Expected,Perceived,Gap (P−E),Pairs');
    expect(text).toContain('Empathy,Consultation,4.5,3.5,-1,2');
    expect(text).toContain('Cardiology,-0.8,0,3');
    expect((await stack.api.get('/analytics/service-quality', { token: await staffLogin(stack, 'doctor.zhang') })).status).toBe(403);
    const backwards = await stack.api.get<{ code: string }>('/analytics/service-quality?from=2026-06-01&to=2026-05-01', { token: marketing });
    expect([backwards.status, backwards.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const tooLong = await stack.api.get<{ code: string }>('/analytics/service-quality?from=2025-01-01&to=2026-06-01', { token: marketing });
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const elsewhere = await stack.api.get<ServiceQualityReport>(`/analytics/service-quality?departmentId=${'0'.repeat(26)}`, { token: marketing });
    expect([elsewhere.body.responses, elsewhere.body.grid, elsewhere.body.nps.score]).toEqual([0, [], null]);
    // One doctor's figures: Dr Zhang saw all three.
    const zhang = await stack.api.get<ServiceQualityReport>(`/analytics/service-quality?doctorId=${report.byDoctor[0]!.doctorId}`, { token: marketing });
    expect([zhang.body.responses, zhang.body.grid.length]).toEqual([3, 2]);
  });
});
