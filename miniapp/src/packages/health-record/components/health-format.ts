import {
  MEASUREMENT_BOUNDS,
  type GlucoseContext,
  type HealthEntryView,
  type HealthRecordAuthor,
  type MeasurementInput,
  type MeasurementKind,
  type MeasurementView,
} from '@yiban/shared';
import type { MessageKey } from '../../../i18n';

/**
 * What the health record's pages, forms and both builds of the trend chart share (pure: the H5 chart file cannot
 * import its WeChat twin, and the console's panel uses the same words).
 */

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

export function readingText(m: Pick<MeasurementView, 'kind' | 'systolic' | 'diastolic' | 'glucoseMmol' | 'glucoseContext' | 'weightKg'>, t: T): string {
  if (m.kind === 'blood_pressure') return t('health.bp', { sys: m.systolic ?? '—', dia: m.diastolic ?? '—' });
  if (m.kind === 'glucose') {
    const value = t('health.glucose', { value: (m.glucoseMmol ?? 0).toFixed(1) });
    return m.glucoseContext ? `${value} · ${t(`health.context.${m.glucoseContext}` as MessageKey)}` : value;
  }
  return t('health.weight', { value: (m.weightKg ?? 0).toFixed(1) });
}

export function authorText(author: HealthRecordAuthor, t: T): string | null {
  if (author.kind === 'patient') return null;
  return author.name ? t('health.byStaff', { name: author.name }) : t('health.byStaffUnnamed');
}

/** An entry's second line: what kind of allergy and how bad, the dose and how often, since when, stopped. */
export function entryDetail(e: HealthEntryView, t: T): string {
  const parts: string[] = [];
  if (e.kind === 'allergy') {
    if (e.category) parts.push(t(`health.category.${e.category}` as MessageKey));
    if (e.severity) parts.push(t(`health.severity.${e.severity}` as MessageKey));
    if (e.reaction) parts.push(e.reaction);
  }
  if (e.kind === 'condition' && e.icd10) parts.push(e.icd10);
  if (e.kind === 'medication') {
    if (e.dose) parts.push(e.dose);
    if (e.frequency) parts.push(e.frequency);
  }
  if (e.since) parts.push(t('health.since.short', { date: e.since }));
  if (!e.active) parts.push(e.kind === 'condition' ? t('health.resolved') : t('health.inactive'));
  return parts.join(' · ');
}

/** What the reading form holds while the patient types. */
export interface ReadingDraft {
  systolic: string;
  diastolic: string;
  glucoseMmol: string;
  glucoseContext: GlucoseContext;
  weightKg: string;
  /** YYYY-MM-DD and HH:mm on the device's clock; empty: now. */
  date: string;
  time: string;
  note: string;
}

export const emptyReading = (): ReadingDraft => ({
  systolic: '',
  diastolic: '',
  glucoseMmol: '',
  glucoseContext: 'fasting',
  weightKg: '',
  date: '',
  time: '',
  note: '',
});

function numberIn(text: string, field: keyof typeof MEASUREMENT_BOUNDS, label: string, t: T, decimals: number): number | string {
  const trimmed = text.trim();
  if (!trimmed) return t('health.required', { field: label });
  const value = Number(trimmed);
  const bounds = MEASUREMENT_BOUNDS[field];
  if (!Number.isFinite(value) || value < bounds.min || value > bounds.max) return t('health.range', { min: bounds.min, max: bounds.max });
  return decimals ? Math.round(value * 10) / 10 : Math.round(value);
}

/** The request, or what to fix (the server checks the same bounds: HEALTH_MEASUREMENT_OUT_OF_RANGE). */
export function readingInput(kind: MeasurementKind, d: ReadingDraft, t: T, now = new Date()): MeasurementInput | string {
  const at = d.date ? new Date(`${d.date}T${d.time || '08:00'}:00`) : now;
  const measuredAt = Number.isNaN(at.getTime()) || at.getTime() > now.getTime() ? now.toISOString() : at.toISOString();
  const note = d.note.trim() ? { note: d.note.trim() } : {};
  if (kind === 'blood_pressure') {
    const systolic = numberIn(d.systolic, 'systolic', t('health.systolic'), t, 0);
    if (typeof systolic === 'string') return systolic;
    const diastolic = numberIn(d.diastolic, 'diastolic', t('health.diastolic'), t, 0);
    if (typeof diastolic === 'string') return diastolic;
    if (systolic <= diastolic) return t('health.bpOrder');
    return { kind, systolic, diastolic, measuredAt, ...note };
  }
  if (kind === 'glucose') {
    const glucoseMmol = numberIn(d.glucoseMmol, 'glucoseMmol', t('health.glucoseValue'), t, 1);
    if (typeof glucoseMmol === 'string') return glucoseMmol;
    return { kind, glucoseMmol, glucoseContext: d.glucoseContext, measuredAt, ...note };
  }
  const weightKg = numberIn(d.weightKg, 'weightKg', t('health.weightValue'), t, 1);
  if (typeof weightKg === 'string') return weightKg;
  return { kind, weightKg, measuredAt, ...note };
}

