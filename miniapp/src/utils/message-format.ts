import { isNotificationKind, NOTIFICATION_TITLES, type Locale, type NotificationView } from '@yiban/shared';
import { translate } from '../i18n';
import { routeFor } from './routes';

export interface MessageCardLine {
  key: string;
  label: string;
  value: string;
}

/** One notification as the 消息 tab shows it. */
export interface MessageCardView {
  id: string;
  kind: string;
  title: string;
  /** What happened and what to do, one sentence (the server's, in the language it was asked in). */
  body: string;
  lines: MessageCardLine[];
  /** When it arrived, in the patient's language. */
  time: string;
  unread: boolean;
  /** What a screen reader says for the whole card (read state first). */
  label: string;
  /** The page a tap opens (only pages this build has); null = a tap only marks it read. */
  target: { url: string; tab: boolean } | null;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The device's offset from UTC in minutes at `date` (Beijing: +480). */
export function deviceOffsetMinutes(date: Date): number {
  return -date.getTimezoneOffset();
}

function wallClock(date: Date, offsetMinutes: number) {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

const dayNumber = (w: { year: number; month: number; day: number }) => Date.UTC(w.year, w.month - 1, w.day) / 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * "今天 09:30", "昨天 18:05", "6月1日 09:30", "2025年6月1日 09:30" — or "Today 09:30", "1 Jun 09:30",
 * "1 Jun 2025 09:30". Written out by hand: WeChat's JavaScript engines do not all carry Intl's locale data.
 */
export function formatSentAt(iso: string, locale: Locale, now: Date, offsetMinutes = deviceOffsetMinutes(new Date(iso))): string {
  const sent = new Date(iso);
  if (Number.isNaN(sent.getTime())) return '';
  const w = wallClock(sent, offsetMinutes);
  const today = wallClock(now, offsetMinutes);
  const time = `${pad(w.hour)}:${pad(w.minute)}`;
  const daysAgo = dayNumber(today) - dayNumber(w);
  if (daysAgo === 0) return translate(locale, 'time.today', { time });
  if (daysAgo === 1) return translate(locale, 'time.yesterday', { time });
  const parts = { year: w.year, month: w.month, day: w.day, monthName: EN_MONTHS[w.month - 1]!, time };
  return translate(locale, w.year === today.year ? 'time.date' : 'time.dateYear', parts);
}

/** The kind's title in the app's language; a kind this version does not know keeps the server's title. */
export function messageTitle(message: Pick<NotificationView, 'kind' | 'title'>, locale: Locale): string {
  if (isNotificationKind(message.kind)) return NOTIFICATION_TITLES[message.kind][locale];
  return message.title?.trim() || translate(locale, 'messages.kindUnknown');
}

export function isUnread(message: Pick<NotificationView, 'readAt'>): boolean {
  return !message.readAt;
}

/** A notification as a card: title, the server's sentence and labelled lines (empty values left out), time, read state, page. */
export function messageCard(message: NotificationView, locale: Locale, now: Date, offsetMinutes?: number): MessageCardView {
  const title = messageTitle(message, locale);
  const time = formatSentAt(message.at, locale, now, offsetMinutes);
  const unread = isUnread(message);
  const lines = (message.lines ?? [])
    .filter((l) => typeof l.value === 'string' && l.value.trim())
    .map((l, i) => ({ key: `${i}:${l.label}`, label: l.label, value: l.value }));
  return {
    id: message.id,
    kind: message.kind,
    title,
    body: message.body ?? '',
    lines,
    time,
    unread,
    label: translate(locale, unread ? 'messages.unreadLabel' : 'messages.readLabel', { title, time }),
    target: routeFor(message.link),
  };
}

/** The title of the newest unread notification in a newest-first list, or null. */
export function newestUnreadTitle(items: readonly NotificationView[], locale: Locale): string | null {
  const first = items.find(isUnread);
  return first ? messageTitle(first, locale) : null;
}

/** Marks some notifications read (as of `at`) in a list; the others, and ones already read, unchanged. */
export function markReadIn<T extends Pick<NotificationView, 'id' | 'readAt'>>(items: readonly T[], ids: ReadonlySet<string> | 'all', at: string): T[] {
  return items.map((m) => (!m.readAt && (ids === 'all' || ids.has(m.id)) ? { ...m, readAt: at } : m));
}
