import { CURRENT_CONSENT_VERSIONS } from '@yiban/shared';
import { consentRows } from '@yiban/server/testing';
import { patientLogin } from '../support/actors.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('consents', () => {
  it('starts with both required consents missing and records each decision with version and time', async () => {
    const me = await patientLogin(stack);
    const initial = await stack.api.get('/me/consents', { token: me.token });
    expect(initial.body).toEqual({ consents: {}, currentVersions: CURRENT_CONSENT_VERSIONS, missingRequired: ['privacy_policy', 'health_data'] });

    await stack.api.post('/me/consents', { kind: 'privacy_policy', version: CURRENT_CONSENT_VERSIONS.privacy_policy, granted: true }, { token: me.token });
    const after = await stack.api.post(
      '/me/consents',
      { kind: 'health_data', version: CURRENT_CONSENT_VERSIONS.health_data, granted: true },
      { token: me.token, headers: { 'user-agent': 'consent-test' } },
    );
    expect(after.status).toBe(200);
    expect(after.body.missingRequired).toEqual([]);
    expect(after.body.consents.health_data).toMatchObject({ granted: true, version: CURRENT_CONSENT_VERSIONS.health_data, decidedAt: expect.any(String) });

    const row = await consentRows.one(stack, { patientId: me.patient.id, kind: 'health_data' });
    expect(row).toMatchObject({ granted: true, decidedByAccountId: expect.any(String), userAgent: 'consent-test' });
  });

  it('keeps the marketing opt-in separate and lets the patient withdraw it, keeping the history', async () => {
    const me = await patientLogin(stack);
    await stack.api.post('/me/consents', { kind: 'marketing', version: CURRENT_CONSENT_VERSIONS.marketing, granted: true }, { token: me.token });
    const withdrawn = await stack.api.post(
      '/me/consents',
      { kind: 'marketing', version: CURRENT_CONSENT_VERSIONS.marketing, granted: false },
      { token: me.token },
    );
    expect(withdrawn.body.consents.marketing.granted).toBe(false);
    // Marketing is never required.
    expect(withdrawn.body.missingRequired).toEqual(['privacy_policy', 'health_data']);
    const history = await stack.api.get('/me/consents/history', { token: me.token });
    expect(history.body.map((h: { kind: string; granted: boolean }) => [h.kind, h.granted])).toEqual([
      ['marketing', false],
      ['marketing', true],
    ]);
  });

  it('refuses agreement to an outdated text version, and a withdrawal must name a version that was published', async () => {
    const me = await patientLogin(stack);
    const old = await stack.api.post('/me/consents', { kind: 'privacy_policy', version: '2020-01-01', granted: true }, { token: me.token, language: 'en' });
    expect(old.status).toBe(409);
    expect(old.body).toMatchObject({ code: 'CONSENT_VERSION_OUTDATED', details: { currentVersion: CURRENT_CONSENT_VERSIONS.privacy_policy } });
    expect(await consentRows.count(stack, { patientId: me.patient.id })).toBe(0);
    const never = await stack.api.post('/me/consents', { kind: 'privacy_policy', version: '2020-01-01', granted: false }, { token: me.token });
    expect(never.status).toBe(400);
    expect(never.body.code).toBe('CONSENT_VERSION_UNKNOWN');
    expect(await consentRows.count(stack, { patientId: me.patient.id })).toBe(0);
    const withdraw = await stack.api.post(
      '/me/consents',
      { kind: 'privacy_policy', version: CURRENT_CONSENT_VERSIONS.privacy_policy, granted: false },
      { token: me.token },
    );
    expect(withdraw.status).toBe(200);
    expect(await consentRows.count(stack, { patientId: me.patient.id })).toBe(1);
  });
});
