import Taro from '@tarojs/taro';
import type { KeyValueStorage } from '../platform/h5';

/** wx storage in the mini-program, localStorage in H5 (Taro maps one to the other). */
export const storage: KeyValueStorage = {
  get(key) {
    try {
      const value = Taro.getStorageSync(key);
      return typeof value === 'string' && value !== '' ? value : null;
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      Taro.setStorageSync(key, value);
    } catch {
      // Storage full or unavailable: the session then lasts until the app closes.
    }
  },
  remove(key) {
    try {
      Taro.removeStorageSync(key);
    } catch {
      // nothing stored
    }
  },
};

export function readJson<T>(key: string): T | null {
  const raw = storage.get(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    storage.remove(key);
    return null;
  }
}

export function writeJson(key: string, value: unknown): void {
  storage.set(key, JSON.stringify(value));
}
