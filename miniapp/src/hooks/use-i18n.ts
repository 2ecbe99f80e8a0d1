import { useCallback } from 'react';
import { translate, type MessageKey } from '../i18n';
import { type appStore, useAppState } from '../store/app-store';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The user's language and a translator bound to it; components re-render when it changes. */
export function useI18n(): { t: Translate; locale: ReturnType<typeof appStore.get>['prefs']['locale'] } {
  const locale = useAppState((s) => s.prefs.locale);
  const t = useCallback<Translate>((key, params) => translate(locale, key, params), [locale]);
  return { t, locale };
}
