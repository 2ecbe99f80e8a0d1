import Taro from '@tarojs/taro';
import { appStore } from '../store/app-store';
import { TAB_PAGES } from '../utils/routes';
import { createUnreadTracker } from '../utils/unread-badge';
import { unreadMessages } from './messaging';

/** The 消息 tab's position in the tab bar (app.config.ts). */
export const MESSAGES_TAB = TAB_PAGES.indexOf('pages/messages/index');

/**
 * The app's one unread tracker: GET /me/messages/unread-count for the acting profile, shown as the 消息 tab's
 * badge and read by 首页 and 消息. Refreshed when the app shows, when a tab page shows, after reading, and when the
 * signed-in patient or the acting profile changes.
 */
export const unread = createUnreadTracker({
  fetch: (patientId) => unreadMessages(patientId),
  badge: {
    set: (text) => Taro.setTabBarBadge({ index: MESSAGES_TAB, text }),
    remove: () => Taro.removeTabBarBadge({ index: MESSAGES_TAB }),
  },
  actingPatientId: () => {
    const { status, activePatientId } = appStore.get().patient;
    return status === 'ready' ? activePatientId : null;
  },
});

export const refreshUnread = (): void => void unread.refresh();

let watching = false;

/** From launch: the count follows the signed-in patient and the acting profile. */
export function watchUnread(): void {
  if (watching) return;
  watching = true;
  let key = '';
  appStore.subscribe(() => {
    const { status, activePatientId } = appStore.get().patient;
    const next = status === 'ready' && activePatientId ? activePatientId : '';
    if (next === key) return;
    key = next;
    if (next) refreshUnread();
  });
}
