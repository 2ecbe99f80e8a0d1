import type { UnreadNotifications } from '@yiban/shared';

/**
 * The unread count behind the 消息 tab's badge and 首页's card (no Taro, no network: both are passed in, so the
 * rules are tested without a tab bar). The badge is the acting profile's count; family members' unread is only
 * pointed at inside 消息. Failures never surface: the badge keeps what it showed.
 */

/** The badge's text: the count, "99+" above 99; null → no badge. */
export function badgeText(count: number): string | null {
  if (!Number.isFinite(count) || count < 1) return null;
  return count > 99 ? '99+' : String(Math.floor(count));
}

export interface TabBadge {
  set(text: string): unknown;
  remove(): unknown;
}

export interface UnreadSnapshot extends UnreadNotifications {
  /** The profile the counts are for; null before the first answer. */
  patientId: string | null;
}

export interface UnreadTrackerDeps {
  fetch: (patientId: string) => Promise<UnreadNotifications>;
  badge: TabBadge;
  /** The profile the app acts for, or null while no patient is signed in (then nothing is fetched). */
  actingPatientId: () => string | null;
}

export interface UnreadTracker {
  get(): UnreadSnapshot;
  subscribe(listener: () => void): () => void;
  /** Asks the server again; calls while one is on its way make one more round after it (never overlapping). */
  refresh(): Promise<void>;
  /** Counts the server just gave (read-all answers with them). */
  set(patientId: string, counts: UnreadNotifications): void;
  /** An optimistic change of the acting profile's count (a message read on screen before the server confirms). */
  adjust(patientId: string, delta: number): void;
}

const EMPTY: UnreadSnapshot = { patientId: null, count: 0, otherProfiles: 0 };

export function createUnreadTracker(deps: UnreadTrackerDeps): UnreadTracker {
  let state: UnreadSnapshot = EMPTY;
  const listeners = new Set<() => void>();
  let running: Promise<void> | null = null;
  let again = false;

  function show(count: number): void {
    const text = badgeText(count);
    try {
      // Not awaited: WeChat refuses it on a page that is not a tab page, and Taro's H5 tab bar never answers before
      // it exists. Set every time (not only on change): the next tab page that shows puts it right.
      const call = text ? deps.badge.set(text) : deps.badge.remove();
      if (call && typeof (call as Promise<unknown>).catch === 'function') (call as Promise<unknown>).catch(() => undefined);
    } catch {
      // No tab bar here (staff pages, tests): nothing to show.
    }
  }

  function apply(next: UnreadSnapshot): void {
    const changed = next.patientId !== state.patientId || next.count !== state.count || next.otherProfiles !== state.otherProfiles;
    state = next;
    show(next.count);
    if (changed) listeners.forEach((l) => l());
  }

  async function round(): Promise<void> {
    do {
      again = false;
      const patientId = deps.actingPatientId();
      if (!patientId) return;
      try {
        const counts = await deps.fetch(patientId);
        // Switched to another profile meanwhile: this answer is about the wrong one, ask again.
        if (patientId === deps.actingPatientId()) apply({ patientId, count: Math.max(0, counts.count), otherProfiles: Math.max(0, counts.otherProfiles) });
        else again = true;
      } catch {
        // Silent: the badge keeps what it showed; the next page show asks again.
      }
    } while (again);
  }

  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh() {
      if (running) {
        again = true;
        return running;
      }
      running = round().finally(() => {
        running = null;
      });
      return running;
    },
    set(patientId, counts) {
      if (patientId !== deps.actingPatientId()) return;
      apply({ patientId, count: Math.max(0, counts.count), otherProfiles: Math.max(0, counts.otherProfiles) });
    },
    adjust(patientId, delta) {
      if (patientId !== state.patientId || patientId !== deps.actingPatientId()) return;
      apply({ ...state, count: Math.max(0, state.count + delta) });
    },
  };
}
