import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { StaffView } from '@yiban/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../../hooks/use-i18n';
import { setLargeType } from '../../../services/prefs';
import { useAppState } from '../../../store/app-store';
import { STAFF_HOME_PAGE } from '../../../services/staff-session';
import { tasksFor } from '../tasks';
import { ConsoleLanguage } from './ConsoleLanguage';

/** The console frame on a desktop: a sidebar with who is signed in and where they can go; hidden on a phone. */
export function ConsoleSidebar(props: { member: StaffView; current: string }) {
  const { t } = useI18n();
  return (
    <View className="yb-console__side">
      <Text className="yb-console__brand">{t('app.name')}</Text>
      <Text className="yb-console__who">{props.member.displayName}</Text>
      <ConsoleLanguage tone="dark" className="yb-console__lang-side" />
      <ConsoleTypeSize place="side" />
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

/**
 * Large type (适老化) for the console too: the same setting as the patient's (kept on this device), one tap away in the
 * sidebar on a desktop and above the content on a phone.
 */
export function ConsoleTypeSize(props: { place: 'side' | 'main' }) {
  const { t } = useI18n();
  const largeType = useAppState((s) => s.prefs.largeType);
  return (
    <View
      className={`yb-console__type yb-console__type--${props.place} ${largeType ? 'yb-console__type--on' : ''}`}
      role="switch"
      aria-checked={largeType}
      aria-label={t('console.largeType')}
      onClick={() => setLargeType(!largeType)}
      data-testid={`console-large-type-${props.place}`}
      data-on={largeType ? 'yes' : 'no'}
    >
      <Text>{largeType ? t('console.largeTypeOn') : t('console.largeTypeOff')}</Text>
    </View>
  );
}

export function ConsoleMain(props: { children: ReactNode }) {
  return (
    <View className="yb-console__main">
      <ConsoleTypeSize place="main" />
      <ConsoleLanguage className="yb-console__lang-top" />
      {props.children}
    </View>
  );
}
