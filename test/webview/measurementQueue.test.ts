import { describe, expect, it } from 'vitest';
import type { NodeChange } from '@xyflow/react';
import type { WorkflowFlowNode } from '../../src/webview/flow/toFlowElements.js';
import { createMeasurementQueue } from '../../src/webview/state/measurementQueue.js';

type Change = NodeChange<WorkflowFlowNode>;
const size = (id: string, height: number): Change => ({ id, type: 'dimensions', dimensions: { width: 210, height } });
const select = (id: string): Change => ({ id, type: 'select', selected: true });

describe('measurement queue', () => {
  it('holds size-only batches back while deferring and hands them out first, in arrival order, once', () => {
    const queue = createMeasurementQueue();
    expect(queue.pending).toBe(false);
    expect(queue.admit([size('a', 10)], true)).toEqual([]);
    expect(queue.admit([size('b', 20), size('a', 11)], true)).toEqual([]);
    expect(queue.pending).toBe(true);
    expect(queue.admit([], false)).toEqual([size('a', 10), size('b', 20), size('a', 11)]);
    expect(queue.pending).toBe(false);
    expect(queue.admit([], false)).toEqual([]);
  });

  it('lets a batch with any other change through while deferring, after the queued sizes', () => {
    const queue = createMeasurementQueue();
    queue.admit([size('a', 10)], true);
    expect(queue.admit([select('b'), size('c', 30)], true)).toEqual([size('a', 10), select('b'), size('c', 30)]);
    expect(queue.pending).toBe(false);
  });

  it('returns the very array it was given when nothing is queued (no copy per drag step)', () => {
    const queue = createMeasurementQueue();
    const changes = [size('a', 10), select('a')];
    expect(queue.admit(changes, false)).toBe(changes);
    const sizes = [size('a', 12)];
    expect(queue.admit(sizes, false)).toBe(sizes);
  });
});
