/**
 * Estimated node geometry, from the registry and the stylesheet: each node's size and the boxes of
 * its port handles before the browser has measured it. React Flow renders every unmeasured node
 * (it cannot cull what it cannot place) and draws no edge to it; with these estimates it culls
 * off-screen nodes from the first frame (`onlyRenderVisibleElements`) and draws edges at once.
 * Measured values replace the estimates as soon as a node is on screen, so they only need to be
 * close: a browser test holds them to the real layout of every registry type.
 */
import type { NodeHandle } from '@xyflow/react';
import { Position } from '@xyflow/react';
import {
  AUDIO_GENERATION_NODE,
  DEPENDENCY_ENVIRONMENT_NODE,
  PUMA_LIB_NODE,
  PYTORCH_INFERENCE_NODE,
  TEXT_GENERATION_NODE,
  TEXT_INPUT_NODE,
  getNodeType,
} from '../../core/workflow/nodeTypes.js';

/** Handle box edge in px (`.pg-handle`). */
export const HANDLE_SIZE = 10;
/** Top of the first port's handle box, below the title bar and the ports' padding. */
export const FIRST_HANDLE_TOP = 36;
/** Distance between two port rows (row height plus the column gap). */
export const PORT_PITCH = 18;
/** Left of an input handle box; an output handle box starts this far inside the right edge. */
const INPUT_HANDLE_LEFT = -4;
const OUTPUT_HANDLE_INSET = 6;

/** Rendered sizes of each registry type at rest (auto mode, no status), in px. */
const SIZES: Readonly<Record<string, { readonly width: number; readonly height: number }>> = {
  [PUMA_LIB_NODE]: { width: 240, height: 288 },
  [DEPENDENCY_ENVIRONMENT_NODE]: { width: 440, height: 160 },
  [AUDIO_GENERATION_NODE]: { width: 272, height: 483 },
  [PYTORCH_INFERENCE_NODE]: { width: 222, height: 219 },
  [TEXT_GENERATION_NODE]: { width: 222, height: 549 },
  [TEXT_INPUT_NODE]: { width: 222, height: 133 },
};
const UNKNOWN_SIZE = { width: 238, height: 30 } as const;

/** A node's estimated size and handle boxes (relative to its top-left corner). */
export interface NodeGeometry {
  readonly width: number;
  readonly height: number;
  /** Shared by every node of the type: read, never mutate. */
  readonly handles: NodeHandle[];
}

const cache = new Map<string, NodeGeometry>();

function compute(nodeType: string): NodeGeometry {
  const definition = getNodeType(nodeType);
  if (!definition) return { ...UNKNOWN_SIZE, handles: [] };
  const size = SIZES[nodeType] ?? {
    width: UNKNOWN_SIZE.width,
    height: FIRST_HANDLE_TOP + PORT_PITCH * Math.max(definition.inputs.length, definition.outputs.length),
  };
  const box = (id: string, type: 'source' | 'target', index: number): NodeHandle => ({
    id,
    type,
    position: type === 'target' ? Position.Left : Position.Right,
    x: type === 'target' ? INPUT_HANDLE_LEFT : size.width - OUTPUT_HANDLE_INSET,
    y: FIRST_HANDLE_TOP + PORT_PITCH * index,
    width: HANDLE_SIZE,
    height: HANDLE_SIZE,
  });
  return {
    ...size,
    handles: [
      ...definition.inputs.map((p, i) => box(p.name, 'target', i)),
      ...definition.outputs.map((p, i) => box(p.name, 'source', i)),
    ],
  };
}

/**
 * The estimated geometry of a node of `nodeType` (an unknown type: a title bar, no handles). One
 * shared, never-mutated object per type.
 * @example estimatedGeometry('text-input').handles[0] // { id: 'text', type: 'source', x: 216, y: 36, … }
 */
export function estimatedGeometry(nodeType: string): NodeGeometry {
  let geometry = cache.get(nodeType);
  if (!geometry) cache.set(nodeType, (geometry = compute(nodeType)));
  return geometry;
}
