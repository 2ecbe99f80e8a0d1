import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

/** One tappable row: a title, an optional hint under it, a value or control on the right. */
export function ListRow(props: {
  title: ReactNode;
  hint?: ReactNode;
  extra?: ReactNode;
  arrow?: boolean;
  /** An icon of the app's set before the title. */
  icon?: IconName;
  onClick?: () => void;
  testId?: string;
}) {
  return (
    <View
      className={`yb-row ${props.onClick ? 'yb-row--link' : ''}`}
      onClick={props.onClick}
      data-testid={props.testId}
      hoverClass={props.onClick ? 'yb-row--pressed' : 'none'}
    >
      {props.icon ? (
        <View className="yb-row__icon">
          <Icon name={props.icon} size="m" />
        </View>
      ) : null}
      <View className="yb-row__main">
        <Text className="yb-row__title">{props.title}</Text>
        {props.hint ? <Text className="yb-row__hint">{props.hint}</Text> : null}
      </View>
      {props.extra !== undefined ? <View className="yb-row__extra">{props.extra}</View> : null}
      {props.arrow ? <Icon name="forward" tone="muted" size="m" className="yb-row__arrow" /> : null}
    </View>
  );
}

export function Section(props: { title?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <View className={`yb-section ${props.className ?? ''}`}>
      {props.title ? <Text className="yb-section__title">{props.title}</Text> : null}
      <View className="yb-card">{props.children}</View>
    </View>
  );
}
