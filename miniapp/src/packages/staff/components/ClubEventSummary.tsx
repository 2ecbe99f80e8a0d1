import { Text, View } from '@tarojs/components';
import type { StaffClubEventView } from '@yiban/shared';
import { useI18n } from '../../../hooks/use-i18n';
import type { MessageKey } from '../../../i18n';
import { clubEventTime, clubPrice, tierNames } from '../../../utils/club';
import '../club-admin.css';

/** An event's status, time, place, price, who may come, fill and attendance, and the counts behind them. */
export function ClubEventSummary(props: { event: StaffClubEventView }) {
  const { t, locale } = useI18n();
  const e = props.event;
  const tone = e.status === 'published' ? '' : 'yb-admin-tag--warn';
  return (
    <>
      <View className="yb-admin-row__head">
        <Text className="yb-admin-row__title">
          {t(`club.kind.${e.kind}` as MessageKey)} · {e.title}
        </Text>
        <Text className={`yb-admin-tag ${tone}`} data-testid="club-admin-status" data-status={e.status}>
          {t(`clubAdmin.status.${e.status}` as MessageKey)}
        </Text>
      </View>
      <Text className="yb-admin-row__meta yb-club-admin-line">
        {clubEventTime(e.startsAt, e.endsAt, locale)} · {e.online ? t('club.online') : (e.venue ?? '')}
      </Text>
      <Text className="yb-admin-row__meta yb-club-admin-line">
        {clubPrice(e, t)} · {t('club.capacity', { n: e.capacity })} ·{' '}
        {e.eligibleTiers.length ? t('club.tiersOnly', { tiers: tierNames(e.eligibleTiers, locale) }) : t('club.allMembers')}
      </Text>
      <Text className="yb-admin-row__meta yb-strong yb-club-admin-line" data-testid="club-admin-rates">
        {t('clubAdmin.fill', { percent: Math.round(e.fillRate * 100) })} ·{' '}
        {e.attendanceRate === null ? t('clubAdmin.attendanceNone') : t('clubAdmin.attendance', { percent: Math.round(e.attendanceRate * 100) })}
      </Text>
      <Text className="yb-admin-row__meta yb-club-admin-line" data-testid="club-admin-counts">
        {t('clubAdmin.counts', {
          registered: e.counts.registered,
          pending: e.counts.pendingPayment,
          offered: e.counts.offered,
          waitlisted: e.counts.waitlisted,
          attended: e.counts.attended,
          cancelled: e.counts.cancelled,
        })}
      </Text>
    </>
  );
}
