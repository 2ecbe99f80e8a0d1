/** Where the app finds the API and (H5) the WeChat simulator: runtime-config.js in H5 wins over the build's values. */
function runtime(): Window['__YIBAN__'] {
  return typeof window !== 'undefined' && process.env.TARO_ENV === 'h5' ? window.__YIBAN__ : undefined;
}

export function apiBaseUrl(): string {
  return runtime()?.apiBaseUrl || YIBAN_API_BASE;
}

export function wechatSimulatorUrl(): string {
  return runtime()?.wechatSimUrl || YIBAN_WECHAT_SIM_URL;
}

export const APP_VERSION = '0.1.0';
