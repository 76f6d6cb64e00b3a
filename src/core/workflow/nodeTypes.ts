/**
 * The v1 node registry: declarative definitions (ports, title, category, default data) with no
 * behaviour, so the webview can import them. Run functions are a separate `NodeRunner` map passed
 * to the executor. Ports follow docs "Node types in v1 and their ports".
 */

/** `node_type` of the Puma-Lib model node (emits a model's pinned requirements). */
export const PUMA_LIB_NODE = 'puma-lib';
/** `node_type` of the Dependency Environment node (the only node that installs anything). */
export const DEPENDENCY_ENVIRONMENT_NODE = 'dependency-environment';
/** `node_type` of the Audio Generation inference node. */
export const AUDIO_GENERATION_NODE = 'audio-generation';
/** `node_type` of the PyTorch Inference node. */
export const PYTORCH_INFERENCE_NODE = 'pytorch-inference';
/** `node_type` of the Text Generation inference node (a causal LM through transformers, streamed). */
export const TEXT_GENERATION_NODE = 'text-generation';
/** `node_type` of the Text Input node. */
export const TEXT_INPUT_NODE = 'text-input';

/** Data types a port can carry. */
export const PORT_DATA_TYPES = ['any', 'string', 'prompt', 'number', 'boolean', 'json', 'audio'] as const;
export type PortDataType = (typeof PORT_DATA_TYPES)[number];

/** One input or output port. */
export interface PortDefinition {
  readonly name: string;
  readonly type: PortDataType;
  /** Inputs only: the node cannot run without a value. */
  readonly required: boolean;
  /** Closed set of accepted values for a scalar input (e.g. `mode`). */
  readonly allowedValues?: readonly string[];
}

/** The declaration of one node type. */
export interface NodeTypeDefinition {
  readonly nodeType: string;
  readonly title: string;
  readonly category: 'model' | 'environment' | 'inference' | 'input';
  readonly description: string;
  readonly inputs: readonly PortDefinition[];
  readonly outputs: readonly PortDefinition[];
  /** `data` of a freshly added node. Callers must copy it before mutating. */
  readonly defaultData: Readonly<Record<string, unknown>>;
}

const input = (name: string, type: PortDataType, required = false, allowedValues?: readonly string[]): PortDefinition =>
  allowedValues ? { name, type, required, allowedValues } : { name, type, required };
const output = (name: string, type: PortDataType): PortDefinition => ({ name, type, required: false });

