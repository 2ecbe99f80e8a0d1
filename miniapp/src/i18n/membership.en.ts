import type { membershipZhCN } from './membership.zh-CN';

/** Membership: the tier card and points (en). */
export const membershipEn: Record<keyof typeof membershipZhCN, string> = {
  'me.membership': 'Membership',
  'me.membershipHint': 'Your tier, points and benefits',
  'membership.title': 'Membership',
  'membership.loadError': 'Could not load your membership',
  'membership.tier': '{tier} member',
  'membership.override': 'Granted by the hospital until {date}',
  'membership.points': '{n} points',
  'membership.progress': '{percent}% of the way to {tier}',
  'membership.expiring': '{n} points expire on {date}',
  'membership.benefits': 'What your tier brings',
  'membership.noBenefits': 'Visits, surveys and club events move you up to more benefits',
  'membership.benefit.points_multiplier': '{value}× points',
  'membership.benefit.fee_discount': '{value}% off appointment, consultation and event fees',
  'membership.benefit.reserved_slots': 'First choice of appointments kept for your tier and below',
  'membership.benefit.health_butler': 'Your own health butler',
  'membership.benefit.club_events': 'Member club events',
  'membership.ledger': 'Points history',
  'membership.ledgerEmpty': 'No points yet',
  'membership.ledgerEmptyHint': 'Visits, surveys and events earn points',
  'membership.reason.visit': 'Visit',
  'membership.reason.survey_answered': 'Survey answered',
  'membership.reason.event_attended': 'Event attended',
  'membership.reason.referral': 'Referral',
  'membership.reason.event_registration': 'Event registration',
  'membership.reason.benefit': 'Benefit',
  'membership.reason.expired': 'Expired',
  'membership.reason.adjustment': 'Adjustment',
  'membership.howTiers':
    'Your tier reflects the long-term value of your care with us, not your spendable points; a lower tier waits a grace period before it applies.',
};
