/**
 * Node runners for the inference node types (`audio-generation`, `pytorch-inference`): gate the
 * environment ref, run the node's Python worker in that environment, map worker events to node
 * progress, and return the node's outputs. Failures throw a `PantographError` so the executor
 * keeps their codes (`environment_not_ready`, `worker_failed`, `worker_timeout`, `cancelled`).
 */
import { mkdir } from 'node:fs/promises';
import type { NodeRunContext, NodeRunner } from '../workflow/executorTypes.js';
import type { ProcessRunner } from '../process/processRunner.js';
import { PantographError } from '../errors/structuredError.js';
import { checkEnvironmentGate } from './environmentGate.js';
import { runWorker } from './runWorker.js';
import type { WorkerEvent } from './workerProtocol.js';
import { WORKER_SCRIPTS, workersDir } from './workerScripts.js';
import type { WorkerNodeType } from './workerScripts.js';
import { AUDIO_GENERATION_NODE, PYTORCH_INFERENCE_NODE } from '../workflow/nodeTypes.js';

/** What the inference runners need from their host. */
export interface InferenceServices {
  readonly runner: ProcessRunner;
  /** The run output folder (next to the workflow file, never inside the document). Absolute. */
  readonly outputDir: string;
  /** Per-node worker timeout; default none. */
  readonly timeoutMs?: number;
  /** Folder of the worker scripts; default the extension's `python/workers`. */
  readonly workersDir?: string;
  /** Receives every worker event (logs included), e.g. for an output channel. */
  readonly onWorkerEvent?: (nodeId: string, event: WorkerEvent) => void;
}

/** Node-type → the request sent to its worker, built from the node's inputs. Pure. */
const REQUESTS: Record<WorkerNodeType, (inputs: Readonly<Record<string, unknown>>, outputDir: string) => Record<string, unknown>> = {
  [AUDIO_GENERATION_NODE]: (inputs, outputDir) => ({
    model_path: inputs.model_path,
    prompt: inputs.prompt,
    duration: inputs.duration,
    steps: inputs.steps,
    guidance_scale: inputs.guidance_scale,
    seed: inputs.seed,
    inference_settings: inputs.inference_settings ?? {},
    output_dir: outputDir,
  }),
  [PYTORCH_INFERENCE_NODE]: (inputs) => ({
    model_path: inputs.model_path,
    prompt: inputs.prompt ?? '',
    inference_settings: inputs.inference_settings ?? {},
  }),
};

/**
 * Runs one inference node of `nodeType` to completion; resolves to the worker's outputs.
 * Starts no process (and creates nothing) unless `environment_ref` passes
 * {@link checkEnvironmentGate}; then creates `outputDir` and runs the worker there.
 */
export async function runInferenceNode(nodeType: WorkerNodeType, ctx: Pick<NodeRunContext, 'node' | 'inputs' | 'signal' | 'emitProgress'>, services: InferenceServices): Promise<Record<string, unknown>> {
  const nodeId = ctx.node.id;
  const gate = checkEnvironmentGate(ctx.inputs.environment_ref, nodeId);
  if (!gate.ok) throw new PantographError(gate.errors);
  await mkdir(services.outputDir, { recursive: true });
  const result = await runWorker({
    pythonExecutable: gate.value.python_executable,
    script: `${services.workersDir ?? workersDir()}/${WORKER_SCRIPTS[nodeType]}`,
    request: REQUESTS[nodeType](ctx.inputs, services.outputDir),
    runner: services.runner,
    signal: ctx.signal,
    nodeId,
    cwd: services.outputDir,
    ...(services.timeoutMs !== undefined ? { timeoutMs: services.timeoutMs } : {}),
    onEvent: (event) => {
      services.onWorkerEvent?.(nodeId, event);
      if (event.event === 'progress') {
        const message = typeof event.message === 'string' ? event.message : 'working';
        ctx.emitProgress(message, typeof event.fraction === 'number' ? Math.round(event.fraction * 100) : undefined);
      }
    },
  });
  if (!result.ok) throw new PantographError(result.errors);
  return { ...result.value.outputs };
}

/** The `audio-generation` runner (outputs: audio, duration_seconds, sample_rate, plus seed/backend/channels). */
export function createAudioGenerationRunner(services: InferenceServices): NodeRunner {
  return (ctx) => runInferenceNode(AUDIO_GENERATION_NODE, ctx, services);
}

/** The `pytorch-inference` runner (outputs: response, plus output_shape/values/device/torch_version). */
export function createPytorchInferenceRunner(services: InferenceServices): NodeRunner {
  return (ctx) => runInferenceNode(PYTORCH_INFERENCE_NODE, ctx, services);
}
