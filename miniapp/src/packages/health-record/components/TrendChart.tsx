import { Image, View } from '@tarojs/components';
import type { MeasurementKind, MeasurementView } from '@yiban/shared';
import { useMemo } from 'react';
import { base64Ascii } from '../../../components/Icon';
import { useAppState } from '../../../store/app-store';
import { trendOf, trendPoints, trendSvg } from './health-format';
import { TrendLegend } from './TrendLegend';

/**
 * A trend of readings in the WeChat build: the chart drawn as an SVG image (no chart library in the mini-program's
 * packages; an <image> takes a data URI in WeChat and the browser alike). The H5 build draws it with ECharts
 * (`TrendChart.h5.tsx`), with tooltips.
 */
export function TrendChart(props: { kind: MeasurementKind; items: MeasurementView[]; height?: number }) {
  const large = useAppState((s) => s.prefs.largeType);
  const height = (props.height ?? 200) * (large ? 1.25 : 1);
  const trend = useMemo(() => trendOf(props.kind, props.items), [props.kind, props.items]);
  const src = useMemo(() => `data:image/svg+xml;base64,${base64Ascii(trendSvg(trend, { width: 340, height, font: large ? 16 : 12 }))}`, [trend, height, large]);
  return (
    <View className="yb-trend" data-testid="trend-chart" data-kind={props.kind} data-points={trendPoints(trend)}>
      <Image className="yb-trend__image" src={src} mode="widthFix" style={{ width: '100%' }} />
      <TrendLegend kind={props.kind} trend={trend} />
    </View>
  );
}
