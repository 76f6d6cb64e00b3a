/**
 * The text outputs of a node, previewed on it as soon as they exist: the whole text so far while
 * the node streams (`node/outputs` with `partial`), the final text after. Shows every `string`
 * output port of the node type with a string value; not for `text-input` (its output is its field).
 * Audio has its own player in the inference node.
 */
import type { ReactNode } from 'react';
import { getNodeType } from '../../core/workflow/nodeTypes.js';
import { useEditor } from '../state/useEditor.js';

/** Longest text shown on the node (the rest is in the run output / log). */
export const PREVIEW_MAX_CHARS = 4000;

/** Text previews of node `nodeId` of type `nodeType`. */
export function OutputPreview({ nodeId, nodeType }: { nodeId: string; nodeType: string }): ReactNode {
  const entry = useEditor((s) => s.outputs[nodeId]);
  if (!entry || nodeType === 'text-input') return null;
  const ports = (getNodeType(nodeType)?.outputs ?? []).filter(
    (p) => p.type === 'string' && typeof entry.outputs[p.name] === 'string',
  );
  if (ports.length === 0) return null;
  return (
    <>
      {ports.map((p) => {
        const text = entry.outputs[p.name] as string;
        return (
          <pre
            key={p.name}
            className={`pg-output${entry.partial ? ' pg-output-partial' : ''}`}
            data-testid={`output-${nodeId}-${p.name}`}
            aria-label={`${p.name} output${entry.partial ? ' (streaming)' : ''}`}
            aria-busy={entry.partial ? true : undefined}
          >
            {text.length > PREVIEW_MAX_CHARS ? `${text.slice(0, PREVIEW_MAX_CHARS)}…` : text}
          </pre>
        );
      })}
    </>
  );
}
