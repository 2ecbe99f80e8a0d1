export declare const H5_DIST: string;
export declare function serveH5(options: {
  port?: number;
  host?: string;
  apiBaseUrl: string;
  wechatSimUrl: string;
  /** The hospital's offset from UTC in minutes (default +480, China). */
  hospitalUtcOffsetMinutes?: number;
  dist?: string;
}): Promise<{ url: string; close(): Promise<void> }>;
