import { View } from '@tarojs/components';
import type { MeasurementKind, MeasurementView } from '@yiban/shared';
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { useI18n } from '../../../hooks/use-i18n';
import { useAppState } from '../../../store/app-store';
import { useChart } from '../../staff/components/echart.h5';
import { axis, shortDate, trendOf, trendPoints } from './health-format';
import { TrendLegend } from './TrendLegend';

// Only the parts drawn here.
echarts.use([LineChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

const LABELS = { systolic: 'health.systolic', diastolic: 'health.diastolic', glucose: 'health.kind.glucose', weight: 'health.kind.weight' } as const;

/** A trend of readings in the H5 build (the browser, the staff console): ECharts on a time axis, a tooltip per reading. */
export function TrendChart(props: { kind: MeasurementKind; items: MeasurementView[]; height?: number }) {
  const { t } = useI18n();
  const large = useAppState((s) => s.prefs.largeType);
  const height = (props.height ?? 200) * (large ? 1.25 : 1);
  const font = large ? 16 : 12;
  const trend = useMemo(() => trendOf(props.kind, props.items), [props.kind, props.items]);
  const { min, max } = axis(trend);
  const ref = useChart({
    // Drawn at once: a reading just added shows where it belongs, not mid-animation.
    animation: false,
    tooltip: { trigger: 'axis', textStyle: { fontSize: font + 2 } },
    grid: { left: font * 3, right: 12, top: 12, bottom: font * 2 + 4 },
    xAxis: { type: 'time', axisLabel: { fontSize: font, formatter: (v: number) => shortDate(v) }, splitNumber: 3 },
    yAxis: { type: 'value', min, max, axisLabel: { fontSize: font } },
    series: trend.lines.map((l, i) => ({
      name: t(LABELS[l.key]),
      type: 'line',
      data: l.points.map((p) => [p.at, p.value]),
      itemStyle: { color: l.color },
      lineStyle: { width: 2.5 },
      symbolSize: font / 2 + 4,
      ...(i === 0 && trend.refs.length
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              label: { show: false },
              lineStyle: { color: '#e9a23b', type: 'dashed', width: 1.5 },
              data: trend.refs.map((yAxis) => ({ yAxis })),
            },
          }
        : {}),
    })),
  });
  return (
    <View className="yb-trend" data-testid="trend-chart" data-kind={props.kind} data-points={trendPoints(trend)}>
      <div ref={ref} style={{ width: '100%', height: `${height}px` }} />
      <TrendLegend kind={props.kind} trend={trend} />
    </View>
  );
}
