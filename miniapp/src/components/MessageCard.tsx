import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { MESSAGE_POLICIES, type MessageKind } from '@yiban/shared';
import { useI18n } from '../hooks/use-i18n';
import type { MessageCardView } from '../utils/message-format';

// Written out (not imported from the marketing service) so the main package does not carry that code.
const MARKETING_PREFERENCES_PAGE = '/packages/settings/pages/marketing/index';

/** A marketing message (a campaign's): the patient can always turn that kind off from the message itself. */
export const isMarketingKind = (kind: string): boolean => kind in MESSAGE_POLICIES && MESSAGE_POLICIES[kind as MessageKind].marketing;

/**
 * One notification: the kind's title (bold, with a dot, while unread), what happened, its labelled lines and when it
 * came. A tap marks it read and opens its page when this build has one.
 */
export function MessageCard(props: { card: MessageCardView; onOpen: (card: MessageCardView) => void }) {
  const { t } = useI18n();
  const { card } = props;
  const tappable = card.unread || !!card.target;
  return (
    <View
      className={`yb-message ${card.target ? 'yb-message--link' : ''} ${card.unread ? 'yb-message--unread' : ''}`}
      onClick={tappable ? () => props.onOpen(card) : undefined}
      hoverClass={tappable ? 'yb-row--pressed' : 'none'}
      role={tappable ? 'button' : undefined}
      aria-label={card.label}
      data-testid="message-card"
      data-kind={card.kind}
      data-unread={card.unread ? 'yes' : 'no'}
      data-message-id={card.id}
    >
      <View className="yb-message__head">
        {card.unread ? <View className="yb-message__dot" aria-hidden="true" data-testid="message-unread-dot" /> : null}
        <Text className="yb-message__title">{card.title}</Text>
        <Text className="yb-message__time">{card.time}</Text>
      </View>
      {card.body ? <Text className="yb-message__body">{card.body}</Text> : null}
      {card.lines.map((line) => (
        <View key={line.key} className="yb-message__line">
          <Text className="yb-message__label">{line.label}</Text>
          <Text className="yb-message__value">{line.value}</Text>
        </View>
      ))}
      {card.target ? <Text className="yb-message__open">{t('messages.open')} ›</Text> : null}
      {isMarketingKind(card.kind) ? (
        <Text
          className="yb-message__manage"
          onClick={(e) => {
            e.stopPropagation();
            void Taro.navigateTo({ url: MARKETING_PREFERENCES_PAGE });
          }}
          data-testid="message-manage-marketing"
        >
          {t('messages.manageMarketing')}
        </Text>
      ) : null}
    </View>
  );
}
