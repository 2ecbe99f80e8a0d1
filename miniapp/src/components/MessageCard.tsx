import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useI18n } from '../hooks/use-i18n';
import type { MessageCardView } from '../utils/message-format';

function open(target: NonNullable<MessageCardView['target']>): void {
  void (target.tab ? Taro.switchTab({ url: target.url }) : Taro.navigateTo({ url: target.url })).catch(() => undefined);
}

/** One received message: the kind's title, its labelled lines, when it came; a tap opens its page when it has one. */
export function MessageCard(props: { card: MessageCardView }) {
  const { t } = useI18n();
  const { card } = props;
  const target = card.target;
  return (
    <View
      className={`yb-message ${target ? 'yb-message--link' : ''}`}
      onClick={target ? () => open(target) : undefined}
      hoverClass={target ? 'yb-row--pressed' : 'none'}
      role={target ? 'button' : undefined}
      data-testid="message-card"
      data-kind={card.kind}
    >
      <View className="yb-message__head">
        <Text className="yb-message__title">{card.title}</Text>
        <Text className="yb-message__time">{card.time}</Text>
      </View>
      {card.lines.map((line) => (
        <View key={line.key} className="yb-message__line">
          <Text className="yb-message__label">{line.label}</Text>
          <Text className="yb-message__value">{line.value}</Text>
        </View>
      ))}
      {target ? <Text className="yb-message__open">{t('messages.open')} ›</Text> : null}
    </View>
  );
}
