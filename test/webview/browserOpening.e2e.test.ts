/**
 * The first frame of a big graph, in Debian's chromium under the extension's real HTML and CSP:
 * every node of the opening view is in it, placed, at its natural size, with its edges drawn
 * (React Flow gets only that part of the graph until the page is first idle, see
 * `flow/openingElements.ts`), and the whole graph is React Flow's once the page is idle — no
 * gesture needed — or as soon as the page is resized.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../src/core/workflow/workflowSchema.js';
import { openingViewport } from '../../src/webview/flow/initialViewport.js';
import { estimatedGeometry } from '../../src/webview/flow/nodeGeometry.js';
import { HostHarness } from './support/browserHarness.js';
import { browserSuite } from './support/browserSuite.js';
import { generatedDocument } from './support/fixtures.js';

const PANE = { width: 1600, height: 1000 };

const suite = browserSuite();

interface FirstFrame {
  readonly nodes: { id: string; transform: string; width: number; height: number; inlineSize: string; hidden: boolean }[];
  readonly edges: string[];
  readonly paths: number;
}

/** Records, in the first animation frame with a node in the DOM, what that frame shows. */
const FIRST_FRAME_PROBE = `(function probe() {
  const nodes = [...document.querySelectorAll('.react-flow__node')];
  if (nodes.length === 0) return void requestAnimationFrame(probe);
  window.__firstFrame = {
    nodes: nodes.map((n) => ({ id: n.getAttribute('data-id'), transform: n.style.transform, width: n.offsetWidth,
      height: n.offsetHeight, inlineSize: n.style.width + n.style.height, hidden: n.style.visibility === 'hidden' })),
    edges: [...document.querySelectorAll('.react-flow__edge')].map((e) => e.getAttribute('data-id')),
    paths: document.querySelectorAll('.react-flow__edge path.react-flow__edge-path').length,
  };
})();`;

/** Holds the page's first idle back for good, so the opening phase lasts until something ends it. */
const NEVER_IDLE = `window.requestIdleCallback = () => 0; window.cancelIdleCallback = () => undefined;`;

async function openWithProbe(doc: WorkflowDocument, options: { neverIdle?: boolean } = {}): Promise<Page> {
  const page = await suite.newPage(PANE);
  await new HostHarness(doc).attach(page, suite.server);
  if (options.neverIdle) await page.addInitScript(NEVER_IDLE);
  await page.addInitScript(FIRST_FRAME_PROBE);
  await page.goto(suite.server.url);
  await page.waitForFunction(() => (window as { __firstFrame?: unknown }).__firstFrame !== undefined);
  return page;
}

/** Ids of the nodes of `doc` that lie (by their estimated size) in the opening view. */
function inOpeningView(doc: WorkflowDocument): Set<string> {
  const opening = openingViewport(doc, PANE.width, PANE.height, 0.1, 2);
  if (!opening || opening.fit) throw new Error('the graph should open on its corner, not fitted');
  const { x, y, zoom } = opening.viewport;
  const ids = doc.graph.nodes
    .filter((n) => {
      const { width, height } = estimatedGeometry(n.node_type);
      const left = n.position.x * zoom + x;
      const top = n.position.y * zoom + y;
      return left < PANE.width && left + width * zoom > 0 && top < PANE.height && top + height * zoom > 0;
    })
    .map((n) => n.id);
  return new Set(ids);
}

describe('opening a 500-node graph', () => {
  it('shows every node of the opening view in the first frame, placed at its natural size, with its edges drawn', async () => {
    const doc = generatedDocument(500, 600);
    const p = await openWithProbe(doc);
    const frame = (await p.evaluate(() => (window as { __firstFrame?: unknown }).__firstFrame)) as FirstFrame;
    const expected = inOpeningView(doc);
    expect(expected.size).toBeGreaterThan(10);
    const shown = new Map(frame.nodes.map((n) => [n.id, n]));
    for (const id of expected) {
      const node = shown.get(id);
      expect(node, `node ${id} in the first frame`).toBeDefined();
      const { position } = doc.graph.nodes.find((n) => n.id === id)!;
      expect(node?.transform).toBe(`translate(${position.x}px, ${position.y}px)`);
      expect(node?.hidden).toBe(false);
      // Laid out by the browser, not held at an estimate by inline sizes.
      expect(node?.inlineSize).toBe('');
      expect(node?.width).toBeGreaterThan(100);
      expect(node?.height).toBeGreaterThan(100);
    }
    // Nothing far outside the view is rendered.
    expect(frame.nodes.length).toBeLessThan(expected.size + 15);
    // Every edge between two nodes of the view is drawn in that frame.
    const between = doc.graph.edges.filter((e) => expected.has(e.source) && expected.has(e.target)).map((e) => e.id);
    expect(between.length).toBeGreaterThan(10);
    for (const id of between) expect(frame.edges, `edge ${id} in the first frame`).toContain(id);
    expect(frame.paths).toBe(frame.edges.length);
    // Sizes in that frame are those the nodes keep once their controls are real (at first idle):
    // the static previews of the first frame have the controls' sizes, so nothing grows or moves.
    await p.locator('[data-testid="node-n0"] vscode-textarea').waitFor();
    await p.locator('[data-testid="node-n1"] vscode-button').first().waitFor();
    const later = await p.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map(
        (n) => [n.dataset['id'], [n.offsetWidth, n.offsetHeight]] as const,
      ),
    );
    for (const [id, size] of later) {
      const first = shown.get(id!);
      if (first) expect(size, `size of ${id}`).toEqual([first.width, first.height]);
    }
  });

  it('hands React Flow the whole graph when the page is resized before it is idle: nodes the larger view shows appear', async () => {
    const doc = generatedDocument(500, 600);
    const p = await openWithProbe(doc, { neverIdle: true });
    const opening = inOpeningView(doc);
    // A node well right of the opening view (and its 200 px margin) that a wider page shows.
    const far = doc.graph.nodes.find((n) => n.position.y === 0 && n.position.x === 340 * 11)!;
    expect(opening.has(far.id)).toBe(false);
    const farNode = p.locator(`.react-flow__node[data-id="${far.id}"]`);
    await p.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await farNode.count()).toBe(0);
    await p.setViewportSize({ width: 3400, height: PANE.height });
    await farNode.waitFor({ timeout: 10_000 });
    expect(await farNode.isVisible()).toBe(true);
  });

  it('hands React Flow the whole graph once the page is idle, without a gesture: the minimap draws all 500 nodes', async () => {
    // One long column: the opening view's right-hand corners are free, so the minimap shows.
    const doc = generatedDocument(500, 600);
    doc.graph.nodes.forEach((n, i) => (n.position = { x: 0, y: i * 600 }));
    const p = await openWithProbe(doc);
    const frame = (await p.evaluate(() => (window as { __firstFrame?: unknown }).__firstFrame)) as FirstFrame;
    expect(frame.nodes.length).toBeLessThan(10);
    await expect.poll(() => p.locator('.react-flow__minimap-node').count(), { timeout: 30_000 }).toBe(500);
  });
});
