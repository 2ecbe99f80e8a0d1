import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { BreakGlassGrantView } from '@yiban/shared';
import { useRef } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useCursorPages } from '../../../../hooks/use-cursor-pages';
import { useI18n } from '../../../../hooks/use-i18n';
import { useNow } from '../../../../hooks/use-now';
import { listBreakGlassGrants } from '../../../../services/patient-access';
import { grantState } from '../../../../utils/break-glass';
import { formatSentAt } from '../../../../utils/message-format';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';

const PAGE_SIZE = 20;

function GrantRow(props: { grant: BreakGlassGrantView; now: Date }) {
  const { t, locale } = useI18n();
  const g = props.grant;
  const state = grantState(g, props.now);
  return (
    <View className={`yb-grant yb-grant--${state}`} data-testid="grant-item" data-grant-id={g.id} data-state={state}>
      <View className="yb-grant__head">
        <Text className="yb-grant__who">
          {t('breakGlass.who', { staff: g.staffName ?? t('breakGlass.unknownStaff'), patient: g.patientName ?? t('desk.unnamed') })}
        </Text>
        <Text className={`yb-st ${state === 'open' ? 'yb-st--attention' : ''}`} data-testid="grant-state">
          {t(`breakGlass.state.${state}`)}
        </Text>
      </View>
      <Text className="yb-grant__reason" data-testid="grant-reason">
        {t('breakGlass.reason', { reason: g.reason })}
      </Text>
      <Text className="yb-grant__time">
        {t('breakGlass.period', { from: formatSentAt(g.createdAt, locale, props.now), until: formatSentAt(g.expiresAt, locale, props.now) })}
      </Text>
    </View>
  );
}

/** 紧急查看记录 (admins): every read of a record outside a care relationship — who, which patient, why, when, until when. */
export default function BreakGlassGrantsPage() {
  const { t } = useI18n();
  const { member } = useStaffMember();
  // Every grant, newest first, page by page (cursor); a refresh starts again from the newest.
  const grants = useCursorPages({ load: (cursor) => listBreakGlassGrants(cursor, PAGE_SIZE), idOf: (g) => g.id, enabled: !!member });
  const now = useNow(30_000);
  const { refresh, loadMore } = grants;

  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());
  // Back on the page (from the workbench): the newest first again. The first show is the load above.
  const shownOnce = useRef(false);
  useDidShow(() => {
    if (shownOnce.current) void refresh();
    shownOnce.current = true;
  });

  const items = grants.items;
  return (
    <Page title="breakGlass.listTitle" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="breakGlass" /> : <View />}
      <ConsoleMain>
        <View data-testid="break-glass-grants">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('breakGlass.listTitle')}</Text>
            <Text className="yb-textbutton" onClick={() => void refresh()} data-testid="grants-refresh">
              {t('inbox.refresh')}
            </Text>
          </View>
          <Text className="yb-muted">{t('breakGlass.listIntro')}</Text>
          {!member || (grants.loading && !items) ? <LoadingState /> : null}
          {grants.error && !items ? <ErrorState error={grants.error} title={t('breakGlass.loadError')} onRetry={() => void refresh()} /> : null}
          {items && items.length === 0 ? <EmptyState icon="lock" title={t('breakGlass.empty')} hint={t('breakGlass.emptyHint')} /> : null}
          {grants.error && items ? <InlineError message={grants.error.message} /> : null}
          {items && items.length > 0 ? (
            <View className="yb-section" data-testid="grants-list">
              {items.map((grant) => (
                <GrantRow key={grant.id} grant={grant} now={now} />
              ))}
            </View>
          ) : null}
          {grants.moreError ? <InlineError message={t('breakGlass.moreError', { message: grants.moreError.message })} /> : null}
          {items && grants.nextCursor ? (
            <View className="yb-grant__more">
              <Button size="large" block loading={grants.loadingMore} disabled={grants.loadingMore} onClick={() => void loadMore()} data-testid="grants-more">
                {grants.loadingMore ? t('breakGlass.loadingMore') : grants.moreError ? t('common.retry') : t('breakGlass.loadMore')}
              </Button>
            </View>
          ) : null}
          {items && items.length > 0 && !grants.nextCursor ? <Text className="yb-small">{t('breakGlass.allShown')}</Text> : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
