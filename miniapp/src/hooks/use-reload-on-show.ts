import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';

/**
 * Back on a page (from paying, a chat, a detail page): `reload` runs, so it shows where things stand now. A show
 * within a second of the page mounting is its own first load (WeChat fires it; the H5 build may not), so it is
 * skipped. Measured from the mount, not from the last show: a quick look at a reply and back is well under a second,
 * and that page must still be fresh.
 */
export function useReloadOnShow(reload: () => unknown): void {
  const mountedAt = useRef(Date.now());
  const latest = useRef(reload);
  latest.current = reload;
  useDidShow(() => {
    if (Date.now() - mountedAt.current > 1_000) void latest.current();
  });
}
