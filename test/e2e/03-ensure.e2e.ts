/**
 * Journey 2: "Pantograph: Ensure Environment" on the demo installs its environment offline (the
 * extension supplies the demo wheel folder as a machine-local override; the default index is
 * "none"): progress in the status bar, a "ready" notification, the environment in the Python
 * Environments tree, and the node's timeline checking → missing → installing → ready. The tree's
 * package-store row follows the store, a CLI `envs gc` included, without a Refresh. Running it
 * again is a cache hit that starts no install.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { notifications, runCommand, statusBarItem, treeRows } from './support/browser.js';
import { REPO_ROOT, pantographLog } from './support/codeServer.js';
import { copyExamples, runJourney } from './support/journey.js';
import { envState, focusEnvironmentsView, openWorkflow, timelineStates } from './support/workflow.js';

const READY_INSTALLED = /Environment ([0-9a-f]{20}) ready \(installed in/;

/** A store entry as the store makes one (built aside, renamed into `packages/`) that no manifest references. */
function addUnreferencedStoreEntry(dataDir: string): void {
  const aside = join(dataDir, 'store', 'tmp', 'unreferenced-entry');
  mkdirSync(aside, { recursive: true });
  writeFileSync(join(aside, 'orphan.py'), 'VALUE = 1\n');
  renameSync(aside, join(dataDir, 'store', 'packages', 'e'.repeat(64)));
}

test('Ensure Environment installs the demo environment once, then reuses it', async () => {
  await runJourney('03-ensure', { prepareWorkspace: copyExamples }, async ({ page, server }) => {
    const view = await openWorkflow(page);
    await runCommand(page, 'Pantograph: Ensure Environment');

    await statusBarItem(page, /Pantograph: /)
      .first()
      .waitFor({ timeout: 30_000 });
    const ready = notifications(page).filter({ hasText: READY_INSTALLED }).first();
    await ready.waitFor({ timeout: 180_000 });
    const key = READY_INSTALLED.exec(await ready.innerText())?.[1] ?? '';
    expect(key).toMatch(/^[0-9a-f]{20}$/);

    await expect.poll(() => envState(view), { timeout: 20_000 }).toBe('ready');
    const states = await timelineStates(view);
    expect(states.filter((s) => ['checking', 'missing', 'installing', 'ready'].includes(s))).toEqual([
      'checking',
      'missing',
      'installing',
      'ready',
    ]);
    expect(readdirSync(join(server.dataDir, 'envs', 'python'))).toContain(key);

    await focusEnvironmentsView(page);
    const rows = await treeRows(page, 'Python Environments');
    await expect
      .poll(() => rows.allInnerTexts(), { timeout: 20_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining(key.slice(0, 8))]));
    // The package store's row gives its measured total.
    const storeRow = async (): Promise<string> => (await rows.allInnerTexts()).find((t) => t.startsWith('Package store')) ?? '';
    const packagesShown = async (): Promise<number> => Number(/in (\d+) packages?/.exec(await storeRow())?.[1] ?? NaN);
    await expect.poll(storeRow, { timeout: 20_000 }).toMatch(/^Package store\s*[\d.]+ [KMGT]?B in \d+ packages?/);
    // The row follows the store without a Refresh: an entry no environment uses appears in it,
    // and goes when the CLI's `envs gc` (another process) collects it.
    const packages = await packagesShown();
    addUnreferencedStoreEntry(server.dataDir);
    await expect.poll(packagesShown, { timeout: 20_000 }).toBe(packages + 1);
    execFileSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.cjs'), 'envs', 'gc', '--data-dir', server.dataDir]);
    await expect.poll(packagesShown, { timeout: 20_000 }).toBe(packages);

    // Again: a cache hit, no second install.
    await page.locator('.tabs-container .tab', { hasText: 'demo.pantograph' }).click();
    await runCommand(page, 'Pantograph: Ensure Environment');
    await notifications(page)
      .filter({ hasText: `Environment ${key} ready (cache hit)` })
      .first()
      .waitFor({ timeout: 60_000 });
    await expect.poll(() => pantographLog(server), { timeout: 20_000 }).toMatch(/reused=true installed=false/);
    expect(pantographLog(server).match(/installed=true/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(readdirSync(join(server.dataDir, 'envs', 'python')).filter((d) => /^[0-9a-f]{20}$/.test(d))).toEqual([key]);
  });
});
