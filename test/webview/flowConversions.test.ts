import { describe, expect, it } from 'vitest';
import { applyWorkflowEdits } from '../../src/core/workflow/applyEdits.js';
import { copySelection, pasteEdits, PASTE_OFFSET } from '../../src/webview/flow/clipboard.js';
import { validateConnection } from '../../src/webview/flow/connectionRules.js';
import { addNodeEdit, connectionEdits, deletionEdits, moveEdits } from '../../src/webview/flow/graphEdits.js';
import { connectedInputs, toFlowElements } from '../../src/webview/flow/toFlowElements.js';
import { estimatedFitViewport, openingViewport, READABLE_ZOOM } from '../../src/webview/flow/initialViewport.js';
import { estimatedGeometry, PORT_PITCH } from '../../src/webview/flow/nodeGeometry.js';
import { COMPACT_ZOOM } from '../../src/webview/nodes/NodeShell.js';
import { autoLayoutEdits } from '../../src/webview/flow/autoLayout.js';
import { isUndoRedo, shortcutFor } from '../../src/webview/state/useEditorShortcuts.js';
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

describe('graph edits', () => {
  it('skips moves that change nothing', () => {
    expect(moveEdits(sampleDocument(), [{ id: 'env', position: { x: 420, y: 0 } }])).toEqual([]);
  });

  it('deletes nodes and only the edges not already removed with them', () => {
    const doc = sampleDocument();
    expect(deletionEdits(doc, ['env'], ['model-req'])).toEqual([{ kind: 'remove_node', node_id: 'env' }]);
    expect(deletionEdits(doc, [], ['model-req'])).toEqual([{ kind: 'disconnect', edge_id: 'model-req' }]);
  });

  it('replaces the edge feeding an input that is already connected', () => {
    const doc = sampleDocument();
    doc.graph.nodes.push({ id: 'model2', node_type: 'puma-lib', position: { x: 0, y: 0 }, data: {} });
    const edits = connectionEdits(doc, {
      source: 'model2',
      sourceHandle: 'dependency_requirements',
      target: 'env',
      targetHandle: 'dependency_requirements',
    });
    expect(edits.map((e) => e.kind)).toEqual(['disconnect', 'connect']);
    expect(applyWorkflowEdits(doc, edits).ok).toBe(true);
  });

  it('gives added nodes fresh ids', () => {
    const doc = sampleDocument();
    doc.graph.nodes.push({ id: 'text-input', node_type: 'text-input', position: { x: 0, y: 0 }, data: {} });
    expect(addNodeEdit(doc, 'text-input', { x: 1.2, y: 2 })).toEqual({
      kind: 'add_node',
      node: { id: 'text-input-2', node_type: 'text-input', position: { x: 1, y: 2 } },
    });
  });
});

describe('connection validation', () => {
  const doc = sampleDocument();
  it('accepts compatible ports', () => {
    expect(
      validateConnection(doc, {
        source: 'env',
        sourceHandle: 'environment_ref',
        target: 'audio',
        targetHandle: 'environment_ref',
      }),
    ).toEqual({ ok: true });
    expect(validateConnection(doc, { source: 'text', sourceHandle: 'text', target: 'audio', targetHandle: 'prompt' })).toEqual({
      ok: true,
    });
  });
  it('refuses incompatible types with a reason', () => {
    expect(
      validateConnection(doc, { source: 'model', sourceHandle: 'model_id', target: 'audio', targetHandle: 'environment_ref' }),
    ).toEqual({ ok: false, reason: 'model_id [string] cannot feed environment_ref [json]' });
  });
  it('refuses cycles, self loops and unknown ports', () => {
    expect(
      validateConnection(doc, { source: 'env', sourceHandle: 'status', target: 'env', targetHandle: 'selected_binding_ids' }),
    ).toMatchObject({ ok: false, reason: 'a node cannot feed itself' });
    expect(
      validateConnection(doc, { source: 'env', sourceHandle: 'status', target: 'model', targetHandle: 'nope' }),
    ).toMatchObject({ ok: false });
    const cyclic = sampleDocument();
    cyclic.graph.nodes.push({ id: 'env2', node_type: 'dependency-environment', position: { x: 0, y: 0 }, data: {} });
    cyclic.graph.edges.push({
      id: 'x',
      source: 'env',
      source_handle: 'status',
      target: 'env2',
      target_handle: 'dependency_requirements',
    });
    expect(
      validateConnection(cyclic, { source: 'env2', sourceHandle: 'status', target: 'env', targetHandle: 'selected_binding_ids' }),
    ).toEqual({ ok: false, reason: 'the edge would create a cycle' });
  });
});

