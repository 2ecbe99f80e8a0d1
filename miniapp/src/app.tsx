import Taro, { useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { startPatientSession } from './services/patient-session';
import { readJson } from './services/storage';
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

function App({ children }: PropsWithChildren) {
  useLaunch((options) => {
    // Patients are signed in silently on launch; the staff pages have their own sign-in.
    const path = (options as { path?: string } | undefined)?.path ?? (typeof location !== 'undefined' ? location.hash : '');
    if (!String(path).includes('packages/staff')) void startPatientSession();
  });
  return children;
}

export default App;
