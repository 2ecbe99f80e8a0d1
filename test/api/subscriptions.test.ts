import { DEVELOPMENT_TEMPLATES } from '@yiban/server';
import { spendGrant } from '@yiban/server/testing';
import { patientLogin, seed, staffLogin } from '../support/actors.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await seed(stack);
});
afterAll(() => stack.close());

const REMINDER = DEVELOPMENT_TEMPLATES.appointment_reminder.id;
const FOLLOW_UP = DEVELOPMENT_TEMPLATES.follow_up_reminder.id;
const REPLY = DEVELOPMENT_TEMPLATES.doctor_replied.id;

describe('subscription grants', () => {
  it('keeps a ledger per template: each one-time acceptance allows one send, long-term stays, a refusal switches off', async () => {
    const me = await patientLogin(stack);
    const initial = await stack.api.get('/me/subscriptions', { token: me.token });
    expect(initial.status).toBe(200);
    expect(initial.body.find((g: { messageKind: string }) => g.messageKind === 'appointment_reminder')).toMatchObject({
      templateId: REMINDER,
      kind: 'one_time',
      remaining: 0,
    });

    await stack.api.post('/me/subscriptions', { templateIds: [REMINDER, REPLY], results: { [REMINDER]: 'accept', [REPLY]: 'reject' } }, { token: me.token });
    const twice = await stack.api.post('/me/subscriptions', { templateIds: [REMINDER], results: { [REMINDER]: 'accept' } }, { token: me.token });
    expect(twice.status).toBe(200);
    const reminder = twice.body.find((g: { templateId: string }) => g.templateId === REMINDER);
    expect(reminder).toMatchObject({ remaining: 2, lastResult: 'accept' });
    expect(twice.body.find((g: { templateId: string }) => g.templateId === REPLY)).toMatchObject({ remaining: 0, lastResult: 'reject' });

    const longTerm = await stack.api.post('/me/subscriptions', { templateIds: [FOLLOW_UP], results: { [FOLLOW_UP]: 'accept' } }, { token: me.token });
    expect(longTerm.body.find((g: { templateId: string }) => g.templateId === FOLLOW_UP)).toMatchObject({ longTerm: true, kind: 'long_term' });

    // Spending: two sends allowed, the third is not; long-term spends without running out.
    const accountId = (await stack.api.get('/me', { token: me.token })).body.accountId as string;
    const spendFor = (templateId: string) => spendGrant(stack, accountId, templateId);
    expect([await spendFor(REMINDER), await spendFor(REMINDER), await spendFor(REMINDER)]).toEqual([true, true, false]);
    expect([await spendFor(FOLLOW_UP), await spendFor(FOLLOW_UP)]).toEqual([true, true]);

    const ban = await stack.api.post('/me/subscriptions', { templateIds: [FOLLOW_UP], results: { [FOLLOW_UP]: 'ban' } }, { token: me.token });
    expect(ban.body.find((g: { templateId: string }) => g.templateId === FOLLOW_UP)).toMatchObject({ longTerm: false, lastResult: 'ban' });
    expect(await spendFor(FOLLOW_UP)).toBe(false);
  });

  it('refuses unknown templates and results that do not match, writing nothing', async () => {
    const me = await patientLogin(stack);
    const unknown = await stack.api.post(
      '/me/subscriptions',
      { templateIds: ['made-up'], results: { 'made-up': 'accept' } },
      { token: me.token, language: 'en' },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'SUBSCRIPTION_TEMPLATE_UNKNOWN', message: 'Unknown message template(s): made-up' });
    const mismatch = await stack.api.post('/me/subscriptions', { templateIds: [REMINDER], results: { [REPLY]: 'accept' } }, { token: me.token });
    expect(mismatch.body.code).toBe('SUBSCRIPTION_RESULTS_MISMATCH');
    const badResult = await stack.api.post('/me/subscriptions', { templateIds: [REMINDER], results: { [REMINDER]: 'maybe' } }, { token: me.token });
    expect(badResult.body.code).toBe('VALIDATION_FAILED');
    const tooMany = await stack.api.post(
      '/me/subscriptions',
      { templateIds: [REMINDER, REPLY, FOLLOW_UP, 'x'], results: { [REMINDER]: 'accept' } },
      { token: me.token },
    );
    expect(tooMany.body.code).toBe('VALIDATION_FAILED');
    expect((await stack.api.get('/me/subscriptions', { token: me.token })).body.every((g: { lastResult: unknown }) => g.lastResult === null)).toBe(true);
  });

  it('is for patients only', async () => {
    expect((await stack.api.get('/me/subscriptions')).status).toBe(401);
    const marketing = await staffLogin(stack, 'marketing.liu');
    expect((await stack.api.get('/me/subscriptions', { token: marketing })).status).toBe(403);
  });
});

describe('retrying a lost answer', () => {
  it('counts an acceptance once however often the app resends it with the same Idempotency-Key', async () => {
    const me = await patientLogin(stack);
    const body = { templateIds: [REMINDER], results: { [REMINDER]: 'accept' } };
    const headers = { 'idempotency-key': 'subscribe-popup-0001' };
    for (let i = 0; i < 3; i++) expect((await stack.api.post('/me/subscriptions', body, { token: me.token, headers })).status).toBe(200);
    const ledger = await stack.api.get('/me/subscriptions', { token: me.token });
    expect(ledger.body.find((g: { templateId: string }) => g.templateId === REMINDER).remaining).toBe(1);
  });
});
