import { platform } from '../platform';
import { appStore } from '../store/app-store';
import { consultSocketUrl } from '../utils/consult';
import { patientApi, PATIENT_TOKENS_KEY, staffApi, STAFF_TOKENS_KEY, storedTokens } from './api';
import { ConsultSocket } from './consult-socket';
import { apiBaseUrl } from './runtime-config';

/**
 * The two chat sockets of the app: the patient's (WeChat sign-in) and the staff member's (password sign-in). Pages
 * hold them through `acquire` and let go with the function it returns; the last page to let go closes the socket a
 * little later, so moving between the chat list and a chat does not reconnect.
 */

function socketFor(kind: 'patient' | 'staff'): ConsultSocket {
  const api = kind === 'patient' ? patientApi : staffApi;
  const tokens = storedTokens(kind === 'patient' ? PATIENT_TOKENS_KEY : STAFF_TOKENS_KEY);
  return new ConsultSocket({
    url: () => consultSocketUrl(apiBaseUrl()),
    connect: (url) => platform.connectSocket(url),
    token: () => tokens.get()?.token ?? null,
    renewToken: (stale) => api.renewSession(stale),
    locale: () => appStore.get().prefs.locale,
  });
}

const sockets: Record<'patient' | 'staff', ConsultSocket | null> = { patient: null, staff: null };
const holders: Record<'patient' | 'staff', number> = { patient: 0, staff: 0 };
const idleTimers: Record<'patient' | 'staff', ReturnType<typeof setTimeout> | null> = { patient: null, staff: null };

/** Keep the socket open a little after the last page closes (page to page without reconnecting). */
const LINGER_MS = 15_000;

export function consultSocket(kind: 'patient' | 'staff'): ConsultSocket {
  return (sockets[kind] ??= socketFor(kind));
}

export function acquireConsultSocket(kind: 'patient' | 'staff'): { socket: ConsultSocket; release: () => void } {
  const socket = consultSocket(kind);
  holders[kind]++;
  if (idleTimers[kind]) clearTimeout(idleTimers[kind]!);
  idleTimers[kind] = null;
  if (socket.state === 'idle' || socket.state === 'signed-out') socket.start();
  let released = false;
  return {
    socket,
    release: () => {
      if (released) return;
      released = true;
      holders[kind]--;
      if (holders[kind] > 0) return;
      idleTimers[kind] = setTimeout(() => {
        idleTimers[kind] = null;
        if (holders[kind] === 0) socket.stop();
      }, LINGER_MS);
    },
  };
}
