/**
 * The one React Flow `nodeTypes` map: workflow `node_type` → component. Defined at module level
 * so React Flow sees a stable object.
 */
import type { NodeTypes } from '@xyflow/react';
import { DependencyEnvironmentNode } from '../environment/DependencyEnvironmentNode.js';
import { UNKNOWN_NODE_TYPE } from '../flow/toFlowElements.js';
import { InferenceNode } from './InferenceNode.js';
import { PumaLibNode } from './PumaLibNode.js';
import { TextInputNode } from './TextInputNode.js';
import { UnknownNode } from './UnknownNode.js';

/** Components for every v1 node type, plus the unknown-type fallback. */
export const nodeComponents: NodeTypes = {
  'puma-lib': PumaLibNode,
  'dependency-environment': DependencyEnvironmentNode,
  'audio-generation': InferenceNode,
  'pytorch-inference': InferenceNode,
  'text-generation': InferenceNode,
  'text-input': TextInputNode,
  [UNKNOWN_NODE_TYPE]: UnknownNode,
} as NodeTypes;
