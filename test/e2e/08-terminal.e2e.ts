/**
 * Journey 8: after Ensure Environment on the demo, "Open Terminal in Environment" from the
 * environments view's context menu opens a terminal named after the environment; `python` in it is
 * the environment's interpreter (`sys.prefix` is the environment folder) — nothing was typed into
 * the shell by the extension, the user types the command.
 *
 * The terminal profile is bash without rc files: this machine's /root/.bashrc puts pyenv's shims
 * in front of PATH after the terminal starts, which would shadow any environment's bin folder (a
 * limitation for users whose rc files do that; `$VIRTUAL_ENV/bin/python` still works there).
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { notifications, runCommand, treeRows } from './support/browser.js';
import { copyExamples, runJourney } from './support/journey.js';
import { focusEnvironmentsView, openWorkflow } from './support/workflow.js';

const READY = /Environment ([0-9a-f]{20}) ready/;
const TERMINAL_SETTINGS = {
  'terminal.integrated.gpuAcceleration': 'off',
  'terminal.integrated.profiles.linux': { 'bash (no rc)': { path: 'bash', args: ['--norc', '--noprofile'] } },
  'terminal.integrated.defaultProfile.linux': 'bash (no rc)',
};

test('Open Terminal in Environment gives a shell whose python is the environment', async () => {
  await runJourney('08-terminal', { prepareWorkspace: copyExamples, settings: TERMINAL_SETTINGS }, async ({ page, server }) => {
    await openWorkflow(page);
    await runCommand(page, 'Pantograph: Ensure Environment');
    const ready = notifications(page).filter({ hasText: READY }).first();
    await ready.waitFor({ timeout: 180_000 });
    const key = READY.exec(await ready.innerText())?.[1] ?? '';
    expect(key).toMatch(/^[0-9a-f]{20}$/);

    await focusEnvironmentsView(page);
    const rows = await treeRows(page, 'Python Environments');
    const row = rows.filter({ hasText: key.slice(0, 12) }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    // VS Code's context menu may drop a click that lands right after it opened: click until it closes.
    const item = page.locator('.context-view .action-item', { hasText: 'Open Terminal in Environment' }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await expect
      .poll(
        async () => {
          if (await item.isVisible()) await item.click({ timeout: 2_000 }).catch(() => undefined);
          return item.isVisible();
        },
        { timeout: 20_000 },
      )
      .toBe(false);

    await page
      .locator('.terminal-tabs-entry, .single-terminal-tab, .pane-header, .tabs-container', { hasText: `Pantograph: ` })
      .first()
      .waitFor({ timeout: 30_000 });
    const terminal = page.locator('.terminal-wrapper.active .xterm, .terminal-wrapper .xterm').first();
    await terminal.waitFor({ state: 'visible', timeout: 30_000 });
    await terminal.click();
    await page.keyboard.type('python -c "import sys; print(sys.prefix)"');
    await page.keyboard.press('Enter');
    const envDir = join(server.dataDir, 'envs', 'python', key);
    const rowsText = page.locator('.terminal-wrapper .xterm-rows').first();
    await expect.poll(async () => (await rowsText.innerText()).replace(/\s*\n\s*/g, ''), { timeout: 30_000 }).toContain(envDir);
  });
}, 420_000); // an install plus a terminal: on a loaded machine more than the default 240 s
