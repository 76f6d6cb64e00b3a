/**
 * Decides when a node's new measured size calls for making room (see `flow/makeRoom.ts`): only
 * when a node grew past the largest size it has had at a readable zoom — its content grew (details
 * expanded, a form, outputs), not the zoom crossing `COMPACT_ZOOM` back to full nodes, and not its
 * first measurement (a document is laid out as it is stored). Keeps that largest size per node.
 */
import type { NodeChange } from '@xyflow/react';
import type { WorkflowFlowNode } from '../flow/toFlowElements.js';
import { flowNodeBox, makeRoom } from '../flow/makeRoom.js';

/** Growth below this (px) is noise (sub-pixel layout, a scrollbar). */
const GROWTH_THRESHOLD = 2;

/** Tracks node sizes; {@link GrowthWatcher.movesFor} gives the moves that make room, if any. */
export interface GrowthWatcher {
  /**
   * The positions that make room for the nodes grown by `changes`, given the nodes after them
   * (`zoomedOut`: nodes render compact, sizes are not content; nothing is recorded then).
   */
  movesFor(
    changes: readonly NodeChange<WorkflowFlowNode>[],
    nodes: readonly WorkflowFlowNode[],
    zoomedOut: boolean,
  ): { id: string; position: { x: number; y: number } }[];
}

/**
 * A watcher with no sizes recorded.
 * @example const watcher = createGrowthWatcher(); watcher.movesFor(changes, nodes, false)
 */
export function createGrowthWatcher(): GrowthWatcher {
  const largest = new Map<string, { width: number; height: number }>();
  return {
    movesFor(changes, nodes, zoomedOut) {
      if (zoomedOut) return [];
      const grown: string[] = [];
      for (const change of changes) {
        if (change.type !== 'dimensions' || !change.dimensions) continue;
        const { width, height } = change.dimensions;
        const before = largest.get(change.id);
        if (before && (width > before.width + GROWTH_THRESHOLD || height > before.height + GROWTH_THRESHOLD))
          grown.push(change.id);
        largest.set(change.id, { width: Math.max(width, before?.width ?? 0), height: Math.max(height, before?.height ?? 0) });
      }
      if (grown.length === 0 || nodes.some((n) => n.dragging)) return [];
      let boxes = nodes.map(flowNodeBox);
      const moves = new Map<string, { x: number; y: number }>();
      for (const id of grown) {
        for (const move of makeRoom(boxes, id)) {
          moves.set(move.id, move.position);
          boxes = boxes.map((b) => (b.id === move.id ? { ...b, ...move.position } : b));
        }
      }
      return [...moves].map(([id, position]) => ({ id, position }));
    },
  };
}
