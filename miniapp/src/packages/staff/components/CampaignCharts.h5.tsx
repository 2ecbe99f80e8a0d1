import { View } from '@tarojs/components';
import { BarChart, FunnelChart as EFunnelChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useChart } from './echart.h5';
import { useI18n } from '../../../hooks/use-i18n';
import type { FunnelStep } from '../../../utils/campaigns';
import type { TimelineData } from './CampaignCharts';

export type { TimelineData } from './CampaignCharts';

// Only the parts drawn here, so the console's bundle stays small.
echarts.use([EFunnelChart, LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = { targeted: '#0b6e6e', sent: '#2a9d8f', opened: '#e9a23b', converted: '#7b5ea7', failed: '#b3261e' };

/** The ECharts funnel (H5 console): targeted → sent → opened → converted. */
export function FunnelChart(props: { steps: FunnelStep[] }) {
  const { t } = useI18n();
  const { steps } = props;
  const ref = useChart({
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        minSize: '8%',
        left: '10%',
        width: '80%',
        label: { show: true, position: 'inside', formatter: '{b} {c}' },
        data: steps.map((s) => ({ name: t(`results.${s.key}`), value: s.count, itemStyle: { color: COLORS[s.key] } })),
      },
    ],
  });
  return (
    <View className="yb-campaign-chart" data-testid="campaign-funnel" data-counts={steps.map((s) => s.count).join(',')}>
      <div ref={ref} className="yb-campaign-chart__canvas" />
    </View>
  );
}

/** Sent, opened and failed per hour or day (H5 console). */
export function TimelineChart(props: { data: TimelineData }) {
  const { t } = useI18n();
  const { data } = props;
  const ref = useChart({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: data.labels },
    yAxis: { type: 'value', minInterval: 1 },
    series: (['sent', 'opened', 'failed'] as const).map((key) => ({
      name: t(`results.${key}`),
      type: key === 'failed' ? 'bar' : 'line',
      data: data[key],
      itemStyle: { color: COLORS[key] },
    })),
  });
  return (
    <View className="yb-campaign-chart" data-testid="campaign-timeline" data-points={data.labels.length}>
      <div ref={ref} className="yb-campaign-chart__canvas" />
    </View>
  );
}
