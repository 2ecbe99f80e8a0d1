import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, type ReactNode } from 'react';
import { translate, type MessageKey } from '../i18n';
import { useI18n } from '../hooks/use-i18n';
import { refreshUnread } from '../services/unread';
import { useAppState } from '../store/app-store';
import { Icon } from './Icon';
import './ui.css';

const TABS: MessageKey[] = ['tab.home', 'tab.booking', 'tab.messages', 'tab.me'];
const PATIENT_HOME = '/pages/home/index';
// Written out (not imported from the staff services) so the main package does not carry the staff code.
const STAFF_HOME = '/packages/staff/pages/home/index';
const STAFF_LOGIN = '/packages/staff/pages/login/index';

function currentPath(): string {
  const path = Taro.getCurrentInstance().router?.path ?? '';
  return (path.startsWith('/') ? path : `/${path}`).split('?')[0]!;
}

/**
 * Back, as WeChat's own bar does it: the previous page when there is one; opened directly (a link, a reload),
 * the patient's home or, in the staff console, the console's home.
 */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) {
    void Taro.navigateBack();
    return;
  }
  if (currentPath().startsWith('/packages/staff/')) void Taro.redirectTo({ url: STAFF_HOME });
  else void Taro.switchTab({ url: PATIENT_HOME });
}

/**
 * The H5 build's title bar: WeChat draws its own above every page (title and back), the browser draws nothing.
 * Tab pages have none (WeChat's tab pages have no back); the console's home and sign-in have no back.
 */
function TitleBar(props: { title: string }) {
  const { t } = useI18n();
  const path = currentPath();
  const canGoBack = path !== STAFF_HOME && path !== STAFF_LOGIN;
  return (
    <View className="yb-navbar" data-testid="nav-bar">
      {canGoBack ? (
        <View
          className="yb-navbar__back"
          role="button"
          aria-label={t('common.back')}
          onClick={goBack}
          data-testid="nav-back"
          hoverClass="yb-navbar__back--pressed"
        >
          <Icon name="back" tone="white" size="l" />
          <Text className="yb-navbar__back-text">{t('common.back')}</Text>
        </View>
      ) : (
        <View className="yb-navbar__side" />
      )}
      <Text className="yb-navbar__title" data-testid="nav-title">
        {props.title}
      </Text>
      <View className="yb-navbar__side" />
    </View>
  );
}

/**
 * Every page's outermost element: applies the language and the large-type (适老化) mode, sets the title in the
 * user's language (in H5 also drawn in a title bar with back, as WeChat's bar does), and on tab pages renames the tab bar when the language changes and brings the 消息 badge up to
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

  // The H5 tab bar sits outside every page: large type reaches it through the body.
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.body.classList.toggle('yb-large-type', largeType);
  }, [largeType]);

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
      {process.env.TARO_ENV === 'h5' && !props.tab ? <TitleBar title={title} /> : null}
      {props.children}
    </View>
  );
}
