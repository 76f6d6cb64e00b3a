/**
 * Journey 7: a `.pantograph` file that is not valid JSON opens to the error view (not a blank
 * canvas), and its "Open as text" button opens a text editor tab showing the raw file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { quickOpen, webviewFrame } from './support/browser.js';
import { runJourney } from './support/journey.js';

const BROKEN = '{\n  "version": 1,\n  "graph": { "nodes": [ { "id": "a", \n';

test('a broken workflow opens to the error view and "Open as text" shows the raw JSON', async () => {
  await runJourney(
    '02-broken-file',
    { prepareWorkspace: (ws) => writeFileSync(join(ws, 'broken.pantograph'), BROKEN) },
    async ({ page }) => {
      await quickOpen(page, 'broken.pantograph');
      const view = webviewFrame(page);
      const errorView = view.locator('.pg-error-view');
      await errorView.waitFor({ timeout: 30_000 });
      await expect.poll(() => errorView.locator('h2').innerText()).toContain('cannot be shown as a graph');
      expect(await errorView.locator('li').count()).toBeGreaterThan(0);
      expect(await view.locator('.react-flow__node').count()).toBe(0);

      await errorView.getByRole('button', { name: 'Open as text' }).click();
      const textEditor = page.locator('.editor-instance .monaco-editor .view-lines').first();
      await textEditor.waitFor({ timeout: 20_000 });
      // Monaco renders spaces as U+00A0.
      await expect
        .poll(async () => (await textEditor.innerText()).replace(/\u00a0/g, ' '), { timeout: 10_000 })
        .toContain('"version": 1');
      const activeTab = page.locator('.tabs-container .tab.active');
      await expect.poll(() => activeTab.innerText()).toContain('broken.pantograph');
    },
  );
});
