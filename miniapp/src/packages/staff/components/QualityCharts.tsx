import { Text, View } from '@tarojs/components';
import type { ServiceQualityReport } from '@yiban/shared';
import { useI18n } from '../../../hooks/use-i18n';
import { gapColour, heatAxes, type HeatCell } from './quality-chart-data';

/**
 * The service-quality charts in the WeChat build: the heat map as a table of coloured cells and the trend as rows
 * (no chart library in the mini-program's package). The H5 console draws them with ECharts (`QualityCharts.h5.tsx`).
 */

export function GapHeatMap(props: { cells: HeatCell[]; columns?: 'touchpoint' | 'week'; testId?: string }) {
  const { t, locale } = useI18n();
  const { dims, points, dimLabel, pointLabel } = heatAxes(props.cells, locale, props.columns);
  const at = (d: string, p: string) => props.cells.find((c) => c.dimension === d && c.column === p);
  return (
    <View className="yb-quality-table" data-testid={props.testId ?? 'quality-heatmap'}>
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
