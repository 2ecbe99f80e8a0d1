import type { Locale } from '@yiban/shared';
import { appStore, PREFS_KEY } from '../store/app-store';
import { writeJson } from './storage';

function save(): void {
  writeJson(PREFS_KEY, appStore.get().prefs);
}

export function setLocale(locale: Locale): void {
  appStore.set((s) => ({ prefs: { ...s.prefs, locale } }));
  save();
}

export function setLargeType(largeType: boolean): void {
  appStore.set((s) => ({ prefs: { ...s.prefs, largeType } }));
  save();
}
