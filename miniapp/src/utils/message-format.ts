import { MESSAGE_LAYOUTS, type InboxMessageView, type Locale, type MessageKind } from '@yiban/shared';
import { translate } from '../i18n';
import { routeFor } from './routes';

export interface MessageCardLine {
  key: string;
  label: string;
  value: string;
}

/** One message as the 消息 tab shows it. */
export interface MessageCardView {
  id: string;
  kind: MessageKind;
  title: string;
  lines: MessageCardLine[];
  /** When it was sent, in the patient's language. */
  time: string;
  /** The page a tap opens (only pages this build has); null = the card is not tappable. */
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

/** Labels the template keywords with the kind's layout, in the layout's order; values WeChat left empty are not shown. */
export function messageCard(message: InboxMessageView, locale: Locale, now: Date, offsetMinutes?: number): MessageCardView {
  const layout = MESSAGE_LAYOUTS[message.kind] as (typeof MESSAGE_LAYOUTS)[MessageKind] | undefined;
  const data = message.data ?? {};
  const lines: MessageCardLine[] = [];
  for (const field of layout?.fields ?? []) {
    const value = data[field.key];
    if (typeof value === 'string' && value.trim()) lines.push({ key: field.key, label: field[locale], value });
  }
  // Keywords the layout does not know (a template the hospital changed before the app caught up): still shown.
  for (const [key, value] of Object.entries(data)) {
    if (layout?.fields.some((f) => f.key === key)) continue;
    if (typeof value === 'string' && value.trim()) lines.push({ key, label: key, value });
  }
  return {
    id: message.id,
    kind: message.kind,
    title: layout ? layout.title[locale] : translate(locale, 'messages.kindUnknown'),
    lines,
    time: formatSentAt(message.sentAt, locale, now, offsetMinutes),
    target: routeFor(message.page),
  };
}
