import { translate } from '../../src/i18n';
import { groupReferralCode, referralCodeInput } from '../../src/utils/referral';

describe('invitation codes in the app', () => {
  it('takes a code as typed: spaces and dashes dropped, capitals, 8 characters at most', () => {
    expect(referralCodeInput(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(referralCodeInput('ab cd')).toBe('ABCD');
    expect(referralCodeInput('ABCDEFGHJK')).toBe('ABCDEFGH');
    expect(referralCodeInput('')).toBe('');
  });

  it('shows a code in two groups of four', () => {
    expect(groupReferralCode('ABCDEFGH')).toBe('ABCD EFGH');
    expect(groupReferralCode('ABCD')).toBe('ABCD');
  });

  it('words the points an invitation earns and the butler in both languages', () => {
    expect(translate('zh-CN', 'membership.referral.how', { points: 200 })).toContain('200 积分');
    expect(translate('en', 'membership.referral.how', { points: 200 })).toContain('200 points');
    expect(translate('zh-CN', 'membership.butler.pending')).toBe('正在为您安排健康管家');
    expect(translate('en', 'membership.butler.title')).toBe('Your health butler');
  });
});
