export declare const H5_DIST: string;
export declare function serveH5(options: {
  port?: number;
  host?: string;
  apiBaseUrl: string;
  wechatSimUrl: string;
  dist?: string;
}): Promise<{ url: string; close(): Promise<void> }>;
