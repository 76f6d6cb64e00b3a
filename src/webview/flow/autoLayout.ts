/**
 * Auto-layout: elkjs `layered`, left → right, turned into one batch of `move_node` edits. The
 * bundled elk build runs on the main thread (no worker, no `eval` of extra scripts), which keeps
 * it inside the webview's CSP. elk is imported on first use: the build splits the 1.5 MB module into
 * its own chunk (scripts/build.mjs), so an editor load neither parses nor evaluates it.
 */
import type { ELK as ElkInstance, ElkNode } from 'elkjs/lib/elk-api.js';
import type { WorkflowEdit } from '../../core/workflow/workflowEdits.js';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import { moveEdits } from './graphEdits.js';
import { estimatedGeometry } from './nodeGeometry.js';

/** Width and height of an unmeasured (culled) node: the estimate for its type. */
function nodeSize(nodeType: string): { width: number; height: number } {
  const { width, height } = estimatedGeometry(nodeType);
  return { width, height };
}

const LAYOUT_OPTIONS: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '80',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

let elk: Promise<ElkInstance> | undefined;

function loadElk(): Promise<ElkInstance> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(
    ({ default: ELK }) => new ELK(),
    (error: unknown) => {
      elk = undefined;
      throw error;
    },
  );
  return elk;
}

/**
 * Lays `doc` out and returns `move_node` edits for every node whose position changes (none when
 * the layout is already applied). The layout's top-left corner is at (0, 0). `sizes` are measured node sizes by id; nodes never on screen (culled, so never measured) count with their type's estimated size.
 */
export async function autoLayoutEdits(
  doc: WorkflowDocument,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
): Promise<WorkflowEdit[]> {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: { ...LAYOUT_OPTIONS },
    children: doc.graph.nodes.map((n) => ({ id: n.id, ...(sizes.get(n.id) ?? nodeSize(n.node_type)) })),
    edges: doc.graph.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const laid = await (await loadElk()).layout(graph);
  const minY = Math.min(...(laid.children ?? []).map((c) => c.y ?? 0));
  const minX = Math.min(...(laid.children ?? []).map((c) => c.x ?? 0));
  return moveEdits(
    doc,
    (laid.children ?? []).map((c) => ({ id: c.id, position: { x: (c.x ?? 0) - minX, y: (c.y ?? 0) - minY } })),
  );
}
