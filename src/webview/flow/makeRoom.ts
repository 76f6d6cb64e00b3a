/**
 * Room for a node that grew (details expanded, a form, streamed text, an audio player): the nodes
 * its new box now covers are pushed right or down — whichever is the shorter move — and the nodes
 * those cover in turn, until nothing overlaps the pushed chain. Everything else stays where it is,
 * so the edit is local; the caller sends the moves as ONE batch of `move_node` edits (one undo
 * step). Pure.
 */
import type { WorkflowFlowNode } from './toFlowElements.js';

/** A node's box in flow coordinates. */
export interface NodeBox {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A flow node's box: its measured size, else its given or initial (estimated) size. Pure. */
export function flowNodeBox(node: WorkflowFlowNode): NodeBox {
  return {
    id: node.id,
    x: node.position.x,
    y: node.position.y,
    width: node.measured?.width ?? node.width ?? node.initialWidth ?? 0,
    height: node.measured?.height ?? node.height ?? node.initialHeight ?? 0,
  };
}

/** Space kept between a grown node and the nodes it pushes, in px. */
export const ROOM_GAP = 24;

/** True when `a` and `b` overlap (touching edges do not). */
export function boxesOverlap(a: NodeBox, b: NodeBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * New positions for the nodes that must move so that `grownId` (at its current box) overlaps no
 * other node; empty when it overlaps none. A node is only ever moved right or down, at most once
 * per push, and a pushed node pushes what it then covers (bounded: at most `boxes.length²` pushes).
 * @example makeRoom([{ id: 'a', x: 0, y: 0, width: 100, height: 300 }, { id: 'b', x: 0, y: 200, width: 100, height: 50 }], 'a')
 * // [{ id: 'b', position: { x: 0, y: 324 } }]
 */
export function makeRoom(
  boxes: readonly NodeBox[],
  grownId: string,
  gap = ROOM_GAP,
): { id: string; position: { x: number; y: number } }[] {
  const current = new Map(boxes.map((b) => [b.id, b]));
  const moved = new Map<string, { x: number; y: number }>();
  const queue = [grownId];
  let budget = boxes.length * boxes.length + 1;
  while (queue.length > 0 && budget-- > 0) {
    const pusher = current.get(queue.shift() ?? '');
    if (!pusher) continue;
    for (const other of current.values()) {
      if (other.id === pusher.id || other.id === grownId || !boxesOverlap(pusher, other)) continue;
      const down = pusher.y + pusher.height + gap - other.y;
      const right = pusher.x + pusher.width + gap - other.x;
      const position = down <= right ? { x: other.x, y: other.y + down } : { x: other.x + right, y: other.y };
      const next = { ...other, ...position };
      current.set(other.id, next);
      moved.set(other.id, position);
      queue.push(other.id);
    }
  }
  return [...moved].map(([id, position]) => ({ id, position: { x: Math.round(position.x), y: Math.round(position.y) } }));
}
