import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, type ReactNode } from 'react';
import { translate, type MessageKey } from '../i18n';
import { useI18n } from '../hooks/use-i18n';
import { refreshUnread } from '../services/unread';
import { useAppState } from '../store/app-store';

const TABS: MessageKey[] = ['tab.home', 'tab.booking', 'tab.messages', 'tab.me'];

/**
 * Every page's outermost element: applies the language and the large-type (适老化) mode, sets the title in the
 * user's language, and on tab pages renames the tab bar when the language changes and brings the 消息 badge up to
 * date whenever the page shows (WeChat sets a badge only from a tab page).
 */
export function Page(props: { title: MessageKey; titleParams?: Record<string, string>; tab?: boolean; className?: string; children: ReactNode }) {
  const largeType = useAppState((s) => s.prefs.largeType);
  const { t, locale } = useI18n();
  const title = t(props.title, props.titleParams);

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title }).catch(() => undefined);
    if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.title = `${title} · ${translate(locale, 'app.name')}`;
  }, [title, locale]);

  useEffect(() => {
    if (!props.tab) return;
    TABS.forEach((key, index) => {
      void Taro.setTabBarItem({ index, text: translate(locale, key) }).catch(() => undefined);
    });
  }, [props.tab, locale]);

  useDidShow(() => {
    if (props.tab) refreshUnread();
  });

  return (
    <View
      className={`yb-page ${largeType ? 'yb-large' : ''} yb-lang-${locale} ${props.className ?? ''}`}
      data-locale={locale}
      data-large-type={largeType ? 'on' : 'off'}
    >
      {props.children}
    </View>
  );
}
