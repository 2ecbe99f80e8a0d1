import { View } from '@tarojs/components';
import { MEMBER_TIER_LABELS, type ClvReport, type TierMigrationReport, type TierReport } from '@yiban/shared';
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../../../hooks/use-i18n';
import { useChart } from './echart.h5';
import { TIER_COLOURS, yuanOf } from './member-chart-data';

// Only the parts drawn here, so the console's bundle stays small.
echarts.use([PieChart, BarChart, HeatmapChart, LineChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/** Patients per tier as a pie (H5 console). */
export function TierPie(props: { report: TierReport }) {
  const { locale } = useI18n();
  const name = (t: keyof typeof MEMBER_TIER_LABELS) => (locale === 'en' ? MEMBER_TIER_LABELS[t].en : MEMBER_TIER_LABELS[t].zh);
  const ref = useChart({
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        data: props.report.tiers.map((t) => ({ name: name(t.tier), value: t.patients, itemStyle: { color: TIER_COLOURS[t.tier] } })),
        label: { formatter: '{b}\n{c}' },
      },
    ],
  });
  return (
    <View className="yb-quality-chart" data-testid="member-tier-chart" data-tiers={props.report.tiers.length}>
      <div ref={ref} style={{ width: '100%', height: '280px' }} />
    </View>
  );
}

/** Net revenue per tier as bars, yuan (H5 console). */
export function RevenueBars(props: { report: TierReport }) {
  const { t, locale } = useI18n();
  const name = (x: keyof typeof MEMBER_TIER_LABELS) => (locale === 'en' ? MEMBER_TIER_LABELS[x].en : MEMBER_TIER_LABELS[x].zh);
  const ref = useChart({
    tooltip: { trigger: 'axis' },
    grid: { left: 72, right: 24, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: props.report.tiers.map((x) => name(x.tier)) },
    yAxis: { type: 'value', name: locale === 'en' ? 'CNY' : '元' },
    series: [
      {
        name: t('memberReports.col.revenue'),
        type: 'bar',
        data: props.report.tiers.map((x) => ({ value: yuanOf(x.revenue), itemStyle: { color: TIER_COLOURS[x.tier] } })),
        label: { show: true, position: 'top' },
      },
    ],
  });
  return (
    <View className="yb-quality-chart" data-testid="member-revenue-chart">
      <div ref={ref} style={{ width: '100%', height: '260px' }} />
    </View>
  );
}

/** The migration matrix as a heat map: tier on the first date down, tier on the second across (H5 console). */
export function MigrationHeatMap(props: { report: TierMigrationReport }) {
  const { t, locale } = useI18n();
  const name = (x: keyof typeof MEMBER_TIER_LABELS) => (locale === 'en' ? MEMBER_TIER_LABELS[x].en : MEMBER_TIER_LABELS[x].zh);
  const { tiers, matrix } = props.report;
  const max = Math.max(1, ...matrix.flat());
  const ref = useChart({
    tooltip: {
      position: 'top',
      formatter: (p: { value: [number, number, number] }) => `${name(tiers[p.value[1]]!)} → ${name(tiers[p.value[0]]!)}: ${p.value[2]}`,
    },
    grid: { left: 80, right: 24, top: 36, bottom: 64 },
    xAxis: { type: 'category', position: 'top', data: tiers.map(name), name: t('memberReports.to'), splitArea: { show: true } },
    yAxis: { type: 'category', inverse: true, data: tiers.map(name), name: t('memberReports.from'), splitArea: { show: true } },
    visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#f3f6f6', '#7fbfbf', '#0b6e6e'] } },
    series: [{ type: 'heatmap', data: matrix.flatMap((row, i) => row.map((n, j) => [j, i, n])), label: { show: true } }],
  });
  return (
    <View className="yb-quality-chart" data-testid="member-migration-chart" data-cells={matrix.flat().length}>
      <div ref={ref} style={{ width: '100%', height: '300px' }} />
    </View>
  );
}

/** The discounted lifetime value per patient, year by year (H5 console). */
export function LtvLine(props: { report: ClvReport }) {
  const { t } = useI18n();
  const ref = useChart({
    tooltip: { trigger: 'axis' },
    grid: { left: 72, right: 24, top: 36, bottom: 32 },
    legend: { data: [t('memberReports.ltvLine')] },
    xAxis: { type: 'category', data: props.report.rows.map((r) => String(r.calendarYear)) },
    yAxis: { type: 'value' },
    series: [
      {
        name: t('memberReports.ltvLine'),
        type: 'line',
        data: props.report.rows.map((r) => ({ value: yuanOf(r.lifetimeValue), symbol: r.basis === 'projected' ? 'emptyCircle' : 'circle' })),
        itemStyle: { color: '#0b6e6e' },
        label: { show: true },
      },
    ],
  });
  return (
    <View className="yb-quality-chart" data-testid="member-ltv-chart" data-years={props.report.rows.length}>
      <div ref={ref} style={{ width: '100%', height: '260px' }} />
    </View>
  );
}
