import { describe, expect, it } from 'vitest';
import { applyWorkflowEdits } from '../../src/core/workflow/applyEdits.js';
import { copySelection, pasteEdits, PASTE_OFFSET } from '../../src/webview/flow/clipboard.js';
import { validateConnection } from '../../src/webview/flow/connectionRules.js';
import { addNodeEdit, connectionEdits, deletionEdits, moveEdits } from '../../src/webview/flow/graphEdits.js';
import { estimatedGeometry } from '../../src/webview/flow/nodeGeometry.js';
import { autoLayoutEdits } from '../../src/webview/flow/autoLayout.js';
import { generatedDocument, sampleDocument } from './support/fixtures.js';

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
