import type { MemberDetailView, MembershipPolicyView, RecomputeView, TierOverrideRequest, TierPolicy } from '@yiban/shared';
import { staffApi } from './api';

/** Membership in the console (admins): the tier policy, the full recompute, one patient's member detail and overrides. */

const id = (value: string) => encodeURIComponent(value);

export const MEMBERSHIP_POLICY_PAGE = '/packages/staff/pages/membership-policy/index';
export const MEMBER_DETAIL_PAGE = '/packages/staff/pages/member/index';

export const membershipPolicy = () => staffApi.get<MembershipPolicyView>('/membership/policy');

export const saveMembershipPolicy = (policy: TierPolicy) => staffApi.request<MembershipPolicyView>('/membership/policy', { method: 'PUT', body: { policy } });

export const startRecompute = () => staffApi.post<RecomputeView>('/membership/recompute', {});

export const recomputeRun = (runId: string) => staffApi.get<RecomputeView>(`/membership/recompute/${id(runId)}`);

export const memberDetail = (patientId: string) => staffApi.get<MemberDetailView>(`/membership/patients/${id(patientId)}`);

export const setTierOverride = (patientId: string, body: TierOverrideRequest) =>
  staffApi.post<MemberDetailView>(`/membership/patients/${id(patientId)}/override`, body);
