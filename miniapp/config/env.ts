/**
 * Build-time settings, from the environment (or a `.env` file Taro loads). The H5 build can also be pointed at
 * another API at run time: `runtime-config.js` beside index.html sets `window.__YIBAN__` (see scripts/serve-h5.mjs).
 */
export interface BuildEnv {
  /** The API under /api/v1, as the app reaches it. */
  apiBase: string;
  /** The WeChat simulator's control API (H5 only: it plays wx.login and the phone-number button). */
  wechatSimUrl: string;
  /** The mini-program's appid, written into project.config.json. */
  appid: string;
}

export function buildEnv(env: NodeJS.ProcessEnv = process.env): BuildEnv {
  return {
    apiBase: (env.TARO_APP_API_BASE ?? env.YIBAN_API_BASE ?? 'http://127.0.0.1:3000/api/v1').replace(/\/+$/, ''),
    wechatSimUrl: (env.TARO_APP_WECHAT_SIM_URL ?? env.YIBAN_WECHAT_SIM_URL ?? 'http://127.0.0.1:3900').replace(/\/+$/, ''),
    appid: env.TARO_APP_WECHAT_APPID ?? env.WECHAT_APPID ?? 'wx5f1e0c0d2b3a4c5d',
  };
}
