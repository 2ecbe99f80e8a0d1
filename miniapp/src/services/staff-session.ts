import Taro from '@tarojs/taro';
import type { MeResponse, StaffLoginResponse, StaffView } from '@yiban/shared';
import { appStore } from '../store/app-store';
import { onStaffSessionLost, staffApi, STAFF_TOKENS_KEY, storedTokens } from './api';
import { readJson, storage, writeJson } from './storage';

const STAFF_PROFILE_KEY = 'yiban.staff.member';
export const STAFF_LOGIN_PAGE = '/packages/staff/pages/login/index';
export const STAFF_HOME_PAGE = '/packages/staff/pages/home/index';

function setMember(member: StaffView | null): void {
  if (member) writeJson(STAFF_PROFILE_KEY, member);
  else storage.remove(STAFF_PROFILE_KEY);
  appStore.set({ staff: { member } });
}

onStaffSessionLost(() => {
  setMember(null);
  void Taro.reLaunch({ url: `${STAFF_LOGIN_PAGE}?expired=1` });
});

export async function staffSignIn(username: string, password: string): Promise<StaffView> {
  const res = await staffApi.post<StaffLoginResponse>('/auth/staff/login', { username, password }, { auth: false, retry: false });
  storedTokens(STAFF_TOKENS_KEY).set(res);
  setMember(res.staff);
  return res.staff;
}

/** The signed-in staff member: the cached one at once, confirmed with GET /me. Null when nobody is signed in. */
export async function currentStaff(): Promise<StaffView | null> {
  if (!storedTokens(STAFF_TOKENS_KEY).get()) return null;
  const cached = readJson<StaffView>(STAFF_PROFILE_KEY);
  if (cached && !appStore.get().staff.member) appStore.set({ staff: { member: cached } });
  const me = await staffApi.get<MeResponse>('/me');
  if (me.kind !== 'staff') return null;
  setMember(me.staff);
  return me.staff;
}

export async function staffSignOut(): Promise<void> {
  try {
    await staffApi.post('/auth/logout', undefined, { retry: false });
  } catch {
    // Signed out locally either way; the session expires on its own.
  }
  storedTokens(STAFF_TOKENS_KEY).clear();
  setMember(null);
}
