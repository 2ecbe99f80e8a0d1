import { View } from '@tarojs/components';
import type { ServiceQualityReport } from '@yiban/shared';
import { HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../../../hooks/use-i18n';
import { useChart } from './echart.h5';
import { heatAxes, type HeatCell } from './quality-chart-data';

// Only the parts drawn here, so the console's bundle stays small.
echarts.use([HeatmapChart, LineChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/** The gap model as a heat map (H5 console): dimensions down, touchpoints across, P − E as colour and number. */
export function GapHeatMap(props: { cells: HeatCell[]; columns?: 'touchpoint' | 'week'; testId?: string }) {
  const { t, locale } = useI18n();
  const { dims, points, dimLabel, pointLabel } = heatAxes(props.cells, locale, props.columns);
  const ref = useChart({
    tooltip: {
      position: 'top',
      formatter: (p: { value: [number, number, number, number] }) =>
        `${dimLabel(dims[p.value[1]]!)} · ${pointLabel(points[p.value[0]]!)}<br/>${t('quality.gapTip', { gap: p.value[2], n: p.value[3] })}`,
    },
    grid: { left: 120, right: 24, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: points.map(pointLabel), splitArea: { show: true } },
    yAxis: { type: 'category', data: dims.map(dimLabel), splitArea: { show: true } },
    visualMap: {
      min: -2,
      max: 2,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: ['#b3261e', '#fbe9e7', '#f3f6f6', '#e3f2e9', '#1c7c43'] },
    },
    series: [
      {
        type: 'heatmap',
        data: props.cells.map((c) => [points.indexOf(c.column), dims.indexOf(c.dimension), c.gap, c.n]),
        label: { show: true, formatter: (p: { value: number[] }) => `${p.value[2]! > 0 ? '+' : ''}${p.value[2]}` },
      },
    ],
  });
  return (
    <View className="yb-quality-chart" data-testid={props.testId ?? 'quality-heatmap'} data-cells={props.cells.length}>
      <div ref={ref} style={{ width: '100%', height: `${Math.max(180, dims.length * 44 + 80)}px` }} />
    </View>
  );
}

/** NPS and the top-box share per week (H5 console). */
export function QualityTrend(props: { trend: ServiceQualityReport['trend'] }) {
  const { t } = useI18n();
  const ref = useChart({
    tooltip: { trigger: 'axis' },
    legend: { data: [t('quality.nps'), t('quality.topBox')] },
    grid: { left: 48, right: 48, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: props.trend.map((w) => w.week.slice(5)) },
    yAxis: [
      { type: 'value', min: -100, max: 100, name: 'NPS' },
      { type: 'value', min: 0, max: 100, name: '%' },
    ],
    series: [
      { name: t('quality.nps'), type: 'line', data: props.trend.map((w) => w.nps), itemStyle: { color: '#0b6e6e' }, connectNulls: true },
      {
        name: t('quality.topBox'),
        type: 'line',
        yAxisIndex: 1,
        data: props.trend.map((w) => (w.topBoxShare === null ? null : Math.round(w.topBoxShare * 100))),
        itemStyle: { color: '#e9a23b' },
        connectNulls: true,
      },
    ],
  });
  return (
    <View className="yb-quality-chart" data-testid="quality-trend" data-weeks={props.trend.length}>
      <div ref={ref} style={{ width: '100%', height: '260px' }} />
    </View>
  );
}
