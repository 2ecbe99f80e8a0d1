import { useEffect, useState } from 'react';

/** The current time, ticking every `intervalMs` while `active` (countdowns); still when inactive. */
export function useNow(intervalMs = 1_000, active = true): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!active) return undefined;
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
