/**
 * Node runners for the inference node types (`audio-generation`, `text-generation`,
 * `pytorch-inference`): gate the environment ref, run the node's Python worker in that
 * environment (cold, or on a warm worker from the pool when the host provides one), map worker
 * events to node progress and streamed text to partial outputs, and return the node's outputs.
 * Failures throw a `PantographError` so the executor keeps their codes (`environment_not_ready`,
 * `worker_failed`, `worker_timeout`, `cancelled`, `model_file_missing`, `device_unavailable`, …).
 */
import { mkdir } from 'node:fs/promises';
import type { NodeRunContext, NodeRunner } from '../workflow/executorTypes.js';
import type { ProcessRunner } from '../process/processRunner.js';
import { PantographError } from '../errors/structuredError.js';
import { checkEnvironmentGate } from './environmentGate.js';
import { runWorker } from './runWorker.js';
import type { WorkerEvent } from './workerProtocol.js';
import type { WorkerPool } from './workerPool.js';
import { WORKER_SCRIPTS, workersDir } from './workerScripts.js';
import type { WorkerNodeType } from './workerScripts.js';
import { AUDIO_GENERATION_NODE, PYTORCH_INFERENCE_NODE, TEXT_GENERATION_NODE } from '../workflow/nodeTypes.js';

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
  /**
   * Warm workers (the extension): `text-generation` and `audio-generation` run on the pool's
   * long-lived worker for (environment, model). Absent (the CLI): every run starts a cold worker.
   */
  readonly workerPool?: WorkerPool;
}

type Inputs = Readonly<Record<string, unknown>>;
const settingsOf = (inputs: Inputs): Record<string, unknown> =>
  typeof inputs.inference_settings === 'object' && inputs.inference_settings !== null && !Array.isArray(inputs.inference_settings)
    ? (inputs.inference_settings as Record<string, unknown>)
    : {};

/** Node-type → the request sent to its worker, built from the node's inputs. Pure. */
const REQUESTS: Record<WorkerNodeType, (inputs: Inputs, outputDir: string) => Record<string, unknown>> = {
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
  [TEXT_GENERATION_NODE]: (inputs) => ({
    model_path: inputs.model_path,
    prompt: inputs.prompt,
    max_new_tokens: inputs.max_new_tokens,
    temperature: inputs.temperature,
    top_p: inputs.top_p,
    seed: inputs.seed,
    device: inputs.device ?? settingsOf(inputs).device ?? 'auto',
  }),
  [PYTORCH_INFERENCE_NODE]: (inputs) => ({
    model_path: inputs.model_path,
    prompt: inputs.prompt ?? '',
    inference_settings: inputs.inference_settings ?? {},
  }),
};

/** Node types whose worker can stay warm (`--serve`). */
const WARM_NODE_TYPES: ReadonlySet<WorkerNodeType> = new Set([TEXT_GENERATION_NODE, AUDIO_GENERATION_NODE]);

/**
 * Runs one inference node of `nodeType` to completion; resolves to the worker's outputs.
 * Starts no process (and creates nothing) unless `environment_ref` passes
 * {@link checkEnvironmentGate}; then creates `outputDir` and runs the worker there. `stream`
 * events grow the node's `text` output through `ctx.emitPartialOutputs({ text: soFar })`.
 */
export async function runInferenceNode(
  nodeType: WorkerNodeType,
  ctx: Pick<NodeRunContext, 'node' | 'inputs' | 'signal' | 'emitProgress'> & Partial<Pick<NodeRunContext, 'emitPartialOutputs'>>,
  services: InferenceServices,
): Promise<Record<string, unknown>> {
  const nodeId = ctx.node.id;
  const gate = checkEnvironmentGate(ctx.inputs.environment_ref, nodeId);
  if (!gate.ok) throw new PantographError(gate.errors);
  await mkdir(services.outputDir, { recursive: true });
  let soFar = '';
  const onEvent = (event: WorkerEvent): void => {
    services.onWorkerEvent?.(nodeId, event);
    if (event.event === 'progress') {
      const message = typeof event.message === 'string' ? event.message : 'working';
      ctx.emitProgress(message, typeof event.fraction === 'number' ? Math.round(event.fraction * 100) : undefined);
    } else if (event.event === 'stream' && typeof event.text === 'string') {
      soFar += event.text;
      ctx.emitPartialOutputs?.({ text: soFar });
    }
  };
  const script = `${services.workersDir ?? workersDir()}/${WORKER_SCRIPTS[nodeType]}`;
  const request = REQUESTS[nodeType](ctx.inputs, services.outputDir);
  const common = {
    signal: ctx.signal,
    nodeId,
    onEvent,
    ...(services.timeoutMs !== undefined ? { timeoutMs: services.timeoutMs } : {}),
  };
  const result =
    services.workerPool && WARM_NODE_TYPES.has(nodeType)
      ? await services.workerPool.run(
          {
            pythonExecutable: gate.value.python_executable,
            script,
            modelKey: String(ctx.inputs.model_path ?? ''),
            cwd: services.outputDir,
          },
          request,
          common,
        )
      : await runWorker({
          pythonExecutable: gate.value.python_executable,
          script,
          request,
          runner: services.runner,
          cwd: services.outputDir,
          ...common,
        });
  if (!result.ok) throw new PantographError(result.errors);
  return { ...result.value.outputs };
}

/** The `audio-generation` runner (outputs: audio, duration_seconds, sample_rate, plus seed/backend/channels). */
export function createAudioGenerationRunner(services: InferenceServices): NodeRunner {
  return (ctx) => runInferenceNode(AUDIO_GENERATION_NODE, ctx, services);
}

/** The `text-generation` runner (outputs: text, plus tokens/seed/device/worker_pid/torch_imports/timings); streams `text`. */
export function createTextGenerationRunner(services: InferenceServices): NodeRunner {
  return (ctx) => runInferenceNode(TEXT_GENERATION_NODE, ctx, services);
}

/** The `pytorch-inference` runner (outputs: response, plus output_shape/values/device/torch_version). */
export function createPytorchInferenceRunner(services: InferenceServices): NodeRunner {
  return (ctx) => runInferenceNode(PYTORCH_INFERENCE_NODE, ctx, services);
}
