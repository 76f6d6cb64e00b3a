/**
 * The inference nodes (`audio-generation`, `text-generation`, `pytorch-inference`): the scalar
 * parameters of the node type bound to `node.data` (disabled while the port is connected), Run
 * controls, and the latest audio output as an `<audio controls>` player (text outputs, growing while
 * they stream: the frame's `OutputPreview`).
 */
import type { NodeProps } from '@xyflow/react';
import type { ReactNode } from 'react';
import { getNodeType, isScalarPortType } from '../../core/workflow/nodeTypes.js';
import type { WorkflowFlowNode } from '../flow/toFlowElements.js';
import { useEditor } from '../state/useEditor.js';
import { NodeShell } from './NodeShell.js';
import { ParamField } from './ParamField.js';
import { RunControls } from './RunControls.js';
import { useNodeData } from './useNodeData.js';

/** Renders an inference node. */
export function InferenceNode({ id, data, selected }: NodeProps<WorkflowFlowNode>): ReactNode {
  const { readOnly, setData, isConnected } = useNodeData(id);
  const outputs = useEditor((s) => s.outputs[id]);
  const params = (getNodeType(data.nodeType)?.inputs ?? []).filter((p) => isScalarPortType(p.type) && p.name !== 'model_path');
  return (
    <NodeShell id={id} nodeType={data.nodeType} selected={selected}>
      {params.map((p) => (
        <ParamField
          key={p.name}
          label={p.name}
          kind={p.type === 'number' ? 'number' : p.name === 'prompt' ? 'textarea' : 'text'}
          value={data.data[p.name]}
          disabled={readOnly}
          note={isConnected(p.name) ? 'from connection' : undefined}
          onCommit={(v) => setData([p.name], v, data.data[p.name])}
        />
      ))}
      <RunControls nodeId={id} />
      {outputs?.audioUri ? <audio controls src={outputs.audioUri} className="pg-audio" data-testid={`audio-${id}`} /> : null}
    </NodeShell>
  );
}
