import { Text, View } from '@tarojs/components';
import { QUALITY_DIMENSION_LABELS, TOUCHPOINT_LABELS, type GapCell, type Locale, type ServiceQualityReport } from '@yiban/shared';
import { useI18n } from '../../../hooks/use-i18n';

/**
 * The service-quality charts in the WeChat build: the heat map as a table of coloured cells and the trend as rows
 * (no chart library in the mini-program's package). The H5 console draws them with ECharts (`QualityCharts.h5.tsx`).
 */

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

export function GapHeatMap(props: { cells: GapCell[] }) {
  const { t, locale } = useI18n();
  const { dims, points, dimLabel, pointLabel } = heatAxes(props.cells, locale);
  const at = (d: string, p: string) => props.cells.find((c) => c.dimension === d && (c.touchpoint ?? '') === p);
  return (
    <View className="yb-quality-table" data-testid="quality-heatmap">
      <View className="yb-quality-table__row">
        <Text className="yb-quality-table__head">{t('quality.dimension')}</Text>
        {points.map((p) => (
          <Text key={p} className="yb-quality-table__head">
            {pointLabel(p)}
          </Text>
        ))}
      </View>
      {dims.map((d) => (
        <View key={d} className="yb-quality-table__row">
          <Text className="yb-quality-table__head">{dimLabel(d)}</Text>
          {points.map((p) => {
            const c = at(d, p);
            return (
              <Text key={p} className="yb-quality-table__cell" style={c ? { background: gapColour(c.gap) } : undefined} data-testid="quality-cell">
                {c ? `${c.gap > 0 ? '+' : ''}${c.gap}` : ''}
              </Text>
            );
          })}
        </View>
      ))}
    </View>
  );
}

export function QualityTrend(props: { trend: ServiceQualityReport['trend'] }) {
  const { t } = useI18n();
  return (
    <View className="yb-quality-table" data-testid="quality-trend">
      {props.trend.map((w) => (
        <View key={w.week} className="yb-quality-table__row">
          <Text className="yb-quality-table__head">{w.week}</Text>
          <Text className="yb-quality-table__cell">{t('quality.trendNps', { n: w.nps ?? '—' })}</Text>
          <Text className="yb-quality-table__cell">{t('quality.trendTop', { n: w.topBoxShare === null ? '—' : Math.round(w.topBoxShare * 100) })}</Text>
          <Text className="yb-quality-table__cell">{t('quality.trendGap', { n: w.gap ?? '—' })}</Text>
        </View>
      ))}
    </View>
  );
}
