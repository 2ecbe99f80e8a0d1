import type { UnreadNotifications } from '@yiban/shared';
import { badgeText, createUnreadTracker, type TabBadge } from '../../src/utils/unread-badge';

/** A tab bar that records what it was told (and can refuse, as WeChat does off a tab page). */
function fakeBadge(mode: 'ok' | 'reject' | 'throw' | 'never' = 'ok') {
  const calls: string[] = [];
  const answer = () => {
    if (mode === 'throw') throw new Error('setTabBarBadge:fail not TabBar page');
    if (mode === 'reject') return Promise.reject(new Error('setTabBarBadge:fail not TabBar page'));
    if (mode === 'never') return new Promise(() => undefined); // Taro's H5 tab bar before it exists
    return Promise.resolve({ errMsg: 'ok' });
  };
  const badge: TabBadge = {
    set: (text) => {
      calls.push(`set ${text}`);
      return answer();
    },
    remove: () => {
      calls.push('remove');
      return answer();
    },
  };
  return { badge, calls };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const counts = (count: number, otherProfiles = 0): UnreadNotifications => ({ count, otherProfiles });

describe('the 消息 badge text', () => {
  it('the count, capped at 99+; nothing for zero or nonsense', () => {
    expect(badgeText(1)).toBe('1');
    expect(badgeText(42)).toBe('42');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
    expect(badgeText(12_345)).toBe('99+');
    expect(badgeText(0)).toBeNull();
    expect(badgeText(-3)).toBeNull();
    expect(badgeText(Number.NaN)).toBeNull();
  });
});

describe('the unread tracker', () => {
  it('sets the badge from the server’s count and removes it at zero', async () => {
    const { badge, calls } = fakeBadge();
    const answers = [counts(3, 2), counts(150), counts(0, 1)];
    const tracker = createUnreadTracker({ fetch: async () => answers.shift()!, badge, actingPatientId: () => 'p1' });
    await tracker.refresh();
    expect(tracker.get()).toEqual({ patientId: 'p1', count: 3, otherProfiles: 2 });
    await tracker.refresh();
    await tracker.refresh();
    expect(calls).toEqual(['set 3', 'set 99+', 'remove']);
    expect(tracker.get()).toEqual({ patientId: 'p1', count: 0, otherProfiles: 1 });
  });

  it('failures are silent: a refused or broken tab bar, a failed request — the page never sees an error', async () => {
    for (const mode of ['reject', 'throw', 'never'] as const) {
      const { badge, calls } = fakeBadge(mode);
      const tracker = createUnreadTracker({ fetch: async () => counts(2), badge, actingPatientId: () => 'p1' });
      await expect(tracker.refresh()).resolves.toBeUndefined();
      expect(calls).toEqual(['set 2']);
      expect(tracker.get().count).toBe(2);
    }
    const { badge, calls } = fakeBadge();
    let fail = false;
    const tracker = createUnreadTracker({
      fetch: async () => {
        if (fail) throw new Error('NETWORK_UNREACHABLE');
        return counts(4);
      },
      badge,
      actingPatientId: () => 'p1',
    });
    await tracker.refresh();
    fail = true;
    await expect(tracker.refresh()).resolves.toBeUndefined();
    // The badge keeps what it showed.
    expect(calls).toEqual(['set 4']);
    expect(tracker.get().count).toBe(4);
  });

  it('asks nothing while no patient is signed in', async () => {
    const { badge, calls } = fakeBadge();
    const fetch = jest.fn(async () => counts(1));
    const tracker = createUnreadTracker({ fetch, badge, actingPatientId: () => null });
    await tracker.refresh();
    expect(fetch).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
  });

  it('refreshes never overlap: calls while one is on its way make exactly one more round', async () => {
    const { badge, calls } = fakeBadge();
    const pending: ReturnType<typeof deferred<UnreadNotifications>>[] = [];
    const tracker = createUnreadTracker({
      fetch: () => {
        const d = deferred<UnreadNotifications>();
        pending.push(d);
        return d.promise;
      },
      badge,
      actingPatientId: () => 'p1',
    });
    const first = tracker.refresh();
    const second = tracker.refresh();
    const third = tracker.refresh();
    expect(pending).toHaveLength(1);
    pending[0]!.resolve(counts(5)); // read before a message was marked read on screen
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(counts(4));
    await Promise.all([first, second, third]);
    expect(calls).toEqual(['set 5', 'set 4']);
  });

  it('an answer for a profile the app no longer acts for is dropped and the new one asked', async () => {
    const { badge, calls } = fakeBadge();
    let acting = 'p1';
    const asked: string[] = [];
    const tracker = createUnreadTracker({
      fetch: async (patientId) => {
        asked.push(patientId);
        if (patientId === 'p1') acting = 'p2'; // switched while the first answer was on its way
        return patientId === 'p1' ? counts(7) : counts(1, 7);
      },
      badge,
      actingPatientId: () => acting,
    });
    await tracker.refresh();
    expect(asked).toEqual(['p1', 'p2']);
    expect(calls).toEqual(['set 1']);
    expect(tracker.get()).toEqual({ patientId: 'p2', count: 1, otherProfiles: 7 });
  });

  it('optimistic reads and read-all answers move the badge at once; other profiles’ counts are ignored', async () => {
    const { badge, calls } = fakeBadge();
    const tracker = createUnreadTracker({ fetch: async () => counts(2, 3), badge, actingPatientId: () => 'p1' });
    const seen: number[] = [];
    const stop = tracker.subscribe(() => seen.push(tracker.get().count));
    await tracker.refresh();
    tracker.adjust('p1', -1);
    tracker.adjust('p2', -1);
    tracker.adjust('p1', -5);
    tracker.set('p2', counts(9));
    tracker.set('p1', counts(0, 3));
    stop();
    tracker.adjust('p1', 1);
    expect(calls).toEqual(['set 2', 'set 1', 'remove', 'remove', 'set 1']);
    expect(seen).toEqual([2, 1, 0]);
    expect(tracker.get()).toEqual({ patientId: 'p1', count: 1, otherProfiles: 3 });
  });
});
