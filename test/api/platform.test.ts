import { pendingSchemaChanges } from '@yiban/server';
import { seed } from '../support/actors.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
});
afterAll(() => stack.close());

describe('platform', () => {
  it('reports health with database readiness', async () => {
    const res = await stack.api.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { type: stack.config.database.type, ready: true } });
  });

  it('has no drift between the entities and the migrations', async () => {
    expect(await pendingSchemaChanges(stack.dataSource)).toEqual({ up: [], down: [] });
  });

  it('gives every response a request id, echoing a sane incoming one', async () => {
    const generated = await stack.api.get('/departments');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9A-Z]{26}$/);
    const echoed = await stack.api.get('/departments', { headers: { 'x-request-id': 'client-req-12345' } });
    expect(echoed.headers.get('x-request-id')).toBe('client-req-12345');
    const refused = await stack.api.get('/departments', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(refused.headers.get('x-request-id')).not.toBe('bad id with spaces');
    const error = await stack.api.get('/me', { headers: { 'x-request-id': 'client-req-67890' } });
    expect(error.body.requestId).toBe('client-req-67890');
  });

  it('sends security headers', async () => {
    const res = await stack.api.get('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('serves the OpenAPI document and UI', async () => {
    const json = await stack.api.get('/api/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/auth/wechat/login',
      '/api/v1/auth/staff/login',
      '/api/v1/me',
      '/api/v1/me/patients',
      '/api/v1/me/consents',
      '/api/v1/departments',
      '/api/v1/doctors',
      '/api/v1/health',
    ]) {
      expect(Object.keys(json.body.paths)).toContain(path);
    }
    const ui = await fetch(`${stack.api.baseUrl}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('lists the demo hospital’s departments and doctors with fees in fen', async () => {
    const departments = await stack.api.get('/departments');
    expect(departments.body.length).toBeGreaterThanOrEqual(5);
    const cardiology = departments.body.find((d: { code: string }) => d.code === 'CARD');
    const doctors = await stack.api.get(`/doctors?departmentId=${cardiology.id}`);
    expect(doctors.body.length).toBeGreaterThanOrEqual(2);
    for (const doctor of doctors.body) {
      expect(doctor.departmentId).toBe(cardiology.id);
      for (const v of doctor.visitTypes) expect(Number.isInteger(v.fee)).toBe(true);
    }
    const one = await stack.api.get(`/doctors/${doctors.body[0].id}`);
    expect(one.body).toMatchObject({ name: doctors.body[0].name, bio: expect.any(String), fallback: [] });
    expect((await stack.api.get('/doctors/01ARZ3NDEKTSV4RRFFQ69G5FAV')).body.code).toBe('DOCTOR_NOT_FOUND');
  });
});
