import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { Locale, NotificationView } from '@yiban/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { MessageCard } from '../../components/MessageCard';
import { Button } from '../../components/nut';
import { Page } from '../../components/Page';
import { PatientGate } from '../../components/PatientGate';
import { ReminderPanel } from '../../components/ReminderPanel';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../components/states';
import { campaignIdInLink, reportCampaignOpen } from '../../hooks/use-campaign-open';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { useI18n } from '../../hooks/use-i18n';
import { useUnread } from '../../hooks/use-unread';
import { toApiError, type ApiRequestError } from '../../services/errors';
import { listMessages, markAllMessagesRead, markMessageRead } from '../../services/messaging';
import { refreshUnread, unread } from '../../services/unread';
import { activeProfile, appStore, useAppState } from '../../store/app-store';
import { isUnread, markReadIn, messageCard, type MessageCardView } from '../../utils/message-format';
import { displayName } from '../../utils/people';

const PAGE_SIZE = 20;
const FAMILY_PAGE = '/packages/family/pages/index/index';

const localeNow = () => appStore.get().prefs.locale;

/**
 * Reads this page has made, kept on every page that comes: a list asked for before the server had a read can answer
 * after it, still unread. A read is never undone on the server, so they are kept until another profile.
 * `allAt`: a "mark all read" on its way, which covers every card.
 */
function withReads(items: NotificationView[], reads: ReadonlyMap<string, string>, allAt: string | null): NotificationView[] {
  return items.map((m) => {
    if (m.readAt) return m;
    const at = reads.get(m.id) ?? allAt;
    return at ? { ...m, readAt: at } : m;
  });
}

/** After a refused read-all: what was unread before it is unread again (only what that tap changed). */
function restoreUnread(items: NotificationView[], before: NotificationView[] | undefined, at: string): NotificationView[] {
  const wasUnread = new Set((before ?? []).filter(isUnread).map((m) => m.id));
  return items.map((m) => (m.readAt === at && wasUnread.has(m.id) ? { ...m, readAt: null } : m));
}

/**
 * The acting profile's notifications, page by page (cursor), newest first, in the app's language; a refresh
 * replaces the list. Reading is optimistic: the card and the badge change at once, the server is told after.
 */
function useInbox(patientId: string | null, locale: Locale) {
  // Reads made here (on their way to the server or done): a page fetched meanwhile still shows them read.
  const reads = useRef(new Map<string, string>());
  const readAllAt = useRef<string | null>(null);
  const startedAt = useRef(0);
  const pages = useCursorPages({
    load: (cursor) => listMessages(cursor, PAGE_SIZE),
    idOf: (m) => m.id,
    transform: (items) => withReads(items, reads.current, readAllAt.current),
    manual: true,
  });
  const { refresh: refreshPages, setItems, reset } = pages;
  const itemsNow = useRef(pages.items);
  itemsNow.current = pages.items;
  const firstNow = useRef(pages.first);
  firstNow.current = pages.first;
  // Marking everything read failed (the list is put back as it was): shown until the list is loaded again.
  const [readError, setReadError] = useState<{ error: ApiRequestError; list: unknown } | null>(null);

  const refresh = useCallback(() => {
    startedAt.current = Date.now();
    return refreshPages();
  }, [refreshPages]);

  /** One notification read: shown read at once, then told to the server (put back unread if it refuses). */
  const markRead = useCallback(
    (id: string) => {
      const owner = appStore.get().patient.activePatientId;
      const at = new Date().toISOString();
      reads.current.set(id, at);
      setItems((items) => markReadIn(items, new Set([id]), at));
      if (owner) unread.adjust(owner, -1);
      markMessageRead(id)
        .catch(() => {
          if (reads.current.get(id) === at) reads.current.delete(id);
          setItems((items) => items.map((m) => (m.id === id && m.readAt === at ? { ...m, readAt: null } : m)));
        })
        .finally(() => refreshUnread());
    },
    [setItems],
  );

  const markAllRead = useCallback(async () => {
    const owner = appStore.get().patient.activePatientId;
    const before = itemsNow.current;
    const at = new Date().toISOString();
    setReadError(null);
    readAllAt.current = at;
    setItems((items) => markReadIn(items, 'all', at));
    if (owner) unread.adjust(owner, -unread.get().count);
    try {
      const counts = await markAllMessagesRead();
      if (owner) unread.set(owner, counts);
      // A list asked for before the server had it may still be on its way: one load from the start, which makes any
      // older answer stale (dropped) and shows what came after the read.
      if (readAllAt.current === at) readAllAt.current = null;
      void refresh();
    } catch (e) {
      if (readAllAt.current === at) readAllAt.current = null;
      setItems((items) => restoreUnread(items, before, at));
      setReadError({ error: toApiError(e, localeNow()), list: firstNow.current });
      refreshUnread();
    }
  }, [setItems, refresh]);

  // Another profile: start again. Another language: the server renders the messages again in it.
  const shownFor = useRef(patientId);
  useEffect(() => {
    if (shownFor.current !== patientId) {
      shownFor.current = patientId;
      reads.current.clear();
      readAllAt.current = null;
      reset();
    }
    void refresh();
  }, [patientId, locale, refresh, reset]);

  return {
    ...pages,
    // A list loaded again (or another profile's) no longer shows it.
    readError: readError && readError.list === pages.first ? readError.error : null,
    refresh,
    markRead,
    markAllRead,
    startedAt: () => startedAt.current,
  };
}

