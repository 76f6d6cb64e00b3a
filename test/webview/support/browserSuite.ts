/**
 * The lifecycle every browser test file repeats: one chromium and one served production bundle per
 * file, and pages that are checked for CSP violations and closed after each test.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { buildWebviewBundle, cspViolations, launchChromium, serveWebview } from './browserHarness.js';
import type { WebviewServer } from './browserHarness.js';

/** What a test file gets from {@link browserSuite}. */
export interface BrowserSuite {
  /** The file's server (throws before `beforeAll` has started it). */
  readonly server: WebviewServer;
  /** A new page of `viewport`; after the test it is checked for CSP violations (unless closed) and closed. */
  newPage(viewport: { width: number; height: number }): Promise<Page>;
}

/** Registers the hooks (call at a test file's top level) and returns the suite. */
export function browserSuite(): BrowserSuite {
  let browser: Browser | undefined;
  let server: WebviewServer | undefined;
  let pages: Page[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
    server = await serveWebview(await buildWebviewBundle());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    const open = pages.filter((page) => !page.isClosed());
    pages = [];
    for (const page of open) {
      expect(await cspViolations(page)).toEqual([]);
      await page.close();
    }
  });
  return {
    get server(): WebviewServer {
      if (!server) throw new Error('the webview server did not start (see beforeAll)');
      return server;
    },
    async newPage(viewport) {
      if (!browser) throw new Error('chromium did not start (see beforeAll)');
      const page = await browser.newPage({ viewport });
      pages.push(page);
      return page;
    },
  };
}
