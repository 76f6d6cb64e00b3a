/**
 * {@link WorkflowDocument} → `.pantograph` text with a stable layout, so that changing one field
 * changes one line; and the same text in parts (one per node and edge, memoized per node object),
 * so that an editor re-serializes only what an edit touched. Pure; browser-safe.
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

/** The top-level value of `key`, as written (graph excluded: see the callers). */
function canonicalTopLevel(key: string, value: unknown): unknown {
  switch (key) {
    case 'metadata':
      return ordered(value as Record<string, unknown>, METADATA_ORDER);
    case 'viewport': {
      const viewport = value as NonNullable<WorkflowDocument['viewport']>;
      return { x: viewport.x, y: viewport.y, zoom: viewport.zoom };
    }
    default:
      return value;
  }
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
    if (key !== 'graph') return canonicalTopLevel(key, value);
    const graph = value as WorkflowDocument['graph'];
    return { nodes: graph.nodes.map(canonicalNode), edges: graph.edges.map(canonicalEdge) };
  });
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

/**
 * Serialized nodes and edges by object: each one's part (see {@link serializeWorkflowParts}) as
 * written when another item follows it. Only valid while those objects are not mutated: hand it
 * only documents treated as immutable (`applyWorkflowEdits` results, parses).
 */
export type SerializedItemCache = WeakMap<object, string>;

/** Stands for the graph among the top-level values while the frame is written. */
const GRAPH = Symbol('graph');
/** The indent of a node or edge in the file (inside `graph.nodes` / `graph.edges`). */
const ITEM_INDENT = '      ';

/** The lines of `item` in the file, ending with `,\n` (not `last`) or `\n` (`last`). */
function itemPart<T extends object>(
  item: T,
  last: boolean,
  canonical: (item: T) => unknown,
  cache: SerializedItemCache | undefined,
): string {
  let part = cache?.get(item);
  if (part === undefined) {
    part = `${ITEM_INDENT}${JSON.stringify(canonical(item), null, 2).replaceAll('\n', `\n${ITEM_INDENT}`)},\n`;
    cache?.set(item, part);
  }
  return last ? `${part.slice(0, -2)}\n` : part;
}

/**
 * {@link serializeWorkflow}'s text in parts: `parts.join('') === serializeWorkflow(doc)` for every
 * document (property-tested). Every part is whole lines (it starts at a line start and ends with
 * a line break); each node and each edge is a part of its own (its lines, comma included), and
 * the frame around them (version, metadata, list brackets, viewport, extra fields) makes up the
 * rest. With `cache`, a node or edge object serialized before is not serialized again: after an
 * edit of one node of a big workflow, only that node and the frame are. Pure apart from `cache`.
 * @example serializeWorkflowParts(doc, cache).join('') === serializeWorkflow(doc)
 */
export function serializeWorkflowParts(doc: WorkflowDocument, cache?: SerializedItemCache): string[] {
  const top = ordered(doc, TOP_LEVEL_ORDER, (key, value) => (key === 'graph' ? GRAPH : canonicalTopLevel(key, value)));
  const parts: string[] = [];
  let frame = '{\n';
  const list = <T extends object>(name: string, items: readonly T[], canonical: (item: T) => unknown, end: string): void => {
    if (items.length === 0) {
      frame += `    "${name}": []${end}`;
      return;
    }
    parts.push(`${frame}    "${name}": [\n`);
    const last = items.length - 1;
    items.forEach((item, i) => parts.push(itemPart(item, i === last, canonical, cache)));
    frame = `    ]${end}`;
  };
  const entries = Object.entries(top);
  entries.forEach(([key, value], i) => {
    const end = i === entries.length - 1 ? '\n' : ',\n';
    frame += `  ${JSON.stringify(key)}: `;
    if (value !== GRAPH) {
      frame += `${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}${end}`;
      return;
    }
    const graph = doc.graph;
    frame += '{\n';
    list('nodes', graph.nodes, canonicalNode, ',\n');
    list('edges', graph.edges, canonicalEdge, '\n');
    frame += `  }${end}`;
  });
  parts.push(`${frame}}\n`);
  return parts;
}
