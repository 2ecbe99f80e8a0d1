import type { MessageKind, RecordSubscriptionsRequest, SubscriptionGrantView, SubscriptionKind } from '@yiban/shared';
import {
  askAndRecord,
  FIRST_RUN_KINDS,
  MARKETING_KIND,
  planAsks,
  refused,
  reminderState,
  REMINDER_KINDS,
  resultsFrom,
  worthAsking,
  type SubscribeDeps,
} from '../../src/services/subscribe-flow';

const IDS: Record<MessageKind, string> = {
  appointment_reminder: 'ApptReminder_f60YExvZyWsnpoiq_FJWZD2CZhnYJM',
  doctor_replied: 'DoctorReplied_VkHXJumUGZ5xPoXviQVNHMRgA4WRP',
  survey_invitation: 'SurveyInvite_hJ3JuyzfTvrEVgpN5aFTYbsjgEg9yP',
  event_reminder: 'EventReminder_d8cc7H7mPWYoNrIc3SK_axj6vseZa',
  health_education: 'HealthEdu_jGsyS99sJf1gLOwgntHJTSixxCM9dHxIY',
  follow_up_reminder: 'FollowUpReminder_eFeM_XmvG-O2qQB75XL0cDaZAz',
  appointment_changed: 'ApptChanged_Qm3vT8xLw2NcR5yHd9KpE4sZbJ7uFgA',
  waitlist_offer: 'WaitlistOffer_Xr6nB2kVq8LmT4wYc1HsD9pZeG5jU',
  care_greeting: 'CareGreeting_VFzd2hNPaRSa9TeST9WwFn65QZ9mfV',
  event_invitation: 'EventInvite_n6bCiREucX5ny9xY4vCRnfik4l3lU6Z',
  tier_upgraded: 'TierUpgraded_Wq7pNc3Lx9RbT2vKm5YsH8dZfA4gJe',
  event_offer: 'EventOffer_Mb4tQx8Rk2LwN6yVc9PsE3hZjD7uFaXq',
};

/** GET /me/subscriptions as the server answers it for a new account, with per-kind overrides. */
function grants(overrides: Partial<Record<MessageKind, Partial<SubscriptionGrantView>>> = {}): SubscriptionGrantView[] {
  return (Object.keys(IDS) as MessageKind[]).map((messageKind) => ({
    messageKind,
    templateId: IDS[messageKind],
    kind: messageKind === 'follow_up_reminder' ? 'long_term' : 'one_time',
    remaining: 0,
    longTerm: false,
    lastResult: null,
    updatedAt: null,
    ...overrides[messageKind],
  }));
}

