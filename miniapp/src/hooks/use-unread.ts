import { useSyncExternalStore } from 'react';
import { unread } from '../services/unread';
import { useAppState } from '../store/app-store';

/** The acting profile's unread counts (zero until the server has answered for this profile). */
export function useUnread(): { count: number; otherProfiles: number; known: boolean } {
  const snapshot = useSyncExternalStore(unread.subscribe, unread.get);
  const patientId = useAppState((s) => s.patient.activePatientId);
  if (!patientId || snapshot.patientId !== patientId) return { count: 0, otherProfiles: 0, known: false };
  return { count: snapshot.count, otherProfiles: snapshot.otherProfiles, known: true };
}
