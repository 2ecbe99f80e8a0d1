import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import { STAFF_CLUB_EVENT_PAGE, staffClubEvents } from '../../../../services/club';
import { ClubFillChart } from '../../components/ClubCharts';
import { ClubEventEditor } from '../../components/ClubEventEditor';
import { ClubEventSummary } from '../../components/ClubEventSummary';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';
import '../../campaigns.css';

/** 俱乐部活动 (console): every event with its status, fill and attendance; marketing and admins create them. */
export default function ClubEventsPage() {
  const { t } = useI18n();
  const { member } = useStaffMember();
  const list = useQuery(staffClubEvents, [], !!member);
  const [creating, setCreating] = useState(false);
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReloadOnShow(() => list.reload());
  const items = list.data;
  const canManage = !!member?.roles.some((r) => r === 'marketing' || r === 'admin');
  const open = (id: string) => () => void Taro.navigateTo({ url: `${STAFF_CLUB_EVENT_PAGE}?id=${id}` });
  const charted = (items ?? []).filter((e) => e.status !== 'draft');
  return (
    <Page title="clubAdmin.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="clubEvents" /> : <View />}
      <ConsoleMain>
        <View data-testid="club-admin">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('clubAdmin.title')}</Text>
            {canManage && !creating ? (
              <Text className="yb-textbutton" onClick={() => setCreating(true)} data-testid="club-new">
                {t('clubAdmin.new')}
              </Text>
            ) : null}
          </View>
          <Text className="yb-muted">{t('clubAdmin.intro')}</Text>
          {creating ? (
            <ClubEventEditor
              event={null}
              onSaved={(e) => {
                setCreating(false);
                void list.reload();
                open(e.id)();
              }}
              onClose={() => setCreating(false)}
            />
          ) : null}
          {!member || (list.loading && !items) ? <LoadingState /> : null}
          {list.error && !items ? <ErrorState error={list.error} title={t('clubAdmin.loadError')} onRetry={() => void list.reload()} /> : null}
          {items && !items.length ? <EmptyState icon="calendar" title={t('clubAdmin.empty')} hint={t('clubAdmin.emptyHint')} /> : null}
          {charted.length ? (
            <View className="yb-section">
              <Text className="yb-section__title">{t('clubAdmin.chartTitle')}</Text>
              <ClubFillChart events={charted} />
            </View>
          ) : null}
          <View className="yb-admin-list">
            {(items ?? []).map((e) => (
              <View key={e.id} className="yb-admin-row" data-testid="club-admin-row" data-event-id={e.id} data-status={e.status}>
                <ClubEventSummary event={e} />
                <Text className="yb-textbutton" onClick={open(e.id)} data-testid="club-admin-open">
                  {t('clubAdmin.open')}
                </Text>
              </View>
            ))}
          </View>
        </View>
      </ConsoleMain>
    </Page>
  );
}
