import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { LoadingState } from '../../../components/states';
import { useI18n } from '../../../hooks/use-i18n';
import { useQuery } from '../../../hooks/use-query';
import { MEMBER_DETAIL_PAGE, memberDetail } from '../../../services/membership-admin';
import { useAppState } from '../../../store/app-store';
import { formatFullDate, hospitalDate } from '../../../utils/clinic-time';
import { tierName } from '../membership-admin';

/**
 * Beside a patient (the chat's panel), for admins only: the member tier — marked when it is set by hand, with its end —
 * and the way to the member detail, where the value in detail, the history and the override are. Other roles see
 * nothing here (the membership routes are admins').
 */
export function MemberPanel(props: { patientId: string }) {
  const { t, locale } = useI18n();
  const isAdmin = useAppState((s) => !!s.staff.member?.roles.includes('admin'));
  const detail = useQuery(() => memberDetail(props.patientId), [props.patientId], isAdmin);
  if (!isAdmin) return null;
  const d = detail.data;
  return (
    <View className="yb-summary__section" data-testid="member-panel">
      <Text className="yb-summary__title">{t('memberAdmin.panel')}</Text>
      {detail.loading && !d ? <LoadingState /> : null}
      {detail.error && !d ? <Text className="yb-summary__row yb-small">{detail.error.message}</Text> : null}
      {d ? (
        <Text className="yb-summary__row" data-testid="member-panel-tier" data-tier={d.tier} data-override={d.override ? 'yes' : 'no'}>
          {t('memberAdmin.tier', { tier: tierName(d.tier, locale) })}
          {d.override
            ? ` · ${t('memberAdmin.overrideMark')} · ${t('memberAdmin.overrideUntil', { date: formatFullDate(hospitalDate(d.override.until), locale) })}`
            : ''}
        </Text>
      ) : null}
      <Text
        className="yb-textbutton"
        onClick={() => void Taro.navigateTo({ url: `${MEMBER_DETAIL_PAGE}?id=${encodeURIComponent(props.patientId)}` })}
        data-testid="member-panel-open"
      >
        {t('memberAdmin.openDetail')}
      </Text>
    </View>
  );
}