describe('which template ids are asked together', () => {
  it('the 消息 tab’s reminders: the one-time kinds in one call, follow-up reminders (long-term) in their own', () => {
    expect(planAsks(grants(), REMINDER_KINDS)).toEqual([
      { kind: 'one_time', templateIds: [IDS.appointment_reminder, IDS.doctor_replied], messageKinds: ['appointment_reminder', 'doctor_replied'] },
      { kind: 'long_term', templateIds: [IDS.follow_up_reminder], messageKinds: ['follow_up_reminder'] },
    ]);
  });

  it('first run: visit reminders and doctor replies; health education joins them (3 one-time ids) only with marketing', () => {
    expect(planAsks(grants(), FIRST_RUN_KINDS).map((a) => a.templateIds)).toEqual([[IDS.appointment_reminder, IDS.doctor_replied]]);
    const withMarketing = planAsks(grants(), [...FIRST_RUN_KINDS, MARKETING_KIND]);
    expect(withMarketing).toHaveLength(1);
    expect(withMarketing[0]).toMatchObject({ kind: 'one_time', templateIds: [IDS.appointment_reminder, IDS.doctor_replied, IDS.health_education] });
  });

  it('never more than 3 ids in a call, never one-time and long-term mixed, each template once', () => {
    const all = planAsks(grants(), [
      'follow_up_reminder',
      'appointment_reminder',
      'doctor_replied',
      'survey_invitation',
      'event_reminder',
      'health_education',
      'doctor_replied',
    ]);
    expect(all.map((a) => [a.kind, a.templateIds.length])).toEqual([
      ['long_term', 1],
      ['one_time', 3],
      ['one_time', 2],
    ]);
    for (const ask of all) {
      expect(ask.templateIds.length).toBeLessThanOrEqual(3);
      expect(new Set(ask.templateIds).size).toBe(ask.templateIds.length);
    }
    expect(all.flatMap((a) => a.templateIds)).toHaveLength(6);
  });

  it('two kinds sharing one template are asked once', () => {
    const shared = grants({ doctor_replied: { templateId: IDS.appointment_reminder } });
    expect(planAsks(shared, FIRST_RUN_KINDS)).toEqual([
      { kind: 'one_time', templateIds: [IDS.appointment_reminder], messageKinds: ['appointment_reminder', 'doctor_replied'] },
    ]);
  });

  it('leaves out what the caller skips (refused before, already on) and kinds the server has no template for', () => {
    const answered = grants({ doctor_replied: { lastResult: 'reject' }, follow_up_reminder: { longTerm: true, lastResult: 'accept' } });
    expect(planAsks(answered, REMINDER_KINDS, refused).map((a) => a.messageKinds)).toEqual([['appointment_reminder'], ['follow_up_reminder']]);
    expect(planAsks(answered, REMINDER_KINDS, (g) => !worthAsking(g)).map((a) => a.messageKinds)).toEqual([['appointment_reminder', 'doctor_replied']]);
    expect(
      planAsks(
        grants().filter((g) => g.messageKind !== 'doctor_replied'),
        FIRST_RUN_KINDS,
      ).map((a) => a.messageKinds),
    ).toEqual([['appointment_reminder']]);
    expect(planAsks([], REMINDER_KINDS)).toEqual([]);
  });
});

describe('what the popup answered, as recorded', () => {
  it('drops errMsg and anything not asked; WeChat’s acceptWithAudio/acceptWithAlert are acceptances; unknown values are left out', () => {
    expect(
      resultsFrom(['a', 'b', 'c', 'd', 'e'], {
        errMsg: 'requestSubscribeMessage:ok',
        a: 'accept',
        b: 'reject',
        c: 'acceptWithAudio',
        d: 'somethingNew',
        other: 'accept',
      }),
    ).toEqual({ a: 'accept', b: 'reject', c: 'accept' });
    expect(resultsFrom(['a', 'b'], { a: 'ban', b: 'filter' })).toEqual({ a: 'ban', b: 'filter' });
  });
});

