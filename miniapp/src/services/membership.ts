import type { MembershipView, PointsEntryView, ReferralView } from '@yiban/shared';
import { patientApi } from './api';

/** Membership: the acting profile's tier card, points ledger and invitation code. */

export const MEMBERSHIP_PAGE = '/packages/membership/pages/card/index';

export const myMembership = () => patientApi.get<MembershipView>('/me/membership');

export const myPoints = () => patientApi.get<PointsEntryView[]>('/me/points');

/** The acting profile's invitation code, whom it brought, and whether they may still enter someone's. */
export const myReferral = () => patientApi.get<ReferralView>('/me/referral');

/** Enter who invited this profile (once, before a first visit). Not retried: a second try would say ALREADY_SET. */
export const enterReferralCode = (code: string) => patientApi.post<ReferralView>('/me/referral', { code }, { retry: false });
