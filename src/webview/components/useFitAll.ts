/**
 * Fit View over every node, measured or not. React Flow's own `fitView` waits until every node
 * has been measured — and with `onlyRenderVisibleElements` nodes off screen never are, so on a big
 * graph it never ran. This fits the bounds React Flow computes from measured sizes where it has
 * them and the estimated sizes (`initialWidth`/`initialHeight`, see flow/nodeGeometry.ts) elsewhere.
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { FIT_VIEW_PADDING } from '../flow/initialViewport.js';

/**
 * A function fitting the whole graph into the pane, animated over `durationMs` (default none).
 * Does nothing for an empty graph.
 * @example const fitAll = useFitAll(); <button onClick={() => fitAll(200)}>Fit view</button>
 */
export function useFitAll(): (durationMs?: number) => void {
  const { fitBounds, getNodes, getNodesBounds } = useReactFlow();
  return useCallback(
    (durationMs?: number) => {
      const nodes = getNodes();
      if (nodes.length === 0) return;
      void fitBounds(getNodesBounds(nodes), { padding: FIT_VIEW_PADDING, ...(durationMs ? { duration: durationMs } : {}) });
    },
    [fitBounds, getNodes, getNodesBounds],
  );
}
