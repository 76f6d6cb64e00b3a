/**
 * Journey 1: opening examples/demo.pantograph shows it in the Pantograph custom editor as a graph
 * with the Puma-Lib, Dependency Environment, text input and audio nodes and their edges.
 */
import { expect, test } from 'vitest';
import { editorTab, quickOpen, webviewFrame } from './support/browser.js';
import { copyExamples, runJourney } from './support/journey.js';

test('the demo workflow opens as a graph in the Pantograph editor', async () => {
  await runJourney('01-open-demo', { prepareWorkspace: copyExamples }, async ({ page }) => {
    await quickOpen(page, 'examples/demo.pantograph');
    await editorTab(page, 'demo.pantograph').waitFor();
    const view = webviewFrame(page);
    for (const id of ['model', 'environment', 'audio', 'prompt']) {
      await view.locator(`.react-flow__node[data-id="${id}"]`).waitFor({ timeout: 30_000 });
    }
    await expect.poll(() => view.locator('.react-flow__edge').count(), { timeout: 10_000 }).toBe(6);
    const titles = await view.locator('.react-flow__node .pg-node-title').allInnerTexts();
    expect(titles).toEqual(
      expect.arrayContaining(['Puma-Lib Model', 'Dependency Environment', 'Audio Generation', 'Text Input']),
    );
    await expect.poll(() => view.locator('[data-testid="env-state-environment"]').count()).toBe(1);
    // No text editor was opened for the file: the custom editor owns it.
    expect(await page.locator('.editor-instance .monaco-editor').count()).toBe(0);
  });
});
