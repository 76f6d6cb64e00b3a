/**
 * End to end in Debian's chromium, editing the canvas: the real webview bundle against a harness
 * host that speaks the real protocol renders the document, adds nodes from the palette, connects
 * and refuses connections, copies and pastes, lays out and drags nodes. Screenshots of key states
 * go to test-results/webview/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { isEditCommand } from './support/browserHarness.js';
import type { HostHarness } from './support/browserHarness.js';
import { browserSuite } from './support/browserSuite.js';
import { openSampleDocument, screenshotFolder } from './support/sampleDocumentPage.js';

const suite = browserSuite();
const shots = screenshotFolder();
let page: Page;
let host: HostHarness;

beforeEach(async () => {
  ({ page, host } = await openSampleDocument(suite));
});

function handle(nodeId: string, port: string, kind: 'source' | 'target'): ReturnType<Page['locator']> {
  return page.locator(`.react-flow__handle.${kind}[data-nodeid="${nodeId}"][data-handleid="${port}"]`);
}

async function dragBetween(from: ReturnType<Page['locator']>, to: ReturnType<Page['locator']>): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('handle not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}

describe('webview in chromium', () => {
  it('renders the host document and posts webview/ready first', async () => {
    expect(host.received[0]).toMatchObject({ type: 'command', method: 'webview/ready' });
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(4);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(shots, 'initial.png') });
  });

  it('adds nodes from the palette (double-click and Shift+A)', async () => {
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no pane');
    await page.mouse.dblclick(pane.x + pane.width * 0.55, pane.y + pane.height - 40);
    await page.keyboard.type('text input');
    await page.screenshot({ path: path.join(shots, 'palette.png') });
    let edit = host.next(isEditCommand);
    await page.keyboard.press('Enter');
    await edit;
    await page.locator('[data-testid="node-text-input"]').waitFor();
    await page.mouse.move(pane.x + pane.width * 0.4, pane.y + pane.height - 40);
    await page.keyboard.press('Shift+A');
    await page.keyboard.type('pytorch');
    edit = host.next(isEditCommand);
    await page.keyboard.press('Enter');
    await edit;
    await page.locator('[data-testid="node-pytorch-inference"]').waitFor();
    expect(host.document.graph.nodes.map((n) => n.node_type)).toEqual([
      'puma-lib',
      'dependency-environment',
      'audio-generation',
      'text-input',
      'text-input',
      'pytorch-inference',
    ]);
  });

  it('connects two compatible ports', async () => {
    const edit = host.next(isEditCommand);
    await dragBetween(handle('env', 'environment_ref', 'source'), handle('audio', 'environment_ref', 'target'));
    expect(await edit).toMatchObject({
      params: {
        baseVersion: 1,
        edits: [
          {
            kind: 'connect',
            edge: { source: 'env', source_handle: 'environment_ref', target: 'audio', target_handle: 'environment_ref' },
          },
        ],
      },
    });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    expect(host.document.graph.edges).toHaveLength(2);
    await page.screenshot({ path: path.join(shots, 'connected.png') });
  });

  it('refuses an incompatible connection live and says why', async () => {
    await dragBetween(handle('model', 'model_id', 'source'), handle('audio', 'environment_ref', 'target'));
    await expect
      .poll(() => page.getByTestId('toast').textContent())
      .toContain('model_id [string] cannot feed environment_ref [json]');
    await page.screenshot({ path: path.join(shots, 'refused-connection.png') });
    expect(host.edits()).toEqual([]);
    expect(host.document.graph.edges).toHaveLength(1);
  });

  it('copies and pastes nodes with the edge between them, then undo is left to VS Code', async () => {
    await page.locator('[data-testid="node-model"] .pg-node-header').click();
    await page.locator('[data-testid="node-env"] .pg-node-header').click({ modifiers: ['Control'] });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(2);
    await page.keyboard.press('Control+c');
    const edit = host.next(isEditCommand);
    await page.keyboard.press('Control+v');
    const pasted = await edit;
    expect(pasted).toMatchObject({
      params: {
        edits: [
          { kind: 'add_node', node: { id: 'model-copy' } },
          { kind: 'add_node', node: { id: 'env-copy' } },
          { kind: 'connect', edge: { source: 'model-copy', target: 'env-copy' } },
        ],
      },
    });
    await page.locator('[data-testid="node-env-copy"]').waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await page.screenshot({ path: path.join(shots, 'pasted.png') });

    const sentBefore = host.received.length;
    const prevented = await page.evaluate(() => {
      const results: boolean[] = [];
      for (const init of [
        { key: 'z', ctrlKey: true },
        { key: 'Z', ctrlKey: true, shiftKey: true },
        { key: 'y', ctrlKey: true },
      ]) {
        const event = new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true });
        document.querySelector('.react-flow__pane')?.dispatchEvent(event);
        results.push(event.defaultPrevented);
      }
      return results;
    });
    await page.keyboard.press('Control+z');
    expect(prevented).toEqual([false, false, false]);
    expect(host.received.length).toBe(sentBefore);
    await host.undo();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4);
    await host.redo();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(6);
  });

  it('auto-layout sends one batch of move_node edits', async () => {
    const edit = host.next(isEditCommand);
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    const batch = await edit;
    expect(
      batch.type === 'command' &&
        batch.method === 'workflow/edits/apply' &&
        batch.params.edits.every((e) => e.kind === 'move_node'),
    ).toBe(true);
    expect(host.edits()).toHaveLength(1);
    const env = host.document.graph.nodes.find((n) => n.id === 'env');
    const model = host.document.graph.nodes.find((n) => n.id === 'model');
    expect(env && model && env.position.x > model.position.x).toBe(true);
    await page.locator(`.pg-canvas[data-version="${host.version}"]`).waitFor();
    await page.screenshot({ path: path.join(shots, 'auto-layout.png') });
  });

  it('drags a node and sends move_node on drag stop', async () => {
    const header = await page.locator('[data-testid="node-text"] .pg-node-header').boundingBox();
    if (!header) throw new Error('no header');
    const edit = host.next(isEditCommand);
    await page.mouse.move(header.x + 20, header.y + header.height / 2);
    await page.mouse.down();
    await page.mouse.move(header.x + 80, header.y + 60, { steps: 8 });
    await page.mouse.up();
    expect(await edit).toMatchObject({ params: { edits: [{ kind: 'move_node', node_id: 'text' }] } });
    expect(host.edits()).toHaveLength(1);
  });
});
