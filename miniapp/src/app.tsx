import Taro, { useDidShow, useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { startPatientSession } from './services/patient-session';
import { readJson } from './services/storage';
import { refreshUnread, watchUnread } from './services/unread';
import { appStore, initialPrefs, PREFS_KEY } from './store/app-store';
import './app.css';

function systemLanguage(): string | undefined {
  try {
    return Taro.getSystemInfoSync().language;
  } catch {
    return undefined;
  }
}

appStore.set({ prefs: initialPrefs(readJson(PREFS_KEY), systemLanguage()) });
watchUnread();

function App({ children }: PropsWithChildren) {
  useLaunch((options) => {
    // Patients are signed in silently on launch; the staff pages have their own sign-in.
    const path = (options as { path?: string } | undefined)?.path ?? (typeof location !== 'undefined' ? location.hash : '');
    if (!String(path).includes('packages/staff')) void startPatientSession();
  });
  // Back from WeChat (a subscribe message read there, say): the 消息 badge catches up.
  useDidShow(refreshUnread);
  return children;
}

export default App;
