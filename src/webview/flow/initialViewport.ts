/**
 * The viewport to start from before React Flow has measured anything: fit view over the document's
 * positions with an assumed node size. React Flow's own `fitView` still runs once nodes are
 * measured; starting close to it means a large graph is first rendered at its real (low) zoom —
 * compact nodes — instead of fully at zoom 1 and then again.
 */
import { getViewportForBounds } from '@xyflow/react';
import type { Viewport } from '@xyflow/react';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import { DEFAULT_NODE_SIZE } from './autoLayout.js';

/** Fit-view padding, as React Flow's default. */
export const FIT_VIEW_PADDING = 0.1;

/**
 * Estimated fit-view viewport of `doc` in a `width` × `height` pane, or `undefined` for an empty
 * graph or an unknown pane size. Pure.
 * @example estimatedFitViewport(doc, 1600, 1000, 0.1, 2)?.zoom
 */
export function estimatedFitViewport(doc: WorkflowDocument, width: number, height: number, minZoom: number, maxZoom: number): Viewport | undefined {
  const nodes = doc.graph.nodes;
  if (nodes.length === 0 || !(width > 0) || !(height > 0)) return undefined;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { position } of nodes) {
    minX = Math.min(minX, position.x);
    minY = Math.min(minY, position.y);
    maxX = Math.max(maxX, position.x + DEFAULT_NODE_SIZE.width);
    maxY = Math.max(maxY, position.y + DEFAULT_NODE_SIZE.height);
  }
  return getViewportForBounds({ x: minX, y: minY, width: maxX - minX, height: maxY - minY }, width, height, minZoom, maxZoom, FIT_VIEW_PADDING);
}
