/**
 * The part of a big graph React Flow needs for its first frame. React Flow adopts every node and
 * edge it is given — node lookup, connection lookup, marker ids — and re-runs its culling over all
 * of them on every store update while the nodes on screen are measured; for a 500-node graph
 * opening on a corner that is work on the way to the first frame for nodes nobody sees yet. This
 * gives it the nodes that lie in (or near) the opening view, the edges whose bounds reach it, and
 * those edges' other ends; the canvas hands over the whole graph when the page is first idle.
 * Pure; keeps node and edge objects (and the arrays, when nothing is left out) by identity.
 */
import type { Edge, Viewport } from '@xyflow/react';
import { boxesOverlap, flowNodeBox } from './makeRoom.js';
import type { NodeBox } from './makeRoom.js';
import type { FlowElements } from './toFlowElements.js';

/** Screen pixels around the pane that count as in view (sizes are estimates until measured). */
export const OPENING_MARGIN = 200;

/**
 * The nodes and edges of `elements` React Flow needs to show `viewport` in a `width` × `height`
 * pane (see the module comment); `elements` itself when that is all of them.
 * @example openingElements(flow, { x: 24, y: 24, zoom: 0.75 }, 1600, 1000).nodes.length // 45 of 500
 */
export function openingElements(elements: FlowElements, viewport: Viewport, width: number, height: number): FlowElements {
  const { nodes, edges } = elements;
  if (!(viewport.zoom > 0) || !(width > 0) || !(height > 0)) return elements;
  const margin = OPENING_MARGIN / viewport.zoom;
  const view: NodeBox = {
    id: '',
    x: -viewport.x / viewport.zoom - margin,
    y: -viewport.y / viewport.zoom - margin,
    width: width / viewport.zoom + 2 * margin,
    height: height / viewport.zoom + 2 * margin,
  };
  const boxes = new Map<string, NodeBox>();
  const kept = new Set<string>();
  for (const node of nodes) {
    const box = flowNodeBox(node);
    boxes.set(node.id, box);
    if (boxesOverlap(box, view)) kept.add(node.id);
  }
  const keptEdges: Edge[] = [];
  for (const edge of edges) {
    const source = boxes.get(edge.source);
    const target = boxes.get(edge.target);
    if (!source || !target) continue;
    const x = Math.min(source.x, target.x);
    const y = Math.min(source.y, target.y);
    const bounds: NodeBox = {
      id: edge.id,
      x,
      y,
      width: Math.max(source.x + source.width, target.x + target.width) - x,
      height: Math.max(source.y + source.height, target.y + target.height) - y,
    };
    if (!boxesOverlap(bounds, view)) continue;
    keptEdges.push(edge);
    kept.add(edge.source).add(edge.target);
  }
  if (kept.size === nodes.length && keptEdges.length === edges.length) return elements;
  return { nodes: nodes.filter((n) => kept.has(n.id)), edges: keptEdges };
}