function open(target: NonNullable<MessageCardView['target']>): void {
  void (target.tab ? Taro.switchTab({ url: target.url }) : Taro.navigateTo({ url: target.url })).catch(() => undefined);
}

/** "家人还有 3 条未读消息": the account's other profiles have news; reading them means acting for that profile. */
function FamilyHint(props: { count: number }) {
  const { t } = useI18n();
  return (
    <View className="yb-notice" data-testid="messages-family-unread" data-count={props.count}>
      <Text className="yb-notice__text">{t(props.count === 1 ? 'messages.familyUnreadOne' : 'messages.familyUnread', { n: props.count })}</Text>
      <Text className="yb-textbutton" onClick={() => void Taro.navigateTo({ url: FAMILY_PAGE })} data-testid="messages-switch-profile">
        {t('messages.switchProfile')} ›
      </Text>
    </View>
  );
}

function Inbox() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const profile = useAppState(activeProfile);
  const hasFamily = useAppState((s) => s.patient.profiles.length > 1);
  const inbox = useInbox(patientId, locale);
  const { refresh } = inbox;
  const unreadCounts = useUnread();
  const [refreshKey, setRefreshKey] = useState(0);

  const refreshAll = useCallback(
    (withCount = true) => {
      setRefreshKey((k) => k + 1);
      // Page refreshes the count by itself whenever the tab shows.
      if (withCount) refreshUnread();
      return refresh();
    },
    [refresh],
  );

  usePullDownRefresh(() => {
    void refreshAll().finally(() => Taro.stopPullDownRefresh());
  });
  // A tab page stays alive: coming back to it shows what arrived meanwhile (not twice when it has just loaded).
  useDidShow(() => {
    if (Date.now() - inbox.startedAt() > 2_000) void refreshAll(false);
  });
  useReachBottom(() => void inbox.loadMore());

  const now = new Date();
  const items = inbox.items;
  // The server's count covers pages not loaded yet; the list's own covers reads made on screen a moment ago.
  const loadedUnread = items?.filter(isUnread).length ?? 0;
  const unreadCount = unreadCounts.known ? Math.max(unreadCounts.count, loadedUnread) : loadedUnread;
  // Not only the profiles loaded here: a relative added on another device counts too (the family page loads them all).
  const familyUnread = unreadCounts.otherProfiles;

  const onOpen = (card: MessageCardView) => {
    if (card.unread) inbox.markRead(card.id);
    // A tab page (a campaign's booking landing) is opened without its query: the open is counted from here.
    const campaignId = card.target?.tab ? campaignIdInLink(items?.find((m) => m.id === card.id)?.link) : null;
    if (campaignId) reportCampaignOpen(campaignId);
    if (card.target) open(card.target);
  };

  return (
    <View data-testid="messages">
      {hasFamily && profile ? (
        <Text className="yb-muted" data-testid="messages-profile">
          {t('messages.forProfile', { name: displayName(profile, t) })}
        </Text>
      ) : null}
      {familyUnread > 0 ? <FamilyHint count={familyUnread} /> : null}

      {!items && inbox.loading ? <LoadingState /> : null}

      {!items && inbox.error ? (
        <>
          <ErrorState error={inbox.error} title={t('messages.loadError')} onRetry={() => void refreshAll()} />
          <ReminderPanel collapsible refreshKey={refreshKey} />
        </>
      ) : null}

      {items && items.length === 0 ? (
        <>
          <EmptyState icon="bell" title={t('messages.empty')} hint={t('messages.emptyHint')} />
          <InlineError message={inbox.error?.message ?? null} />
          <ReminderPanel refreshKey={refreshKey} />
        </>
      ) : null}

      {items && items.length > 0 ? (
        <>
          <ReminderPanel collapsible refreshKey={refreshKey} />
          <InlineError message={inbox.error?.message ?? null} />
          <View className="yb-messages__bar">
            <Text className="yb-messages__count" data-testid="messages-unread-count" data-count={unreadCount}>
              {unreadCount > 0 ? t('messages.unreadCount', { n: unreadCount }) : t('messages.allRead')}
            </Text>
            {unreadCount > 0 ? (
              <Button size="small" fill="outline" type="primary" onClick={() => void inbox.markAllRead()} data-testid="messages-read-all">
                {t('messages.readAll')}
              </Button>
            ) : null}
          </View>
          <InlineError message={inbox.readError ? t('messages.readAllFailed', { reason: inbox.readError.message }) : null} />
          <View data-testid="message-list">
            {items.map((message) => (
              <MessageCard key={message.id} card={messageCard(message, locale, now)} onOpen={onOpen} />
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
