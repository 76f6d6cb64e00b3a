/**
 * The one React Flow `nodeTypes` map: workflow `node_type` → component. Defined at module level
 * so React Flow sees a stable object. Every component is memoized on the props node components
 * read (`id`, `data`, `selected`): React Flow re-renders a node's wrapper whenever its internals
 * change — its first measurement, every drag step — with new position and size props, which no
 * node component renders.
 */
import type { NodeProps, NodeTypes } from '@xyflow/react';
import { memo } from 'react';
import type { ComponentType } from 'react';
import { DependencyEnvironmentNode } from '../environment/DependencyEnvironmentNode.js';
import { UNKNOWN_NODE_TYPE } from '../flow/toFlowElements.js';
import type { WorkflowFlowNode } from '../flow/toFlowElements.js';
import { InferenceNode } from '../nodes/InferenceNode.js';
import { PumaLibNode } from '../nodes/PumaLibNode.js';
import { TextInputNode } from '../nodes/TextInputNode.js';
import { UnknownNode } from '../nodes/UnknownNode.js';
import {
  AUDIO_GENERATION_NODE,
  DEPENDENCY_ENVIRONMENT_NODE,
  PUMA_LIB_NODE,
  PYTORCH_INFERENCE_NODE,
  TEXT_GENERATION_NODE,
  TEXT_INPUT_NODE,
} from '../../core/workflow/nodeTypes.js';

type NodeComponent = ComponentType<NodeProps<WorkflowFlowNode>>;

/**
 * True when a node component would render the same: the components of this map take only `id`, `data`
 * and `selected` from their props.
 */
export function sameNodeProps(a: NodeProps<WorkflowFlowNode>, b: NodeProps<WorkflowFlowNode>): boolean {
  return a.id === b.id && a.data === b.data && a.selected === b.selected;
}

const memoNode = (component: NodeComponent): NodeComponent => memo(component, sameNodeProps);
const inference = memoNode(InferenceNode);

/** Components for every v1 node type, plus the unknown-type fallback. */
export const nodeComponents: NodeTypes = {
  [PUMA_LIB_NODE]: memoNode(PumaLibNode),
  [DEPENDENCY_ENVIRONMENT_NODE]: memoNode(DependencyEnvironmentNode),
  [AUDIO_GENERATION_NODE]: inference,
  [PYTORCH_INFERENCE_NODE]: inference,
  [TEXT_GENERATION_NODE]: inference,
  [TEXT_INPUT_NODE]: memoNode(TextInputNode),
  [UNKNOWN_NODE_TYPE]: memoNode(UnknownNode),
} as NodeTypes;
