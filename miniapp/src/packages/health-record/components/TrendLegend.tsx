import { Text, View } from '@tarojs/components';
import type { MeasurementKind } from '@yiban/shared';
import { useI18n } from '../../../hooks/use-i18n';
import type { MessageKey } from '../../../i18n';
import type { Trend } from './health-format';

const LINE_LABELS: Record<string, MessageKey> = {
  systolic: 'health.systolic',
  diastolic: 'health.diastolic',
  glucose: 'health.kind.glucose',
  weight: 'health.kind.weight',
};
const TARGETS: Record<MeasurementKind, MessageKey> = {
  blood_pressure: 'health.target.bp',
  glucose: 'health.target.glucose',
  weight: 'health.target.weight',
};

/** The chart's words, in both builds: which colour is which line, and what the dashed lines mean. */
export function TrendLegend(props: { kind: MeasurementKind; trend: Trend }) {
  const { t } = useI18n();
  return (
    <View className="yb-trend__legend">
      {props.trend.lines.length > 1
        ? props.trend.lines.map((l) => (
            <View key={l.key} className="yb-trend__key">
              <View className="yb-trend__swatch" style={{ background: l.color }} />
              <Text className="yb-small">{t(LINE_LABELS[l.key]!)}</Text>
            </View>
          ))
        : null}
      <Text className="yb-small yb-trend__target">{t(TARGETS[props.kind])}</Text>
    </View>
  );
}
