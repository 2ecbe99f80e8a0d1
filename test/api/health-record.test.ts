// The patient health record (issue #16): the patient's own allergies, conditions, medications and readings with their
// checks and trends; staff read it only through a care relationship (or break the glass), every read audited; a
// withdrawn health-data consent hides it from staff while the patient still reads it; marketing and service never
// read one.
import { auditRows, makeSlot } from '@yiban/server/testing';
import { CURRENT_CONSENT_VERSIONS, type HealthEntryView, type HealthRecordView, type MeasurementSeries, type MeasurementView } from '@yiban/shared';
import { consentedPatient, familyMember, patientLogin, seed, staffLogin } from '../support/actors.js';
import { book } from '../support/booking.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let doctor: string;
let otherDoctor: string;
let marketing: string;
let service: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
  [doctor, otherDoctor, marketing, service] = await Promise.all([
    staffLogin(stack, 'doctor.zhang'),
    staffLogin(stack, 'doctor.li'),
    staffLogin(stack, 'marketing.liu'),
    staffLogin(stack, 'service.zhao'),
  ]);
}, 120_000);
afterAll(() => stack.close());

const record = async (token: string, patientId?: string) => {
  const res = await stack.api.get<HealthRecordView>('/me/health-record', { token, patientId });
  expect(res.status).toBe(200);
  return res.body;
};
const addEntry = (token: string, body: unknown, patientId?: string) => stack.api.post('/me/health-record/entries', body, { token, patientId });
const trendOf = (token: string, query: Record<string, string>) =>
  stack.api.get<MeasurementSeries>(`/me/health-record/measurements?${new URLSearchParams(query).toString()}`, { token });
const addReading = (token: string, body: unknown, patientId?: string) => stack.api.post('/me/health-record/measurements', body, { token, patientId });

/** A patient with an appointment with Dr Zhang (Cardiology): doctor.zhang cares for them, doctor.li does not. */
async function patientInCardiology(name: string) {
  const patient = await consentedPatient(stack, name);
  await book(stack, patient.token, (await makeSlot(stack, { fee: 0 })).id);
  return patient;
}

