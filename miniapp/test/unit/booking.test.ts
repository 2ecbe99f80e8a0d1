import type { AppointmentView, SlotView } from '@yiban/shared';
import { ApiRequestError } from '../../src/services/errors';
import { confirmPayment, payAndConfirm, waitForConfirmation, type PaymentState } from '../../src/services/payment-flow';
import { qrRuns } from '../../src/packages/booking/qr';
import { appointmentActions, cancelNote, newIdempotencyKey, paymentState, splitAppointments, statusLabel } from '../../src/utils/appointments';
import {
  addDays,
  availabilityByDate,
  availabilityOn,
  countdown,
  dateStrip,
  formatDate,
  formatVisitTime,
  hospitalDate,
  stripDate,
  stripLabel,
  timeRange,
  weekStart,
} from '../../src/utils/clinic-time';
import { formatFen, parseYuan } from '../../src/utils/money';
import { translate } from '../../src/i18n';

const BEIJING = 480;

function appointment(overrides: Partial<AppointmentView> = {}): AppointmentView {
  return {
    id: '01JD0000000000000000000001',
    patientId: 'p1',
    patientName: '张三',
    slotId: 's1',
    doctorId: 'd1',
    doctorName: '张伟',
    doctorNameEn: 'Zhang Wei',
    departmentId: 'dep1',
    departmentName: '心血管内科',
    departmentNameEn: 'Cardiology',
    location: '门诊楼 3 层',
    locationEn: 'Outpatient Building, floor 3',
    visitType: 'expert',
    startsAt: '2026-11-23T01:00:00Z',
    endsAt: '2026-11-23T01:30:00Z',
    status: 'confirmed',
    fee: 5000,
    holdExpiresAt: null,
    checkInCode: 'K7Q2M9',
    checkInNumber: '482913',
    checkedInAt: null,
    cancelledAt: null,
    cancelReason: null,
    cancelledBy: null,
    visitKind: null,
    payment: { outTradeNo: 'YB1', status: 'paid', amount: 5000, refunded: 0, refundPending: 0, paidAt: '2026-11-22T02:00:00Z' },
    refundIfCancelled: 5000,
    createdAt: '2026-11-22T01:59:00Z',
    ...overrides,
  };
}

describe('money', () => {
  it('shows integer fen as yuan with two decimals, without floating-point surprises', () => {
    expect(formatFen(5000)).toBe('¥50.00');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(1015)).toBe('¥10.15');
    expect(formatFen(100_000_099)).toBe('¥1000000.99');
    expect(formatFen(-250)).toBe('-¥2.50');
  });

  it('reads yuan typed by staff into fen', () => {
    expect(parseYuan('50')).toBe(5000);
    expect(parseYuan('50.5')).toBe(5050);
    expect(parseYuan(' 0.07 ')).toBe(7);
    expect(parseYuan('50.123')).toBeNull();
    expect(parseYuan('-1')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
  });
});

