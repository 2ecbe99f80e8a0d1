declare module 'co-wechat-api' {
  interface StoredToken {
    accessToken: string;
    expireTime: number;
  }
  class WechatAPI {
    constructor(
      appid: string,
      appsecret: string,
      getToken?: () => Promise<StoredToken | null | undefined>,
      saveToken?: (token: StoredToken | null) => Promise<void>,
    );
    appid: string;
    prefix: string;
    snsPrefix: string;
    wxaPrefix: string;
    setOpts(opts: { timeout?: number; agent?: import('node:http').Agent }): void;
    request<T = unknown>(url: string, opts?: { method?: string; data?: string; headers?: Record<string, string> }, retry?: number): Promise<T>;
    getAccessToken(): Promise<StoredToken>;
    ensureAccessToken(): Promise<StoredToken>;
    code2Session(jsCode: string): Promise<{ openid: string; session_key: string; unionid?: string }>;
    sendSubscribeMessage(
      openid: string,
      templateId: string,
      page: string,
      data: Record<string, { value: string }>,
      miniprogramState?: string,
    ): Promise<unknown>;
  }
  export = WechatAPI;
}
