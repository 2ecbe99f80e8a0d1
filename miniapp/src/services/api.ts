import type { TokenPair } from '@yiban/shared';
import { platform } from '../platform';
import { appStore } from '../store/app-store';
import { ApiClient, type TokenStore } from './request';
import { apiBaseUrl } from './runtime-config';
import { readJson, storage, writeJson } from './storage';

export function storedTokens(key: string): TokenStore {
  return {
    get: () => readJson<TokenPair>(key),
    set: (tokens) => writeJson(key, tokens),
    clear: () => storage.remove(key),
  };
}

export const PATIENT_TOKENS_KEY = 'yiban.patient.tokens';
export const STAFF_TOKENS_KEY = 'yiban.staff.tokens';

const locale = () => appStore.get().prefs.locale;

/** Set by patient-session.ts: signs in again through WeChat when the refresh token is refused. */
let patientReauth: (() => Promise<TokenPair | null>) | null = null;
export function setPatientReauthentication(fn: () => Promise<TokenPair | null>): void {
  patientReauth = fn;
}

/** Patients: the token from WeChat login, the acting profile on every call, silent re-login when needed. */
export const patientApi = new ApiClient({
  baseUrl: apiBaseUrl,
  transport: platform.transport,
  uploader: platform.uploadFile,
  tokens: storedTokens(PATIENT_TOKENS_KEY),
  locale,
  actingPatientId: () => appStore.get().patient.activePatientId,
  reauthenticate: () => (patientReauth ? patientReauth() : Promise.resolve(null)),
});

let staffSessionLost: (() => void) | null = null;
export function onStaffSessionLost(fn: () => void): void {
  staffSessionLost = fn;
}

/** Staff: password sign-in, refresh while it lasts, then back to the sign-in page. */
export const staffApi = new ApiClient({
  baseUrl: apiBaseUrl,
  transport: platform.transport,
  uploader: platform.uploadFile,
  tokens: storedTokens(STAFF_TOKENS_KEY),
  locale,
  onSessionLost: () => staffSessionLost?.(),
});

/** Public endpoints (departments, doctors) need no session. */
export const publicApi = patientApi;
