import type { Locale } from '@yiban/shared';

/**
 * Clinic times are the hospital's wall clock: a patient travelling (or an international patient at home) must see
 * "09:00" for a 09:00 clinic, not their phone's time. The API sends UTC instants and hospital-time dates but does
 * not publish the hospital's zone, so the app carries its offset: China has one zone and no daylight saving
 * (the server's default TIME_ZONE, Asia/Shanghai). The H5 build can be told otherwise in runtime-config.js.
 * Written by hand (no Intl): WeChat's JavaScript engines do not all carry Intl's locale data.
 */
export const DEFAULT_HOSPITAL_OFFSET_MINUTES = 480;

export function hospitalOffsetMinutes(): number {
  const configured = process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' ? window.__YIBAN__?.hospitalUtcOffsetMinutes : undefined;
  return typeof configured === 'number' && Number.isFinite(configured) ? configured : DEFAULT_HOSPITAL_OFFSET_MINUTES;
}

const pad = (n: number) => String(n).padStart(2, '0');
const DAY_MS = 86_400_000;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
}

function wallClock(instant: Date, offset: number): WallClock {
  const shifted = new Date(instant.getTime() + offset * 60_000);
  const dow = shifted.getUTCDay();
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    weekday: dow === 0 ? 7 : dow,
  };
}

/** The hospital-time date (YYYY-MM-DD) of an instant. */
export function hospitalDate(instant: string | Date, offset = hospitalOffsetMinutes()): string {
  const w = wallClock(typeof instant === 'string' ? new Date(instant) : instant, offset);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** "09:00" in hospital time. */
export function clockTime(instant: string, offset = hospitalOffsetMinutes()): string {
  const w = wallClock(new Date(instant), offset);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

export function timeRange(startsAt: string, endsAt: string, offset = hospitalOffsetMinutes()): string {
  return `${clockTime(startsAt, offset)}–${clockTime(endsAt, offset)}`;
}

function parseDate(date: string): { year: number; month: number; day: number; weekday: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday: dow === 0 ? 7 : dow };
}

/** YYYY-MM-DD plus n days. */
export function addDays(date: string, n: number): string {
  const { year, month, day } = parseDate(date);
  const d = new Date(Date.UTC(year, month - 1, day) + n * DAY_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Monday of the week `date` is in. */
export function weekStart(date: string): string {
  return addDays(date, 1 - parseDate(date).weekday);
}

const ZH_WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const EN_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function weekdayName(weekday: number, locale: Locale): string {
  return locale === 'en' ? EN_WEEKDAYS[weekday - 1]! : `周${ZH_WEEKDAYS[weekday - 1]!}`;
}

/** "11月23日 周一" / "Mon 23 Nov". */
export function formatDate(date: string, locale: Locale): string {
  const d = parseDate(date);
  if (locale === 'en') return `${EN_WEEKDAYS[d.weekday - 1]} ${d.day} ${EN_MONTHS[d.month - 1]}`;
  return `${d.month}月${d.day}日 周${ZH_WEEKDAYS[d.weekday - 1]}`;
}

/** A date with its year and no weekday, such as a birth date: "1952年3月14日" / "14 Mar 1952". */
export function formatFullDate(date: string, locale: Locale): string {
  const d = parseDate(date);
  return locale === 'en' ? `${d.day} ${EN_MONTHS[d.month - 1]} ${d.year}` : `${d.year}年${d.month}月${d.day}日`;
}

/** "11月23日 周一 09:00–09:30" / "Mon 23 Nov, 09:00–09:30": when an appointment is, in hospital time. */
export function formatVisitTime(startsAt: string, endsAt: string, locale: Locale, offset = hospitalOffsetMinutes()): string {
  const date = formatDate(hospitalDate(startsAt, offset), locale);
  return `${date}${locale === 'en' ? ', ' : ' '}${timeRange(startsAt, endsAt, offset)}`;
}

export interface StripDay {
  date: string;
  weekday: number;
  month: number;
  day: number;
  /** 0 = today, 1 = tomorrow … */
  index: number;
}

/** The next `days` hospital-time days from today, for the date strip. */
export function dateStrip(now: Date, days = 14, offset = hospitalOffsetMinutes()): StripDay[] {
  const today = hospitalDate(now, offset);
  return Array.from({ length: days }, (_, index) => {
    const date = addDays(today, index);
    const d = parseDate(date);
    return { date, weekday: d.weekday, month: d.month, day: d.day, index };
  });
}

/** The strip's top line: 今天 / 明天 / 周三 (Today / Tomorrow / Wed). */
export function stripLabel(day: StripDay, locale: Locale): string {
  if (day.index === 0) return locale === 'en' ? 'Today' : '今天';
  if (day.index === 1) return locale === 'en' ? 'Tomorrow' : '明天';
  return weekdayName(day.weekday, locale);
}

/** Its second line: 11/23 (23 Nov). */
export function stripDate(day: StripDay, locale: Locale): string {
  return locale === 'en' ? `${day.day} ${EN_MONTHS[day.month - 1]}` : `${day.month}/${day.day}`;
}

/** How a day looks on the strip: no clinic, every place taken, or places left. */
export type DayAvailability = { state: 'none' } | { state: 'full' } | { state: 'open'; remaining: number };

export function availabilityByDate<T extends { startsAt: string; remaining: number }>(
  slots: readonly T[],
  offset = hospitalOffsetMinutes(),
): Map<string, { availability: DayAvailability; slots: T[] }> {
  const byDate = new Map<string, { availability: DayAvailability; slots: T[] }>();
  for (const slot of slots) {
    const date = hospitalDate(slot.startsAt, offset);
    const entry = byDate.get(date) ?? { availability: { state: 'full' } as DayAvailability, slots: [] };
    entry.slots.push(slot);
    byDate.set(date, entry);
  }
  for (const entry of byDate.values()) {
    entry.slots.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const remaining = entry.slots.reduce((sum, s) => sum + Math.max(0, s.remaining), 0);
    entry.availability = remaining > 0 ? { state: 'open', remaining } : { state: 'full' };
  }
  return byDate;
}

export function availabilityOn(byDate: ReturnType<typeof availabilityByDate>, date: string): DayAvailability {
  return byDate.get(date)?.availability ?? { state: 'none' };
}

/** Whole hours, minutes and seconds left until `until`, or null once it has passed. */
export function timeLeft(until: string | null, now: Date): { h: number; m: number; s: number } | null {
  if (!until) return null;
  const left = Math.ceil((new Date(until).getTime() - now.getTime()) / 1000);
  if (!(left > 0)) return null;
  return { h: Math.floor(left / 3600), m: Math.floor((left % 3600) / 60), s: left % 60 };
}

/**
 * What is left until `until` as words, not a clock face ("14:56" reads as a time of day): "14分56秒" /
 * "14 min 56 s", "1小时05分00秒" / "1 h 5 min 0 s", "45秒" / "45 s"; null once it has passed. Chinese pads the
 * smaller units so the ticking text keeps its width.
 */
export function countdown(until: string | null, now: Date, locale: Locale = 'zh-CN'): string | null {
  const left = timeLeft(until, now);
  if (!left) return null;
  const { h, m, s } = left;
  if (locale === 'en') {
    if (h > 0) return `${h} h ${m} min ${s} s`;
    return m > 0 ? `${m} min ${s} s` : `${s} s`;
  }
  if (h > 0) return `${h}小时${pad(m)}分${pad(s)}秒`;
  return m > 0 ? `${m}分${pad(s)}秒` : `${s}秒`;
}
