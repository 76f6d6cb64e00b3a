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

/** How the parts builder gets the lines of one node or edge; `offset`: where they start in the whole text. */
type ItemSource = <T extends object>(
  item: T,
  last: boolean,
  canonical: (item: T) => unknown,
  offset: number,
) => string | undefined;

/**
 * The parts of `doc`'s canonical text, the frame written from `doc` and each node and edge from
 * `itemSource`; `undefined` when `itemSource` or `frameCheck` (given each frame piece and its
 * offset) refuses.
 */
function buildParts(
  doc: WorkflowDocument,
  itemSource: ItemSource,
  frameCheck: (piece: string, offset: number) => boolean = () => true,
): string[] | undefined {
  const top = ordered(doc, TOP_LEVEL_ORDER, (key, value) => (key === 'graph' ? GRAPH : canonicalTopLevel(key, value)));
  const parts: string[] = [];
  let length = 0;
  let frame = '{\n';
  const push = (part: string): void => {
    parts.push(part);
    length += part.length;
  };
  const list = <T extends object>(name: string, items: readonly T[], canonical: (item: T) => unknown, end: string): boolean => {
    if (items.length === 0) {
      frame += `    "${name}": []${end}`;
      return true;
    }
    const head = `${frame}    "${name}": [\n`;
    if (!frameCheck(head, length)) return false;
    push(head);
    const last = items.length - 1;
    for (let i = 0; i <= last; i++) {
      const part = itemSource(items[i] as T, i === last, canonical, length);
      if (part === undefined) return false;
      push(part);
    }
    frame = `    ]${end}`;
    return true;
  };
  const entries = Object.entries(top);
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i] as [string, unknown];
    const end = i === entries.length - 1 ? '\n' : ',\n';
    frame += `  ${JSON.stringify(key)}: `;
    if (value !== GRAPH) {
      frame += `${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}${end}`;
      continue;
    }
    frame += '{\n';
    if (!list('nodes', doc.graph.nodes, canonicalNode, ',\n') || !list('edges', doc.graph.edges, canonicalEdge, '\n'))
      return undefined;
    frame += `  }${end}`;
  }
  const tail = `${frame}}\n`;
  if (!frameCheck(tail, length)) return undefined;
  parts.push(tail);
  return parts;
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
  return buildParts(doc, (item, last, canonical) => itemPart(item, last, canonical, cache)) ?? [serializeWorkflow(doc)];
}

/** Where a node or edge of canonical text ends: its closing brace, at the item indent. */
const ITEM_CLOSE = `\n${ITEM_INDENT}}`;

/**
 * The parts {@link serializeWorkflowParts} would give for `doc`, cut out of `text` — which must be
 * `serializeWorkflow(doc)` (the caller checked; nothing is serialized again but the small frame,
 * which is compared) — and every node and edge put into `cache`: what a document parsed from
 * canonical text needs before its first edit, at the cost of a scan. `undefined` (and `cache`
 * possibly partly filled, correctly) when `text` does not have the canonical layout. Pure apart from `cache`.
 * @example splitSerializedWorkflow(doc, serializeWorkflow(doc), cache)?.join('') === serializeWorkflow(doc)
 */
export function splitSerializedWorkflow(doc: WorkflowDocument, text: string, cache: SerializedItemCache): string[] | undefined {
  const parts = buildParts(
    doc,
    (item, last, _canonical, offset) => {
      // Lines inside an item are indented deeper: the first closing brace at the item indent is its own.
      const close = text.indexOf(ITEM_CLOSE, offset);
      const end = close + ITEM_CLOSE.length;
      const ending = last ? '\n' : ',\n';
      if (close < 0 || !text.startsWith(`${ITEM_INDENT}{`, offset) || !text.startsWith(ending, end)) return undefined;
      const part = text.slice(offset, end + ending.length);
      cache.set(item, last ? `${part.slice(0, -1)},\n` : part);
      return part;
    },
    (piece, offset) => text.startsWith(piece, offset),
  );
  return parts && parts.reduce((sum, part) => sum + part.length, 0) === text.length ? parts : undefined;
}
