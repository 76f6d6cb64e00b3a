/**
 * Journey 4: editing in the graph goes through VS Code's document: adding a node from the palette
 * and connecting it makes the tab dirty; Ctrl+Z undoes both, redo brings them back, Ctrl+S saves
 * and the file on disk equals the graph. Then a change made to the file on disk by another
 * program shows up in the graph.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { editorTab } from './support/browser.js';
import { copyExamples, runJourney } from './support/journey.js';
import { openWorkflow } from './support/workflow.js';

interface FileGraph {
  graph: {
    nodes: { id: string; node_type: string; data: Record<string, unknown> }[];
    edges: { source: string; target: string; source_handle: string; target_handle: string }[];
  };
}

async function nodeIds(view: FrameLocator): Promise<string[]> {
  const ids = await view.locator('.react-flow__node').evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
  return ids.sort();
}

/** The box of `locator` once it stopped moving (two animation frames apart), e.g. after Fit view's animation. */
async function settledBox(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const deadline = Date.now() + 10_000;
  let previous = await locator.boundingBox();
  for (;;) {
    await locator.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    const current = await locator.boundingBox();
    if (current && previous && current.x === previous.x && current.y === previous.y && current.width === previous.width)
      return current;
    if (Date.now() > deadline) throw new Error('element kept moving');
    previous = current;
  }
}

async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await settledBox(from);
  const b = await settledBox(to);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

test('graph edits are undoable, saved to disk, and the graph follows the file', async () => {
  await runJourney('05-edit', { prepareWorkspace: copyExamples }, async ({ page, server }) => {
    const file = join(server.workspace, 'examples', 'demo.pantograph');
    const view = await openWorkflow(page);
    const tab = editorTab(page, 'demo.pantograph');
    const before = await nodeIds(view);
    expect(before).toEqual(['audio', 'environment', 'model', 'prompt']);
    await expect.poll(() => view.locator('.react-flow__edge').count()).toBe(6);

    // Add an Audio Generation node from the palette.
    await view.locator('.pg-toolbar').getByRole('button', { name: 'Add node' }).click();
    const search = view.locator('.pg-palette input');
    await search.fill('Audio Generation');
    await view.locator('.pg-palette [role="option"]', { hasText: 'Audio Generation' }).first().waitFor();
    await search.press('Enter');
    await expect.poll(() => nodeIds(view), { timeout: 10_000 }).toHaveLength(5);
    const added = (await nodeIds(view)).find((id) => !before.includes(id)) as string;
    await expect.poll(() => tab.getAttribute('class')).toContain('dirty');

    // Connect environment.environment_ref → <added>.environment_ref.
    await view.locator('.pg-toolbar').getByRole('button', { name: 'Fit view' }).click();
    const source = view.locator(
      '.react-flow__node[data-id="environment"] .react-flow__handle.source[data-handleid="environment_ref"]',
    );
    const target = view.locator(
      `.react-flow__node[data-id="${added}"] .react-flow__handle.target[data-handleid="environment_ref"]`,
    );
    await drag(page, source, target);
    await expect.poll(() => view.locator('.react-flow__edge').count(), { timeout: 10_000 }).toBe(7);

    // Undo both edits with VS Code's undo (focus in the webview), then redo them.
    await view.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Z');
    await expect.poll(() => view.locator('.react-flow__edge').count(), { timeout: 10_000 }).toBe(6);
    if ((await nodeIds(view)).length === 5) await page.keyboard.press('Control+Z');
    await expect.poll(() => nodeIds(view), { timeout: 10_000 }).toEqual(before);
    await expect.poll(() => tab.getAttribute('class'), { timeout: 10_000 }).not.toContain('dirty');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => nodeIds(view), { timeout: 10_000 }).toHaveLength(5);
    if ((await view.locator('.react-flow__edge').count()) === 6) await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => view.locator('.react-flow__edge').count(), { timeout: 10_000 }).toBe(7);
    await expect.poll(() => tab.getAttribute('class')).toContain('dirty');

    // Save: the file on disk equals the graph.
    await page.keyboard.press('Control+S');
    await expect.poll(() => tab.getAttribute('class'), { timeout: 10_000 }).not.toContain('dirty');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as FileGraph;
    expect(saved.graph.nodes.map((n) => n.id).sort()).toEqual(await nodeIds(view));
    expect(saved.graph.edges).toHaveLength(7);
    expect(saved.graph.edges).toContainEqual(
      expect.objectContaining({
        source: 'environment',
        source_handle: 'environment_ref',
        target: added,
        target_handle: 'environment_ref',
      }),
    );

    // Another program changes the file: the graph follows.
    saved.graph.nodes = saved.graph.nodes.filter((n) => n.id !== added);
    saved.graph.edges = saved.graph.edges.filter((e) => e.target !== added && e.source !== added);
    const prompt = saved.graph.nodes.find((n) => n.id === 'prompt');
    if (prompt) prompt.data = { ...prompt.data, text: 'changed on disk' };
    writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
    await expect.poll(() => nodeIds(view), { timeout: 20_000 }).toEqual(before);
    await expect.poll(() => view.locator('.react-flow__edge').count()).toBe(6);
    await expect
      .poll(
        () =>
          view
            .locator('.react-flow__node[data-id="prompt"] textarea, .react-flow__node[data-id="prompt"] input')
            .first()
            .inputValue(),
        { timeout: 10_000 },
      )
      .toBe('changed on disk');
  });
});
