/** The canvas's edges with those into a running node animated (see `animateEdgesIntoRunning`). */
import { useMemo } from 'react';
import { useEditor } from './useEditor.js';
import { animateEdgesIntoRunning, runningNodeKey } from './runState.js';

/** `edges`, animated into running nodes; recomputed only when the edges or the running set change. */
export function useRunAnimatedEdges<E extends { readonly target: string; readonly animated?: boolean }>(edges: E[]): E[] {
  const running = useEditor((s) => runningNodeKey(s.runs));
  return useMemo(() => animateEdgesIntoRunning(edges, running), [edges, running]);
}