describe('the patient’s own record', () => {
  it('starts empty, takes allergies, conditions and medications, edits and removes them', async () => {
    const { token, patientId } = await consentedPatient(stack, '林静');
    const empty = await record(token);
    expect(empty).toMatchObject({ patientId, allergies: [], conditions: [], medications: [], recent: [], sharedWithCareTeam: true });
    expect(empty.latest).toEqual({ blood_pressure: null, glucose: null, weight: null });

    const allergy = await addEntry(token, { kind: 'allergy', name: '青霉素', category: 'drug', reaction: '皮疹', severity: 'severe' });
    expect(allergy.status).toBe(201);
    expect(allergy.body).toMatchObject({ kind: 'allergy', name: '青霉素', category: 'drug', severity: 'severe', active: true, enteredBy: { kind: 'patient' } });
    const condition = await addEntry(token, { kind: 'condition', name: '高血压', icd10: 'i10', since: '2019-05-01' });
    expect(condition.status).toBe(201);
    expect(condition.body).toMatchObject({ icd10: 'I10', since: '2019-05-01', dose: null });
    const medication = await addEntry(token, { kind: 'medication', name: '氨氯地平', dose: '5 mg', frequency: '每日一次', since: '2019-06-01' });
    expect(medication.status).toBe(201);

    const replaced = await stack.api.request<HealthEntryView>(
      'PUT',
      `/me/health-record/entries/${medication.body.id}`,
      { kind: 'medication', name: '氨氯地平', dose: '10 mg', frequency: '每日一次', since: '2019-06-01', until: '2024-01-31', active: false },
      { token },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ dose: '10 mg', until: '2024-01-31', active: false });

    const full = await record(token);
    expect(full.allergies.map((e) => e.name)).toEqual(['青霉素']);
    expect(full.conditions.map((e) => e.name)).toEqual(['高血压']);
    expect(full.medications.map((e) => [e.name, e.active])).toEqual([['氨氯地平', false]]);

    expect((await stack.api.delete(`/me/health-record/entries/${condition.body.id}`, { token })).status).toBe(204);
    expect((await record(token)).conditions).toEqual([]);
    expect((await stack.api.delete(`/me/health-record/entries/${condition.body.id}`, { token })).body.code).toBe('HEALTH_RECORD_ENTRY_NOT_FOUND');
  });

  it('refuses entries that do not make sense, each with a code', async () => {
    const { token } = await consentedPatient(stack, '钱敏');
    const refused = async (body: unknown) => {
      const res = await addEntry(token, body);
      return [res.status, res.body.code, (res.body.details?.fields as { field: string; problems: string[] }[] | undefined)?.map((f) => f.field)];
    };
    expect(await refused({ kind: 'allergy', name: '   ' })).toEqual([400, 'VALIDATION_FAILED', ['name']]);
    expect(await refused({ kind: 'allergy', name: '花粉', dose: '5 mg' })).toEqual([400, 'VALIDATION_FAILED', ['dose']]);
    expect(await refused({ kind: 'condition', name: '糖尿病', icd10: 'diabetes' })).toEqual([400, 'VALIDATION_FAILED', ['icd10']]);
    expect(await refused({ kind: 'medication', name: '二甲双胍', since: '2024-02-30' })).toEqual([400, 'VALIDATION_FAILED', ['since']]);
    expect(await refused({ kind: 'medication', name: '二甲双胍', since: '2024-03-01', until: '2024-02-01' })).toEqual([
      422,
      'HEALTH_RECORD_DATES_INVALID',
      undefined,
    ]);
    expect(await refused({ kind: 'surgery', name: '阑尾切除' })).toEqual([400, 'VALIDATION_FAILED', ['kind']]);
    const unknown = await addEntry(token, { kind: 'allergy', name: '花粉', secret: 1 });
    expect([unknown.status, unknown.body.code, unknown.body.details]).toEqual([400, 'UNKNOWN_FIELD', { fields: ['secret'] }]);
  });

  it('keeps readings of each kind, refuses nonsense values, and draws the trend over a range of dates', async () => {
    const { token } = await consentedPatient(stack, '孙丽');
    const bp = await addReading(token, { kind: 'blood_pressure', systolic: 142, diastolic: 91, measuredAt: ago(2 * DAY) });
    expect(bp.status).toBe(201);
    expect(bp.body).toMatchObject({ kind: 'blood_pressure', systolic: 142, diastolic: 91, glucoseMmol: null, enteredBy: { kind: 'patient' } });
    expect((await addReading(token, { kind: 'blood_pressure', systolic: 128, diastolic: 82, measuredAt: ago(HOUR) })).status).toBe(201);
    const glucose = await addReading(token, { kind: 'glucose', glucoseMmol: 6.4, glucoseContext: 'fasting', measuredAt: ago(DAY) });
    expect(glucose.body).toMatchObject({ glucoseMmol: 6.4, glucoseContext: 'fasting' });
    const weight = await addReading(token, { kind: 'weight', weightKg: 68.5, measuredAt: ago(3 * DAY), note: '早饭前' });
    expect(weight.body).toMatchObject({ weightKg: 68.5, note: '早饭前' });
    // An old reading: outside the record's 90 days, inside a trend that asks for it.
    expect((await addReading(token, { kind: 'blood_pressure', systolic: 150, diastolic: 95, measuredAt: ago(200 * DAY) })).status).toBe(201);

    const refused = async (body: unknown) => {
      const res = await addReading(token, body);
      return [res.status, res.body.code];
    };
    expect(await refused({ kind: 'blood_pressure', systolic: 1200, diastolic: 80, measuredAt: ago(HOUR) })).toEqual([422, 'HEALTH_MEASUREMENT_OUT_OF_RANGE']);
    expect(await refused({ kind: 'blood_pressure', systolic: 80, diastolic: 120, measuredAt: ago(HOUR) })).toEqual([422, 'HEALTH_MEASUREMENT_INCONSISTENT']);
    expect(await refused({ kind: 'blood_pressure', systolic: 120, measuredAt: ago(HOUR) })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await refused({ kind: 'glucose', glucoseMmol: 0.2, glucoseContext: 'random', measuredAt: ago(HOUR) })).toEqual([
      422,
      'HEALTH_MEASUREMENT_OUT_OF_RANGE',
    ]);
    expect(await refused({ kind: 'glucose', glucoseMmol: 6.45, glucoseContext: 'random', measuredAt: ago(HOUR) })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await refused({ kind: 'glucose', glucoseMmol: 6.4, glucoseContext: 'bedtime', measuredAt: ago(HOUR) })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await refused({ kind: 'weight', weightKg: 900, measuredAt: ago(HOUR) })).toEqual([422, 'HEALTH_MEASUREMENT_OUT_OF_RANGE']);
    expect(await refused({ kind: 'weight', weightKg: 70, systolic: 120, measuredAt: ago(HOUR) })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await refused({ kind: 'weight', weightKg: 70, measuredAt: new Date(Date.now() + DAY).toISOString() })).toEqual([
      422,
      'HEALTH_MEASUREMENT_TIME_INVALID',
    ]);
    expect(await refused({ kind: 'weight', weightKg: 70, measuredAt: 'yesterday' })).toEqual([400, 'VALIDATION_FAILED']);
    const out = await addReading(token, { kind: 'weight', weightKg: 900, measuredAt: ago(HOUR) }, undefined);
    expect(out.body.details).toMatchObject({ field: 'weightKg', min: 0.5, max: 350, unit: 'kg' });
    expect(out.body.message).toContain('0.5');

    const full = await record(token);
    expect(full.latest.blood_pressure).toMatchObject({ systolic: 128, diastolic: 82 });
    expect(full.latest.glucose).toMatchObject({ glucoseMmol: 6.4 });
    expect(full.latest.weight).toMatchObject({ weightKg: 68.5 });
    expect(full.recent.map((r) => r.kind)).toEqual(['blood_pressure', 'glucose', 'blood_pressure', 'weight']);

    const trend = await trendOf(token, { kind: 'blood_pressure' });
    expect(trend.status).toBe(200);
    expect(trend.body.items.map((r) => r.systolic)).toEqual([142, 128]);
    const today = trend.body.to;
    const year = await trendOf(token, { kind: 'blood_pressure', from: new Date(Date.now() - 300 * DAY).toISOString().slice(0, 10), to: today });
    expect(year.body.items.map((r) => r.systolic)).toEqual([150, 142, 128]);
    const tooLong = await trendOf(token, { kind: 'weight', from: '2020-01-01', to: '2024-01-01' });
    expect([tooLong.status, (tooLong.body as unknown as { code: string }).code]).toEqual([400, 'VALIDATION_FAILED']);
    const backwards = await trendOf(token, { kind: 'weight', from: '2024-02-01', to: '2024-01-01' });
    expect([backwards.status, (backwards.body as unknown as { code: string }).code]).toEqual([400, 'VALIDATION_FAILED']);

    expect((await stack.api.delete(`/me/health-record/measurements/${weight.body.id}`, { token })).status).toBe(204);
    expect((await record(token)).latest.weight).toBeNull();
    expect((await stack.api.delete(`/me/health-record/measurements/${weight.body.id}`, { token })).body.code).toBe('HEALTH_MEASUREMENT_NOT_FOUND');
  });

  it('keeps a family member’s record apart, and hides one account’s entries from another', async () => {
    const holder = await consentedPatient(stack, '周强');
    const mother = await familyMember(stack, holder.token, '周母');
    const entry = await addEntry(holder.token, { kind: 'condition', name: '糖尿病', icd10: 'E11' }, mother);
    expect(entry.status).toBe(201);
    expect((await record(holder.token, mother)).conditions.map((e) => e.name)).toEqual(['糖尿病']);
    expect((await record(holder.token)).conditions).toEqual([]);
    // Someone else's entry is not found (not "forbidden"): ids cannot be probed.
    const stranger = await consentedPatient(stack, '吴磊');
    const put = await stack.api.request('PUT', `/me/health-record/entries/${entry.body.id}`, { kind: 'condition', name: '改' }, { token: stranger.token });
    expect(put.body.code).toBe('HEALTH_RECORD_ENTRY_NOT_FOUND');
    expect((await stack.api.delete(`/me/health-record/entries/${entry.body.id}`, { token: stranger.token })).body.code).toBe('HEALTH_RECORD_ENTRY_NOT_FOUND');
    const other = await stack.api.get('/me/health-record', { token: stranger.token, patientId: mother });
    expect(other.body.code).toBe('FORBIDDEN_OWNERSHIP');
  });

  it('needs the health-data consent to write, and always lets the patient read', async () => {
    const fresh = await patientLogin(stack);
    expect((await record(fresh.token)).sharedWithCareTeam).toBe(false);
    const res = await addReading(fresh.token, { kind: 'weight', weightKg: 60, measuredAt: ago(HOUR) });
    expect([res.status, res.body.code]).toEqual([403, 'CONSENT_REQUIRED']);
  });
});

