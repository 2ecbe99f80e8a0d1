import { useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { acquireConsultSocket, consultSocket } from '../services/consult-live';
import type { ConsultSocket, ConsultSocketStatus } from '../services/consult-socket';

/** Show "连接中…" only when the socket has been down a moment (a quick reconnect should not flash a banner). */
const BANNER_AFTER_MS = 1_500;

/**
 * The chat socket for a page: opened while the page (or any other chat page) is shown, retried at once when the app
 * comes back to the foreground. `down` is true once it has been away long enough to tell the user.
 */
export function useConsultSocket(kind: 'patient' | 'staff', enabled = true): { socket: ConsultSocket; status: ConsultSocketStatus; down: boolean } {
  const socket = consultSocket(kind);
  const [status, setStatus] = useState<ConsultSocketStatus>(socket.state);
  const [down, setDown] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (!enabled) return undefined;
    const held = acquireConsultSocket(kind);
    setStatus(held.socket.state);
    const off = held.socket.onStatus(setStatus);
    return () => {
      off();
      held.release();
    };
  }, [kind, enabled]);

  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (status === 'open' || status === 'idle') setDown(false);
    else if (status === 'signed-out') setDown(true);
    else timer.current = setTimeout(() => setDown(true), BANNER_AFTER_MS);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [status]);

  useDidShow(() => {
    if (enabled) socket.reconnectNow();
  });

  return { socket, status, down: enabled && down };
}
