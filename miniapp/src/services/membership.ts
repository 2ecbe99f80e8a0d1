import type { MembershipView, PointsEntryView } from '@yiban/shared';
import { patientApi } from './api';

/** Membership: the acting profile's tier card and points ledger. */

export const MEMBERSHIP_PAGE = '/packages/membership/pages/card/index';

export const myMembership = () => patientApi.get<MembershipView>('/me/membership');

export const myPoints = () => patientApi.get<PointsEntryView[]>('/me/points');
