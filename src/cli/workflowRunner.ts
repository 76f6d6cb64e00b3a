/**
 * Runs a loaded workflow with the production node runners (`createNodeRunners`), reporting each
 * node as it finishes, and works out the exit status. Shared by `run`, `ensure <workflow>` and
 * `demo`.
 */
import type { EnsureOutcome } from '../core/environment/ensureReport.js';
import type { StructuredError } from '../core/errors/structuredError.js';
import { loadModelLibrary } from '../core/library/loadModelLibrary.js';
import { machineGpuFacts } from '../core/library/machineGpu.js';
import type { ModelLibrary } from '../core/library/loadModelLibrary.js';
import { createNodeRunners } from '../core/nodes/createNodeRunners.js';
import { machineOverridesByNode } from '../core/nodes/dependencyEnvironmentRequest.js';
import type { MachineOverrides } from '../core/nodes/dependencyEnvironmentRequest.js';
import { executeWorkflow } from '../core/workflow/executor.js';
import type { ExecutionResult } from '../core/workflow/executorTypes.js';
import { PantographError } from '../core/errors/structuredError.js';
import type { CliContext } from './context.js';
import { CliError, EXIT_CANCELLED, EXIT_NEEDS_INPUT, EXIT_OK, EXIT_USAGE, exitCodeForErrors } from './exitCodes.js';
import type { ExitCode } from './exitCodes.js';
import { describeNodeOutputs, describeOutcome } from './nodeSummary.js';
import { formatDuration, formatStructuredError, say } from './output.js';
import { createProgress } from './progress.js';
import type { LoadedWorkflow } from './workflowFile.js';
import { DEPENDENCY_ENVIRONMENT_NODE } from '../core/workflow/nodeTypes.js';

/** What to run. */
export interface WorkflowRunOptions {
  readonly workflow: LoadedWorkflow;
  /** Nodes whose outputs are wanted (default: the sinks). Unknown ids are a usage error. */
  readonly targets?: readonly string[];
  /**
   * Machine-local override patches (never written to the file): a table per dependency-environment
   * node id (`--override`; unknown ids are a usage error) or a callback (the demo's wheel folder).
   */
  readonly machineOverrides?: Readonly<Record<string, readonly unknown[]>> | MachineOverrides;
  /** Absolute run output folder for inference outputs. */
  readonly outputDir: string;
  /** Replaces the context's default index for this run (`null` = offline). */
  readonly defaultIndexUrl?: string | null;
  /** Replaces the context's model library folder. */
  readonly modelLibraryDir?: string;
  /** Forced mode for every dependency-environment node. */
  readonly mode?: 'auto' | 'manual';
}

/** One node as reported. */
export interface NodeReport {
  readonly status: 'finished' | 'failed' | 'skipped';
  readonly node_type: string | null;
  readonly duration_ms: number | null;
  readonly outputs?: Readonly<Record<string, unknown>>;
  readonly error?: StructuredError;
}

/** The outcome of a run. */
export interface WorkflowRunReport {
  readonly result: ExecutionResult;
  readonly nodes: Readonly<Record<string, NodeReport>>;
  /** Ensure outcome per dependency-environment node that ran. */
  readonly environments: Readonly<Record<string, EnsureOutcome>>;
  readonly exitCode: ExitCode;
}

/** Loads the model library; exit 2 when the folder cannot be read. Problems in single models are only warnings. */
export async function loadLibrary(ctx: CliContext, dir: string): Promise<ModelLibrary> {
  const library = await loadModelLibrary(dir, { hfCacheDir: ctx.hfCacheDir, gpu: machineGpuFacts });
  if (!library.ok)
    throw new CliError(EXIT_USAGE, library.errors.map((e) => e.message).join('; '), {
      errors: library.errors,
      hint: 'Pass --model-library <dir> or set PANTOGRAPH_MODEL_LIBRARY.',
    });
  for (const problem of library.value.problems) ctx.io.stderr.write(`warning: ${formatStructuredError(problem)}\n`);
  return library.value;
}

/** The exit status of a run: 0 ok, 130 cancelled, 3 when an environment needs input or is not installed (manual), else 1 or 2 by error code. */
export function runExitCode(result: ExecutionResult, environments: Readonly<Record<string, EnsureOutcome>>): ExitCode {
  if (result.cancelled) return EXIT_CANCELLED;
  const outcomes = Object.values(environments);
  const failedOutcome = outcomes.find((o) => o.state === 'failed');
  if (failedOutcome) return exitCodeForErrors(failedOutcome.errors);
  if (outcomes.some((o) => o.state === 'needs_user_input' || o.state === 'missing')) return EXIT_NEEDS_INPUT;
  if (result.ok) return EXIT_OK;
  const roots = result.failures.filter((f) => f.error.code !== 'upstream_failed').map((f) => f.error);
  return exitCodeForErrors(roots.length > 0 ? roots : result.failures.map((f) => f.error));
}

