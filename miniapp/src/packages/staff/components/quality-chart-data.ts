import { QUALITY_DIMENSION_LABELS, TOUCHPOINT_LABELS, type GapCell, type Locale } from '@yiban/shared';

/** What both builds of the service-quality charts share (the H5 file of a component cannot import its WeChat twin). */

export const labelOf = (l: { zh: string; en: string }, locale: Locale) => (locale === 'en' ? l.en : l.zh);

/** The heat map's axes: the dimensions and touchpoints that have answers, in the engine's order. */
export function heatAxes(cells: GapCell[], locale: Locale) {
  const dims = [...new Set(cells.map((c) => c.dimension))].sort(
    (a, b) => Object.keys(QUALITY_DIMENSION_LABELS).indexOf(a) - Object.keys(QUALITY_DIMENSION_LABELS).indexOf(b),
  );
  const points = [...new Set(cells.map((c) => c.touchpoint ?? ''))].sort(
    (a, b) => Object.keys(TOUCHPOINT_LABELS).indexOf(a) - Object.keys(TOUCHPOINT_LABELS).indexOf(b),
  );
  return {
    dims,
    points,
    dimLabel: (d: string) => labelOf(QUALITY_DIMENSION_LABELS[d as keyof typeof QUALITY_DIMENSION_LABELS], locale),
    pointLabel: (p: string) => (p ? labelOf(TOUCHPOINT_LABELS[p as keyof typeof TOUCHPOINT_LABELS], locale) : locale === 'en' ? 'Overall' : '整体'),
  };
}

/** Red below expectation, green above, paler nearer zero (gaps run −4…4). */
export function gapColour(gap: number): string {
  const strength = Math.min(1, Math.abs(gap) / 2);
  const [r, g, b] = gap < 0 ? [179, 38, 30] : [28, 124, 67];
  const mix = (c: number) => Math.round(255 - (255 - c) * (0.15 + 0.85 * strength));
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}
