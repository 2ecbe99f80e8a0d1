import { useSyncExternalStore } from 'react';
import { isLocale, type ConsentKind, type Locale, type PatientView, type StaffView } from '@yiban/shared';
import type { ApiRequestError } from '../services/errors';

/** Session and UI state only; server data is fetched where it is shown (hooks/use-query.ts). */
export interface AppState {
  prefs: { locale: Locale; largeType: boolean };
  patient: {
    status: 'idle' | 'signing-in' | 'ready' | 'error';
    error: ApiRequestError | null;
    /** The account holder's own profile first, then family. */
    profiles: PatientView[];
    activePatientId: string | null;
    /** Required consents the active profile still lacks; null while unknown. */
    missingConsents: ConsentKind[] | null;
  };
  staff: { member: StaffView | null };
}

type Listener = () => void;

export function createStore<S>(initial: S) {
  let state = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    set(update: Partial<S> | ((s: S) => Partial<S>)) {
      const patch = typeof update === 'function' ? update(state) : update;
      state = { ...state, ...patch };
      listeners.forEach((l) => l());
    },
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const PREFS_KEY = 'yiban.prefs';
export const ACTIVE_PATIENT_KEY = 'yiban.activePatient';

export function initialPrefs(saved: unknown, systemLanguage: string | undefined): AppState['prefs'] {
  const prefs = (saved && typeof saved === 'object' ? saved : {}) as { locale?: unknown; largeType?: unknown };
  const fromSystem: Locale = systemLanguage?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
  return { locale: isLocale(prefs.locale) ? prefs.locale : fromSystem, largeType: prefs.largeType === true };
}

export const appStore = createStore<AppState>({
  prefs: { locale: 'zh-CN', largeType: false },
  patient: { status: 'idle', error: null, profiles: [], activePatientId: null, missingConsents: null },
  staff: { member: null },
});

export function useAppState<T>(select: (s: AppState) => T): T {
  return useSyncExternalStore(appStore.subscribe, () => select(appStore.get()));
}

export function activeProfile(s: AppState): PatientView | null {
  const { profiles, activePatientId } = s.patient;
  return profiles.find((p) => p.id === activePatientId) ?? profiles[0] ?? null;
}
