/**
 * One place that maps every v1 node type to its runner, shared by the CLI and the extension host.
 */
import type { NodeRunner } from '../workflow/executorTypes.js';
import { createPumaLibRunner } from '../library/pumaLibRunner.js';
import type { PumaLibServices } from '../library/pumaLibRunner.js';
import {
  createAudioGenerationRunner,
  createPytorchInferenceRunner,
  createTextGenerationRunner,
} from '../inference/inferenceNodes.js';
import type { InferenceServices } from '../inference/inferenceNodes.js';
import { createDependencyEnvironmentRunner } from './dependencyEnvironmentRunner.js';
import type { DependencyEnvironmentServices } from './dependencyEnvironmentRunner.js';
import { createTextInputRunner } from './textInputRunner.js';
import {
  AUDIO_GENERATION_NODE,
  DEPENDENCY_ENVIRONMENT_NODE,
  PUMA_LIB_NODE,
  PYTORCH_INFERENCE_NODE,
  TEXT_GENERATION_NODE,
  TEXT_INPUT_NODE,
} from '../workflow/nodeTypes.js';

/** Everything the runners need. */
export interface NodeRunnerServices {
  readonly pumaLib: PumaLibServices;
  readonly environment: DependencyEnvironmentServices;
  readonly inference: InferenceServices;
}

/** node_type → runner for every v1 node type. */
export function createNodeRunners(services: NodeRunnerServices): Record<string, NodeRunner> {
  return {
    [TEXT_INPUT_NODE]: createTextInputRunner(),
    [PUMA_LIB_NODE]: createPumaLibRunner(services.pumaLib),
    [DEPENDENCY_ENVIRONMENT_NODE]: createDependencyEnvironmentRunner(services.environment),
    [AUDIO_GENERATION_NODE]: createAudioGenerationRunner(services.inference),
    [PYTORCH_INFERENCE_NODE]: createPytorchInferenceRunner(services.inference),
    [TEXT_GENERATION_NODE]: createTextGenerationRunner(services.inference),
  };
}
