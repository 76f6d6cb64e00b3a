import { describe, expect, it } from 'vitest';
import { openingViewport } from '../../src/webview/flow/initialViewport.js';
import { OPENING_MARGIN, openingElements } from '../../src/webview/flow/openingElements.js';
import { toFlowElements } from '../../src/webview/flow/toFlowElements.js';
import type { WorkflowFlowNode } from '../../src/webview/flow/toFlowElements.js';
import { generatedDocument, sampleDocument } from './support/fixtures.js';

const PANE = { width: 1600, height: 1000 };

/** The screen rectangle of `node` at `viewport` (estimated or measured size). */
function onScreen(node: WorkflowFlowNode, v: { x: number; y: number; zoom: number }) {
  const width = node.measured?.width ?? node.initialWidth ?? 0;
  const height = node.measured?.height ?? node.initialHeight ?? 0;
  const left = node.position.x * v.zoom + v.x;
  const top = node.position.y * v.zoom + v.y;
  return { left, top, right: left + width * v.zoom, bottom: top + height * v.zoom };
}

describe('openingElements', () => {
  const doc = generatedDocument(500, 600);
  const flow = toFlowElements(doc);
  const opening = openingViewport(doc, PANE.width, PANE.height, 0.1, 2);

  it('keeps every node in (or near) the opening view of a huge graph, the edges reaching it and their ends', () => {
    expect(opening?.fit).toBe(false);
    const viewport = opening!.viewport;
    const part = openingElements(flow, viewport, PANE.width, PANE.height);
    expect(part.nodes.length).toBeLessThan(100);
    const kept = new Set(part.nodes.map((n) => n.id));
    for (const node of flow.nodes) {
      const r = onScreen(node, viewport);
      const inView = r.left < PANE.width && r.right > 0 && r.top < PANE.height && r.bottom > 0;
      if (inView) expect(kept.has(node.id)).toBe(true);
      const far =
        r.left > PANE.width + OPENING_MARGIN ||
        r.right < -OPENING_MARGIN ||
        r.top > PANE.height + OPENING_MARGIN ||
        r.bottom < -OPENING_MARGIN;
      const connectedToKept = flow.edges.some(
        (e) => (e.source === node.id && kept.has(e.target)) || (e.target === node.id && kept.has(e.source)),
      );
      if (far && !connectedToKept) expect(kept.has(node.id)).toBe(false);
    }
    // Every edge between two nodes in view is there, with both its ends: React Flow can draw it.
    for (const edge of flow.edges) {
      const bothInView = [edge.source, edge.target].every((id) => {
        const r = onScreen(
          flow.nodes.find((n) => n.id === id)!,
          viewport,
        );
        return r.left < PANE.width && r.right > 0 && r.top < PANE.height && r.bottom > 0;
      });
      if (bothInView) expect(part.edges).toContain(edge);
    }
    for (const edge of part.edges) expect(kept.has(edge.source) && kept.has(edge.target)).toBe(true);
    // Same objects, in the document's order.
    expect(part.nodes.every((n) => flow.nodes.includes(n))).toBe(true);
    expect(part.nodes.map((n) => flow.nodes.indexOf(n))).toEqual(
      [...part.nodes.map((n) => flow.nodes.indexOf(n))].sort((a, b) => a - b),
    );
  });

  it('keeps an edge whose ends are both off screen when it crosses the view, with both ends', () => {
    const nodes = [
      { id: 'a', position: { x: -5000, y: 100 }, data: { nodeType: 'x', data: {} }, initialWidth: 100, initialHeight: 50 },
      { id: 'b', position: { x: 5000, y: 100 }, data: { nodeType: 'x', data: {} }, initialWidth: 100, initialHeight: 50 },
      { id: 'c', position: { x: 9000, y: 9000 }, data: { nodeType: 'x', data: {} }, initialWidth: 100, initialHeight: 50 },
    ] as WorkflowFlowNode[];
    const edges = [
      { id: 'ab', source: 'a', target: 'b' },
      { id: 'bc', source: 'b', target: 'c' },
    ];
    const part = openingElements({ nodes, edges }, { x: 0, y: 0, zoom: 1 }, 800, 600);
    expect(part.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(part.edges.map((e) => e.id)).toEqual(['ab']);
  });

  it('gives back the same elements when everything is in view (a graph that fits)', () => {
    const small = toFlowElements(sampleDocument());
    expect(openingElements(small, { x: 0, y: 0, zoom: 0.5 }, PANE.width, PANE.height)).toBe(small);
    expect(openingElements(small, { x: 0, y: 0, zoom: 0.5 }, 0, 0)).toBe(small);
  });
});
