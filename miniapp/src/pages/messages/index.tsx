import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { InboxMessageView } from '@yiban/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { MessageCard } from '../../components/MessageCard';
import { Button } from '../../components/nut';
import { Page } from '../../components/Page';
import { PatientGate } from '../../components/PatientGate';
import { ReminderPanel } from '../../components/ReminderPanel';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../components/states';
import { useI18n } from '../../hooks/use-i18n';
import { toApiError, type ApiRequestError } from '../../services/errors';
import { listMessages } from '../../services/messaging';
import { activeProfile, appStore, useAppState } from '../../store/app-store';
import { messageCard } from '../../utils/message-format';
import { displayName } from '../../utils/people';

const PAGE_SIZE = 20;

interface InboxState {
  items: InboxMessageView[] | undefined;
  nextCursor: string | null;
  loading: boolean;
  error: ApiRequestError | null;
  loadingMore: boolean;
  moreError: ApiRequestError | null;
}

const INITIAL: InboxState = { items: undefined, nextCursor: null, loading: true, error: null, loadingMore: false, moreError: null };

/** The acting profile's messages, page by page (cursor), newest first; a refresh replaces the list. */
function useInbox(patientId: string | null) {
  const [state, setState] = useState<InboxState>(INITIAL);
  const current = useRef(state);
  current.current = state;
  // A newer refresh (or a profile switch) makes older answers stale.
  const generation = useRef(0);
  const startedAt = useRef(0);
  const locale = () => appStore.get().prefs.locale;

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    startedAt.current = Date.now();
    setState((s) => ({ ...s, loading: true, error: null, moreError: null }));
    try {
      const page = await listMessages(null, PAGE_SIZE);
      if (mine === generation.current) setState({ ...INITIAL, loading: false, items: page.items, nextCursor: page.nextCursor });
    } catch (e) {
      if (mine === generation.current) setState((s) => ({ ...s, loading: false, error: toApiError(e, locale()) }));
    }
  }, []);

  const loadMore = useCallback(async () => {
    const { nextCursor, loadingMore, loading, items } = current.current;
    if (!nextCursor || loadingMore || loading || !items) return;
    const mine = generation.current;
    setState((s) => ({ ...s, loadingMore: true, moreError: null }));
    try {
      const page = await listMessages(nextCursor, PAGE_SIZE);
      if (mine !== generation.current) return;
      setState((s) => {
        const known = new Set((s.items ?? []).map((m) => m.id));
        return { ...s, loadingMore: false, items: [...(s.items ?? []), ...page.items.filter((m) => !known.has(m.id))], nextCursor: page.nextCursor };
      });
    } catch (e) {
      if (mine === generation.current) setState((s) => ({ ...s, loadingMore: false, moreError: toApiError(e, locale()) }));
    }
  }, []);

  useEffect(() => {
    setState(INITIAL);
    void refresh();
  }, [patientId, refresh]);

  return { ...state, refresh, loadMore, startedAt: () => startedAt.current };
}

function Inbox() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const profile = useAppState(activeProfile);
  const hasFamily = useAppState((s) => s.patient.profiles.length > 1);
  const inbox = useInbox(patientId);
  const { refresh } = inbox;
  const [refreshKey, setRefreshKey] = useState(0);

  const refreshAll = useCallback(() => {
    setRefreshKey((k) => k + 1);
    return refresh();
  }, [refresh]);

  usePullDownRefresh(() => {
    void refreshAll().finally(() => Taro.stopPullDownRefresh());
  });
  // A tab page stays alive: coming back to it shows what arrived meanwhile (not twice when it has just loaded).
  useDidShow(() => {
    if (Date.now() - inbox.startedAt() > 2_000) void refreshAll();
  });
  useReachBottom(() => void inbox.loadMore());

  const now = new Date();
  const items = inbox.items;

  return (
    <View data-testid="messages">
      {hasFamily && profile ? (
        <Text className="yb-muted" data-testid="messages-profile">
          {t('messages.forProfile', { name: displayName(profile, t) })}
        </Text>
      ) : null}

      {!items && inbox.loading ? <LoadingState /> : null}

      {!items && inbox.error ? (
        <>
          <ErrorState error={inbox.error} title={t('messages.loadError')} onRetry={() => void refreshAll()} />
          <ReminderPanel collapsible refreshKey={refreshKey} />
        </>
      ) : null}

      {items && items.length === 0 ? (
        <>
          <EmptyState title={t('messages.empty')} hint={t('messages.emptyHint')} />
          <InlineError message={inbox.error?.message ?? null} />
          <ReminderPanel refreshKey={refreshKey} />
        </>
      ) : null}

      {items && items.length > 0 ? (
        <>
          <ReminderPanel collapsible refreshKey={refreshKey} />
          <InlineError message={inbox.error?.message ?? null} />
          <View data-testid="message-list">
            {items.map((message) => (
              <MessageCard key={message.id} card={messageCard(message, locale, now)} />
            ))}
          </View>
          <View className="yb-more">
            {inbox.nextCursor ? (
              <Button size="large" loading={inbox.loadingMore} disabled={inbox.loadingMore} onClick={() => void inbox.loadMore()} data-testid="messages-more">
                {inbox.loadingMore ? t('messages.loadingMore') : t('messages.loadMore')}
              </Button>
            ) : (
              <Text className="yb-small" data-testid="messages-end">
                {t('messages.end')}
              </Text>
            )}
            <InlineError message={inbox.moreError ? t('messages.moreError', { reason: inbox.moreError.message }) : null} />
          </View>
        </>
      ) : null}
    </View>
  );
}

export default function MessagesPage() {
  return (
    <Page title="tab.messages" tab>
      <PatientGate>
        <Inbox />
      </PatientGate>
    </Page>
  );
}