/** The node types of v1, keyed by `node_type`. Frozen. */
export const NODE_TYPES: Readonly<Record<string, NodeTypeDefinition>> = Object.freeze({
  [PUMA_LIB_NODE]: {
    nodeType: PUMA_LIB_NODE,
    title: 'Puma-Lib Model',
    category: 'model',
    description: 'Selects a model from the library and emits its pinned dependency requirements.',
    inputs: [],
    outputs: [
      output('model_path', 'string'),
      output('model_id', 'string'),
      output('backend_key', 'string'),
      output('platform_context', 'json'),
      output('selected_binding_ids', 'json'),
      output('dependency_requirements', 'json'),
      output('inference_settings', 'json'),
      output('task', 'string'),
    ],
    defaultData: { model_id: '' },
  },
  [DEPENDENCY_ENVIRONMENT_NODE]: {
    nodeType: DEPENDENCY_ENVIRONMENT_NODE,
    title: 'Dependency Environment',
    category: 'environment',
    description: 'Turns dependency requirements into a ready, reusable Python environment.',
    inputs: [
      input('dependency_requirements', 'json', true),
      input('selected_binding_ids', 'json'),
      input('mode', 'string', false, ['auto', 'manual']),
    ],
    outputs: [output('environment_ref', 'json'), output('resolved_dependency_requirements', 'json'), output('status', 'json')],
    defaultData: { mode: 'auto', override_patches: [] },
  },
  [AUDIO_GENERATION_NODE]: {
    nodeType: AUDIO_GENERATION_NODE,
    title: 'Audio Generation',
    category: 'inference',
    description: 'Generates audio from a prompt with a model, in its dependency environment.',
    inputs: [
      input('model_path', 'string', true),
      input('prompt', 'string', true),
      input('duration', 'number'),
      input('steps', 'number'),
      input('guidance_scale', 'number'),
      input('seed', 'number'),
      input('inference_settings', 'json'),
      input('environment_ref', 'json', true),
    ],
    outputs: [output('audio', 'audio'), output('duration_seconds', 'number'), output('sample_rate', 'number')],
    defaultData: { prompt: '', duration: 10, steps: 100, guidance_scale: 7, seed: 42 },
  },
  [PYTORCH_INFERENCE_NODE]: {
    nodeType: PYTORCH_INFERENCE_NODE,
    title: 'PyTorch Inference',
    category: 'inference',
    description: 'Runs a PyTorch model on a prompt, in its dependency environment.',
    inputs: [
      input('model_path', 'string', true),
      input('prompt', 'string'),
      input('inference_settings', 'json'),
      input('environment_ref', 'json', true),
    ],
    outputs: [output('response', 'string')],
    defaultData: { prompt: '' },
  },
  [TEXT_GENERATION_NODE]: {
    nodeType: TEXT_GENERATION_NODE,
    title: 'Text Generation',
    category: 'inference',
    description:
      'Generates text from a prompt with a Hugging Face causal language model (PyTorch, transformers), streaming it as it is written.',
    inputs: [
      input('model_path', 'string', true),
      input('prompt', 'string', true),
      input('max_new_tokens', 'number'),
      input('temperature', 'number'),
      input('top_p', 'number'),
      input('seed', 'number'),
      input('device', 'string', false, ['auto', 'cpu', 'cuda']),
      input('inference_settings', 'json'),
      input('environment_ref', 'json', true),
    ],
    outputs: [output('text', 'string')],
    defaultData: { prompt: '', max_new_tokens: 64, temperature: 0.8, top_p: 0.95, seed: 42, device: 'auto' },
  },
  [TEXT_INPUT_NODE]: {
    nodeType: TEXT_INPUT_NODE,
    title: 'Text Input',
    category: 'input',
    description: 'A piece of text typed by the user.',
    inputs: [],
    outputs: [output('text', 'string')],
    defaultData: { text: '' },
  },
} satisfies Record<string, NodeTypeDefinition>);

/** The definition of `nodeType`, or `undefined` when it is not a v1 type. */
export function getNodeType(nodeType: string): NodeTypeDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(NODE_TYPES, nodeType) ? NODE_TYPES[nodeType] : undefined;
}

/** The named input port of `nodeType`, or `undefined`. */
export function findInputPort(nodeType: string, port: string): PortDefinition | undefined {
  return getNodeType(nodeType)?.inputs.find((p) => p.name === port);
}

/** The named output port of `nodeType`, or `undefined`. */
export function findOutputPort(nodeType: string, port: string): PortDefinition | undefined {
  return getNodeType(nodeType)?.outputs.find((p) => p.name === port);
}

const STRING_INPUT_ACCEPTS: ReadonlySet<PortDataType> = new Set(['string', 'prompt', 'number', 'boolean', 'json']);

/**
 * Whether an output of type `outputType` may feed an input of type `inputType`: `any` on either
 * side connects to everything; `prompt`↔`string`; a `string` input also accepts number, boolean
 * and json; otherwise the types must match exactly. Pure.
 */
export function arePortTypesCompatible(outputType: PortDataType, inputType: PortDataType): boolean {
  if (outputType === 'any' || inputType === 'any') return true;
  if (outputType === inputType) return true;
  if (inputType === 'string') return STRING_INPUT_ACCEPTS.has(outputType);
  return inputType === 'prompt' && outputType === 'string';
}

/**
 * True for port types whose value may be typed into `node.data` under the port name instead of
 * being connected (every type but json, audio and any).
 */
export function isScalarPortType(type: PortDataType): boolean {
  return type === 'string' || type === 'prompt' || type === 'number' || type === 'boolean';
}
