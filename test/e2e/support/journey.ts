/**
 * One user journey: start code-server (fresh run dir, VSIX installed), sample memory, open the
 * workbench in chromium, run the body, screenshot `test-results/e2e/<name>.png`; on failure save
 * a screenshot, the code-server log and the Pantograph output channel next to it. Always stops
 * the browser and the server. Writes `test-results/e2e/metrics/<name>.json` (wall time, peak RSS).
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openWorkbench, RESULTS_DIR, saveFailureArtifacts, screenshot } from './browser.js';
import type { Workbench } from './browser.js';
import { REPO_ROOT, startCodeServer } from './codeServer.js';
import type { CodeServer, CodeServerOptions } from './codeServer.js';
import { startMemorySampler } from './memory.js';

/** What a journey body gets. */
export interface JourneyContext {
  readonly server: CodeServer;
  readonly page: Page;
  readonly workbench: Workbench;
}

/** Options of {@link runJourney}: the server options without `name`. */
export type JourneyOptions = Omit<CodeServerOptions, 'name'>;

/** Copies the repository's `examples/` folder into `<workspace>/examples`. */
export function copyExamples(workspace: string): void {
  cpSync(join(REPO_ROOT, 'examples'), join(workspace, 'examples'), { recursive: true });
}

/** User settings every journey uses: offline installs (the demo wheel comes from the extension). */
export const OFFLINE_SETTINGS: Readonly<Record<string, unknown>> = { 'pantograph.defaultIndexUrl': 'none' };

/** Runs `body` as journey `name`; see the module comment. */
export async function runJourney(
  name: string,
  options: JourneyOptions,
  body: (ctx: JourneyContext) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  const sampler = startMemorySampler();
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let failure: unknown;
  try {
    server = await startCodeServer({ name, ...options, settings: { ...OFFLINE_SETTINGS, ...options.settings } });
    workbench = await openWorkbench(server.folderUrl);
    await body({ server, page: workbench.page, workbench });
    await screenshot(workbench.page, name);
  } catch (error) {
    failure = error;
    const saved = await saveFailureArtifacts(workbench?.page, server, name);
    if (error instanceof Error)
      error.message += `\nartifacts:\n  ${saved.join('\n  ')}${server ? `\nrun dir: ${server.runDir}` : ''}`;
  } finally {
    await workbench?.close().catch(() => undefined);
    await server?.stop();
    const peakBytes = sampler.stop();
    mkdirSync(join(RESULTS_DIR, 'metrics'), { recursive: true });
    const metrics = {
      journey: name,
      passed: failure === undefined,
      wallMs: Math.round(performance.now() - started),
      peakRssMB: Math.round(peakBytes / 2 ** 20),
    };
    writeFileSync(join(RESULTS_DIR, 'metrics', `${name}.json`), `${JSON.stringify(metrics, null, 2)}\n`);
  }
  if (failure !== undefined) throw failure;
}