function fakeDeps(answer: Record<string, unknown> | Error, recordError?: Error) {
  const calls: { request: [string[], SubscriptionKind][]; record: RecordSubscriptionsRequest[] } = { request: [], record: [] };
  const deps: SubscribeDeps = {
    request: (ids, kind) => {
      calls.request.push([ids, kind]);
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    record: async (body) => {
      calls.record.push(body);
      if (recordError) throw recordError;
      return grants({ appointment_reminder: { remaining: 1, lastResult: 'accept' }, doctor_replied: { lastResult: 'reject' } });
    },
  };
  return { deps, calls };
}

describe('askAndRecord', () => {
  const ask = planAsks(grants(), REMINDER_KINDS)[0]!;

  it('opens the popup synchronously (still inside the tap), then records exactly what it answered, errMsg dropped', async () => {
    const { deps, calls } = fakeDeps({ errMsg: 'requestSubscribeMessage:ok', [IDS.appointment_reminder]: 'accept', [IDS.doctor_replied]: 'reject' });
    const pending = askAndRecord(ask, deps);
    expect(calls.request).toEqual([[[IDS.appointment_reminder, IDS.doctor_replied], 'one_time']]);
    const outcome = await pending;
    expect(calls.record).toEqual([
      { templateIds: [IDS.appointment_reminder, IDS.doctor_replied], results: { [IDS.appointment_reminder]: 'accept', [IDS.doctor_replied]: 'reject' } },
    ]);
    expect(JSON.stringify(calls.record)).not.toContain('errMsg');
    expect(outcome).toMatchObject({ status: 'answered', results: { [IDS.appointment_reminder]: 'accept' } });
    if (outcome.status !== 'answered') throw new Error('answered expected');
    expect(reminderState(outcome.grants!.find((g) => g.messageKind === 'appointment_reminder')!)).toEqual({ state: 'remaining', remaining: 1 });
  });

  it('a long-term ask goes alone with its kind', async () => {
    const longTerm = planAsks(grants(), REMINDER_KINDS)[1]!;
    const { deps, calls } = fakeDeps({ errMsg: 'requestSubscribeMessage:ok', [IDS.follow_up_reminder]: 'accept' });
    await askAndRecord(longTerm, deps);
    expect(calls.request).toEqual([[[IDS.follow_up_reminder], 'long_term']]);
    expect(calls.record).toEqual([{ templateIds: [IDS.follow_up_reminder], results: { [IDS.follow_up_reminder]: 'accept' } }]);
  });

  it('records only the ids WeChat answered for (the server wants results for exactly the ids recorded)', async () => {
    const { deps, calls } = fakeDeps({ errMsg: 'requestSubscribeMessage:ok', [IDS.doctor_replied]: 'accept' });
    await askAndRecord(ask, deps);
    expect(calls.record).toEqual([{ templateIds: [IDS.doctor_replied], results: { [IDS.doctor_replied]: 'accept' } }]);
  });

  it('a popup that could not open records nothing and does not throw', async () => {
    const { deps, calls } = fakeDeps(Object.assign(new Error('requestSubscribeMessage:fail the main switch is switched off'), { errCode: 20004 }));
    const outcome = await askAndRecord(ask, deps);
    expect(outcome.status).toBe('failed');
    expect(calls.record).toEqual([]);
    const throwing: SubscribeDeps = {
      request: () => {
        throw new Error('sync failure');
      },
      record: async () => [],
    };
    await expect(askAndRecord(ask, throwing)).resolves.toMatchObject({ status: 'failed' });
  });

  it('an answer the server did not take is reported with the answer, not thrown', async () => {
    const { deps } = fakeDeps({ [IDS.appointment_reminder]: 'accept', [IDS.doctor_replied]: 'accept' }, new Error('offline'));
    const outcome = await askAndRecord(ask, deps);
    expect(outcome).toMatchObject({ status: 'answered', grants: null, recordError: new Error('offline') });
  });
});

describe('reminder states shown per kind', () => {
  const one = (g: Partial<SubscriptionGrantView>) => ({ ...grants()[0]!, ...g });
  const long = (g: Partial<SubscriptionGrantView>) => ({ ...grants().find((x) => x.kind === 'long_term')!, ...g });
  it('one-time: sends left, used up, off after a refusal, unavailable when WeChat banned or filtered it', () => {
    expect(reminderState(one({ remaining: 2, lastResult: 'accept' }))).toEqual({ state: 'remaining', remaining: 2 });
    expect(reminderState(one({ remaining: 0, lastResult: 'accept' }))).toEqual({ state: 'used_up' });
    expect(reminderState(one({ lastResult: 'reject' }))).toEqual({ state: 'off' });
    expect(reminderState(one({}))).toEqual({ state: 'off' });
    expect(reminderState(one({ lastResult: 'ban' }))).toEqual({ state: 'unavailable' });
    expect(worthAsking(one({ remaining: 3, lastResult: 'accept' }))).toBe(true); // every "allow" adds a send
    expect(worthAsking(one({ lastResult: 'ban' }))).toBe(false);
  });
  it('long-term: on, or off', () => {
    expect(reminderState(long({ longTerm: true, lastResult: 'accept' }))).toEqual({ state: 'long_term' });
    expect(reminderState(long({ lastResult: 'reject' }))).toEqual({ state: 'off' });
    expect(worthAsking(long({ longTerm: true }))).toBe(false);
  });
});
