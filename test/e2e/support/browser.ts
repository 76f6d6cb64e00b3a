/**
 * Drives the code-server workbench with playwright-core and Debian's chromium: launching,
 * the command palette, the custom editor's webview, notifications, the status bar, tree views,
 * and failure artifacts (screenshot, code-server log, Pantograph output channel).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { pantographLog, readTail, REPO_ROOT } from './codeServer.js';
import type { CodeServer } from './codeServer.js';

/** Where screenshots and failure artifacts go. */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');

/** The chromium flags of the recipe. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A launched browser with one workbench page. */
export interface Workbench {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Launches chromium (persistent temp profile) and opens `url`; waits for the workbench to render. */
export async function openWorkbench(url: string): Promise<Workbench> {
  const profile = mkdtempSync(join(tmpdir(), 'pantograph-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: join(profile, 'xdg') },
    viewport: { width: 1600, height: 1000 },
  });
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 90_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await page.locator('.statusbar').waitFor({ timeout: 90_000 });
  return { context, page, close: () => context.close() };
}

/**
 * Runs a command from the palette: F1, `>title`, waits for the row with exactly that label, Enter.
 * Every step has a short timeout and the whole attempt is retried (closing the palette first)
 * until the command is registered and the palette stayed open long enough to take it, for at most
 * `timeoutMs`. The palette closes itself when focus moves (a webview or a toast taking it), so a
 * single attempt is never trusted.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await retryPalette(`command "${title}" never appeared in the palette`, timeoutMs, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`, { timeout: 5_000 });
    await row.waitFor({ state: 'visible', timeout: 3_000 });
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  });
}

/** Runs `attempt` until it resolves; after `timeoutMs` the last failure is rethrown under `what`. */
async function retryPalette(what: string, timeoutMs: number, attempt: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`);
    }
  }
}

/** The custom editor's React content (the active webview's inner frame). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** Notification toasts' messages. */
export function notifications(page: Page): Locator {
  return page.locator('.notifications-toasts .notification-list-item-message');
}

/** A status bar item containing `text`. */
export function statusBarItem(page: Page, text: string | RegExp): Locator {
  return page.locator('.statusbar-item', { hasText: text });
}

/**
 * Rows of the view `viewName`. Expands it (clicking its pane header when collapsed); a lone view
 * in its container has a hidden header (its name is the side bar title) and is always expanded.
 */
export async function treeRows(page: Page, viewName: string): Promise<Locator> {
  const header = page.locator('.pane-header', { hasText: viewName }).first();
  await header.waitFor({ state: 'attached' });
  if ((await header.isVisible()) && (await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const pane = page.locator('.pane', { has: header });
  return pane.locator('.pane-body .monaco-list-row');
}

/** The tab with `label` in the editor area. */
export function editorTab(page: Page, label: string | RegExp): Locator {
  return page.locator('.tabs-container .tab', { hasText: label });
}

/**
 * Opens a workspace file through Quick Open (Ctrl+P), which uses its default editor. Retries
 * (re-opening Quick Open) while the file search has not indexed the file yet, for at most `timeoutMs`.
 */
export async function quickOpen(page: Page, relativePath: string, timeoutMs = 60_000): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const name = relativePath.split('/').pop() ?? relativePath;
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await retryPalette(`Quick Open never listed ${relativePath}`, timeoutMs, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(relativePath, { timeout: 5_000 });
    await row.waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
  });
}

/** Screenshot path for a journey (`test-results/e2e/<journey>.png`). */
export async function screenshot(page: Page, journey: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${journey}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Failure artifacts: `<journey>.failed.png`, `<journey>.code-server.log`, `<journey>.pantograph.log`.
 * Never throws (best effort while a test is already failing).
 */
export async function saveFailureArtifacts(
  page: Page | undefined,
  server: CodeServer | undefined,
  journey: string,
): Promise<string[]> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const saved: string[] = [];
  const write = (suffix: string, text: string): void => {
    const file = join(RESULTS_DIR, `${journey}.${suffix}`);
    writeFileSync(file, text);
    saved.push(file);
  };
  if (page) {
    try {
      const file = join(RESULTS_DIR, `${journey}.failed.png`);
      await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
      saved.push(file);
    } catch {
      /* page gone */
    }
  }
  if (server) {
    write('code-server.log', readTail(server.logPath, 200_000));
    write('pantograph.log', pantographLog(server));
  }
  return saved;
}
