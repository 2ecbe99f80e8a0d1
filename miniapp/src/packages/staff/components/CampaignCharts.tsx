import { Text, View } from '@tarojs/components';
import { useI18n } from '../../../hooks/use-i18n';
import type { FunnelStep } from '../../../utils/campaigns';

/**
 * The campaign's charts in the WeChat build: plain bars drawn with Views (no chart library in the mini-program's
 * package). The H5 console draws the same data with ECharts (`CampaignCharts.h5.tsx`, which Taro picks for H5).
 */

export interface TimelineData {
  labels: string[];
  sent: number[];
  failed: number[];
  opened: number[];
}

export function FunnelChart(props: { steps: FunnelStep[] }) {
  const { t } = useI18n();
  const top = Math.max(1, ...props.steps.map((s) => s.count));
  return (
    <View className="yb-campaign-funnel" data-testid="campaign-funnel">
      {props.steps.map((step) => (
        <View key={step.key} className="yb-campaign-bar" data-key={step.key} data-count={step.count}>
          <Text className="yb-campaign-bar__label">{t(`results.${step.key}`)}</Text>
          <View className="yb-campaign-bar__track">
            <View className={`yb-campaign-bar__fill yb-campaign-bar__fill--${step.key}`} style={{ width: `${Math.round((step.count / top) * 100)}%` }} />
          </View>
          <Text className="yb-campaign-bar__count">
            {step.count} · {step.share}%
          </Text>
        </View>
      ))}
    </View>
  );
}

export function TimelineChart(props: { data: TimelineData }) {
  const { t } = useI18n();
  const { data } = props;
  const top = Math.max(1, ...data.sent, ...data.opened, ...data.failed);
  return (
    <View className="yb-campaign-timeline" data-testid="campaign-timeline">
      {data.labels.map((label, i) => (
        <View key={label} className="yb-campaign-timeline__row">
          <Text className="yb-campaign-bar__label">{label}</Text>
          <View className="yb-campaign-timeline__bars">
            {(['sent', 'opened', 'failed'] as const).map((series) => (
              <View
                key={series}
                className={`yb-campaign-bar__fill yb-campaign-bar__fill--${series}`}
                style={{ width: `${Math.round((data[series][i]! / top) * 100)}%` }}
                aria-label={`${t(`results.${series}`)} ${data[series][i]}`}
              />
            ))}
          </View>
          <Text className="yb-campaign-bar__count">
            {data.sent[i]} / {data.opened[i]} / {data.failed[i]}
          </Text>
        </View>
      ))}
    </View>
  );
}
