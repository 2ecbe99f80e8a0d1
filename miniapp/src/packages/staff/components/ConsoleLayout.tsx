import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { StaffView } from '@yiban/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../../hooks/use-i18n';
import { STAFF_HOME_PAGE } from '../../../services/staff-session';
import { tasksFor } from '../tasks';

/** The console frame on a desktop: a sidebar with who is signed in and where they can go; hidden on a phone. */
export function ConsoleSidebar(props: { member: StaffView; current: string }) {
  const { t } = useI18n();
  return (
    <View className="yb-console__side">
      <Text className="yb-console__brand">{t('app.name')}</Text>
      <Text className="yb-console__who">{props.member.displayName}</Text>
      <Text
        className={`yb-console__nav ${props.current === 'home' ? 'yb-console__nav--on' : ''}`}
        onClick={() => void Taro.redirectTo({ url: STAFF_HOME_PAGE })}
      >
        {t('staff.homeTitle')}
      </Text>
      {tasksFor(props.member.roles)
        .filter((task) => task.url)
        .map((task) => (
          <Text
            key={task.id}
            className={`yb-console__nav ${props.current === task.id ? 'yb-console__nav--on' : ''}`}
            onClick={() => void Taro.redirectTo({ url: task.url! })}
          >
            {t(task.title)}
          </Text>
        ))}
    </View>
  );
}

export function ConsoleMain(props: { children: ReactNode }) {
  return <View className="yb-console__main">{props.children}</View>;
}