describe('clinic time (hospital wall clock)', () => {
  it('dates and times in hospital time whatever the device zone', () => {
    // 2026-11-22 23:30 UTC is already the 23rd, 07:30 in Beijing.
    expect(hospitalDate('2026-11-22T23:30:00Z', BEIJING)).toBe('2026-11-23');
    expect(timeRange('2026-11-23T01:00:00Z', '2026-11-23T01:30:00Z', BEIJING)).toBe('09:00–09:30');
    expect(formatVisitTime('2026-11-23T01:00:00Z', '2026-11-23T01:30:00Z', 'zh-CN', BEIJING)).toBe('11月23日 周一 09:00–09:30');
    expect(formatVisitTime('2026-11-23T01:00:00Z', '2026-11-23T01:30:00Z', 'en', BEIJING)).toBe('Mon 23 Nov, 09:00–09:30');
  });

  it('a 14-day strip from today (hospital time), labelled 今天 / 明天 / 周X', () => {
    const strip = dateStrip(new Date('2026-11-22T17:00:00Z'), 14, BEIJING); // 01:00 on the 23rd in Beijing
    expect(strip).toHaveLength(14);
    expect(strip[0]).toMatchObject({ date: '2026-11-23', weekday: 1, index: 0 });
    expect(strip[13]!.date).toBe('2026-12-06');
    expect(stripLabel(strip[0]!, 'zh-CN')).toBe('今天');
    expect(stripLabel(strip[1]!, 'en')).toBe('Tomorrow');
    expect(stripLabel(strip[2]!, 'zh-CN')).toBe('周三');
    expect(stripDate(strip[9]!, 'zh-CN')).toBe('12/2');
    expect(stripDate(strip[9]!, 'en')).toBe('2 Dec');
  });

  it('date arithmetic across months, years and to the Monday of a week', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(formatDate('2026-11-29', 'zh-CN')).toBe('11月29日 周日');
  });

  it('groups slots by hospital day: places left, full, or no clinic', () => {
    const slot = (id: string, startsAt: string, remaining: number): SlotView => ({
      id,
      startsAt,
      endsAt: startsAt,
      fee: 5000,
      remaining,
      visitType: 'general',
      reservedForTier: null,
      reservedOpensAt: null,
    });
    const byDate = availabilityByDate(
      [
        slot('b', '2026-11-23T02:00:00Z', 2),
        slot('a', '2026-11-23T01:00:00Z', 0),
        slot('c', '2026-11-24T01:00:00Z', 0),
        slot('d', '2026-11-24T16:30:00Z', 3), // 00:30 on the 25th in Beijing
      ],
      BEIJING,
    );
    expect(availabilityOn(byDate, '2026-11-23')).toEqual({ state: 'open', remaining: 2 });
    expect(byDate.get('2026-11-23')!.slots.map((s) => s.id)).toEqual(['a', 'b']);
    expect(availabilityOn(byDate, '2026-11-24')).toEqual({ state: 'full' });
    expect(availabilityOn(byDate, '2026-11-25')).toEqual({ state: 'open', remaining: 3 });
    expect(availabilityOn(byDate, '2026-11-26')).toEqual({ state: 'none' });
  });

  it('counts down to a deadline in words, not as a clock face, then stops', () => {
    const now = new Date('2026-11-22T02:00:00Z');
    expect(countdown('2026-11-22T02:14:56Z', now)).toBe('14分56秒');
    expect(countdown('2026-11-22T02:14:56Z', now, 'en')).toBe('14 min 56 s');
    expect(countdown('2026-11-22T02:14:59.200Z', now)).toBe('15分00秒');
    expect(countdown('2026-11-22T02:05:03Z', now)).toBe('5分03秒');
    expect(countdown('2026-11-22T02:05:03Z', now, 'en')).toBe('5 min 3 s');
    expect(countdown('2026-11-22T02:00:05Z', now)).toBe('5秒');
    expect(countdown('2026-11-22T02:00:05Z', now, 'en')).toBe('5 s');
    expect(countdown('2026-11-22T03:05:00Z', now)).toBe('1小时05分00秒');
    expect(countdown('2026-11-22T03:05:00Z', now, 'en')).toBe('1 h 5 min 0 s');
    expect(countdown('2026-11-22T02:00:00Z', now)).toBeNull();
    expect(countdown(null, now)).toBeNull();
  });

  it('reads the payment countdown as a sentence in both languages', () => {
    const now = new Date('2026-11-22T02:00:00Z');
    const until = '2026-11-22T02:14:56Z';
    expect(translate('zh-CN', 'appt.holdCountdown', { countdown: countdown(until, now, 'zh-CN')! })).toBe('请在 14分56秒 内完成支付');
    expect(translate('en', 'appt.holdCountdown', { countdown: countdown(until, now, 'en')! })).toBe('Please pay within 14 min 56 s');
  });
});

