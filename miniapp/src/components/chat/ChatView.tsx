import { Image, ScrollView, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ConsultationView } from '@yiban/shared';
import { useMemo } from 'react';
import { useI18n } from '../../hooks/use-i18n';
import type { ChatThread } from '../../hooks/use-chat-thread';
import { apiBaseUrl } from '../../services/runtime-config';
import { chatText, imageUrl, isOwn, receipt, type ChatItem, type ChatSide } from '../../utils/consult';
import { formatSentAt } from '../../utils/message-format';
import './chat.css';

const anchorId = (item: ChatItem) => `m-${item.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function preview(items: readonly ChatItem[], current: ChatItem): void {
  const urls = items.filter((i) => i.kind === 'image' && i.image).map((i) => imageUrl(i.image!.url, apiBaseUrl()));
  void Taro.previewImage({ urls, current: imageUrl(current.image!.url, apiBaseUrl()) }).catch(() => undefined);
}

function Bubble(props: {
  item: ChatItem;
  items: readonly ChatItem[];
  view: ConsultationView;
  reader: ChatSide;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}) {
  const { t, locale } = useI18n();
  const { item, reader } = props;

  if (item.kind === 'system') {
    return (
      <View className="yb-chat__system" id={anchorId(item)} data-testid="chat-message" data-kind="system" data-seq={item.seq}>
        <Text>{chatText(item, locale)}</Text>
      </View>
    );
  }

  if (item.kind === 'note') {
    return (
      <View className="yb-chat__note" id={anchorId(item)} data-testid="chat-message" data-kind="note" data-seq={item.seq}>
        <Text className="yb-chat__note-label">{t('chat.noteLabel', { name: item.authorName ?? t('chat.sideStaff') })}</Text>
        <Text className="yb-chat__text">{chatText(item, locale)}</Text>
      </View>
    );
  }

  const own = isOwn(item, reader);
  const who = own ? t('consult.me') : (item.authorName ?? (item.side === 'staff' ? t('consult.doctorFallback') : t('chat.sidePatient')));
  const mark = receipt(item, props.view, reader);
  const time = formatSentAt(item.createdAt, locale, new Date());
  const failed = item.local?.status === 'failed';
  return (
    <View
      className={`yb-chat__row ${own ? 'yb-chat__row--own' : ''}`}
      id={anchorId(item)}
      data-testid="chat-message"
      data-kind={item.kind}
      data-side={item.side}
      data-seq={item.seq}
      data-state={item.local ? `local-${item.local.status}` : item.state}
    >
      <Text className="yb-chat__who">{who}</Text>
      <View
        className={`yb-chat__bubble ${own ? 'yb-chat__bubble--own' : ''} ${item.kind === 'image' ? 'yb-chat__bubble--image' : ''} ${item.state === 'rejected' ? 'yb-chat__bubble--rejected' : ''}`}
      >
        {item.kind === 'image' && item.image ? (
          <View onClick={() => preview(props.items, item)} aria-label={t('consult.imageOpen')}>
            <Image className="yb-chat__image" src={imageUrl(item.image.url, apiBaseUrl())} mode="widthFix" lazyLoad data-testid="chat-image" />
          </View>
        ) : (
          <Text className="yb-chat__text" userSelect data-testid="chat-text">
            {item.text}
          </Text>
        )}
      </View>
      <View className="yb-chat__meta">
        {item.local?.status === 'sending' ? <Text>{t('consult.sending')}</Text> : <Text>{time}</Text>}
        {item.state === 'checking' ? (
          <Text className="yb-chat__flag yb-chat__flag--held" data-testid="chat-checking">
            {t('consult.checkingPicture')}
          </Text>
        ) : null}
        {item.state === 'held' ? <Text className="yb-chat__flag yb-chat__flag--held">{t(own ? 'consult.held' : 'consult.heldStaff')}</Text> : null}
        {item.state === 'rejected' ? <Text className="yb-chat__flag yb-chat__flag--rejected">{t('consult.rejected')}</Text> : null}
        {mark ? (
          <Text className={`yb-chat__receipt yb-chat__receipt--${mark}`} data-testid="receipt" data-state={mark}>
            {t(mark === 'read' ? 'consult.read' : 'consult.unread')}
          </Text>
        ) : null}
      </View>
      {failed ? (
        <View className="yb-chat__failed" role="alert" data-testid="chat-failed">
          <Text>
            {t('consult.failed')}
            {item.local?.error ? `：${item.local.error}` : ''}
          </Text>
          <Text className="yb-textbutton" onClick={() => props.onRetry(item.clientId!)} data-testid="chat-retry">
            {t('consult.retrySend')}
          </Text>
          <Text className="yb-textbutton yb-textbutton--danger" onClick={() => props.onDiscard(item.clientId!)}>
            {t('consult.discard')}
          </Text>
        </View>
      ) : null}
    </View>
  );
}

/**
 * The conversation: bubbles (own on the right), pictures (tap to enlarge), system lines, private notes (staff), the
 * checking (a picture waiting for WeChat's media check) / held / rejected / unsent states, 已读 / 未读 under the reader's own messages, earlier messages on demand. It scrolls
 * to the newest message whenever one is added at the end.
 */
export function ChatView(props: {
  thread: ChatThread;
  view: ConsultationView;
  reader: ChatSide;
  empty?: string;
  className?: string;
  /** Changes when something below the list grows or shrinks (the rating card): the newest message is brought back into view. */
  bottomKey?: string;
}) {
  const { t } = useI18n();
  const { thread, view, reader } = props;
  const last = thread.items[thread.items.length - 1];
  // The end marker's id changes with the newest message and with bottomKey, so the list scrolls to it each time.
  const target = useMemo(() => `chat-end-${last ? anchorId(last) : 'none'}-${props.bottomKey ?? ''}`.replace(/[^A-Za-z0-9_-]/g, ''), [last, props.bottomKey]);
  return (
    <ScrollView className={`yb-chat__list ${props.className ?? ''}`} scrollY scrollIntoView={target} scrollWithAnimation data-testid="chat-list">
      {thread.hasMore ? (
        <View className="yb-chat__earlier">
          <Text className="yb-textbutton" onClick={() => void thread.loadEarlier()} data-testid="chat-earlier">
            {thread.loadingEarlier ? t('consult.loadingEarlier') : t('consult.loadEarlier')}
          </Text>
        </View>
      ) : null}
      {thread.items.length === 0 ? <Text className="yb-chat__empty">{props.empty ?? t('consult.emptyThread')}</Text> : null}
      {thread.items.map((item) => (
        <Bubble
          key={item.local ? `local-${item.clientId}` : item.id}
          item={item}
          items={thread.items}
          view={view}
          reader={reader}
          onRetry={thread.retry}
          onDiscard={thread.discard}
        />
      ))}
      <View className="yb-chat__end" id={target} />
    </ScrollView>
  );
}

/** "连接中…" while the socket is away (messages still send; they show once it is back). */
export function ReconnectBanner(props: { down: boolean; signedOut?: boolean }) {
  const { t } = useI18n();
  if (!props.down) return null;
  return (
    <View className="yb-chat__banner" role="status" data-testid="chat-reconnecting">
      {props.signedOut ? null : <View className="yb-chat__dot" />}
      <Text>{t(props.signedOut ? 'consult.signedOut' : 'consult.reconnecting')}</Text>
    </View>
  );
}