/** Runs the workflow, printing one block per node (human mode) and progress on stderr. */
export async function runLoadedWorkflow(ctx: CliContext, options: WorkflowRunOptions): Promise<WorkflowRunReport> {
  const { doc } = options.workflow;
  const known = new Set(doc.graph.nodes.map((n) => n.id));
  const unknown = (options.targets ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new CliError(EXIT_USAGE, `no node ${unknown.map((id) => JSON.stringify(id)).join(', ')} in ${options.workflow.path}`, {
      hint: `Nodes: ${[...known].join(', ')}`,
    });
  const byNode = typeof options.machineOverrides === 'function' ? {} : (options.machineOverrides ?? {});
  const unknownOverrides = Object.keys(byNode).filter(
    (id) => doc.graph.nodes.find((n) => n.id === id)?.node_type !== DEPENDENCY_ENVIRONMENT_NODE,
  );
  if (unknownOverrides.length > 0)
    throw new CliError(
      EXIT_USAGE,
      `--override names ${unknownOverrides.join(', ')}, which is not a dependency-environment node`,
      { hint: 'Use --override <environment node id>=<patch.json>.' },
    );

  const library = await loadLibrary(ctx, options.modelLibraryDir ?? ctx.modelLibraryDir);
  const { service, runner, platformKey } = ctx.services(
    options.defaultIndexUrl !== undefined ? { defaultIndexUrl: options.defaultIndexUrl } : {},
  );
  const progress = createProgress(ctx);
  const environments: Record<string, EnsureOutcome> = {};
  const nodes: Record<string, NodeReport> = {};
  const started = new Map<string, number>();
  const typeOf = (id: string): string | null => doc.graph.nodes.find((n) => n.id === id)?.node_type ?? null;
  // Printing is chained so node blocks appear in the order nodes settled, even when a summary reads a file.
  let printing: Promise<void> = Promise.resolve();
  const print = (lines: string[]): void => {
    for (const line of lines) say(ctx, line);
  };

  const runners = createNodeRunners({
    pumaLib: { library, platformKey },
    environment: {
      service,
      ...(options.machineOverrides
        ? {
            machineOverrides:
              typeof options.machineOverrides === 'function'
                ? options.machineOverrides
                : machineOverridesByNode(options.machineOverrides),
          }
        : {}),
      ...(options.mode ? { modeOverride: options.mode } : {}),
      onOutcome: (nodeId, outcome) => void (environments[nodeId] = outcome),
      onProgress: (nodeId, event) => progress.ensure(nodeId, event),
    },
    inference: { runner, outputDir: options.outputDir },
  });

  const streamed = createTextStream(ctx);
  const result = await executeWorkflow(doc, {
    runners,
    ...(options.targets && options.targets.length > 0 ? { targets: options.targets } : {}),
    signal: ctx.io.signal,
    onEvent: (event) => {
      if (event.type === 'started') started.set(event.nodeId, performance.now());
      else if (event.type === 'progress') {
        // Dependency-environment nodes report through onProgress (richer events); skip their echo.
        if (typeOf(event.nodeId) !== DEPENDENCY_ENVIRONMENT_NODE) progress.node(event.nodeId, event.message, event.percent);
      } else if (event.type === 'partial') {
        streamed.show(event.nodeId, event.outputs);
      } else {
        streamed.end(event.nodeId);
        progress.end(event.nodeId);
        const begin = started.get(event.nodeId);
        const durationMs = begin === undefined ? null : performance.now() - begin;
        const nodeType = typeOf(event.nodeId);
        if (event.type === 'finished') {
          nodes[event.nodeId] = { status: 'finished', node_type: nodeType, duration_ms: durationMs, outputs: event.outputs };
          const heading = `✓ ${event.nodeId} (${nodeType ?? '?'})${event.cached ? ' [same as an earlier node]' : durationMs === null ? '' : ` ${formatDuration(durationMs)}`}`;
          const outcome = environments[event.nodeId];
          printing = printing.then(async () => {
            const lines = await describeNodeOutputs(nodeType ?? '', event.outputs);
            print([heading, ...[...(outcome ? describeOutcome(outcome) : []), ...lines].map((l) => `    ${l}`)]);
          });
        } else {
          nodes[event.nodeId] = { status: event.type, node_type: nodeType, duration_ms: durationMs, error: event.error };
          const lines = [
            `${event.type === 'failed' ? '✗' : '-'} ${event.nodeId} (${nodeType ?? '?'}) ${event.type}: ${formatStructuredError(event.error)}`,
            ...(event.error.hint ? [`    hint: ${event.error.hint}`] : []),
          ];
          printing = printing.then(() => print(lines));
        }
      }
    },
  }).finally(() => progress.stop());
  await printing;
  return { result, nodes, environments, exitCode: runExitCode(result, environments) };
}

/**
 * Prints a node's streamed `text` output as it grows: `» <node>: ` then each new piece, a newline
 * when the node settles. On stdout in human mode, on stderr with `--json` (stdout is the JSON
 * document), nowhere with `--quiet`.
 */
function createTextStream(ctx: CliContext): {
  show(nodeId: string, outputs: Readonly<Record<string, unknown>>): void;
  end(nodeId: string): void;
} {
  const shown = new Map<string, string>();
  const out = ctx.json ? ctx.io.stderr : ctx.io.stdout;
  const write = (text: string): void => void (!ctx.quiet && out.write(text));
  return {
    show(nodeId, outputs) {
      const text = outputs.text;
      if (typeof text !== 'string') return;
      const before = shown.get(nodeId);
      if (before === undefined) write(`» ${nodeId}: `);
      const from = before !== undefined && text.startsWith(before) ? before.length : 0;
      if (before !== undefined && from === 0) write(`\n» ${nodeId}: `);
      write(text.slice(from));
      shown.set(nodeId, text);
    },
    end(nodeId) {
      if (shown.delete(nodeId)) write('\n');
    },
  };
}

/** Re-throws a non-`CliError` failure of a command body as a failed exit (kept for `PantographError`s from core). */
export function asCliError(error: unknown): unknown {
  if (error instanceof PantographError)
    return new CliError(exitCodeForErrors(error.errors), error.errors.map(formatStructuredError).join('; '), {
      errors: error.errors,
      ...(error.errors[0]?.hint ? { hint: error.errors[0].hint } : {}),
    });
  return error;
}
