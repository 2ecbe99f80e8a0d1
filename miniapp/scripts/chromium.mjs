// Debian's Chromium driven by playwright-core, for the browser tests (test/browser) and screenshots.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A fresh browser profile (its own temp dir, removed on close): a first launch every time. */
export async function launchChromium({ viewport = { width: 390, height: 844 }, deviceScaleFactor = 1 } = {}) {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'yiban-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport,
    deviceScaleFactor,
    locale: 'zh-CN',
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The computed font size of the first element a locator finds, in CSS px. */
export function fontSizeOf(locator) {
  // The callback runs in the page: the element's own window.
  return locator.evaluate((el) => parseFloat(el.ownerDocument.defaultView.getComputedStyle(el).fontSize));
}
