import { View } from '@tarojs/components';
import type { StaffClubEventView } from '@yiban/shared';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../../../hooks/use-i18n';
import { useChart } from './echart.h5';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Fill and attendance rates per event (H5 console), as grouped bars in per cent. */
export function ClubFillChart(props: { events: StaffClubEventView[] }) {
  const { t } = useI18n();
  const events = props.events.slice(0, 12);
  const ref = useChart({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('clubAdmin.chartTaken'), t('clubAdmin.chartAttended')] },
    grid: { left: 48, right: 16, top: 40, bottom: events.length > 3 ? 72 : 40 },
    xAxis: {
      type: 'category',
      data: events.map((e) => (e.title.length > 10 ? `${e.title.slice(0, 10)}…` : e.title)),
      axisLabel: { interval: 0, rotate: events.length > 3 ? 20 : 0 },
    },
    yAxis: { type: 'value', min: 0, max: 100, name: '%' },
    series: [
      { name: t('clubAdmin.chartTaken'), type: 'bar', barMaxWidth: 48, data: events.map((e) => Math.round(e.fillRate * 100)), itemStyle: { color: '#0b6e6e' } },
      {
        name: t('clubAdmin.chartAttended'),
        type: 'bar',
        barMaxWidth: 48,
        data: events.map((e) => (e.attendanceRate === null ? null : Math.round(e.attendanceRate * 100))),
        itemStyle: { color: '#e9a23b' },
      },
    ],
  });
  return (
    <View className="yb-quality-chart" data-testid="club-chart" data-events={events.length}>
      <div ref={ref} style={{ width: '100%', height: '260px' }} />
    </View>
  );
}
