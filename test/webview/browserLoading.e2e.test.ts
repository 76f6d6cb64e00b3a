/**
 * How the webview loads, in Debian's chromium under the extension's real HTML and CSP: the state
 * embedded in the HTML is on screen without any host message; without it the state pushed after
 * `webview/ready` is; a 500-node graph opens at a readable zoom with only what is on screen in the
 * DOM; and the estimated node geometry matches what the browser lays out for every node type.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getNodeType } from '../../src/core/workflow/nodeTypes.js';
import { READABLE_ZOOM } from '../../src/webview/flow/initialViewport.js';
import { estimatedGeometry } from '../../src/webview/flow/nodeGeometry.js';
import { HostHarness, isEditCommand } from './support/browserHarness.js';
import { browserSuite } from './support/browserSuite.js';
import { ModelHostHarness } from './support/modelHostHarness.js';
import { generatedDocument, sampleDocument } from './support/fixtures.js';

const suite = browserSuite();

/** The zoom of the React Flow viewport on `p`. */
function viewportZoom(p: Page): Promise<number> {
  return p.evaluate(
    () => new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport') as Element).transform).a,
  );
}

/** A page whose harness host is `host`; `embed` puts the host's state into the HTML. */
async function open(host: HostHarness, embed: boolean): Promise<Page> {
  const page = await suite.newPage({ width: 1600, height: 1000 });
  await host.attach(page, embed ? suite.server : undefined);
  if (!embed) suite.server.setInitialState(undefined);
  await page.goto(suite.server.url);
  return page;
}

