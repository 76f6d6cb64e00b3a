import { describe, expect, it } from 'vitest';
import { boxesOverlap, makeRoom } from '../../src/webview/flow/makeRoom.js';
import type { NodeBox } from '../../src/webview/flow/makeRoom.js';
import type { WorkflowFlowNode } from '../../src/webview/flow/toFlowElements.js';
import { createGrowthWatcher } from '../../src/webview/state/roomForGrowth.js';

const box = (id: string, x: number, y: number, width: number, height: number): NodeBox => ({ id, x, y, width, height });
const noOverlaps = (boxes: NodeBox[]): boolean => boxes.every((a, i) => boxes.every((b, j) => i === j || !boxesOverlap(a, b)));
const apply = (boxes: NodeBox[], moves: ReturnType<typeof makeRoom>): NodeBox[] =>
  boxes.map((b) => ({ ...b, ...moves.find((m) => m.id === b.id)?.position }));

describe('makeRoom', () => {
  it('moves nothing when the grown node overlaps no other', () => {
    expect(makeRoom([box('a', 0, 0, 100, 100), box('b', 200, 0, 100, 100)], 'a')).toEqual([]);
  });

  it('pushes a node below the grown one down, with a gap, and leaves the rest alone', () => {
    const boxes = [box('env', 0, 0, 440, 400), box('note', 0, 200, 220, 130), box('audio', 500, 0, 270, 480)];
    const moves = makeRoom(boxes, 'env');
    expect(moves).toEqual([{ id: 'note', position: { x: 0, y: 424 } }]);
    expect(noOverlaps(apply(boxes, moves))).toBe(true);
  });

  it('pushes right when that is the shorter move, and cascades to what the pushed node then covers', () => {
    const boxes = [box('a', 0, 0, 300, 300), box('b', 280, 0, 100, 300), box('c', 400, 0, 100, 100)];
    const moves = makeRoom(boxes, 'a');
    expect(moves.map((m) => m.id).sort()).toEqual(['b', 'c']);
    expect(moves.find((m) => m.id === 'b')?.position).toEqual({ x: 324, y: 0 });
    expect(noOverlaps(apply(boxes, moves))).toBe(true);
  });

  it('ends on a dense pile (every node overlaps every other) without overlaps left around the grown node', () => {
    const boxes = Array.from({ length: 12 }, (_, i) => box(`n${i}`, i * 5, i * 5, 100, 100));
    const moves = makeRoom(boxes, 'n0');
    const after = apply(boxes, moves);
    expect(after.filter((b) => b.id !== 'n0').every((b) => !boxesOverlap(after[0]!, b))).toBe(true);
  });
});

describe('growth watcher', () => {
  const node = (id: string, y: number, height: number): WorkflowFlowNode => ({
    id,
    position: { x: 0, y },
    data: { nodeType: 'text-input', data: {} },
    measured: { width: 200, height },
  });
  const dims = (id: string, height: number) => ({ id, type: 'dimensions' as const, dimensions: { width: 200, height } });

  it('ignores first measurements and the return to a size seen before; acts on growth past it', () => {
    const watcher = createGrowthWatcher();
    // First measurement of an overlapping document: laid out as stored, no moves.
    expect(watcher.movesFor([dims('a', 300), dims('b', 100)], [node('a', 0, 300), node('b', 250, 100)], false)).toEqual([]);
    // Zoomed out (compact nodes) and back: nothing recorded, nothing moved.
    expect(watcher.movesFor([dims('a', 30)], [node('a', 0, 30), node('b', 400, 100)], true)).toEqual([]);
    expect(watcher.movesFor([dims('a', 300)], [node('a', 0, 300), node('b', 250, 100)], false)).toEqual([]);
    // Content growth: b is pushed below a.
    expect(watcher.movesFor([dims('a', 500)], [node('a', 0, 500), node('b', 450, 100)], false)).toEqual([
      { id: 'b', position: { x: 0, y: 524 } },
    ]);
  });

  it('moves nothing while a node is being dragged', () => {
    const watcher = createGrowthWatcher();
    watcher.movesFor([dims('a', 100)], [node('a', 0, 100), node('b', 150, 100)], false);
    expect(watcher.movesFor([dims('a', 300)], [node('a', 0, 300), { ...node('b', 150, 100), dragging: true }], false)).toEqual(
      [],
    );
  });
});
