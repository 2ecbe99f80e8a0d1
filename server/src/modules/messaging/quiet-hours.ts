/** Minutes after local midnight of `at` in `timeZone`. */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

/**
 * When quiet hours (local `start`–`end` minutes, possibly across midnight) end, if `at` falls inside them;
 * null when `at` is outside. Messages due at night are deferred to this moment, not dropped.
 */
export function quietUntil(at: Date, window: { start: number; end: number }, timeZone: string): Date | null {
  const { start, end } = window;
  if (start === end) return null;
  const now = localMinutes(at, timeZone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const minutesLeft = (end - now + 1440) % 1440;
  const untilMinute = new Date(at.getTime() + minutesLeft * 60_000);
  untilMinute.setUTCSeconds(0, 0);
  return untilMinute;
}
