/**
 * The one React Flow `nodeTypes` map: workflow `node_type` → component. Defined at module level
 * so React Flow sees a stable object.
 */
import type { NodeTypes } from '@xyflow/react';
import { DependencyEnvironmentNode } from '../environment/DependencyEnvironmentNode.js';
import { UNKNOWN_NODE_TYPE } from '../flow/toFlowElements.js';
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

/** Components for every v1 node type, plus the unknown-type fallback. */
export const nodeComponents: NodeTypes = {
  [PUMA_LIB_NODE]: PumaLibNode,
  [DEPENDENCY_ENVIRONMENT_NODE]: DependencyEnvironmentNode,
  [AUDIO_GENERATION_NODE]: InferenceNode,
  [PYTORCH_INFERENCE_NODE]: InferenceNode,
  [TEXT_GENERATION_NODE]: InferenceNode,
  [TEXT_INPUT_NODE]: TextInputNode,
  [UNKNOWN_NODE_TYPE]: UnknownNode,
} as NodeTypes;