// ------------------------------------------------------------------ the trend chart's data

export interface TrendLine {
  key: 'systolic' | 'diastolic' | 'glucose' | 'weight';
  color: string;
  points: { at: number; value: number }[];
}

export interface Trend {
  lines: TrendLine[];
  /** Reference values drawn as dashed lines (blood pressure 140/90; glucose 7.0 and 11.1). */
  refs: number[];
  unit: string;
}

/** The lines a kind of reading draws, oldest first. */
export function trendOf(kind: MeasurementKind, items: MeasurementView[]): Trend {
  const sorted = [...items].filter((m) => m.kind === kind).sort((a, b) => a.measuredAt.localeCompare(b.measuredAt));
  const line = (key: TrendLine['key'], color: string, pick: (m: MeasurementView) => number | null): TrendLine => ({
    key,
    color,
    points: sorted.flatMap((m) => {
      const value = pick(m);
      return value === null ? [] : [{ at: Date.parse(m.measuredAt), value }];
    }),
  });
  if (kind === 'blood_pressure') {
    return { lines: [line('systolic', '#b3261e', (m) => m.systolic), line('diastolic', '#0b6e6e', (m) => m.diastolic)], refs: [140, 90], unit: 'mmHg' };
  }
  if (kind === 'glucose') return { lines: [line('glucose', '#8a4fbf', (m) => m.glucoseMmol)], refs: [7, 11.1], unit: 'mmol/L' };
  return { lines: [line('weight', '#0b6e6e', (m) => m.weightKg)], refs: [], unit: 'kg' };
}

export const trendPoints = (trend: Trend) => Math.max(0, ...trend.lines.map((l) => l.points.length));

/** Round axis bounds around the values and the reference lines, with a few ticks between. */
export function axis(trend: Trend): { min: number; max: number; ticks: number[] } {
  const values = [...trend.lines.flatMap((l) => l.points.map((p) => p.value)), ...trend.refs];
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (!Number.isFinite(min)) [min, max] = [0, 1];
  if (max - min < 1) [min, max] = [min - 1, max + 1];
  const raw = (max - min) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? raw;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Math.round(v * 10) / 10);
  return { min: lo, max: hi, ticks };
}

/** MM-DD on the device's clock (the chart's x labels). */
export const shortDate = (at: number) => {
  const d = new Date(at);
  return `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * The trend as an SVG document (ASCII only: the WeChat build shows it as a data-URI image, WeChat's engine has no
 * btoa for other text). `font`: the label size in px, larger with large type.
 */
export function trendSvg(trend: Trend, size: { width: number; height: number; font: number }): string {
  const { width, height, font } = size;
  const left = font * 3;
  const right = 12;
  const top = 12;
  const bottom = font * 2;
  const { min, max, ticks } = axis(trend);
  const all = trend.lines.flatMap((l) => l.points.map((p) => p.at));
  let first = Math.min(...all);
  let last = Math.max(...all);
  if (!Number.isFinite(first)) [first, last] = [Date.now() - 86_400_000, Date.now()];
  if (last === first) [first, last] = [first - 43_200_000, last + 43_200_000];
  // Points sit inside the frame, clear of the value labels.
  const inset = font;
  const x = (at: number) => left + inset + ((at - first) / (last - first)) * (width - left - right - 2 * inset);
  const y = (v: number) => top + (1 - (v - min) / (max - min)) * (height - top - bottom);
  const r = (n: number) => Math.round(n * 10) / 10;
  const parts: string[] = [];
  for (const tick of ticks) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${r(y(tick))}" y2="${r(y(tick))}" stroke="#e3e9e9" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${r(y(tick) + font / 3)}" font-size="${font}" fill="#44504f" text-anchor="end">${tick}</text>`);
  }
  for (const ref of trend.refs) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${r(y(ref))}" y2="${r(y(ref))}" stroke="#e9a23b" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  }
  const labels = first === last ? [first] : [first, (first + last) / 2, last];
  labels.forEach((at, i) => {
    const anchor = i === 0 ? 'start' : i === labels.length - 1 ? 'end' : 'middle';
    parts.push(`<text x="${r(x(at))}" y="${height - font / 2}" font-size="${font}" fill="#44504f" text-anchor="${anchor}">${shortDate(at)}</text>`);
  });
  for (const line of trend.lines) {
    const coords = line.points.map((p) => `${r(x(p.at))},${r(y(p.value))}`);
    if (coords.length > 1) parts.push(`<polyline points="${coords.join(' ')}" fill="none" stroke="${line.color}" stroke-width="2.5" stroke-linejoin="round"/>`);
    for (const c of coords) {
      const [cx, cy] = c.split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="${font / 4 + 1.5}" fill="#fff" stroke="${line.color}" stroke-width="2"/>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">${parts.join('')}</svg>`;
}