describe('copy and paste', () => {
  it('keeps edges between copied nodes, drops edges leaving the selection, and uses new ids and offsets', () => {
    const doc = sampleDocument();
    doc.graph.edges.push({
      id: 'e2',
      source: 'env',
      source_handle: 'environment_ref',
      target: 'audio',
      target_handle: 'environment_ref',
    });
    const clip = copySelection(doc, ['model', 'env']);
    expect(clip.edges.map((e) => e.id)).toEqual(['model-req']);
    const { edits, newIds } = pasteEdits(doc, clip);
    expect(newIds).toEqual(['model-copy', 'env-copy']);
    expect(edits).toEqual([
      {
        kind: 'add_node',
        node: {
          id: 'model-copy',
          node_type: 'puma-lib',
          position: { x: PASTE_OFFSET, y: PASTE_OFFSET },
          data: { model_id: 'demo-synth' },
        },
      },
      {
        kind: 'add_node',
        node: {
          id: 'env-copy',
          node_type: 'dependency-environment',
          position: { x: 420 + PASTE_OFFSET, y: PASTE_OFFSET },
          data: { mode: 'auto', override_patches: [] },
        },
      },
      {
        kind: 'connect',
        edge: {
          source: 'model-copy',
          source_handle: 'dependency_requirements',
          target: 'env-copy',
          target_handle: 'dependency_requirements',
        },
      },
    ]);
    const pasted = applyWorkflowEdits(doc, edits);
    expect(pasted.ok).toBe(true);
    if (!pasted.ok) return;
    const again = pasteEdits(pasted.value, clip, 2);
    expect(again.newIds).toEqual(['model-copy-2', 'env-copy-2']);
    expect(applyWorkflowEdits(pasted.value, again.edits).ok).toBe(true);
  });

  it('deep-copies node data so later changes do not leak into the clipboard', () => {
    const doc = sampleDocument();
    const clip = copySelection(doc, ['model']);
    (doc.graph.nodes[0]?.data as Record<string, unknown>).model_id = 'changed';
    expect(clip.nodes[0]?.data.model_id).toBe('demo-synth');
  });
});

describe('auto-layout', () => {
  it('lays nodes out left to right along the edges in one batch of move_node edits', async () => {
    const doc = sampleDocument();
    const edits = await autoLayoutEdits(doc, new Map());
    expect(edits.every((e) => e.kind === 'move_node')).toBe(true);
    const laid = applyWorkflowEdits(doc, edits);
    if (!laid.ok) throw new Error('layout edits rejected');
    const pos = Object.fromEntries(laid.value.graph.nodes.map((n) => [n.id, n.position]));
    expect(pos.env?.x).toBeGreaterThan(pos.model?.x ?? Infinity);
    expect(await autoLayoutEdits(laid.value, new Map())).toEqual([]);
  });

  it('lays out nodes that were never measured (culled) at their type’s size, so none overlap', async () => {
    const doc = generatedDocument(40, 50);
    const laid = applyWorkflowEdits(doc, await autoLayoutEdits(doc, new Map()));
    if (!laid.ok) throw new Error('layout edits rejected');
    const boxes = laid.value.graph.nodes.map((n) => ({ id: n.id, ...n.position, ...estimatedGeometry(n.node_type) }));
    for (const a of boxes) {
      for (const b of boxes) {
        if (a.id >= b.id) continue;
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
      }
    }
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });
  it('leaves undo and redo to VS Code', () => {
    for (const e of [
      key('z', { ctrlKey: true }),
      key('Z', { ctrlKey: true, shiftKey: true }),
      key('y', { ctrlKey: true }),
      key('z', { metaKey: true }),
    ]) {
      expect(isUndoRedo(e)).toBe(true);
      expect(shortcutFor(e)).toBeNull();
    }
  });
  it('maps editing chords', () => {
    expect(shortcutFor(key('Delete'))).toBe('delete');
    expect(shortcutFor(key('Backspace'))).toBe('delete');
    expect(shortcutFor(key('c', { ctrlKey: true }))).toBe('copy');
    expect(shortcutFor(key('v', { metaKey: true }))).toBe('paste');
    expect(shortcutFor(key('d', { ctrlKey: true }))).toBe('duplicate');
    expect(shortcutFor(key('A', { shiftKey: true }))).toBe('palette');
    expect(shortcutFor(key('k', { ctrlKey: true }))).toBe('palette');
    expect(shortcutFor(key('a'))).toBeNull();
  });
});