describe('staff and the record', () => {
  it('opens to the care team only, audits every read, and lets clinical staff add to it', async () => {
    const patient = await patientInCardiology('郑洁');
    await addEntry(patient.token, { kind: 'allergy', name: '磺胺类', category: 'drug', severity: 'moderate' });
    await addReading(patient.token, { kind: 'blood_pressure', systolic: 135, diastolic: 85, measuredAt: ago(HOUR) });
    const reads = () => auditRows.count(stack, { patientId: patient.patientId, action: 'patient.read', resource: 'health_record' });

    const seen = await stack.api.get<HealthRecordView>(`/patients/${patient.patientId}/health-record`, { token: doctor });
    expect(seen.status).toBe(200);
    expect(seen.body.allergies.map((e) => e.name)).toEqual(['磺胺类']);
    expect(seen.body.latest.blood_pressure).toMatchObject({ systolic: 135 });
    expect(await reads()).toBe(1);
    await stack.api.get(`/patients/${patient.patientId}/health-record`, { token: doctor });
    expect(await reads()).toBe(2);

    // Not in their care: refused, nothing read, nothing recorded as read.
    const refused = await stack.api.get(`/patients/${patient.patientId}/health-record`, { token: otherDoctor });
    expect([refused.status, refused.body.code]).toEqual([403, 'CARE_RELATIONSHIP_REQUIRED']);
    expect(refused.body.allergies).toBeUndefined();
    expect(await reads()).toBe(2);
    // Marketing and service never read a record (by role, before anything about the patient is looked at).
    for (const token of [marketing, service]) {
      const res = await stack.api.get(`/patients/${patient.patientId}/health-record`, { token });
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
      const write = await stack.api.post(
        `/patients/${patient.patientId}/health-record/measurements`,
        { kind: 'weight', weightKg: 60, measuredAt: ago(HOUR) },
        { token },
      );
      expect(write.body.code).toBe('FORBIDDEN_ROLE');
    }
    expect(await reads()).toBe(2);

    // Breaking the glass opens it to doctor.li, audited with the grant named.
    const glass = await stack.api.post(`/patients/${patient.patientId}/break-glass`, { reason: '急诊会诊，需了解过敏史' }, { token: otherDoctor });
    expect(glass.status).toBe(201);
    expect((await stack.api.get(`/patients/${patient.patientId}/health-record`, { token: otherDoctor })).status).toBe(200);
    const rows = await auditRows.find(stack, { patientId: patient.patientId, resource: 'health_record' });
    expect(rows.some((r) => r.purpose?.includes(`break-glass ${glass.body.grantId}`))).toBe(true);

    // The care team adds a reading and a condition: the patient sees who entered them.
    const reading = await stack.api.post<MeasurementView>(
      `/patients/${patient.patientId}/health-record/measurements`,
      { kind: 'glucose', glucoseMmol: 9.8, glucoseContext: 'after_meal', measuredAt: ago(HOUR) },
      { token: doctor },
    );
    expect(reading.status).toBe(201);
    expect(reading.body.enteredBy).toMatchObject({ kind: 'staff', name: expect.any(String) });
    const entry = await stack.api.post<HealthEntryView>(
      `/patients/${patient.patientId}/health-record/entries`,
      { kind: 'condition', name: '2型糖尿病', icd10: 'E11' },
      { token: doctor },
    );
    expect(entry.status).toBe(201);
    const own = await record(patient.token);
    expect(own.conditions[0]).toMatchObject({ name: '2型糖尿病', enteredBy: { kind: 'staff' } });
    expect(own.latest.glucose).toMatchObject({ glucoseMmol: 9.8, enteredBy: { kind: 'staff' } });
    expect(await auditRows.count(stack, { patientId: patient.patientId, action: 'patient.update', resource: 'health_record.entry' })).toBe(1);
    expect(await auditRows.count(stack, { patientId: patient.patientId, action: 'patient.update', resource: 'health_record.measurement' })).toBe(1);
    // Nonsense from staff is refused the same way, before the record is opened.
    const before = await reads();
    const bad = await stack.api.post(
      `/patients/${patient.patientId}/health-record/measurements`,
      { kind: 'weight', weightKg: 0.1, measuredAt: ago(HOUR) },
      { token: doctor },
    );
    expect(bad.body.code).toBe('HEALTH_MEASUREMENT_OUT_OF_RANGE');
    expect(await reads()).toBe(before);
  });

  it('a withdrawn health-data consent hides the health record from staff', async () => {
    const patient = await patientInCardiology('冯涛');
    await addEntry(patient.token, { kind: 'medication', name: '阿司匹林', dose: '100 mg', frequency: '每日一次' });
    expect((await stack.api.get(`/patients/${patient.patientId}/health-record`, { token: doctor })).status).toBe(200);

    const withdrawn = await stack.api.post(
      '/me/consents',
      { kind: 'health_data', version: CURRENT_CONSENT_VERSIONS.health_data, granted: false },
      { token: patient.token },
    );
    expect(withdrawn.status).toBe(200);

    const hidden = await stack.api.get(`/patients/${patient.patientId}/health-record`, { token: doctor });
    expect([hidden.status, hidden.body.code]).toEqual([403, 'HEALTH_RECORD_CONSENT_WITHDRAWN']);
    expect(JSON.stringify(hidden.body)).not.toContain('阿司匹林');
    const write = await stack.api.post(
      `/patients/${patient.patientId}/health-record/measurements`,
      { kind: 'weight', weightKg: 70, measuredAt: ago(HOUR) },
      { token: doctor },
    );
    expect(write.body.code).toBe('HEALTH_RECORD_CONSENT_WITHDRAWN');
    // Without a care relationship the answer stays the access refusal: the consent is not revealed.
    expect((await stack.api.get(`/patients/${patient.patientId}/health-record`, { token: otherDoctor })).body.code).toBe('CARE_RELATIONSHIP_REQUIRED');

    // The patient still reads their own, and is told staff cannot see it; writing needs the consent again.
    const own = await record(patient.token);
    expect(own.medications.map((e) => e.name)).toEqual(['阿司匹林']);
    expect(own.sharedWithCareTeam).toBe(false);
    expect((await addReading(patient.token, { kind: 'weight', weightKg: 70, measuredAt: ago(HOUR) })).body.code).toBe('CONSENT_REQUIRED');

    // Agreeing again opens it to the care team again.
    await stack.api.post('/me/consents', { kind: 'health_data', version: CURRENT_CONSENT_VERSIONS.health_data, granted: true }, { token: patient.token });
    expect((await stack.api.get(`/patients/${patient.patientId}/health-record`, { token: doctor })).status).toBe(200);
  });
});
