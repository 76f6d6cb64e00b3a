import { describe, expect, it } from 'vitest';
import { applyWorkflowEdits } from '../../src/core/workflow/applyEdits.js';
import { moveEdits } from '../../src/webview/flow/graphEdits.js';
import { connectedInputs, toFlowElements } from '../../src/webview/flow/toFlowElements.js';
import { estimatedFitViewport, openingViewport, READABLE_ZOOM } from '../../src/webview/flow/initialViewport.js';
import { estimatedGeometry, PORT_PITCH } from '../../src/webview/flow/nodeGeometry.js';
import { COMPACT_ZOOM } from '../../src/webview/nodes/NodeShell.js';
import { generatedDocument, sampleDocument } from './support/fixtures.js';

describe('toFlowElements', () => {
  it('maps nodes and edges and keeps only UI state from the previous flow nodes', () => {
    const doc = sampleDocument();
    const first = toFlowElements(doc);
    expect(first.nodes.map((n) => [n.id, n.type])).toEqual([
      ['model', 'puma-lib'],
      ['env', 'dependency-environment'],
      ['audio', 'audio-generation'],
      ['text', 'text-input'],
    ]);
    expect(first.edges[0]).toMatchObject({
      id: 'model-req',
      source: 'model',
      sourceHandle: 'dependency_requirements',
      target: 'env',
      targetHandle: 'dependency_requirements',
      className: 'pg-edge pg-edge-json',
    });
    const previous = {
      nodes: first.nodes.map((n) =>
        n.id === 'env' ? { ...n, selected: true, measured: { width: 300, height: 200 }, position: { x: 999, y: 999 } } : n,
      ),
      edges: first.edges,
    };
    const second = toFlowElements(doc, previous);
    const env = second.nodes.find((n) => n.id === 'env');
    expect(env).toMatchObject({ selected: true, measured: { width: 300, height: 200 }, position: { x: 420, y: 0 } });
  });

  it('keeps unchanged nodes and edges by identity across host states (React Flow skips them)', () => {
    const doc = sampleDocument();
    const first = toFlowElements(doc);
    const moved = applyWorkflowEdits(doc, [{ kind: 'move_node', node_id: 'env', position: { x: 1, y: 2 } }]);
    if (!moved.ok) throw new Error('move failed');
    const second = toFlowElements(structuredClone(moved.value), first);
    expect(second.nodes[0]).toBe(first.nodes[0]);
    expect(second.nodes[1]).not.toBe(first.nodes[1]);
    expect(second.edges[0]).toBe(first.edges[0]);
    expect(second.edges).toBe(first.edges);
    expect(second.nodes).not.toBe(first.nodes);
    expect(moved.value.graph.nodes[0]).toBe(doc.graph.nodes[0]);
    const again = toFlowElements(structuredClone(moved.value), second);
    expect(again.nodes).toBe(second.nodes);
    expect(toFlowElements(sampleDocument(), { nodes: first.nodes, edges: [] }).edges).not.toBe(first.edges);
  });

  it('gives unmeasured nodes their estimated size and handle boxes, so React Flow can cull them and draw their edges', () => {
    const doc = sampleDocument();
    doc.graph.nodes.push({ id: 'x', node_type: 'future-node', position: { x: 0, y: 0 }, data: {} });
    const { nodes } = toFlowElements(doc);
    const env = nodes.find((n) => n.id === 'env');
    expect(env).toMatchObject({
      initialWidth: estimatedGeometry('dependency-environment').width,
      initialHeight: estimatedGeometry('dependency-environment').height,
    });
    expect(env?.handles?.map((h) => `${h.type}:${h.id}`)).toEqual([
      'target:dependency_requirements',
      'target:selected_binding_ids',
      'target:mode',
      'source:environment_ref',
      'source:resolved_dependency_requirements',
      'source:status',
    ]);
    const [first, second] = env?.handles ?? [];
    expect(second && first && second.y - first.y).toBe(PORT_PITCH);
    expect(nodes.find((n) => n.id === 'x')?.handles).toEqual([]);
    expect(nodes.find((n) => n.id === 'model')?.handles).toBe(estimatedGeometry('puma-lib').handles);
  });

  it('indexes connected input ports by node', () => {
    expect(connectedInputs(sampleDocument())).toEqual({ env: 'dependency_requirements' });
    expect(connectedInputs(generatedDocument(4, 10))).toEqual({ n1: 'prompt|model_path', n3: 'prompt|model_path|duration' });
  });

  it('opens a graph that fits at a readable zoom fitted, and a huge one at a readable zoom on its top-left corner', () => {
    const small = openingViewport(sampleDocument(), 1600, 1000, 0.1, 2);
    expect(small?.fit).toBe(true);
    expect(small?.viewport.zoom).toBeGreaterThan(COMPACT_ZOOM);
    expect(small?.viewport).toEqual(estimatedFitViewport(sampleDocument(), 1600, 1000, 0.1, 2));
    const big = generatedDocument(500, 600);
    expect(estimatedFitViewport(big, 1600, 1000, 0.1, 2)?.zoom).toBeLessThan(COMPACT_ZOOM);
    const opening = openingViewport(big, 1600, 1000, 0.1, 2);
    expect(opening).toEqual({ fit: false, viewport: { x: 24, y: 24, zoom: READABLE_ZOOM } });
    expect(READABLE_ZOOM).toBeGreaterThan(COMPACT_ZOOM);
    const shifted = {
      ...big,
      graph: {
        ...big.graph,
        nodes: big.graph.nodes.map((n) => ({ ...n, position: { x: n.position.x - 1000, y: n.position.y + 200 } })),
      },
    };
    expect(openingViewport(shifted, 1600, 1000, 0.1, 2)?.viewport).toEqual({
      x: 24 + 1000 * READABLE_ZOOM,
      y: 24 - 200 * READABLE_ZOOM,
      zoom: READABLE_ZOOM,
    });
    expect(openingViewport({ ...sampleDocument(), graph: { nodes: [], edges: [] } }, 1600, 1000, 0.1, 2)).toBeUndefined();
    expect(openingViewport(sampleDocument(), 0, 1000, 0.1, 2)).toBeUndefined();
  });

  it('renders unknown node types with the fallback component', () => {
    const doc = sampleDocument();
    doc.graph.nodes.push({ id: 'x', node_type: 'future-node', position: { x: 0, y: 0 }, data: {} });
    expect(toFlowElements(doc).nodes.at(-1)).toMatchObject({ type: 'unknown', data: { nodeType: 'future-node' } });
  });

  it('never lets UI fields reach the document through edits', () => {
    const doc = sampleDocument();
    const edits = moveEdits(doc, [{ id: 'env', position: { x: 10.4, y: 20.6 } }]);
    expect(edits).toEqual([{ kind: 'move_node', node_id: 'env', position: { x: 10, y: 21 } }]);
    const next = applyWorkflowEdits(doc, edits);
    expect(next.ok && Object.keys(next.value.graph.nodes[1] ?? {})).toEqual(['id', 'node_type', 'position', 'data']);
  });
});
