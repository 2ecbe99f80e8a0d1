import {
  type ConsentKind,
  type ConsentStateView,
  type CreatePatientRequest,
  type MeResponse,
  type PatientView,
  type RecordConsentRequest,
  type UpdatePatientRequest,
  type WechatLoginResponse,
} from '@yiban/shared';
import { platform, PlatformError } from '../platform';
import { ACTIVE_PATIENT_KEY, appStore } from '../store/app-store';
import { patientApi, PATIENT_TOKENS_KEY, setPatientReauthentication, storedTokens } from './api';
import { ApiRequestError, messageFor, toApiError } from './errors';
import { storage } from './storage';

const locale = () => appStore.get().prefs.locale;

function applyProfiles(profiles: PatientView[]): void {
  const saved = storage.get(ACTIVE_PATIENT_KEY);
  const current = appStore.get().patient.activePatientId ?? saved;
  const active = profiles.find((p) => p.id === current) ?? profiles.find((p) => p.isSelf) ?? profiles[0] ?? null;
  appStore.set((s) => ({ patient: { ...s.patient, profiles, activePatientId: active?.id ?? null } }));
  if (active) storage.set(ACTIVE_PATIENT_KEY, active.id);
}

/**
 * wx.login → POST /auth/wechat/login. A code is good once: if WeChat says it is used or invalid (a retry after
 * a lost answer, say), a fresh code is fetched once before giving up.
 */
export async function signInWithWechat(): Promise<WechatLoginResponse> {
  for (let attempt = 0; ; attempt++) {
    let code: string;
    try {
      code = await platform.login();
    } catch (error) {
      const reason = error instanceof PlatformError && error.code === 'SIMULATOR_UNREACHABLE' ? 'NETWORK_UNREACHABLE' : 'UNEXPECTED_RESPONSE';
      throw new ApiRequestError({ code: reason, status: 0, message: messageFor(reason, locale()) });
    }
    try {
      const session = await patientApi.post<WechatLoginResponse>('/auth/wechat/login', { code }, { auth: false });
      storedTokens(PATIENT_TOKENS_KEY).set(session);
      applyProfiles(session.profiles);
      return session;
    } catch (error) {
      if (attempt === 0 && error instanceof ApiRequestError && (error.code === 'WECHAT_CODE_INVALID' || error.status === 0)) continue;
      throw error;
    }
  }
}

setPatientReauthentication(async () => {
  try {
    return await signInWithWechat();
  } catch {
    return null;
  }
});

let starting: Promise<void> | null = null;

/** Silent sign-in on launch (stored session if it still works, else WeChat), then the active profile's consents. */
export function startPatientSession(force = false): Promise<void> {
  const { status } = appStore.get().patient;
  if (!force && status === 'ready') return Promise.resolve();
  if (!starting) {
    starting = (async () => {
      appStore.set((s) => ({ patient: { ...s.patient, status: 'signing-in', error: null } }));
      try {
        if (storedTokens(PATIENT_TOKENS_KEY).get()) {
          const me = await patientApi.get<MeResponse>('/me', { patientId: null });
          if (me.kind !== 'patient')
            throw new ApiRequestError({ code: 'AUTH_TOKEN_INVALID', status: 401, message: messageFor('AUTH_TOKEN_INVALID', locale()) });
          applyProfiles(me.profiles);
        } else {
          await signInWithWechat();
        }
        await refreshConsents();
        appStore.set((s) => ({ patient: { ...s.patient, status: 'ready' } }));
      } catch (error) {
        appStore.set((s) => ({ patient: { ...s.patient, status: 'error', error: toApiError(error, locale()) } }));
      } finally {
        starting = null;
      }
    })();
  }
  return starting;
}

export async function refreshConsents(patientId = appStore.get().patient.activePatientId): Promise<ConsentStateView> {
  const state = await patientApi.get<ConsentStateView>('/me/consents', { patientId });
  if (patientId === appStore.get().patient.activePatientId) {
    appStore.set((s) => ({ patient: { ...s.patient, missingConsents: state.missingRequired } }));
  }
  return state;
}

export async function recordConsents(decisions: RecordConsentRequest[], patientId = appStore.get().patient.activePatientId): Promise<ConsentStateView> {
  let state: ConsentStateView | null = null;
  // One at a time: each is its own append-only record, and the last answer carries the final state.
  for (const decision of decisions) state = await patientApi.post<ConsentStateView>('/me/consents', decision, { patientId });
  if (!state) state = await refreshConsents(patientId);
  if (patientId === appStore.get().patient.activePatientId) {
    appStore.set((s) => ({ patient: { ...s.patient, missingConsents: state!.missingRequired } }));
  }
  return state;
}

export async function reloadProfiles(): Promise<PatientView[]> {
  const profiles = await patientApi.get<PatientView[]>('/me/patients', { patientId: null });
  applyProfiles(profiles);
  return profiles;
}

/** Makes another profile the one the app acts for, and learns whether it still needs consents. */
export async function switchActiveProfile(id: string): Promise<ConsentKind[]> {
  appStore.set((s) => ({ patient: { ...s.patient, activePatientId: id, missingConsents: null } }));
  storage.set(ACTIVE_PATIENT_KEY, id);
  return (await refreshConsents(id)).missingRequired;
}

export async function createFamilyMember(input: CreatePatientRequest): Promise<PatientView> {
  const created = await patientApi.post<PatientView>('/me/patients', input, { patientId: null });
  await reloadProfiles();
  return created;
}

export async function updateProfile(id: string, input: UpdatePatientRequest): Promise<PatientView> {
  const updated = await patientApi.patch<PatientView>(`/me/patients/${id}`, input, { patientId: null });
  await reloadProfiles();
  return updated;
}

export async function removeFamilyMember(id: string): Promise<void> {
  await patientApi.delete(`/me/patients/${id}`, { patientId: null });
  if (appStore.get().patient.activePatientId === id) {
    const self = appStore.get().patient.profiles.find((p) => p.isSelf);
    if (self) await switchActiveProfile(self.id);
  }
  await reloadProfiles();
}

export async function bindPhone(code: string): Promise<PatientView> {
  const updated = await patientApi.post<PatientView>('/me/phone', { code }, { patientId: null });
  await reloadProfiles();
  return updated;
}
