import { useDidShow } from '@tarojs/taro';
import type { PatientView, RealNamePart } from '@yiban/shared';
import { useCallback, useState } from 'react';
import { openConsent } from '../components/consent-link';
import type { ApiRequestError } from '../services/errors';
import { reloadProfiles } from '../services/patient-session';
import { appStore } from '../store/app-store';
import { missingFromDetails, realNameGap, type RealNameRefusal } from '../utils/real-name';

/**
 * The real-name check (实名) before booking or consulting for `profile`: what it still lacks (its view, or the server's
 * REAL_NAME_REQUIRED when the view was out of date), fresh again whenever the page shows — coming back from the editor
 * or the phone page. `refused` takes a failed call's error and answers whether it was that refusal — or the server's
 * CONSENT_REQUIRED (consents withdrawn or out of date elsewhere), which opens the consent screen; the page keeps its
 * state and the patient taps again when back.
 */
export function useRealName(profile: PatientView | null): { missing: RealNamePart[]; refused: (error: ApiRequestError) => boolean } {
  const [refusal, setRefusal] = useState<RealNameRefusal | null>(null);

  useDidShow(() => {
    if (appStore.get().patient.status === 'ready') void reloadProfiles().catch(() => undefined);
  });

  const refused = useCallback(
    (error: ApiRequestError) => {
      if (error.code === 'CONSENT_REQUIRED') {
        openConsent(profile?.id);
        return true;
      }
      if (error.code !== 'REAL_NAME_REQUIRED') return false;
      setRefusal({ profile, missing: missingFromDetails(error.details) });
      void reloadProfiles().catch(() => undefined);
      return true;
    },
    [profile],
  );

  return { missing: realNameGap(profile, refusal), refused };
}
