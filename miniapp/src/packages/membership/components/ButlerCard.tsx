import { Text, View } from '@tarojs/components';
import type { HealthButlerView } from '@yiban/shared';
import { useI18n } from '../../../hooks/use-i18n';
import { formatFullDate, hospitalDate } from '../../../utils/clinic-time';

/**
 * 专属健康管家: a platinum member's own case manager — who they are, since when, and what they do for the member.
 * `butler` null on a platinum card: one is being assigned (said so, never a promise of a name).
 */
export function ButlerCard(props: { butler: HealthButlerView | null }) {
  const { t, locale } = useI18n();
  const { butler } = props;
  if (!butler) {
    return (
      <View className="yb-section yb-butler yb-butler--pending" data-testid="membership-butler-pending">
        <Text className="yb-butler__title">{t('membership.butler.pending')}</Text>
        <Text className="yb-butler__line">{t('membership.butler.pendingHint')}</Text>
      </View>
    );
  }
  return (
    <View className="yb-section yb-butler" data-testid="membership-butler" data-staff-id={butler.staffId}>
      <Text className="yb-butler__label">{t('membership.butler.title')}</Text>
      <Text className="yb-butler__name" data-testid="membership-butler-name">
        {butler.name}
      </Text>
      <Text className="yb-butler__line">{t('membership.butler.since', { date: formatFullDate(hospitalDate(butler.since), locale) })}</Text>
      <Text className="yb-butler__intro">{t('membership.butler.intro')}</Text>
      {(['calls', 'followups', 'reach'] as const).map((duty) => (
        <Text key={duty} className="yb-butler__duty">
          {t(`membership.butler.${duty}`)}
        </Text>
      ))}
    </View>
  );
}