describe('webview loading', () => {
  it('shows the embedded state without any message from the host', async () => {
    const host = new HostHarness(sampleDocument());
    let pushes = 0;
    host.pushState = async () => void pushes++; // the host stays silent after webview/ready
    const p = await open(host, true);
    await p.locator('[data-testid="node-env"]').waitFor();
    expect(await p.locator('.react-flow__node').count()).toBe(4);
    expect(await p.locator('.pg-canvas').getAttribute('data-version')).toBe('1');
    // webview/ready says what is already on screen, so the host does not send it a second time.
    expect(host.received[0]).toEqual({
      type: 'command',
      method: 'webview/ready',
      params: { shown: { version: 1, readOnly: false } },
    });
    expect(pushes).toBe(0);
  });

  it('without an embedded state, shows the state the host pushes after webview/ready', async () => {
    const host = new HostHarness(sampleDocument());
    const p = await open(host, false);
    await p.locator('[data-testid="node-env"]').waitFor();
    expect(await p.locator('.react-flow__node').count()).toBe(4);
    expect(host.received[0]).toEqual({ type: 'command', method: 'webview/ready', params: {} });
  });

  it('ignores an embedded state that is not a valid workflow/state', async () => {
    const host = new HostHarness(sampleDocument());
    const warnings: string[] = [];
    const p = await open(host, false);
    suite.server.setInitialState(() => ({ type: 'notification', method: 'workflow/state', params: { version: 'x' } }));
    p.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    await p.reload();
    await p.locator('[data-testid="node-env"]').waitFor();
    expect(warnings.some((w) => w.includes('invalid embedded initial state'))).toBe(true);
  });

  it('opens a 500-node graph at a readable zoom with only the visible nodes and their edges in the DOM', async () => {
    const host = new HostHarness(generatedDocument(500, 600));
    const p = await open(host, true);
    await p.locator('[data-testid="node-n0"]').waitFor();
    await p.locator('.react-flow__edge').first().waitFor();
    const zoom = await viewportZoom(p);
    expect(zoom).toBeCloseTo(READABLE_ZOOM, 5);
    const rendered = await p.locator('.react-flow__node').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);
    expect(await p.locator('[data-testid="node-n499"]').count()).toBe(0);
    // Nodes fill both right-hand corners: the minimap stays hidden rather than cover them.
    const toggle = p.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Minimap' });
    await expect.poll(() => toggle.getAttribute('title')).toContain('hidden while nodes are under it');
    expect(await p.locator('.react-flow__minimap').count()).toBe(0);

    // Fit View covers nodes that were never on screen (never measured), from the controls and the toolbar.
    await p.locator('.react-flow__controls-fitview').click();
    await expect.poll(() => p.locator('.react-flow__node').count(), { timeout: 30_000 }).toBe(500);
    // The whole graph leaves the right-hand side free: the minimap shows there, with every node.
    await expect.poll(() => p.locator('.react-flow__minimap-node').count(), { timeout: 30_000 }).toBe(500);
    await p.reload();
    await p.locator('[data-testid="node-n0"]').waitFor();
    expect(await p.locator('.react-flow__node').count()).toBe(rendered);
    await p.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Fit view' }).click();
    await expect.poll(() => viewportZoom(p), { timeout: 30_000 }).toBeLessThan(0.2);
  });

  it('round-trips a drag through the extension’s text model: the text changes by the moved lines only, the edit comes back as workflow/edited', async () => {
    const host = new ModelHostHarness(generatedDocument(40, 40));
    const before = host.text.getText();
    const p = await open(host, true);
    const header = await p.locator('[data-testid="node-n1"] .pg-node-header').boundingBox();
    if (!header) throw new Error('node n1 is not on screen');
    const edit = host.next(isEditCommand);
    // By the right end of the title bar: its left part lies under the toolbar overlay at this viewport.
    const grab = { x: header.x + header.width - 30, y: header.y + header.height / 2 };
    await p.mouse.move(grab.x, grab.y);
    await p.mouse.down();
    await p.mouse.move(grab.x + 50, grab.y + 40, { steps: 5 });
    await p.mouse.up();
    await edit;
    await p.locator('.pg-canvas[data-version="2"]').waitFor();
    const moved = host.document.graph.nodes.find((n) => n.id === 'n1');
    expect(moved?.position).not.toEqual(generatedDocument(40, 40).graph.nodes[1]?.position);
    const changed = host.text
      .getText()
      .split('\n')
      .filter((line, i) => line !== before.split('\n')[i]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(3); // x, y and metadata.modified
    // The host confirmed the edit with the edits, not the document; the page replayed them.
    expect(host.sent.filter((m) => m.method === 'workflow/state' || m.method === 'workflow/edited').map((m) => m.method)).toEqual(
      ['workflow/edited'],
    );
    const shown = await p.locator('.react-flow__node[data-id="n1"]').evaluate((n: HTMLElement) => n.style.transform);
    expect(shown).toBe(`translate(${moved?.position.x}px, ${moved?.position.y}px)`);
    expect(await p.locator('.pg-canvas[data-version="2"]').count()).toBe(1);
  });

  it('estimates every registry node type’s size and handle boxes close to the browser’s layout', async () => {
    const doc = sampleDocument();
    doc.graph.nodes.push({ id: 'torch', node_type: 'pytorch-inference', position: { x: 420, y: 420 }, data: {} });
    doc.graph.nodes.push({ id: 'textgen', node_type: 'text-generation', position: { x: 900, y: 0 }, data: {} });
    const host = new HostHarness(doc);
    const p = await open(host, true);
    await p.locator('[data-testid="node-torch"]').waitFor();
    await p.locator('[data-testid="node-textgen"]').waitFor();
    const measured = await p.evaluate(() => {
      const zoom = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport') as Element).transform)
        .a;
      return [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => {
        const r = n.getBoundingClientRect();
        const handles = [...n.querySelectorAll('.react-flow__handle')].map((h) => {
          const b = h.getBoundingClientRect();
          return { id: h.getAttribute('data-handleid'), x: (b.x - r.x) / zoom, y: (b.y - r.y) / zoom };
        });
        return { id: n.dataset.id, width: r.width / zoom, height: r.height / zoom, handles };
      });
    });
    const typeOf = new Map(doc.graph.nodes.map((n) => [n.id, n.node_type]));
    expect(measured).toHaveLength(6);
    for (const node of measured) {
      const nodeType = typeOf.get(node.id ?? '') ?? '';
      const estimate = estimatedGeometry(nodeType);
      const definition = getNodeType(nodeType);
      expect(estimate.handles).toHaveLength((definition?.inputs.length ?? 0) + (definition?.outputs.length ?? 0));
      expect(Math.abs(node.width - estimate.width), `${nodeType} width`).toBeLessThanOrEqual(estimate.width * 0.1);
      expect(Math.abs(node.height - estimate.height), `${nodeType} height`).toBeLessThanOrEqual(estimate.height * 0.3);
      for (const handle of node.handles) {
        const guess = estimate.handles.find((h) => h.id === handle.id);
        expect(guess, `${nodeType}.${handle.id}`).toBeDefined();
        expect(Math.abs(handle.x - (guess?.x ?? NaN)), `${nodeType}.${handle.id} x`).toBeLessThanOrEqual(3);
        expect(Math.abs(handle.y - (guess?.y ?? NaN)), `${nodeType}.${handle.id} y`).toBeLessThanOrEqual(3);
      }
    }
  });
});
