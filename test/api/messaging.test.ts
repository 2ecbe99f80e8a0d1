import { CURRENT_CONSENT_VERSIONS, type MessageKind } from '@yiban/shared';
import {
  deliveryRows,
  jobRows,
  leaseDelivery,
  queueMessage,
  queueText,
  runJobs,
  withClockAdvanced,
  type DeliveryRow,
  type OutboundMessage,
} from '@yiban/server/testing';
import { allowMessages, patientLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ QUIET_HOURS: '00:00-00:00', MARKETING_CAP_PER_WEEK: '1' });
});
afterAll(() => stack.close());

const REMINDER_DATA = { name1: '王建国', thing2: '心血管内科', name3: '张伟', time4: '2026-11-23 09:00', thing5: '请提前15分钟到达' };
const EDU_DATA = { thing1: '冬季高血压注意事项', thing2: '医伴互联网医院', date3: '2026-11-22' };
let seq = 0;

async function send(s: Stack, patientId: string, kind: MessageKind, data: Record<string, string>, extra: Partial<OutboundMessage> = {}): Promise<DeliveryRow> {
  const delivery = await queueMessage(s, { patientId, kind, data, page: 'pages/home/index', dedupeKey: `test:${++seq}`, ...extra });
  await runJobs(s);
  return deliveryRows.one(s, { id: delivery.id });
}

async function inbox(s: Stack, openid: string): Promise<{ template_id: string }[]> {
  return (await simControl<{ messages: { template_id: string }[] }>(s.simUrl, 'GET', `/__sim/messages?openid=${openid}`)).messages;
}

