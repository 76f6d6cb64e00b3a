/** Editing helpers shared by node components: set a data field as a `set_node_data` edit. */
import { useCallback } from 'react';
import { useEditor } from '../state/useEditor.js';

/** What a node component needs to edit its own data. */
export interface NodeDataEditing {
  readonly readOnly: boolean;
  /** Sends `set_node_data` for `path` unless the value is unchanged. */
  setData(path: readonly (string | number)[], value: unknown, current?: unknown): void;
  /** True when input port `port` of the node is connected (its value comes from the edge). */
  isConnected(port: string): boolean;
}

/** Editing helpers for node `nodeId`. */
export function useNodeData(nodeId: string): NodeDataEditing {
  const { readOnly, applyEdits, connected } = useEditor((s) => ({
    readOnly: s.readOnly,
    applyEdits: s.applyEdits,
    connected: s.connectedInputs[nodeId] ?? '',
  }));
  const setData = useCallback(
    (path: readonly (string | number)[], value: unknown, current?: unknown) => {
      if (Object.is(value, current)) return;
      applyEdits(
        [{ kind: 'set_node_data', node_id: nodeId, path: [...path] as [string | number, ...(string | number)[]], value }],
        `Set ${path.join('.')}`,
      );
    },
    [applyEdits, nodeId],
  );
  const isConnected = useCallback((port: string) => connected.split('|').includes(port), [connected]);
  return { readOnly, setData, isConnected };
}
