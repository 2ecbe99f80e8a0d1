import { checkClubEvent, clubClosedReason, clubOfferExpiry, clubRefundOnCancel, type ClubEventInput } from '../src/index.js';

const base: ClubEventInput = { title: '讲座', kind: 'lecture', startsAt: '2027-01-10T06:00:00Z', endsAt: '2027-01-10T08:00:00Z', capacity: 50 };
const H = 3_600_000;

describe('club events', () => {
  it('checks an event field by field', () => {
    expect(checkClubEvent(base)).toEqual([]);
    expect(checkClubEvent({ ...base, endsAt: base.startsAt }).map((p) => [p.field, p.code])).toEqual([['endsAt', 'order']]);
    expect(checkClubEvent({ ...base, fee: 100, pointsCost: 10 }).map((p) => p.code)).toEqual(['fee_and_points']);
    expect(checkClubEvent({ ...base, capacity: 0 }).map((p) => p.field)).toEqual(['capacity']);
    expect(checkClubEvent({ ...base, registrationClosesAt: '2027-01-10T07:00:00Z' }).map((p) => p.field)).toEqual(['registrationClosesAt']);
    expect(checkClubEvent({ ...base, registrationOpensAt: '2027-01-09T00:00:00Z', registrationClosesAt: '2027-01-08T00:00:00Z' }).map((p) => p.field)).toEqual([
      'registrationOpensAt',
    ]);
    expect(checkClubEvent({ ...base, eligibleTiers: ['gold', 'bronze' as never] }).map((p) => p.code)).toEqual(['tier']);
  });

  it('says why a patient cannot register: the tier first, then the window', () => {
    const facts = {
      status: 'published' as const,
      eligibleTiers: ['gold', 'platinum'] as const,
      registrationOpensAt: new Date('2027-01-01T00:00:00Z'),
      registrationClosesAt: new Date('2027-01-10T06:00:00Z'),
    };
    const before = new Date('2026-12-20T00:00:00Z');
    expect(clubClosedReason(facts, 'lead', before)).toEqual({ code: 'tier', tiers: ['gold', 'platinum'] });
    expect(clubClosedReason(facts, 'gold', before)).toEqual({ code: 'not_open_yet', opensAt: '2027-01-01T00:00:00.000Z' });
    expect(clubClosedReason(facts, 'gold', new Date('2027-01-05T00:00:00Z'))).toBeNull();
    expect(clubClosedReason(facts, 'platinum', new Date('2027-01-10T06:00:00Z'))).toEqual({ code: 'closed' });
    expect(clubClosedReason({ ...facts, status: 'cancelled' }, 'gold', before)).toEqual({ code: 'cancelled' });
  });

  it('offers a freed seat for a day, never past the start; refunds in full a day or more before, nothing later', () => {
    const starts = new Date('2027-01-10T06:00:00Z');
    expect(clubOfferExpiry(new Date(starts.getTime() - 48 * H), starts).getTime()).toBe(starts.getTime() - 24 * H);
    expect(clubOfferExpiry(new Date(starts.getTime() - 5 * H), starts)).toEqual(starts);
    expect(clubRefundOnCancel(8_800, new Date(starts.getTime() - 24 * H), starts)).toBe(8_800);
    expect(clubRefundOnCancel(8_800, new Date(starts.getTime() - 24 * H + 1), starts)).toBe(0);
  });
});
