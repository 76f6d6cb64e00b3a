/**
 * Running the shipped real-model example graphs (`examples/text-generation.pantograph`,
 * `examples/text-to-audio.pantograph`) in tests with the production node runners over the shared
 * heavy environment (see `realModels.ts`), optionally with a warm worker pool, recording every
 * executor event and the pid of every process started.
 */
import { machineOverridesByNode } from '../../src/core/nodes/dependencyEnvironmentRequest.js';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createNodeRunners } from '../../src/core/nodes/createNodeRunners.js';
import type { EnsureOutcome } from '../../src/core/environment/ensureReport.js';
import type { ModelLibrary } from '../../src/core/library/loadModelLibrary.js';
import type { WorkerPool } from '../../src/core/inference/workerPool.js';
import type { ProcessRequest, ProcessResult, ProcessRunner } from '../../src/core/process/processRunner.js';
import { currentPlatformKey } from '../../src/core/requirements/platform.js';
import { executeWorkflow } from '../../src/core/workflow/executor.js';
import type { ExecutionEvent, ExecutionResult } from '../../src/core/workflow/executorTypes.js';
import { parseWorkflowText } from '../../src/core/workflow/parseWorkflow.js';
import type { WorkflowDocument } from '../../src/core/workflow/workflowSchema.js';
import { heavyMachineOverrides, repoRoot } from './realModels.js';
import type { ServiceHarness } from './serviceHarness.js';

/** A runner decorator that records the pid and arguments of every process it starts. */
export class PidRecordingRunner implements ProcessRunner {
  readonly started: { pid: number; args: readonly string[] }[] = [];
  constructor(readonly inner: ProcessRunner) {}
  run(request: ProcessRequest): Promise<ProcessResult> {
    return this.inner.run({
      ...request,
      onSpawn: (pid) => {
        this.started.push({ pid, args: [...request.args] });
        request.onSpawn?.(pid);
      },
    });
  }
  /** Pids of the processes that ran `script` (a worker file name). */
  pidsOf(script: string): number[] {
    return this.started.filter((s) => s.args.some((a) => a.endsWith(script))).map((s) => s.pid);
  }
}

/** True while a process with `pid` exists (zombies excluded on Linux). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) Z /.test(stat);
  } catch {
    return true;
  }
}

/** Loads an example workflow (`examples/<name>`). */
export async function loadExample(name: string): Promise<WorkflowDocument> {
  const parsed = parseWorkflowText(await readFile(join(repoRoot, 'examples', name), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value;
}

/** `doc` with node `id`'s data patched (a copy). */
export function withNodeData(doc: WorkflowDocument, id: string, patch: Record<string, unknown>): WorkflowDocument {
  return {
    ...doc,
    graph: { ...doc.graph, nodes: doc.graph.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n)) },
  };
}

/** What one graph run produced. */
export interface GraphRun {
  readonly result: ExecutionResult;
  readonly events: ExecutionEvent[];
  readonly outcomes: Record<string, EnsureOutcome>;
}

/** Runs `doc` with the production runners; inference processes go through `runner`. */
export async function runRealGraph(
  doc: WorkflowDocument,
  h: ServiceHarness,
  options: {
    library: ModelLibrary;
    outputDir: string;
    runner: ProcessRunner;
    workerPool?: WorkerPool;
    targets?: string[];
    signal?: AbortSignal;
    onEvent?: (event: ExecutionEvent) => void;
  },
): Promise<GraphRun> {
  const outcomes: Record<string, EnsureOutcome> = {};
  const events: ExecutionEvent[] = [];
  const runners = createNodeRunners({
    pumaLib: { library: options.library, platformKey: currentPlatformKey(process.platform, process.arch) },
    environment: {
      service: h.service,
      machineOverrides: machineOverridesByNode(heavyMachineOverrides()),
      onOutcome: (id, o) => void (outcomes[id] = o),
    },
    inference: {
      runner: options.runner,
      outputDir: options.outputDir,
      ...(options.workerPool ? { workerPool: options.workerPool } : {}),
    },
  });
  const result = await executeWorkflow(doc, {
    runners,
    ...(options.targets ? { targets: options.targets } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  return { result, events, outcomes };
}

/** The `text` values of the partial events of `nodeId`, in order. */
export function partialTexts(events: readonly ExecutionEvent[], nodeId: string): string[] {
  return events.flatMap((e) =>
    e.type === 'partial' && e.nodeId === nodeId && typeof e.outputs.text === 'string' ? [e.outputs.text] : [],
  );
}
