import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { EmptyState, ErrorState, LoadingState } from '../../../../components/states';
import { useConsultSocket } from '../../../../hooks/use-consult-socket';
import { useI18n } from '../../../../hooks/use-i18n';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import { useQuery } from '../../../../hooks/use-query';
import { listMyConsultations } from '../../../../services/consultations';
import { activeProfile, useAppState } from '../../../../store/app-store';
import { localName } from '../../../../utils/appointments';
import { consultStatusLabel, splitHistory, totalUnread } from '../../../../utils/consult';
import { formatSentAt } from '../../../../utils/message-format';
import { displayName } from '../../../../utils/people';
import { CONSULT_CHAT_PAGE, CONSULT_START_PAGE } from '../../routes';
import '../../../../components/chat/chat.css';
import '../../consult.css';

type Tab = 'open' | 'closed';

function History() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const profile = useAppState(activeProfile);
  const hasFamily = useAppState((s) => s.patient.profiles.length > 1);
  const list = useQuery(() => listMyConsultations(), [patientId]);
  const { reload } = list;
  const [tab, setTab] = useState<Tab>('open');
  const { socket } = useConsultSocket('patient');

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });
  // Back from a chat (read, closed, rated): show what changed.
  useReloadOnShow(() => list.reload());
  // A reply or a status change anywhere: the unread badges and statuses follow (one reload for a burst of events).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = socket.subscribe((frame) => {
      if (frame.type !== 'message' && frame.type !== 'consultation') return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void reload(), 400);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [socket, reload]);

  const { open, closed } = splitHistory(list.data ?? []);
  const shown = tab === 'open' ? open : closed;
  const now = new Date();

  return (
    <View data-testid="consult-list">
      {hasFamily && profile ? <Text className="yb-muted">{t('consult.forProfile', { name: displayName(profile, t) })}</Text> : null}
      <View className="yb-tabs">
        {(['open', 'closed'] as const).map((key) => {
          const unread = totalUnread(key === 'open' ? open : closed);
          return (
            <Text
              key={key}
              className={`yb-tabs__tab ${tab === key ? 'yb-tabs__tab--on' : ''}`}
              onClick={() => setTab(key)}
              data-testid={`consult-tab-${key}`}
              data-selected={tab === key ? 'yes' : 'no'}
            >
              {t(key === 'open' ? 'consult.tab.open' : 'consult.tab.closed')}
              {list.data ? ` (${(key === 'open' ? open : closed).length})` : ''}
              {unread > 0 ? <Text className="yb-unread" data-testid={`consult-tab-unread-${key}`}>{` ${unread} `}</Text> : null}
            </Text>
          );
        })}
      </View>

      {list.loading && !list.data ? <LoadingState /> : null}
      {list.error && !list.data ? <ErrorState error={list.error} title={t('consult.historyError')} onRetry={() => void list.reload()} /> : null}
      {list.data && shown.length === 0 ? (
        tab === 'open' ? (
          <EmptyState
            icon="chat"
            title={t('consult.emptyOpen')}
            hint={t('consult.emptyOpenHint')}
            action={
              <Button type="primary" size="large" onClick={() => void Taro.navigateTo({ url: CONSULT_START_PAGE })}>
                {t('consult.ask')}
              </Button>
            }
          />
        ) : (
          <EmptyState icon="chat" title={t('consult.emptyClosed')} hint={t('consult.emptyClosedHint')} />
        )
      ) : null}

      {shown.map((c) => {
        const status = consultStatusLabel(c, 'patient');
        const who = c.doctorName
          ? localName({ zh: c.doctorName, en: c.doctorNameEn }, locale)
          : (c.assigneeName ?? localName({ zh: c.departmentName, en: c.departmentNameEn }, locale));
        return (
          <View
            key={c.id}
            className="yb-consult-item"
            data-testid="consult-item"
            data-consultation-id={c.id}
            data-status={c.status}
            data-unread={c.unread}
            onClick={() => void Taro.navigateTo({ url: `${CONSULT_CHAT_PAGE}?id=${c.id}` })}
            hoverClass="yb-row--pressed"
          >
            <View className="yb-consult-item__head">
              <Text className="yb-consult-item__title">{who}</Text>
              {c.unread > 0 ? <Text className="yb-unread">{t('consult.newCount', { n: c.unread })}</Text> : null}
              <Text className={`yb-status yb-status--${status.tone}`}>{t(status.key)}</Text>
            </View>
            <Text className="yb-consult-item__line">{c.lastMessagePreview ?? c.subject}</Text>
            <View className="yb-consult-item__foot">
              <Text>
                {t(`consult.kind.${c.kind}`)} · {localName({ zh: c.departmentName, en: c.departmentNameEn }, locale)}
              </Text>
              <Text>{formatSentAt(c.lastMessageAt, locale, now)}</Text>
            </View>
          </View>
        );
      })}

      {list.data && shown.length > 0 ? (
        <View className="yb-actions">
          <Button type="primary" size="large" onClick={() => void Taro.navigateTo({ url: CONSULT_START_PAGE })} data-testid="consult-new">
            {t('consult.ask')}
          </Button>
        </View>
      ) : null}
    </View>
  );
}

export default function ConsultListPage() {
  return (
    <Page title="consult.historyTitle">
      <PatientGate>
        <History />
      </PatientGate>
    </Page>
  );
}
