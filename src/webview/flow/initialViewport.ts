/**
 * The viewport a workflow opens at when nothing is stored (no webview state, no `viewport` in the
 * file). A graph that fits the pane at a readable zoom opens fitted (React Flow's `fitView` then
 * refines the estimate once nodes are measured). A graph too big for that — it would open as a
 * field of unreadable specks — opens at {@link READABLE_ZOOM} on its top-left corner, where a
 * left-to-right workflow starts; the minimap and Fit View show the whole. Together with
 * `onlyRenderVisibleElements` this means opening a 500-node graph renders only what is on screen.
 */
import { getViewportForBounds } from '@xyflow/react';
import type { Viewport } from '@xyflow/react';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import { estimatedGeometry } from './nodeGeometry.js';

/** Fit-view padding, as React Flow's default. */
export const FIT_VIEW_PADDING = 0.1;

/** The lowest zoom a workflow opens at: full nodes (above the compact threshold), legible text. */
export const READABLE_ZOOM = 0.75;

/** Screen pixels between the pane's top-left corner and the graph's when opening clamped. */
const CORNER_MARGIN = 24;

/** Where to open: the viewport, and whether React Flow should still fit the measured nodes. */
export interface OpeningViewport {
  readonly viewport: Viewport;
  /** True when the whole graph fits at a readable zoom (then `fitView` refines `viewport`). */
  readonly fit: boolean;
}

interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function graphBounds(doc: WorkflowDocument): Bounds | undefined {
  const nodes = doc.graph.nodes;
  if (nodes.length === 0) return undefined;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { position, node_type } of nodes) {
    const { width, height } = estimatedGeometry(node_type);
    minX = Math.min(minX, position.x);
    minY = Math.min(minY, position.y);
    maxX = Math.max(maxX, position.x + width);
    maxY = Math.max(maxY, position.y + height);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * Estimated fit-view viewport of `doc` in a `width` × `height` pane (each node at its type's
 * estimated size, see nodeGeometry.ts), or `undefined` for an empty graph or an unknown pane size. Pure.
 * @example estimatedFitViewport(doc, 1600, 1000, 0.1, 2)?.zoom
 */
export function estimatedFitViewport(
  doc: WorkflowDocument,
  width: number,
  height: number,
  minZoom: number,
  maxZoom: number,
): Viewport | undefined {
  const bounds = graphBounds(doc);
  if (!bounds || !(width > 0) || !(height > 0)) return undefined;
  return getViewportForBounds(bounds, width, height, minZoom, maxZoom, FIT_VIEW_PADDING);
}

/**
 * The opening viewport of `doc` in a `width` × `height` pane (see the module comment), or
 * `undefined` for an empty graph or an unknown pane size. Pure.
 * @example openingViewport(doc, 1600, 1000, 0.1, 2) // { viewport: { x: 24, y: 24, zoom: 0.5 }, fit: false } for a huge graph
 */
export function openingViewport(
  doc: WorkflowDocument,
  width: number,
  height: number,
  minZoom: number,
  maxZoom: number,
): OpeningViewport | undefined {
  // One pass over the nodes (a 500-node graph opens with this on the first frame's path).
  const bounds = graphBounds(doc);
  if (!bounds || !(width > 0) || !(height > 0)) return undefined;
  const fitted = getViewportForBounds(bounds, width, height, minZoom, maxZoom, FIT_VIEW_PADDING);
  const floor = Math.min(Math.max(READABLE_ZOOM, minZoom), maxZoom);
  if (fitted.zoom >= floor) return { viewport: fitted, fit: true };
  return { viewport: { x: CORNER_MARGIN - bounds.x * floor, y: CORNER_MARGIN - bounds.y * floor, zoom: floor }, fit: false };
}
