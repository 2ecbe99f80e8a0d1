import type { BrowserContext, Locator } from 'playwright-core';

export type { BrowserContext, Locator, Page } from 'playwright-core';

export declare const CHROMIUM_PATH: string;
export declare function launchChromium(options?: {
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
}): Promise<{ context: BrowserContext; close(): Promise<void> }>;
export declare function fontSizeOf(locator: Locator): Promise<number>;