describe('appointments in the patient’s words', () => {
  const now = new Date('2026-11-22T02:00:00Z');

  it('splits upcoming (soonest first) from past (latest first)', () => {
    const list = [
      appointment({ id: 'later', startsAt: '2026-11-25T01:00:00Z', endsAt: '2026-11-25T01:30:00Z' }),
      appointment({ id: 'soon', startsAt: '2026-11-23T01:00:00Z', endsAt: '2026-11-23T01:30:00Z', status: 'pending_payment' }),
      appointment({ id: 'cancelled', startsAt: '2026-11-24T01:00:00Z', endsAt: '2026-11-24T01:30:00Z', status: 'cancelled' }),
      appointment({ id: 'done', startsAt: '2026-11-20T01:00:00Z', endsAt: '2026-11-20T01:30:00Z', status: 'completed' }),
      appointment({ id: 'over', startsAt: '2026-11-21T01:00:00Z', endsAt: '2026-11-21T01:30:00Z', status: 'confirmed' }),
    ];
    const { upcoming, past } = splitAppointments(list, now);
    expect(upcoming.map((a) => a.id)).toEqual(['soon', 'later']);
    expect(past.map((a) => a.id)).toEqual(['cancelled', 'over', 'done']);
  });

  it('names every status', () => {
    for (const s of ['pending_payment', 'confirmed', 'checked_in', 'completed', 'cancelled', 'expired', 'no_show', 'refunded'] as const) {
      expect(statusLabel(s).key).toBe(`appt.status.${s}`);
    }
  });

  it('offers what can be done now', () => {
    expect(appointmentActions(appointment(), now)).toEqual({ pay: false, cancel: true, reschedule: true, showCode: true });
    const unpaid = appointment({ status: 'pending_payment', checkInCode: null, holdExpiresAt: '2026-11-22T02:10:00Z', payment: null, refundIfCancelled: 0 });
    expect(appointmentActions(unpaid, now)).toEqual({ pay: true, cancel: true, reschedule: false, showCode: false });
    expect(appointmentActions({ ...unpaid, holdExpiresAt: '2026-11-22T01:59:00Z' }, now).pay).toBe(false);
    expect(appointmentActions(appointment({ status: 'cancelled', refundIfCancelled: null }), now)).toEqual({
      pay: false,
      cancel: false,
      reschedule: false,
      showCode: false,
    });
  });

  it('the money line: free, unpaid, paid, refunding, refunded', () => {
    expect(paymentState(appointment({ fee: 0, payment: null }))).toEqual({ state: 'free' });
    expect(paymentState(appointment({ payment: null }))).toEqual({ state: 'unpaid' });
    expect(paymentState(appointment())).toEqual({ state: 'paid' });
    const pay = appointment().payment!;
    expect(paymentState(appointment({ payment: { ...pay, status: 'refunding', refundPending: 5000 } }))).toEqual({ state: 'refunding', amount: 5000 });
    expect(paymentState(appointment({ payment: { ...pay, status: 'refunded', refunded: 5000 } }))).toEqual({ state: 'refunded', amount: 5000 });
  });

  it('why it was cancelled: the canceller’s words, else who cancelled it, in the reader’s language', () => {
    expect(cancelNote(appointment())).toBeNull();
    expect(cancelNote(appointment({ status: 'cancelled', cancelledBy: 'staff', cancelReason: ' 医生出差 ' }))).toEqual({
      key: 'appt.cancelReason',
      params: { reason: '医生出差' },
    });
    expect(cancelNote(appointment({ status: 'cancelled', cancelledBy: 'hospital' }))).toEqual({ key: 'appt.cancelledBy.hospital' });
    expect(cancelNote(appointment({ status: 'refunded', cancelledBy: 'patient', cancelReason: '  ' }))).toEqual({ key: 'appt.cancelledBy.patient' });
    expect(cancelNote(appointment({ status: 'cancelled', cancelledBy: 'staff' }))).toEqual({ key: 'appt.cancelledBy.staff' });
    expect(cancelNote(appointment({ status: 'cancelled' }))).toBeNull();
    for (const by of ['patient', 'staff', 'hospital'] as const) {
      expect(translate('en', `appt.cancelledBy.${by}`)).toMatch(/^[A-Z]/);
      expect(translate('zh-CN', `appt.cancelledBy.${by}`)).toMatch(/取消/);
    }
  });

  it('idempotency keys fit the server’s format and differ per attempt', () => {
    const a = newIdempotencyKey('book');
    expect(a).toMatch(/^[\w.:-]{8,128}$/);
    expect(newIdempotencyKey('book')).not.toBe(a);
  });
});

