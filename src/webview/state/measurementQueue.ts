/**
 * The node sizes React Flow measures while the editor's controls are deferred (the opening frame,
 * until the page is first idle): React Flow holds them already, so they are queued rather than
 * applied — no store update and no canvas re-render on the way to the first frame — and reach the
 * store later, in one update, ahead of the next changes.
 */
import type { NodeChange } from '@xyflow/react';
import type { WorkflowFlowNode } from '../flow/toFlowElements.js';

/** Holds size changes back while deferring; see {@link createMeasurementQueue}. */
export interface MeasurementQueue {
  /**
   * The changes to apply now. While `deferring`, a non-empty batch of size-only (`dimensions`)
   * changes is queued and none are returned; otherwise the queued sizes, in arrival order, come
   * first, then `changes` — and the queue is emptied.
   */
  admit(changes: NodeChange<WorkflowFlowNode>[], deferring: boolean): NodeChange<WorkflowFlowNode>[];
  /** True while sizes are queued (an empty `admit` outside deferral would return them). */
  readonly pending: boolean;
}

/**
 * An empty queue, one per store.
 * @example const queue = createMeasurementQueue(); const now = queue.admit(changes, controlsDeferred);
 */
export function createMeasurementQueue(): MeasurementQueue {
  let queued: NodeChange<WorkflowFlowNode>[] = [];
  return {
    admit(changes, deferring) {
      if (deferring && changes.length > 0 && changes.every((c) => c.type === 'dimensions')) {
        queued.push(...changes);
        return [];
      }
      if (queued.length === 0) return changes;
      const all = [...queued, ...changes];
      queued = [];
      return all;
    },
    get pending() {
      return queued.length > 0;
    },
  };
}
