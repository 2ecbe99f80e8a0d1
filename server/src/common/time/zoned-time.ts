/**
 * Formatters per time zone, made once: creating an Intl.DateTimeFormat costs far more than formatting with one, and
 * bulk paths (a campaign's 100,000 recipients, a drain batch's quiet hours) call these per row.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'parts' | 'date', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}:${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format =
      kind === 'parts'
        ? new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
          })
        : new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(key, format);
  }
  return format;
}

/** Offset of `timeZone` from UTC at instant `at`, in minutes (e.g. +480 for Asia/Shanghai). */
export function offsetMinutes(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter('parts', timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * Answers already worked out, per time zone: a read path (a doctor's week: its boundaries, the days it spans) asks
 * the same few questions on every request, and each answer costs Intl formatting. Emptied when full.
 */
const remembered = new Map<string, number | string>();
const REMEMBER_MAX = 10_000;
function remember<T extends number | string>(key: string, work: () => T): T {
  const known = remembered.get(key) as T | undefined;
  if (known !== undefined) return known;
  const value = work();
  if (remembered.size >= REMEMBER_MAX) remembered.clear();
  remembered.set(key, value);
  return value;
}

/** `localDate` remembers dates per quarter hour of UTC time (one whose first and last millisecond share a date). */
const QUARTER_HOUR_MS = 900_000;

/** The instant a wall-clock time (`YYYY-MM-DD`, `HH:MM`) happens in `timeZone`. */
export function zonedInstant(date: string, hm: string, timeZone: string): Date {
  return new Date(remember(`i ${timeZone} ${date} ${hm}`, () => zonedInstantOf(date, hm, timeZone).getTime()));
}

function zonedInstantOf(date: string, hm: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = hm.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes settle the offset even across a daylight-saving change.
  let at = new Date(guess - offsetMinutes(new Date(guess), timeZone) * 60_000);
  at = new Date(guess - offsetMinutes(at, timeZone) * 60_000);
  return at;
}

/** The local calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  const format = formatter('date', timeZone);
  const quarter = Math.floor(at.getTime() / QUARTER_HOUR_MS);
  if (!Number.isFinite(quarter)) return format.format(at);
  const key = `d ${timeZone} ${quarter}`;
  const known = remembered.get(key) as string | undefined;
  if (known !== undefined) return known;
  const first = format.format(quarter * QUARTER_HOUR_MS);
  // A quarter hour in which the date changes (midnight, or an offset that is not a whole quarter hour) is not kept.
  if (first !== format.format((quarter + 1) * QUARTER_HOUR_MS - 1)) return format.format(at);
  return remember(key, () => first);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
