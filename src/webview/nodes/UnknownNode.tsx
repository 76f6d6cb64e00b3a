/** Fallback for node types missing from the registry: shows the type and keeps the node movable. */
import type { NodeProps } from '@xyflow/react';
import type { ReactNode } from 'react';
import type { WorkflowFlowNode } from '../flow/toFlowElements.js';

/** Renders a node of an unknown type. */
export function UnknownNode({ id, data, selected }: NodeProps<WorkflowFlowNode>): ReactNode {
  return (
    <div className={`pg-node pg-node-unknown${selected ? ' pg-selected' : ''}`} data-testid={`node-${id}`}>
      <div className="pg-node-header">
        <span className="pg-node-title">Unknown type “{data.nodeType}”</span>
        <span className="pg-node-id">{id}</span>
      </div>
    </div>
  );
}
