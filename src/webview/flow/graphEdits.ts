/**
 * Canvas gestures → `WorkflowEdit`s. Pure functions over the document: the UI never changes the
 * document itself, it sends these edits to the host.
 */
import type { WorkflowEdit } from '../../core/workflow/workflowEdits.js';
import type { Position, WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import type { ConnectionAttempt } from './connectionRules.js';
import { uniqueId } from './nodeIds.js';

/**
 * `move_node` edits for dragged nodes whose position differs from the document's (rounded to
 * whole pixels so files stay tidy). Unknown ids are skipped.
 */
export function moveEdits(doc: WorkflowDocument, moved: readonly { id: string; position: Position }[]): WorkflowEdit[] {
  const edits: WorkflowEdit[] = [];
  for (const m of moved) {
    const node = doc.graph.nodes.find((n) => n.id === m.id);
    const position = { x: Math.round(m.position.x), y: Math.round(m.position.y) };
    if (node && (node.position.x !== position.x || node.position.y !== position.y))
      edits.push({ kind: 'move_node', node_id: m.id, position });
  }
  return edits;
}

/** Edits deleting the given nodes (with their edges) and edges; edges of deleted nodes are not listed twice. */
export function deletionEdits(doc: WorkflowDocument, nodeIds: readonly string[], edgeIds: readonly string[]): WorkflowEdit[] {
  const nodes = new Set(nodeIds.filter((id) => doc.graph.nodes.some((n) => n.id === id)));
  const edits: WorkflowEdit[] = [];
  for (const id of edgeIds) {
    const edge = doc.graph.edges.find((e) => e.id === id);
    if (edge && !nodes.has(edge.source) && !nodes.has(edge.target)) edits.push({ kind: 'disconnect', edge_id: id });
  }
  for (const id of nodes) edits.push({ kind: 'remove_node', node_id: id });
  return edits;
}

/** Edits for a new connection: disconnect whatever feeds the target input now, then connect. */
export function connectionEdits(
  doc: WorkflowDocument,
  attempt: Required<{ [K in keyof ConnectionAttempt]: string }>,
): WorkflowEdit[] {
  const existing = doc.graph.edges.filter((e) => e.target === attempt.target && e.target_handle === attempt.targetHandle);
  return [
    ...existing.map((e): WorkflowEdit => ({ kind: 'disconnect', edge_id: e.id })),
    {
      kind: 'connect',
      edge: {
        source: attempt.source,
        source_handle: attempt.sourceHandle,
        target: attempt.target,
        target_handle: attempt.targetHandle,
      },
    },
  ];
}

/** One `add_node` edit for a new node of `nodeType` at `position`, with a fresh id. */
export function addNodeEdit(doc: WorkflowDocument, nodeType: string, position: Position): WorkflowEdit {
  const id = uniqueId(nodeType, new Set(doc.graph.nodes.map((n) => n.id)));
  return {
    kind: 'add_node',
    node: { id, node_type: nodeType, position: { x: Math.round(position.x), y: Math.round(position.y) } },
  };
}
