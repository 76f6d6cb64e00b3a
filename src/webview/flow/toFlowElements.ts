/**
 * Domain → React Flow conversion. Pure: a `WorkflowDocument` becomes React Flow nodes and edges;
 * UI-only fields (selected, measured sizes, dragging) are carried over from the previous flow
 * nodes by id and never come from, or go to, the document.
 */
import type { Edge, Node } from '@xyflow/react';
import { PORT_DATA_TYPES, findOutputPort, getNodeType } from '../../core/workflow/nodeTypes.js';
import type { PortDataType } from '../../core/workflow/nodeTypes.js';
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '../../core/workflow/workflowSchema.js';
import { estimatedGeometry } from './nodeGeometry.js';
import { portColor } from './portColors.js';

/** `data` of a React Flow node: the domain node type and its durable data. */
export interface WorkflowNodeData extends Record<string, unknown> {
  readonly nodeType: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A React Flow node that renders one workflow node. */
export type WorkflowFlowNode = Node<WorkflowNodeData>;

/** One shared style object per port type: edges do not get a fresh object each state. */
const EDGE_STYLES = Object.fromEntries(PORT_DATA_TYPES.map((t) => [t, { stroke: portColor(t) }])) as Readonly<
  Record<PortDataType, { readonly stroke: string }>
>;

/** React Flow node `type` used for node types missing from the registry. */
export const UNKNOWN_NODE_TYPE = 'unknown';

/** The converted graph. */
export interface FlowElements {
  readonly nodes: WorkflowFlowNode[];
  readonly edges: Edge[];
}

function unchanged(node: WorkflowNode, previous: WorkflowFlowNode): boolean {
  return (
    previous.data.nodeType === node.node_type &&
    previous.position.x === node.position.x &&
    previous.position.y === node.position.y &&
    !previous.dragging &&
    (previous.data.data === node.data || JSON.stringify(previous.data.data) === JSON.stringify(node.data))
  );
}

/** The same edge object when nothing React Flow renders changed (so its edge does not re-render). */
function sameEdge(edge: WorkflowEdge, className: string, previous: Edge): boolean {
  return (
    previous.source === edge.source &&
    previous.sourceHandle === edge.source_handle &&
    previous.target === edge.target &&
    previous.targetHandle === edge.target_handle &&
    previous.className === className
  );
}

function toFlowNode(node: WorkflowNode, previous: WorkflowFlowNode | undefined): WorkflowFlowNode {
  // Reusing the previous object lets React Flow skip re-rendering nodes an edit did not touch.
  if (previous && unchanged(node, previous)) return previous;
  const geometry = estimatedGeometry(node.node_type);
  const flow: WorkflowFlowNode = {
    id: node.id,
    type: getNodeType(node.node_type) ? node.node_type : UNKNOWN_NODE_TYPE,
    position: { x: node.position.x, y: node.position.y },
    data: { nodeType: node.node_type, data: node.data },
    // Estimates until measured (see nodeGeometry.ts): lets React Flow cull and draw edges at once.
    initialWidth: geometry.width,
    initialHeight: geometry.height,
    handles: geometry.handles,
  };
  if (previous?.selected) flow.selected = true;
  if (previous?.measured) flow.measured = previous.measured;
  return flow;
}

/**
 * Converts `doc` to React Flow elements. `previous` (the current flow nodes/edges) only
 * contributes UI state: selection and measured sizes, matched by id. Edges are coloured by the
 * data type of their source port.
 * @example toFlowElements(doc).nodes[0].type === doc.graph.nodes[0].node_type
 */
export function toFlowElements(
  doc: WorkflowDocument,
  previous?: { nodes: readonly WorkflowFlowNode[]; edges: readonly Edge[] },
): FlowElements {
  // The same ids in the same order (every edit but add/remove): match by index, no lookup map.
  const prevNodes = previous?.nodes ?? [];
  const aligned = prevNodes.length === doc.graph.nodes.length && doc.graph.nodes.every((n, i) => prevNodes[i]?.id === n.id);
  const oldNodes = aligned ? undefined : new Map(prevNodes.map((n) => [n.id, n]));
  const nodes = doc.graph.nodes.map((n, i) => toFlowNode(n, oldNodes ? oldNodes.get(n.id) : prevNodes[i]));
  const edges = flowEdges(doc, previous?.edges);
  // The same arrays when nothing changed: React Flow then skips re-syncing its lookups (600 edges
  // rebuild the connection lookup on every edge array it is given).
  return { nodes: sameItems(nodes, previous?.nodes) ?? nodes, edges: sameItems(edges, previous?.edges) ?? edges };
}

function flowEdges(doc: WorkflowDocument, previous: readonly Edge[] | undefined): Edge[] {
  const oldEdges = new Map((previous ?? []).map((e) => [e.id, e]));
  const types = new Map(doc.graph.nodes.map((n) => [n.id, n.node_type]));
  return doc.graph.edges.map((e) => {
    const sourceType = types.get(e.source);
    const portType = (sourceType ? findOutputPort(sourceType, e.source_handle) : undefined)?.type ?? 'any';
    const className = `pg-edge pg-edge-${portType}`;
    const old = oldEdges.get(e.id);
    // Reusing the previous object (selection included) lets React Flow skip the edge.
    if (old && sameEdge(e, className, old)) return old;
    const edge: Edge = {
      id: e.id,
      source: e.source,
      sourceHandle: e.source_handle,
      target: e.target,
      targetHandle: e.target_handle,
      className,
      style: EDGE_STYLES[portType],
    };
    if (old?.selected) edge.selected = true;
    return edge;
  });
}

/** `previous` itself when it holds exactly the items of `next`, in order; else `undefined`. */
function sameItems<T>(next: readonly T[], previous: readonly T[] | undefined): T[] | undefined {
  if (!previous || previous.length !== next.length) return undefined;
  for (let i = 0; i < next.length; i++) if (next[i] !== previous[i]) return undefined;
  return previous as T[];
}

/**
 * Input ports fed by an edge, per target node id (`'|'`-joined port names): what node
 * components read to show "from connection", without scanning every edge per node.
 */
export function connectedInputs(doc: WorkflowDocument | null): Readonly<Record<string, string>> {
  const byNode: Record<string, string> = {};
  for (const e of doc?.graph.edges ?? [])
    byNode[e.target] = byNode[e.target] === undefined ? e.target_handle : `${byNode[e.target]}|${e.target_handle}`;
  return byNode;
}
