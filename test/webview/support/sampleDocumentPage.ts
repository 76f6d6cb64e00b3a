/**
 * The setup of the browser tests that start every test from the sample document: a page of the
 * file's {@link BrowserSuite} with a fresh {@link HostHarness}, and the screenshot folder.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll } from 'vitest';
import { HostHarness } from './browserHarness.js';
import type { BrowserSuite } from './browserSuite.js';
import { sampleDocument } from './fixtures.js';

/**
 * The folder the browser tests save screenshots of key states in (test-results/webview/);
 * registers a `beforeAll` that creates it (call at a test file's top level).
 */
export function screenshotFolder(): string {
  const shots = path.resolve('test-results/webview');
  beforeAll(() => {
    mkdirSync(shots, { recursive: true });
  });
  return shots;
}

/** A page showing the sample document and the host it talks to. */
export interface SampleDocumentPage {
  readonly page: Page;
  readonly host: HostHarness;
}

/**
 * Opens a 1500×950 page of `suite` on a new {@link HostHarness} of the sample document (its state
 * embedded in the HTML, as the extension does), logs the page's errors, and resolves once the
 * environment node is on screen. The suite checks the page for CSP violations and closes it.
 */
export async function openSampleDocument(suite: BrowserSuite): Promise<SampleDocumentPage> {
  const page = await suite.newPage({ width: 1500, height: 950 });
  page.on('pageerror', (error) => console.error('[page]', error));
  const host = new HostHarness(sampleDocument());
  await host.attach(page, suite.server);
  await page.goto(suite.server.url);
  await page.locator('[data-testid="node-env"]').waitFor();
  return { page, host };
}
