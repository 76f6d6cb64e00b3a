/**
 * Where the minimap may sit without covering a node (its controls, its ports): the bottom-right
 * corner, else the top-right one, else nowhere (hidden). A React Flow store selector: it returns a
 * string, so the canvas re-renders only when the answer changes, and its work is one box test per
 * node (a 500-node drag frame pays microseconds).
 */
import type { ReactFlowState } from '@xyflow/react';

/** Minimap width in screen px (React Flow's default). */
export const MINIMAP_WIDTH = 200;
/** Minimap height in screen px (React Flow's default). */
export const MINIMAP_HEIGHT = 150;
/** React Flow's panel margin (`.react-flow__panel`). */
const PANEL_MARGIN = 15;
/** Space kept between the minimap and a node, in screen px. */
const CLEARANCE = 8;

/** A corner the minimap can use, or `hidden`. */
export type MinimapPlacement = 'bottom-right' | 'top-right' | 'hidden';

interface Rect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The minimap's screen rectangle in `corner` of a `width` × `height` pane. */
export function minimapRect(corner: Exclude<MinimapPlacement, 'hidden'>, width: number, height: number): Rect {
  const left = width - PANEL_MARGIN - MINIMAP_WIDTH - CLEARANCE;
  const top = corner === 'top-right' ? 0 : height - PANEL_MARGIN - MINIMAP_HEIGHT - CLEARANCE;
  return { left, top, right: width, bottom: corner === 'top-right' ? PANEL_MARGIN + MINIMAP_HEIGHT + CLEARANCE : height };
}

/** True when no node of `s` lies (on screen) under `rect`. */
function clear(s: ReactFlowState, rect: Rect): boolean {
  const [tx, ty, zoom] = s.transform;
  for (const node of s.nodeLookup.values()) {
    if (node.hidden) continue;
    const x = node.internals.positionAbsolute.x * zoom + tx;
    const y = node.internals.positionAbsolute.y * zoom + ty;
    const w = (node.measured.width ?? node.initialWidth ?? 0) * zoom;
    const h = (node.measured.height ?? node.initialHeight ?? 0) * zoom;
    if (x < rect.right && x + w > rect.left && y < rect.bottom && y + h > rect.top) return false;
  }
  return true;
}

/**
 * The placement for the current viewport (`hidden` also before the pane has a size).
 * @example const placement = useStore(minimapPlacement);
 */
export function minimapPlacement(s: ReactFlowState): MinimapPlacement {
  if (s.width <= 0 || s.height <= 0) return 'hidden';
  for (const corner of ['bottom-right', 'top-right'] as const)
    if (clear(s, minimapRect(corner, s.width, s.height))) return corner;
  return 'hidden';
}
