/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';

/** Build-time constants (config/index.ts → defineConstants). */
declare const YIBAN_API_BASE: string;
declare const YIBAN_WECHAT_SIM_URL: string;
declare const YIBAN_BUILD_MODE: 'production' | 'development';

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | string;
  }
}

interface Window {
  /** Set by runtime-config.js next to index.html (H5 only) to point a built app at another API or simulator. */
  __YIBAN__?: { apiBaseUrl?: string; wechatSimUrl?: string; hospitalUtcOffsetMinutes?: number };
}
