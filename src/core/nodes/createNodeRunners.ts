/**
 * One place that maps every v1 node type to its runner, shared by the CLI and the extension host.
 */
import type { NodeRunner } from '../workflow/executorTypes.js';
import { createPumaLibRunner } from '../library/pumaLibRunner.js';
import type { PumaLibServices } from '../library/pumaLibRunner.js';
import { createAudioGenerationRunner, createPytorchInferenceRunner, createTextGenerationRunner } from '../inference/inferenceNodes.js';
import type { InferenceServices } from '../inference/inferenceNodes.js';
import { createDependencyEnvironmentRunner } from './dependencyEnvironmentRunner.js';
import type { DependencyEnvironmentServices } from './dependencyEnvironmentRunner.js';
import { createTextInputRunner } from './textInputRunner.js';

/** Everything the runners need. */
export interface NodeRunnerServices {
  readonly pumaLib: PumaLibServices;
  readonly environment: DependencyEnvironmentServices;
  readonly inference: InferenceServices;
}

/** node_type → runner for every v1 node type. */
export function createNodeRunners(services: NodeRunnerServices): Record<string, NodeRunner> {
  return {
    'text-input': createTextInputRunner(),
    'puma-lib': createPumaLibRunner(services.pumaLib),
    'dependency-environment': createDependencyEnvironmentRunner(services.environment),
    'audio-generation': createAudioGenerationRunner(services.inference),
    'pytorch-inference': createPytorchInferenceRunner(services.inference),
    'text-generation': createTextGenerationRunner(services.inference),
  };
}
