import Taro from '@tarojs/taro';
import type { StaffView } from '@yiban/shared';
import { useEffect, useState } from 'react';
import { toApiError, type ApiRequestError } from '../../services/errors';
import { currentStaff, STAFF_LOGIN_PAGE } from '../../services/staff-session';
import { appStore, useAppState } from '../../store/app-store';

/** The signed-in staff member for a staff page; sends anyone not signed in to the sign-in page. */
export function useStaffMember(): { member: StaffView | null; error: ApiRequestError | null; retry: () => void } {
  const member = useAppState((s) => s.staff.member);
  const [error, setError] = useState<ApiRequestError | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    currentStaff()
      .then((found) => {
        if (live && !found) void Taro.redirectTo({ url: STAFF_LOGIN_PAGE });
      })
      .catch((e) => {
        if (live) setError(toApiError(e, appStore.get().prefs.locale));
      });
    return () => {
      live = false;
    };
  }, [attempt]);
  return { member, error, retry: () => setAttempt((n) => n + 1) };
}
