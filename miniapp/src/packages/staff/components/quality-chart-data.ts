import { QUALITY_DIMENSION_LABELS, TOUCHPOINT_LABELS, type GapCell, type Locale } from '@yiban/shared';

/** What both builds of the service-quality charts share (the H5 file of a component cannot import its WeChat twin). */

export const labelOf = (l: { zh: string; en: string }, locale: Locale) => (locale === 'en' ? l.en : l.zh);

/** A heat-map cell: a dimension down, a column across (a touchpoint, or a week's Monday for the map over time). */
export type HeatCell = Pick<GapCell, 'dimension' | 'gap' | 'n'> & { column: string };

export const touchpointCells = (cells: GapCell[]): HeatCell[] => cells.map((c) => ({ dimension: c.dimension, gap: c.gap, n: c.n, column: c.touchpoint ?? '' }));

export const weekCells = (cells: { week: string; dimension: GapCell['dimension']; gap: number; n: number }[]): HeatCell[] =>
  cells.map((c) => ({ dimension: c.dimension, gap: c.gap, n: c.n, column: c.week }));

/** The heat map's axes: the dimensions and columns that have answers, in the engine's order (weeks in date order). */
export function heatAxes(cells: HeatCell[], locale: Locale, columns: 'touchpoint' | 'week' = 'touchpoint') {
  const dims = [...new Set(cells.map((c) => c.dimension))].sort(
    (a, b) => Object.keys(QUALITY_DIMENSION_LABELS).indexOf(a) - Object.keys(QUALITY_DIMENSION_LABELS).indexOf(b),
  );
  const points = [...new Set(cells.map((c) => c.column))].sort((a, b) =>
    columns === 'week' ? a.localeCompare(b) : Object.keys(TOUCHPOINT_LABELS).indexOf(a) - Object.keys(TOUCHPOINT_LABELS).indexOf(b),
  );
  return {
    dims,
    points,
    dimLabel: (d: string) => labelOf(QUALITY_DIMENSION_LABELS[d as keyof typeof QUALITY_DIMENSION_LABELS], locale),
    pointLabel: (p: string) =>
      columns === 'week' ? p.slice(5) : p ? labelOf(TOUCHPOINT_LABELS[p as keyof typeof TOUCHPOINT_LABELS], locale) : locale === 'en' ? 'Overall' : '整体',
  };
}

/** Red below expectation, green above, paler nearer zero (gaps run −4…4). */
export function gapColour(gap: number): string {
  const strength = Math.min(1, Math.abs(gap) / 2);
  const [r, g, b] = gap < 0 ? [179, 38, 30] : [28, 124, 67];
  const mix = (c: number) => Math.round(255 - (255 - c) * (0.15 + 0.85 * strength));
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}