describe('the one outbound path', () => {
  it('skips without a grant, and never calls WeChat', async () => {
    const p = await patientLogin(stack);
    const d = await send(stack, p.patient.id, 'appointment_reminder', REMINDER_DATA);
    expect(d).toMatchObject({ status: 'skipped', reason: 'no_grant' });
    expect(await inbox(stack, p.openid)).toHaveLength(0);
  });

  it('sends exactly one message against a one-time grant; the next one has no grant left', async () => {
    const p = await patientLogin(stack);
    await allowMessages(stack, p, 'appointment_reminder');
    const first = await send(stack, p.patient.id, 'appointment_reminder', REMINDER_DATA);
    expect(first).toMatchObject({ status: 'sent', grantSpent: true });
    expect(first.msgid).toMatch(/^\d+$/);
    const second = await send(stack, p.patient.id, 'appointment_reminder', REMINDER_DATA);
    expect(second).toMatchObject({ status: 'skipped', reason: 'no_grant' });
    expect(await inbox(stack, p.openid)).toHaveLength(1);
  });

  it('leaves a delivery another run is still sending (its lease not run out), and looks again when the lease ends', async () => {
    const p = await patientLogin(stack);
    await allowMessages(stack, p, 'appointment_reminder');
    const delivery = await queueMessage(stack, { patientId: p.patient.id, kind: 'appointment_reminder', data: REMINDER_DATA, dedupeKey: `test:${++seq}` });
    // As when a job runs again after its own claim ran out while the first run still sends or records.
    const until = await leaseDelivery(stack, delivery.id, 60_000);
    await runJobs(stack);
    expect(await deliveryRows.one(stack, { id: delivery.id })).toMatchObject({ status: 'sending', attempts: 1 });
    expect(await inbox(stack, p.openid)).toHaveLength(0);
    const again = (await jobRows.find(stack, { kind: 'messaging.deliver', status: 'queued' })).filter((j) => j.payload.deliveryId === delivery.id);
    expect(again.map((j) => j.runAt.getTime())).toEqual([until.getTime()]);

    // The lease ran out with nothing recorded: the first run died. A reminder is sent again (its policy), once.
    await withClockAdvanced(stack, 61_000, () => runJobs(stack));
    expect(await deliveryRows.one(stack, { id: delivery.id })).toMatchObject({ status: 'sent' });
    expect(await inbox(stack, p.openid)).toHaveLength(1);
  });

  it('queues one delivery per cause however often it is queued', async () => {
    const p = await patientLogin(stack);
    await allowMessages(stack, p, 'appointment_reminder', 2);
    await send(stack, p.patient.id, 'appointment_reminder', REMINDER_DATA, { dedupeKey: 'appointment:A1:day-before' });
    await send(stack, p.patient.id, 'appointment_reminder', REMINDER_DATA, { dedupeKey: 'appointment:A1:day-before' });
    expect(await deliveryRows.count(stack, { dedupeKey: 'appointment:A1:day-before' })).toBe(1);
    expect(await inbox(stack, p.openid)).toHaveLength(1);
  });

  it('gets a new access token when WeChat expires it mid-run, and the send goes through', async () => {
    const p = await patientLogin(stack);
    await allowMessages(stack, p, 'follow_up_reminder');
    const data = { name1: '王建国', thing2: '术后随访', time3: '2026-11-30 10:00', name4: '赵强', thing5: '请按时复查' };
    expect((await send(stack, p.patient.id, 'follow_up_reminder', data)).status).toBe('sent');
    await simControl(stack.simUrl, 'POST', '/__sim/tokens/expire', {});
    expect((await send(stack, p.patient.id, 'follow_up_reminder', data)).status).toBe('sent');
    expect(await inbox(stack, p.openid)).toHaveLength(2);
  });

  it('on 45011 takes a later place under the send rate; refused 21 times in a row, backs off to the next minute and sends then', async () => {
    const p = await patientLogin(stack);
    await allowMessages(stack, p, 'appointment_reminder');
    // A refusal at the edge of WeChat's second is sent again at once (20 times at most, as a campaign's sends are).
    await simControl(stack.simUrl, 'POST', '/__sim/faults', { rules: [{ path: '/cgi-bin/message/subscribe/send', errcode: 45011, times: 1 }] });
    expect(await send(stack, p.patient.id, 'appointment_reminder', REMINDER_DATA)).toMatchObject({ status: 'sent', attempts: 1 });
    await allowMessages(stack, p, 'appointment_reminder');
    await simControl(stack.simUrl, 'POST', '/__sim/faults', { rules: [{ path: '/cgi-bin/message/subscribe/send', errcode: 45011, times: 21 }] });
    const deferred = await send(stack, p.patient.id, 'appointment_reminder', REMINDER_DATA);
    expect(deferred).toMatchObject({ status: 'queued', reason: 'rate_limited', errcode: 45011 });
    expect(deferred.notBefore.getTime()).toBeGreaterThan(Date.now());
    await withClockAdvanced(stack, 70_000, () => runJobs(stack));
    expect(await deliveryRows.one(stack, { id: deferred.id })).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await inbox(stack, p.openid)).toHaveLength(2);
  });

  it('does not retry after 43101 and forgets the grant WeChat no longer has', async () => {
    const p = await patientLogin(stack);
    // The server was told "accept", but WeChat has no grant (e.g. the user switched subscriptions off since).
    const template = stack.config.templates.appointment_reminder;
    await stack.api.post('/me/subscriptions', { templateIds: [template.id], results: { [template.id]: 'accept' } }, { token: p.token });
    const d = await send(stack, p.patient.id, 'appointment_reminder', REMINDER_DATA);
    expect(d).toMatchObject({ status: 'failed', errcode: 43101, attempts: 1 });
    const pending = await jobRows.count(stack, { status: 'queued' });
    expect(pending).toBe(0);
    const ledger = await stack.api.get('/me/subscriptions', { token: p.token });
    expect(ledger.body.find((g: { messageKind: string }) => g.messageKind === 'appointment_reminder').remaining).toBe(0);
  });

  it('needs the marketing opt-in for marketing, and caps marketing per patient with a reason', async () => {
    const p = await patientLogin(stack);
    await allowMessages(stack, p, 'health_education', 2);
    expect(await send(stack, p.patient.id, 'health_education', EDU_DATA)).toMatchObject({ status: 'skipped', reason: 'no_consent' });
    await stack.api.post('/me/consents', { kind: 'marketing', version: CURRENT_CONSENT_VERSIONS.marketing, granted: true }, { token: p.token });
    expect(await send(stack, p.patient.id, 'health_education', EDU_DATA)).toMatchObject({ status: 'sent' });
    expect(await send(stack, p.patient.id, 'health_education', EDU_DATA)).toMatchObject({ status: 'skipped', reason: 'frequency_cap' });
    // Transactional reminders are not capped.
    await allowMessages(stack, p, 'appointment_reminder', 2);
    expect((await send(stack, p.patient.id, 'appointment_reminder', REMINDER_DATA)).status).toBe('sent');
    expect((await send(stack, p.patient.id, 'appointment_reminder', REMINDER_DATA)).status).toBe('sent');
    expect(await inbox(stack, p.openid)).toHaveLength(3);
  });

  it('skips a message whose time has passed', async () => {
    const p = await patientLogin(stack);
    await allowMessages(stack, p, 'appointment_reminder');
    const d = await send(stack, p.patient.id, 'appointment_reminder', REMINDER_DATA, { expiresAt: new Date(Date.now() - 1000) });
    expect(d).toMatchObject({ status: 'skipped', reason: 'expired' });
  });
});