describe('payment: waiting for the hospital to confirm', () => {
  function fakeClock() {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms), elapsed: () => t };
  }

  it('polls until the appointment leaves pending_payment', async () => {
    const clock = fakeClock();
    const statuses: AppointmentView['status'][] = ['pending_payment', 'pending_payment', 'confirmed'];
    const progress: number[] = [];
    const result = await waitForConfirmation({
      load: async () => appointment({ status: statuses.shift()! }),
      ...clock,
      onProgress: (ms) => progress.push(ms),
    });
    expect(result).toMatchObject({ outcome: 'confirmed', appointment: { status: 'confirmed' } });
    expect(progress).toEqual([0, 1000]);
    expect(clock.elapsed()).toBe(2000);
  });

  it('rides out lost answers and busy servers, gives up on errors waiting cannot cure', async () => {
    const clock = fakeClock();
    const answers: (AppointmentView | ApiRequestError)[] = [
      new ApiRequestError({ code: 'NETWORK_UNREACHABLE', status: 0, message: 'offline' }),
      new ApiRequestError({ code: 'SERVICE_UNAVAILABLE', status: 503, message: 'busy' }),
      appointment({ status: 'confirmed' }),
    ];
    const load = async () => {
      const next = answers.shift()!;
      if (next instanceof ApiRequestError) throw next;
      return next;
    };
    expect((await waitForConfirmation({ load, ...clock })).outcome).toBe('confirmed');

    const notFound = new ApiRequestError({ code: 'APPOINTMENT_NOT_FOUND', status: 404, message: '预约不存在' });
    const failed = await waitForConfirmation({
      load: async () => {
        throw notFound;
      },
      ...fakeClock(),
    });
    expect(failed).toEqual({ outcome: 'error', error: notFound });
  });

  it('times out with backoff (1, 1, 2, 2, 3, 3 … s) and reports a lapse as ended', async () => {
    const clock = fakeClock();
    let polls = 0;
    const result = await waitForConfirmation({
      load: async () => {
        polls++;
        return appointment({ status: 'pending_payment' });
      },
      ...clock,
      timeoutMs: 10_000,
    });
    expect(result.outcome).toBe('timeout');
    expect(clock.elapsed()).toBe(10_000);
    expect(polls).toBe(7); // at 0, 1, 2, 4, 6 and 9 s, and a last look at 10 s
    const ended = await waitForConfirmation({ load: async () => appointment({ status: 'expired' }), ...fakeClock() });
    expect(ended.outcome).toBe('ended');
  });

  it('stops quietly when the page goes away', async () => {
    let stopped = false;
    const result = await waitForConfirmation({
      load: async () => {
        stopped = true;
        return appointment({ status: 'pending_payment' });
      },
      ...fakeClock(),
      stopped: () => stopped,
    });
    expect(result.outcome).toBe('stopped');
  });

  const params = { appId: 'wx1', timeStamp: '1', nonceStr: 'n', package: 'prepay_id=wx1', signType: 'RSA' as const, paySign: 'sig' };

  it('pay sheet → paid → (popup in the callback) → confirming → confirmed', async () => {
    const states: PaymentState['phase'][] = [];
    const order: string[] = [];
    const statuses: AppointmentView['status'][] = ['pending_payment', 'confirmed'];
    const final = await payAndConfirm(params, {
      requestPayment: async (sheet) => {
        order.push(`pay ${sheet.package}`);
        expect(sheet).not.toHaveProperty('appId');
        return { status: 'paid' };
      },
      onPaid: () => order.push('subscribe popup'),
      load: async () => {
        order.push('poll');
        return appointment({ status: statuses.shift()! });
      },
      onState: (s) => states.push(s.phase),
      confirm: fakeClock(),
    });
    expect(final.phase).toBe('confirmed');
    expect(order).toEqual(['pay prepay_id=wx1', 'subscribe popup', 'poll', 'poll']);
    expect(states).toEqual(['paying', 'confirming', 'confirming', 'confirmed']);
  });

  it('a closed pay sheet or a failure never polls and never asks for subscriptions', async () => {
    for (const outcome of [{ status: 'cancelled' as const }, { status: 'failed' as const, message: 'requestPayment:fail' }]) {
      const onPaid = jest.fn();
      const load = jest.fn();
      const final = await payAndConfirm(params, { requestPayment: async () => outcome, onPaid, load, onState: () => undefined });
      expect(final.phase).toBe(outcome.status);
      expect(onPaid).not.toHaveBeenCalled();
      expect(load).not.toHaveBeenCalled();
    }
  });

  it('"check again" after a timeout polls again and can still confirm', async () => {
    const final = await confirmPayment({ load: async () => appointment({ status: 'confirmed' }), onState: () => undefined, confirm: fakeClock() });
    expect(final.phase).toBe('confirmed');
    const unconfirmed = await confirmPayment({
      load: async () => appointment({ status: 'pending_payment' }),
      onState: () => undefined,
      confirm: { ...fakeClock(), timeoutMs: 3_000 },
    });
    expect(unconfirmed).toEqual({ phase: 'unconfirmed', reason: null });
  });
});

describe('check-in QR code', () => {
  it('encodes the code as a square matrix of runs that add up to its width, finder patterns in the corners', () => {
    const { size, rows } = qrRuns('01JD7Z3K9Q8M2N4P6R0S1T5V7W');
    expect(size).toBeGreaterThanOrEqual(21);
    expect((size - 17) % 4).toBe(0);
    expect(rows).toHaveLength(size);
    for (const runs of rows) expect(runs.reduce((n, r) => n + r.length, 0)).toBe(size);
    // Finder pattern: the top row starts with 7 dark modules, then a light separator; same at the right.
    expect(rows[0]![0]).toEqual({ dark: true, length: 7 });
    expect(rows[0]![1]!.dark).toBe(false);
    expect(rows[0]![rows[0]!.length - 1]).toEqual({ dark: true, length: 7 });
    // Row 1 of a finder: dark, 5 light, dark.
    expect(rows[1]!.slice(0, 3)).toEqual([
      { dark: true, length: 1 },
      { dark: false, length: 5 },
      { dark: true, length: 1 },
    ]);
  });

  it('the same code always gives the same picture; another code another one', () => {
    expect(qrRuns('ABC123')).toEqual(qrRuns('ABC123'));
    expect(qrRuns('ABC124')).not.toEqual(qrRuns('ABC123'));
  });
});
