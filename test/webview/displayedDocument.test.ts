import { describe, expect, it } from 'vitest';
import { applyWorkflowEdits } from '../../src/core/workflow/applyEdits.js';
import type { WorkflowDocument } from '../../src/core/workflow/workflowSchema.js';
import { displayedDocument } from '../../src/webview/state/displayedDocument.js';
import { EMPTY_EDITOR_STATE } from '../../src/webview/state/editorState.js';
import type { EditorState } from '../../src/webview/state/editorState.js';
import { sampleDocument } from './support/fixtures.js';

/** The state after showing `doc` from an empty editor. */
function shown(doc: WorkflowDocument): EditorState {
  return { ...EMPTY_EDITOR_STATE, document: doc, ...displayedDocument(EMPTY_EDITOR_STATE, doc) };
}

function edited(doc: WorkflowDocument, ...edits: Parameters<typeof applyWorkflowEdits>[1]): WorkflowDocument {
  const result = applyWorkflowEdits(doc, edits);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.value;
}

describe('displayed document', () => {
  it('shows nothing for no document', () => {
    expect(displayedDocument(EMPTY_EDITOR_STATE, null)).toEqual({ nodes: [], edges: [], connectedInputs: {} });
  });

  it('keeps the arrays, the untouched nodes and the connected inputs by identity after a move', () => {
    const before = shown(sampleDocument());
    expect(before.connectedInputs).toEqual({ env: 'dependency_requirements' });
    const after = displayedDocument(
      before,
      edited(before.document!, { kind: 'move_node', node_id: 'text', position: { x: 5, y: 6 } }),
    );
    expect(after.edges).toBe(before.edges);
    expect(after.connectedInputs).toBe(before.connectedInputs);
    expect(after.nodes).not.toBe(before.nodes);
    expect(after.nodes.filter((n, i) => n === before.nodes[i]).map((n) => n.id)).toEqual(['model', 'env', 'audio']);
    expect(after.nodes[3]?.position).toEqual({ x: 5, y: 6 });
  });

  it('derives the connected inputs again when the edges change', () => {
    const before = shown(sampleDocument());
    const after = displayedDocument(before, edited(before.document!, { kind: 'disconnect', edge_id: 'model-req' }));
    expect(after.edges).toEqual([]);
    expect(after.connectedInputs).toEqual({});
  });
});
