import { Text, View } from '@tarojs/components';
import type { StaffClubEventView } from '@yiban/shared';
import { useI18n } from '../../../hooks/use-i18n';

/**
 * Fill and attendance per event in the WeChat build: one row of two bars per event (no chart library in the
 * mini-program's package). The H5 console draws it with ECharts (`ClubCharts.h5.tsx`).
 */
export function ClubFillChart(props: { events: StaffClubEventView[] }) {
  const { t } = useI18n();
  return (
    <View className="yb-quality-table" data-testid="club-chart" data-events={props.events.length}>
      {props.events.map((e) => (
        <View key={e.id} className="yb-quality-table__row">
          <Text className="yb-quality-table__head">{e.title}</Text>
          <Text className="yb-quality-table__cell">{t('clubAdmin.fill', { percent: Math.round(e.fillRate * 100) })}</Text>
          <Text className="yb-quality-table__cell">
            {e.attendanceRate === null ? t('clubAdmin.attendanceNone') : t('clubAdmin.attendance', { percent: Math.round(e.attendanceRate * 100) })}
          </Text>
        </View>
      ))}
    </View>
  );
}