describe('quiet hours', () => {
  it('defers a message due at night to the end of quiet hours instead of dropping it', async () => {
    // A quiet window around the current time in Shanghai.
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());
    const [h, m] = local.split(':').map(Number) as [number, number];
    const at = (minutes: number) => {
      const t = (((h * 60 + m + minutes) % 1440) + 1440) % 1440;
      return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
    };
    const night = await startStack({ QUIET_HOURS: `${at(-60)}-${at(60)}` });
    try {
      const p = await patientLogin(night);
      await allowMessages(night, p, 'appointment_reminder');
      const d = await send(night, p.patient.id, 'appointment_reminder', REMINDER_DATA);
      expect(d).toMatchObject({ status: 'queued', reason: 'quiet_hours' });
      expect(d.notBefore.getTime() - Date.now()).toBeGreaterThan(55 * 60_000);
      expect(await inbox(night, p.openid)).toHaveLength(0);
      await withClockAdvanced(night, 62 * 60_000, async () => {
        await runJobs(night);
        expect(await deliveryRows.one(night, { id: d.id })).toMatchObject({ status: 'sent' });
        expect(await inbox(night, p.openid)).toHaveLength(1);
      });

      // An international patient's quiet hours follow their own time zone: half a world away it is daytime.
      const abroad = await patientLogin(night);
      const zone = await night.api.patch(`/me/patients/${abroad.patient.id}`, { timeZone: 'America/New_York' }, { token: abroad.token });
      expect(zone.body.timeZone).toBe('America/New_York');
      const bad = await night.api.patch(`/me/patients/${abroad.patient.id}`, { timeZone: 'Mars/Olympus' }, { token: abroad.token });
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      await allowMessages(night, abroad, 'appointment_reminder');
      const there = await send(night, abroad.patient.id, 'appointment_reminder', REMINDER_DATA);
      expect(there.status).toBe('sent');
    } finally {
      await night.close();
    }
  });
});

describe('customer-service messages', () => {
  it('go out within 48 hours of the patient writing, and fail with 45015 after — never retried', async () => {
    const p = await patientLogin(stack);
    const text = async () => {
      const d = await queueText(stack, {
        patientId: p.patient.id,
        kind: 'doctor_replied',
        text: '您好，检查结果正常，请按时复诊。',
        dedupeKey: `text:${++seq}`,
      });
      await runJobs(stack);
      return deliveryRows.one(stack, { id: d.id });
    };
    expect(await text()).toMatchObject({ status: 'failed', reason: 'window_closed', errcode: 45015, attempts: 1 });
    await simControl(stack.simUrl, 'POST', `/__sim/users/${p.openid}/interacted`, {});
    expect(await text()).toMatchObject({ status: 'sent', channel: 'custom' });
    const received = await simControl<{ messages: { type: string }[] }>(stack.simUrl, 'GET', `/__sim/messages?openid=${p.openid}`);
    expect(received.messages).toHaveLength(1);
    // Not a subscribe message: it is not part of the 消息 list.
    expect((await stack.api.get('/me/messages', { token: p.token })).body.items).toEqual([]);
  });
});
