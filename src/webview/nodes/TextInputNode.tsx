/** The `text-input` node: one text parameter. */
import type { NodeProps } from '@xyflow/react';
import type { ReactNode } from 'react';
import type { WorkflowFlowNode } from '../flow/toFlowElements.js';
import { NodeShell } from './NodeShell.js';
import { ParamField } from './ParamField.js';
import { useNodeData } from './useNodeData.js';

/** Renders a text-input node. */
export function TextInputNode({ id, data, selected }: NodeProps<WorkflowFlowNode>): ReactNode {
  const { readOnly, setData } = useNodeData(id);
  return (
    <NodeShell id={id} nodeType={data.nodeType} selected={selected}>
      <ParamField
        label="Text"
        kind="textarea"
        value={data.data.text}
        disabled={readOnly}
        onCommit={(v) => setData(['text'], v, data.data.text)}
      />
    </NodeShell>
  );
}
