import { checkClubEvent } from '@yiban/shared';
import { translate } from '../../src/i18n';
import { blankClubEventForm, cancelPreview, closedReasonText, clubEventInput, formFromEvent, instantFromText, textFromInstant } from '../../src/utils/club';

const zh = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key, params);
const en = (key: string, params?: Record<string, string | number>) => translate('en', key, params);

describe('club events in the app', () => {
  it('reads console times as hospital time and writes them back', () => {
    expect(instantFromText('2026-12-01 14:30', 480)).toBe('2026-12-01T14:30:00+08:00');
    expect(instantFromText(' 2026-1-5 9:05 ', 480)).toBe('2026-01-05T09:05:00+08:00');
    expect(instantFromText('', 480)).toBe('');
    expect(instantFromText('tomorrow', 480)).toBe('invalid');
    expect(instantFromText('2026-13-01 10:00', 480)).toBe('invalid');
    expect(textFromInstant('2026-12-01T06:30:00.000Z', 480)).toBe('2026-12-01 14:30');
  });

  it('turns the form into the API’s input: the fee in fen, points or nothing; the shared check names bad fields', () => {
    const form = {
      ...blankClubEventForm(),
      title: '讲座',
      startsAt: '2026-12-01 14:30',
      endsAt: '2026-12-01 16:00',
      venue: '报告厅',
      venueEn: ' Lecture hall ',
    };
    const fee = clubEventInput({ ...form, price: 'fee', feeYuan: '49.9', eligibleTiers: ['gold'] });
    expect(fee.feeInvalid).toBe(false);
    expect(fee.input).toMatchObject({ fee: 4990, pointsCost: 0, venue: '报告厅', venueEn: 'Lecture hall', eligibleTiers: ['gold'], capacity: 30 });
    // Online, the venue in either language is left out; an empty English description is not sent.
    const online = clubEventInput({ ...form, online: true, descriptionEn: '  ' }).input;
    expect([online.venue, online.venueEn, online.descriptionEn]).toEqual([undefined, undefined, undefined]);
    expect(checkClubEvent(fee.input)).toEqual([]);
    expect(clubEventInput({ ...form, price: 'fee', feeYuan: 'abc' }).feeInvalid).toBe(true);
    expect(clubEventInput({ ...form, price: 'points', pointsCost: '200' }).input).toMatchObject({ fee: 0, pointsCost: 200 });
    const bad = clubEventInput({ ...form, title: ' ', endsAt: '2026-12-01 14:00', capacity: '' }).input;
    expect(checkClubEvent(bad).map((p) => `${p.field}:${p.code}`)).toEqual(['title:required', 'endsAt:order', 'capacity:range']);
    expect(checkClubEvent(clubEventInput({ ...form, startsAt: 'soon' }).input).map((p) => p.field)).toContain('startsAt');
  });

  it('edits an event as it was entered', () => {
    const form = formFromEvent({
      title: '沙龙',
      titleEn: null,
      kind: 'salon',
      description: null,
      descriptionEn: null,
      startsAt: '2026-12-01T06:30:00.000Z',
      endsAt: '2026-12-01T08:00:00.000Z',
      online: true,
      venue: null,
      venueEn: null,
      capacity: 12,
      eligibleTiers: ['platinum'],
      fee: 5000,
      pointsCost: 0,
      registrationOpensAt: null,
      registrationClosesAt: '2026-12-01T06:30:00.000Z',
    });
    expect(form).toMatchObject({ price: 'fee', feeYuan: '50', capacity: '12', registrationClosesAt: '', online: true });
  });

  it('says why a patient cannot register, naming the tiers in their language', () => {
    expect(closedReasonText({ code: 'tier', tiers: ['gold', 'platinum'] }, zh, 'zh-CN')).toBe('仅限黄金、白金会员');
    expect(closedReasonText({ code: 'tier', tiers: ['gold', 'platinum'] }, en, 'en')).toBe('For Gold, Platinum members only');
    expect(closedReasonText({ code: 'closed' }, zh, 'zh-CN')).toBe('报名已截止');
    expect(closedReasonText({ code: 'not_open_yet', opensAt: '2026-12-01T06:30:00.000Z' }, zh, 'zh-CN')).toContain('14:30');
  });

  it('tells the refund rule before a cancellation: all of it a day or more before, nothing later', () => {
    const starts = '2026-12-10T06:00:00.000Z';
    const paid = { status: 'registered' as const, fee: 5000, pointsSpent: 0 };
    expect(cancelPreview(paid, starts, new Date('2026-12-09T05:00:00Z'), zh)).toContain('¥50.00将全额退回');
    expect(cancelPreview(paid, starts, new Date('2026-12-09T07:00:00Z'), zh)).toContain('不予退还');
    expect(cancelPreview({ status: 'pending_payment', fee: 5000, pointsSpent: 0 }, starts, new Date('2026-12-01T00:00:00Z'), zh)).toBe(zh('club.cancelUnpaid'));
    expect(cancelPreview({ status: 'waitlisted', fee: 0, pointsSpent: 0 }, starts, new Date('2026-12-01T00:00:00Z'), en)).toBe(en('club.cancelFree'));
  });
});
