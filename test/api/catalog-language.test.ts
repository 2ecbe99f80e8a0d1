// The catalogue in the reader's language: departments and doctors rendered by Accept-Language, with the fallback rule
// (no English entered → the Chinese text, named in `fallback`); admins enter both languages; appointment views carry
// the department's location in both.
import type { DepartmentRecord, DepartmentView, DoctorRecord, DoctorView } from '@yiban/shared';
import { auditRows, makeSlot } from '@yiban/server/testing';
import { consentedPatient, departmentId, seed, staffLogin } from '../support/actors.js';
import { book } from '../support/booking.js';
import { startStack, type Stack } from '../support/stack.js';

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

let stack: Stack;
let admin: string;
beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
  admin = await staffLogin(stack, 'admin');
});
afterAll(() => stack.close());

const departments = async (language?: string) => (await stack.api.get<DepartmentView[]>('/departments', { language })).body;
const byCode = async (code: string, language?: string) => (await departments(language)).find((d) => d.code === code)!;
const doctorsOf = async (code: string, language?: string) =>
  (await stack.api.get<DoctorView[]>(`/doctors?departmentId=${await departmentId(stack, code)}`, { language })).body;

describe('the catalogue in the reader’s language', () => {
  it('answers in Chinese by default and for Chinese readers, with nothing marked', async () => {
    for (const language of [undefined, 'zh-CN', 'zh-TW,zh;q=0.9', 'fr-FR']) {
      const cardiology = await byCode('CARD', language);
      expect(cardiology).toMatchObject({ name: '心血管内科', location: '门诊楼 3 层 A 区', fallback: [] });
      expect(cardiology).not.toHaveProperty('nameEn');
      const [zhang] = await doctorsOf('CARD', language);
      expect(zhang).toMatchObject({ name: '张伟', specialties: ['高血压', '冠心病介入治疗'], fallback: [] });
    }
    // Even where no English was entered, a Chinese reader is told nothing is missing.
    expect((await byCode('HCHK', 'zh-CN')).fallback).toEqual([]);
  });

  it('answers in English for English readers: a department with English texts has no Chinese left', async () => {
    const res = await stack.api.get<DepartmentView[]>('/departments', { language: 'en-GB,en;q=0.9,zh-CN;q=0.5' });
    expect(res.headers.get('vary')).toMatch(/Accept-Language/i);
    const cardiology = res.body.find((d) => d.code === 'CARD')!;
    expect(cardiology).toEqual({
      id: cardiology.id,
      code: 'CARD',
      name: 'Cardiology',
      description: expect.stringContaining('Hypertension'),
      location: 'Outpatient Building, floor 3, zone A',
      fallback: [],
    });
    const doctors = await doctorsOf('CARD', 'en');
    for (const doctor of doctors) {
      expect(doctor.fallback).toEqual([]);
      for (const text of [doctor.name, doctor.bio, ...doctor.specialties]) expect(text).not.toMatch(CJK);
    }
    const one = await stack.api.get<DoctorView>(`/doctors/${doctors[0]!.id}`, { language: 'en' });
    expect(one.body).toMatchObject({ name: 'Zhang Wei', title: 'chief_physician', fallback: [] });
  });

  it('shows the Chinese text where no English was entered, and names it in `fallback`', async () => {
    const checkUps = await byCode('HCHK', 'en');
    expect(checkUps).toMatchObject({ name: 'Health Check Centre', location: '体检楼 1–2 层', fallback: ['location'] });
    const [sun] = await doctorsOf('HCHK', 'en');
    expect(sun).toMatchObject({ name: 'Sun Li', bio: expect.stringMatching(CJK), fallback: ['bio'] });
    expect(sun!.specialties).toEqual(['Check-up report review', 'Chronic disease risk']);
  });

  it('an admin enters and clears English texts: readers see them at once, each change audited', async () => {
    const hchk = await departmentId(stack, 'HCHK');
    const records = await stack.api.get<DepartmentRecord[]>('/admin/catalog/departments', { token: admin });
    expect(records.status).toBe(200);
    expect(records.body.find((d) => d.id === hchk)).toMatchObject({ location: '体检楼 1–2 层', locationEn: '', nameEn: 'Health Check Centre', active: true });

    const entered = await stack.api.patch<DepartmentRecord>(
      `/admin/catalog/departments/${hchk}`,
      { locationEn: '  Health Check Building, floors 1–2 ' },
      { token: admin },
    );
    expect(entered.status).toBe(200);
    expect(entered.body.locationEn).toBe('Health Check Building, floors 1–2');
    expect(await byCode('HCHK', 'en')).toMatchObject({ location: 'Health Check Building, floors 1–2', fallback: [] });
    expect((await byCode('HCHK', 'zh-CN')).location).toBe('体检楼 1–2 层');

    // An empty English text means "none yet": the Chinese is shown again, marked.
    const cleared = await stack.api.patch(`/admin/catalog/departments/${hchk}`, { nameEn: '', locationEn: '' }, { token: admin });
    expect(cleared.status).toBe(200);
    expect(await byCode('HCHK', 'en')).toMatchObject({ name: '健康体检中心', location: '体检楼 1–2 层', fallback: ['name', 'location'] });

    const sun = (await stack.api.get<DoctorRecord[]>(`/admin/catalog/doctors?departmentId=${hchk}`, { token: admin })).body[0]!;
    expect(sun).toMatchObject({ name: '孙丽', bioEn: '', specialtiesEn: ['Check-up report review', 'Chronic disease risk'] });
    const bio = 'Associate chief physician; reviews check-up reports and plans follow-up.';
    const doctor = await stack.api.patch<DoctorRecord>(`/admin/catalog/doctors/${sun.id}`, { bioEn: bio, specialtiesEn: [] }, { token: admin });
    expect(doctor.status).toBe(200);
    const [rendered] = await doctorsOf('HCHK', 'en');
    expect(rendered).toMatchObject({ bio, specialties: ['体检报告解读', '慢病风险评估'], fallback: ['specialties'] });

    const audited = await auditRows.find(stack, { action: 'catalog.update' });
    expect(audited.map((a) => `${a.resource}:${a.resourceId}`).sort()).toEqual([`department:${hchk}`, `department:${hchk}`, `doctor:${sun.id}`]);
  });

  it('refuses blank text (a Chinese text may not be emptied; an English one only emptied, not filled with spaces) and unknown ids', async () => {
    const card = await departmentId(stack, 'CARD');
    const cases: Record<string, unknown>[] = [
      { name: '' },
      { nameEn: '\u3000\u200b' },
      { location: '   ' },
      { descriptionEn: 'x'.repeat(2001) },
      { code: 'X' },
    ];
    for (const body of cases) {
      const res = await stack.api.patch(`/admin/catalog/departments/${card}`, body, { token: admin, language: 'en' });
      expect(res.status).toBe(400);
      expect(['VALIDATION_FAILED', 'UNKNOWN_FIELD']).toContain(res.body.code);
    }
    const zhang = (await doctorsOf('CARD'))[0]!;
    expect((await stack.api.patch(`/admin/catalog/doctors/${zhang.id}`, { specialtiesEn: [' '] }, { token: admin })).status).toBe(400);
    expect((await stack.api.patch(`/admin/catalog/doctors/${zhang.id}`, { title: 'professor' }, { token: admin })).status).toBe(400);
    const missing = await stack.api.patch('/admin/catalog/doctors/01ARZ3NDEKTSV4RRFFQ69G5FAV', { bioEn: 'x' }, { token: admin });
    expect(missing.body.code).toBe('DOCTOR_NOT_FOUND');
    expect((await byCode('CARD', 'en')).name).toBe('Cardiology');
    const doctor = await staffLogin(stack, 'doctor.zhang');
    expect((await stack.api.patch(`/admin/catalog/departments/${card}`, { nameEn: 'Hearts' }, { token: doctor })).body.code).toBe('FORBIDDEN_ROLE');
  });

  it('an appointment carries its department’s location in both languages', async () => {
    const patient = await consentedPatient(stack, '位置测试');
    const appointment = await book(stack, patient.token, (await makeSlot(stack, { fee: 0 })).id);
    expect(appointment.appointment).toMatchObject({ location: '门诊楼 3 层 A 区', locationEn: 'Outpatient Building, floor 3, zone A' });
  });
});
