import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';

/** The console's desktop layout (≥ 960 px: the list, the chat and the patient side by side); phones get one column. */
export const DESK_MIN_WIDTH = 960;

function width(): number {
  try {
    if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') return window.innerWidth;
    return Taro.getSystemInfoSync().windowWidth;
  } catch {
    return 0;
  }
}

export function useWide(min = DESK_MIN_WIDTH): boolean {
  const [wide, setWide] = useState(() => width() >= min);
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return undefined;
    const onResize = () => setWide(width() >= min);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [min]);
  return wide;
}
