/**
 * {@link WorkflowDocument} → `.pantograph` text with a stable layout, so that changing one field
 * changes one line. Pure; browser-safe.
 */
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from './workflowSchema.js';

const TOP_LEVEL_ORDER = ['version', 'metadata', 'graph', 'viewport'];
const METADATA_ORDER = ['name', 'description', 'created', 'modified'];

/** Plain objects get their keys sorted (recursively); arrays keep their order. */
function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, sortKeysDeep(record[k])]),
  );
}

/** Known keys first in `order`, then any others sorted; `undefined` values dropped. */
function ordered(
  record: Readonly<Record<string, unknown>>,
  order: readonly string[],
  mapKnown: (key: string, v: unknown) => unknown = (_k, v) => v,
): Record<string, unknown> {
  const known = order.filter((k) => record[k] !== undefined).map((k) => [k, mapKnown(k, record[k])] as const);
  const extra = Object.keys(record)
    .filter((k) => !order.includes(k) && record[k] !== undefined)
    .sort()
    .map((k) => [k, sortKeysDeep(record[k])] as const);
  return Object.fromEntries([...known, ...extra]);
}

function canonicalNode(node: WorkflowNode): Record<string, unknown> {
  return {
    id: node.id,
    node_type: node.node_type,
    position: { x: node.position.x, y: node.position.y },
    data: sortKeysDeep(node.data),
  };
}

function canonicalEdge(edge: WorkflowEdge): Record<string, unknown> {
  return {
    id: edge.id,
    source: edge.source,
    source_handle: edge.source_handle,
    target: edge.target,
    target_handle: edge.target_handle,
  };
}

/**
 * Serializes a workflow deterministically: keys in the order version, metadata (name,
 * description, created, modified, then extras sorted), graph {nodes, edges}, viewport {x, y, zoom},
 * then unknown top-level fields sorted; each node as id, node_type, position {x, y}, data (keys
 * sorted recursively); each edge as id, source, source_handle, target, target_handle. 2-space
 * indent, one field per line, trailing newline. `parseWorkflowText(serializeWorkflow(doc))` yields
 * `doc` back for any valid document, and serializing a parsed text again is idempotent.
 */
export function serializeWorkflow(doc: WorkflowDocument): string {
  const canonical = ordered(doc, TOP_LEVEL_ORDER, (key, value) => {
    switch (key) {
      case 'metadata':
        return ordered(value as Record<string, unknown>, METADATA_ORDER);
      case 'graph': {
        const graph = value as WorkflowDocument['graph'];
        return { nodes: graph.nodes.map(canonicalNode), edges: graph.edges.map(canonicalEdge) };
      }
      case 'viewport': {
        const viewport = value as NonNullable<WorkflowDocument['viewport']>;
        return { x: viewport.x, y: viewport.y, zoom: viewport.zoom };
      }
      default:
        return value;
    }
  });
  return `${JSON.stringify(canonical, null, 2)}\n`;
}
