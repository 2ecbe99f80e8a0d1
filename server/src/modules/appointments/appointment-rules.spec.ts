import { dailyPlaces, newCheckInNumber, newQrCode, noShowAt, parseCheckInInput, refundOnCancel, reminderTimes } from './appointment-rules.js';

describe('appointment rules', () => {
  const policy = { fullRefundHours: 24, latePercent: 50 };
  const startsAt = new Date('2026-12-10T01:00:00Z');
  const hoursBefore = (h: number) => new Date(startsAt.getTime() - h * 3_600_000);

  it('refunds a patient in full up to the cut-off, then the late share of the fee', () => {
    expect(refundOnCancel({ paid: 5000, alreadyBack: 0, startsAt, now: hoursBefore(24), by: 'patient', policy })).toBe(5000);
    expect(refundOnCancel({ paid: 5000, alreadyBack: 0, startsAt, now: hoursBefore(23.99), by: 'patient', policy })).toBe(2500);
    expect(refundOnCancel({ paid: 5000, alreadyBack: 0, startsAt, now: hoursBefore(1), by: 'patient', policy: { ...policy, latePercent: 0 } })).toBe(0);
  });

  it('never gives back more than is left, and rounds fen down', () => {
    expect(refundOnCancel({ paid: 5000, alreadyBack: 4000, startsAt, now: hoursBefore(48), by: 'patient', policy })).toBe(1000);
    expect(refundOnCancel({ paid: 5000, alreadyBack: 3000, startsAt, now: hoursBefore(2), by: 'patient', policy })).toBe(2000);
    expect(refundOnCancel({ paid: 333, alreadyBack: 0, startsAt, now: hoursBefore(2), by: 'patient', policy })).toBe(166);
    expect(refundOnCancel({ paid: 5000, alreadyBack: 6000, startsAt, now: hoursBefore(48), by: 'patient', policy })).toBe(0);
  });

  it('refunds everything left when the hospital or staff cancel, however late', () => {
    expect(refundOnCancel({ paid: 5000, alreadyBack: 0, startsAt, now: hoursBefore(0.5), by: 'hospital', policy })).toBe(5000);
    expect(refundOnCancel({ paid: 5000, alreadyBack: 1000, startsAt, now: hoursBefore(0.5), by: 'staff', policy })).toBe(4000);
  });

  it('schedules only the reminders still ahead', () => {
    expect(reminderTimes(startsAt, hoursBefore(30)).map((r) => [r.lead, r.at.toISOString()])).toEqual([
      ['day_before', '2026-12-09T01:00:00.000Z'],
      ['two_hours_before', '2026-12-09T23:00:00.000Z'],
    ]);
    expect(reminderTimes(startsAt, hoursBefore(5)).map((r) => r.lead)).toEqual(['two_hours_before']);
    expect(reminderTimes(startsAt, hoursBefore(1))).toEqual([]);
  });

  it('marks a no-show an hour after the end', () => {
    expect(noShowAt(new Date('2026-12-10T01:30:00Z')).toISOString()).toBe('2026-12-10T02:30:00.000Z');
  });

  it('reads what the front desk typed: the QR code in any case, or the six digits read aloud', () => {
    expect(parseCheckInInput('k7q2-m9xz ab')).toEqual({ kind: 'qr', code: 'K7Q2M9XZAB' });
    expect(parseCheckInInput('482 913')).toEqual({ kind: 'number', number: '482913' });
    expect(parseCheckInInput('０４８２９１')).toEqual({ kind: 'number', number: '048291' });
    expect(parseCheckInInput('48291')).toBeNull();
    expect(parseCheckInInput('4829134')).toBeNull();
    expect(parseCheckInInput('K7Q2M9XZA1')).toBeNull(); // 1 is not in the QR alphabet
    expect(parseCheckInInput('')).toBeNull();
  });

  it('draws six-digit numbers (leading zeros kept) and ten-character QR codes', () => {
    expect(newCheckInNumber(() => 42)).toBe('000042');
    expect(newCheckInNumber(() => 999_999)).toBe('999999');
    expect(newQrCode(() => 0)).toBe('2222222222');
  });

  it('tries the places of a patient’s day after the one taken last, then from the first', () => {
    expect(dailyPlaces(3, undefined)).toEqual([1, 2, 3]);
    expect(dailyPlaces(3, 1)).toEqual([2, 3, 1]);
    expect(dailyPlaces(3, 2)).toEqual([3, 1, 2]);
    expect(dailyPlaces(3, 3)).toEqual([1, 2, 3]);
    // A limit lowered since the place was taken.
    expect(dailyPlaces(2, 5)).toEqual([1, 2]);
    expect(dailyPlaces(0, undefined)).toEqual([]);
  });
});
