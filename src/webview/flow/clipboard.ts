/**
 * Copy, paste and duplicate as data. The clipboard holds durable workflow nodes and the edges
 * between them (edges leaving the selection are dropped); pasting yields `add_node` + `connect`
 * edits with fresh ids and offset positions. Pure.
 */
import type { WorkflowEdit } from '../../core/workflow/workflowEdits.js';
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '../../core/workflow/workflowSchema.js';
import { uniqueId } from './nodeIds.js';

/** What Ctrl+C keeps. */
export interface ClipboardContent {
  readonly nodes: readonly WorkflowNode[];
  readonly edges: readonly WorkflowEdge[];
}

/** How far a paste is shifted from the copied nodes, in flow units. */
export const PASTE_OFFSET = 40;

/** The selected nodes and every edge whose both ends are selected. Deep-copied. */
export function copySelection(doc: WorkflowDocument, nodeIds: readonly string[]): ClipboardContent {
  const ids = new Set(nodeIds);
  const nodes = doc.graph.nodes.filter((n) => ids.has(n.id));
  const edges = doc.graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return structuredClone({ nodes, edges });
}

/**
 * Edits that paste `clip` into `doc`: each node gets a new id (`<old>-copy`, `<old>-copy-2`, …)
 * and is shifted by `offset` (default {@link PASTE_OFFSET} × `times`); copied edges are
 * reconnected between the new nodes. Also returns the new ids (to select them).
 * @example pasteEdits(doc, copySelection(doc, ['a', 'b'])).edits.map((e) => e.kind) // ['add_node','add_node','connect']
 */
export function pasteEdits(
  doc: WorkflowDocument,
  clip: ClipboardContent,
  times = 1,
): { edits: WorkflowEdit[]; newIds: string[] } {
  const taken = new Set(doc.graph.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  const offset = PASTE_OFFSET * times;
  const edits: WorkflowEdit[] = clip.nodes.map((n) => {
    const id = uniqueId(`${n.id}-copy`, taken);
    rename.set(n.id, id);
    return {
      kind: 'add_node',
      node: {
        id,
        node_type: n.node_type,
        position: { x: n.position.x + offset, y: n.position.y + offset },
        data: structuredClone(n.data),
      },
    };
  });
  for (const e of clip.edges) {
    const source = rename.get(e.source);
    const target = rename.get(e.target);
    if (source && target)
      edits.push({ kind: 'connect', edge: { source, source_handle: e.source_handle, target, target_handle: e.target_handle } });
  }
  return { edits, newIds: [...rename.values()] };
}
